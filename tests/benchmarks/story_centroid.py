"""The centroid story model of the experiment bench_story_centroid.py (not used by the worker).

Same-story scoring: an article against a story's centroid, on several representations at once.

After Miranda et al., "Multilingual Clustering of Streaming News" (EMNLP 2018). An article is
five sparse vectors, each L2-normalised: TF-IDF of its body words, of its title words, of word
stems, of character 4-grams (inflections and German compounds: "Gefängnis" in
"Gefängnisrevolte"), and of its linked entities by id (language-free: Lawrow and Lavrov agree).
A story keeps, per representation, the decayed sum of its articles' vectors (its centroid), cut
to its heaviest features. The similarities of an article to a centroid, with the time since the
story was last seen, are combined by weights learned from hand-labelled stories
(on the train split of tests/data/stories); the probability that the article belongs to the story decides,
against a learned threshold, whether it joins it or founds a new one.

Comparing with the centroid and not with the story's most similar article keeps a story from
chaining: an article must resemble what the story is about, not one of its fringes.

Words are weighted by their rarity in general use of the article's language (wordfreq), which
needs no state; words that common (function words, in any language wordfreq covers) are left out.
Stems by the Snowball stemmer of the article's language (PyStemmer).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from agents.storyvectors import (
    Vector,
    char_vector,
    content_words,
    cosine_with_centroid,
    normalised,
    tfidf,
)

REPRESENTATIONS = ("body", "title", "stems", "chars", "entities")
FEATURES = (*REPRESENTATIONS, "days_apart")


# Snowball stemmers by ISO 639-1 code (the languages PyStemmer ships).
_SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi",
    "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "nl": "dutch", "no": "norwegian", "nb": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "uk": "ukrainian", "yi": "yiddish",
}


class StoryModel(BaseModel):
    """Weights of the same-story model: a logistic regression over FEATURES."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: dict[str, float] = Field(description="one weight per name in FEATURES")
    bias: float
    threshold: float = Field(gt=0, lt=1, description="probability needed to join a story")
    trained_on: str = Field(default="", description="what the weights were learned from")

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights[name] * features[name] for name in FEATURES)
        return 1.0 / (1.0 + math.exp(-z))



@dataclass(frozen=True)
class ArticleVectors:
    """An article's representations, each L2-normalised (empty when it has none)."""

    body: Vector
    title: Vector
    stems: Vector
    chars: Vector
    entities: Vector

    def of(self, representation: str) -> Vector:
        vector: Vector = getattr(self, representation)
        return vector




@lru_cache(maxsize=16)
def _stemmer(language: str) -> Callable[[str], str]:
    import Stemmer

    algorithm = _SNOWBALL.get(language)
    if algorithm is None:
        return lambda word: word
    return Stemmer.Stemmer(algorithm).stemWord  # type: ignore[no-any-return]












def article_vectors(
    text: str, title: str | None, language: str | None, entity_weights: Mapping[str, float]
) -> ArticleVectors:
    """The five representations of an article. `entity_weights`: entity id -> TF-IDF weight."""
    lang = language or "de"  # German news first: an undetected language is read as German
    words = content_words(text, lang)
    stem = _stemmer(lang)
    return ArticleVectors(
        body=tfidf(words),
        title=tfidf(content_words(title or "", lang)),
        stems=tfidf((stem(w), idf) for w, idf in words if not w.isdigit()),
        chars=char_vector(words),
        entities=normalised(entity_weights),
    )








def similarity_features(
    vectors: ArticleVectors,
    centroids: Mapping[str, Mapping[str, float]],
    norms: Mapping[str, float],
    days_apart: float,
    same_language: bool,
) -> dict[str, float]:
    """The model's inputs for one article and one story. Across languages words cannot be
    compared: only entities (and time) then count, the word features are 0."""
    out = {}
    for name in REPRESENTATIONS:
        if name != "entities" and not same_language:
            out[name] = 0.0
            continue
        out[name] = cosine_with_centroid(vectors.of(name), centroids.get(name, {}), norms.get(name, 0.0))
    out["days_apart"] = days_apart
    return out
