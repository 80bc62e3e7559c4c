"""Sparse vectors for story clustering: an article as normalised TF-IDF vectors, a story as their
decayed sum (its centroid), compared by cosine.

Character 4-grams of an article's content words carry what it is about across inflection and
German compounding ("Gefängnis" in "Gefängnisrevolte", "mexikanischem" and "Mexiko"). A word's
frequency in general use of the article's language (wordfreq, shipped in its wheel) decides
whether it is a content word: words that common (function words, in any language wordfreq
covers) are left out, so no stopword list assumes a language. The weights are the caller's
(agents.dedup weighs words and entities by their frequency in the stream).

Comparing an article with a story's centroid, not with the story's most similar article, keeps
a story from chaining: an article must resemble what the story is about, not one of its fringes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

Vector = dict[str, float]

_WORD = re.compile(r"\w+", re.UNICODE)
UNKNOWN_WORD_IDF = 7.0  # a word wordfreq has never seen: a name or a rare compound
NUMBER_IDF = 3.0  # "16 Tote": numbers tell events apart, but years and small counts recur
COMMON_WORD_IDF = 3.2  # more frequent than 1 in ~1,600 running words: function words and the like
CHAR_GRAM = 4


@lru_cache(maxsize=16)
def language_frequencies(language: str) -> dict[str, float]:
    """wordfreq's word frequencies for a language; empty for a language it does not cover.
    German is the NER model's copy (agents.ner): one dictionary in memory, not two."""
    if language == "de":
        from agents.ner import general_frequencies

        return general_frequencies()
    import wordfreq

    try:
        return wordfreq.get_frequency_dict(language, wordlist="best")
    except (LookupError, ValueError):
        return {}


def word_idf(word: str, language: str) -> float:
    """log10 of 1/frequency in general use of the language (1 to ~9); numbers and words the
    language's list lacks get fixed weights. In a language wordfreq does not cover every word
    is unknown, so all weigh alike."""
    if word.isdigit():
        return NUMBER_IDF
    frequency = language_frequencies(language).get(word)
    return -math.log10(frequency) if frequency else UNKNOWN_WORD_IDF


def content_words(text: str, language: str) -> list[tuple[str, float]]:
    """(lower-cased word, idf) for the words of a text that say what it is about."""
    out = []
    for token in _WORD.findall(text):
        word = token.lower()
        if len(word) < 2:
            continue
        idf = word_idf(word, language)
        if idf >= COMMON_WORD_IDF:
            out.append((word, idf))
    return out


def normalised(weights: Mapping[str, float]) -> Vector:
    norm = centroid_norm(weights)
    return {k: w / norm for k, w in weights.items()} if norm else {}


def sublinear_tfidf(counts: Mapping[str, int], idf: Mapping[str, float]) -> Vector:
    """Normalised sublinear TF-IDF: (1 + ln count) * idf."""
    return normalised({k: (1.0 + math.log(n)) * idf[k] for k, n in counts.items()})


def tfidf(items: Iterable[tuple[str, float]]) -> Vector:
    """Normalised sublinear TF-IDF of (key, idf) occurrences, a key weighted by its highest idf."""
    counts: Counter[str] = Counter()
    idf: dict[str, float] = {}
    for key, weight in items:
        counts[key] += 1
        idf[key] = max(weight, idf.get(key, 0.0))
    return sublinear_tfidf(counts, idf)


@lru_cache(maxsize=200_000)
def char_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    if len(padded) <= CHAR_GRAM:
        return (padded,)
    return tuple(padded[i:i + CHAR_GRAM] for i in range(len(padded) - CHAR_GRAM + 1))


def char_vector(words: Iterable[tuple[str, float]]) -> Vector:
    """TF-IDF of the character 4-grams of (word, idf) pairs (`content_words`), each gram
    weighted by the rarest word it occurs in. Numbers are left out: they have no parts."""
    word_counts: Counter[str] = Counter()
    word_idf_: dict[str, float] = {}
    for word, idf in words:
        if not word.isdigit():
            word_counts[word] += 1
            word_idf_[word] = idf
    # Counted per distinct word, not per occurrence: the same sums, a fraction of the work.
    counts: Counter[str] = Counter()
    gram_idf: dict[str, float] = {}
    for word, n in word_counts.items():
        idf = word_idf_[word]
        for gram in char_grams(word):
            counts[gram] += n
            if idf > gram_idf.get(gram, 0.0):
                gram_idf[gram] = idf
    return sublinear_tfidf(counts, gram_idf)


def centroid_norm(centroid: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in centroid.values()))


def cosine_with_centroid(vector: Vector, centroid: Mapping[str, float], norm: float) -> float:
    """Cosine of a normalised vector and a centroid whose norm is `norm`."""
    if not norm or not vector:
        return 0.0
    if len(vector) > len(centroid):
        dot = sum(w * vector.get(k, 0.0) for k, w in centroid.items())
    else:
        dot = sum(w * centroid.get(k, 0.0) for k, w in vector.items())
    return max(0.0, min(1.0, dot / norm))


def grow_centroid(centroid: Mapping[str, float], vector: Vector, keep: float, size: int) -> dict[str, float]:
    """The centroid decayed by `keep` (0..1), plus a normalised vector, cut to its `size`
    heaviest features (ties by key, so replays agree)."""
    merged = {k: w * keep for k, w in centroid.items()}
    for k, w in vector.items():
        merged[k] = merged.get(k, 0.0) + w
    if len(merged) > size:
        merged = dict(sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:size])
    # Rounded: stories are stored as JSON, once per article that joins them.
    return {k: round(w, 4) for k, w in merged.items() if w >= 5e-5}
