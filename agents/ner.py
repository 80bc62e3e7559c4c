"""Statistical named-entity recognition: a linear-chain CRF over tokens (python-crfsuite).

Pure and deterministic. The tagger splits text into tokens with character offsets, cuts
sentences, turns every token into string features and lets the CRF label the tokens in
GermEval 2014's scheme (PER, ORG, LOC, OTH and their -deriv / -part forms, IOB2). Spans come
back with character offsets into the text and a confidence: the CRF's marginal probability of
the span's labels.

Features of a token: its lower-cased form, shape, affixes, casing and position; its frequency
class in general German (wordfreq); membership in gazetteers (the entity base's aliases by type,
place names, surnames); a distributional cluster of the word, learned from unlabelled text by
scripts/train_ner.py; and the same for its neighbours. Features depend on the word alone or on
the word and its neighbours, so the word-level part is cached: that keeps the tagger fast.

The model file and its word resources (clusters, gazetteer) sit in agents/resources/ner/ and are
rebuilt by `scripts/train_ner.py`.
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import cast

import pycrfsuite

from streams.schemas import EntityType

# GermEval-like tokens: words may hold inner hyphens, dots of abbreviations and apostrophes;
# numbers keep their separators; every other symbol is a token of its own.
_TOKEN = re.compile(
    r"\d+(?:[.,:/]\d+)*"
    r"|[^\W\d_](?:[\w]|[-'’.](?=[^\W_]))*\.?(?<!\.)"
    r"|[^\W\d_][\w]*"
    r"|\S",
    re.UNICODE,
)
_ABBREVIATION_DOT = re.compile(r"^(?:[A-Za-zÄÖÜäöü]|Dr|Prof|St|Nr|bzw|z|B|ca|vgl|Mio|Mrd|Abs|Art|Jh|usw|etc|u|a|Hr|Fr)$")
_SENTENCE_END = {".", "!", "?"}

BASE_TYPES = ("PER", "ORG", "LOC", "OTH")


def tokenize(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text`."""
    spans = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        spans.append((start, end))
    return spans


def sentences(text: str, spans: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Cut token spans into sentences: after . ! ? before a capital, or at a line break."""
    out: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(spans):
        if current and "\n" in text[current[-1][1] : start]:
            out.append(current)
            current = []
        current.append((start, end))
        token = text[start:end]
        if token in _SENTENCE_END and index + 1 < len(spans):
            following = text[spans[index + 1][0] : spans[index + 1][1]]
            previous = text[spans[index - 1][0] : spans[index - 1][1]] if index else ""
            after_abbreviation = token == "." and _ABBREVIATION_DOT.match(previous)  # noqa: S105 (a word)
            if following[:1].isupper() and not after_abbreviation:
                out.append(current)
                current = []
    if current:
        out.append(current)
    return out


def shape(word: str) -> str:
    out: list[str] = []
    for char in word:
        if char.isupper():
            kind = "X"
        elif char.isalpha():
            kind = "x"
        elif char.isdigit():
            kind = "d"
        else:
            kind = char
        if len(out) < 2 or out[-1] != kind or out[-2] != kind:
            out.append(kind)
    return "".join(out)


@dataclass(frozen=True)
class WordResources:
    """Word-level knowledge the features use: clusters, gazetteer classes, frequency classes."""

    clusters: dict[str, str]
    gazetteer: dict[str, frozenset[str]]
    frequency: dict[str, float]

    @classmethod
    def load(cls, folder: Path) -> WordResources:
        return _load_word_resources(folder.resolve())

    @classmethod
    def read(cls, folder: Path) -> WordResources:
        clusters: dict[str, str] = {}
        with gzip.open(folder / "clusters.tsv.gz", "rt", encoding="utf-8") as handle:
            for line in handle:
                word, cluster = line.rstrip("\n").split("\t")
                clusters[word] = cluster
        gazetteer: dict[str, frozenset[str]] = {}
        for name in ("gazetteer.tsv.gz", "lexicon.tsv.gz"):
            with gzip.open(folder / name, "rt", encoding="utf-8") as handle:
                for line in handle:
                    word, classes = line.rstrip("\n").split("\t")
                    gazetteer[word] = gazetteer.get(word, frozenset()) | frozenset(classes.split(","))
        return cls(clusters=clusters, gazetteer=gazetteer, frequency=general_frequencies())

    def is_common_noun(self, word: str) -> bool:
        """A common noun and never a place name (Konzern, Chef; not Westfalen, Württemberg). A
        word the lexicon lacks counts by its last part, as German compounds take the gender and
        sense of it (Mediendirektor: Direktor)."""
        word = word.lower()
        classes = self.gazetteer.get(word)
        if classes is not None:
            return "noun" in classes and not any(c.endswith("topo") for c in classes)
        return any(self.gazetteer.get(word[i:]) == frozenset({"noun"}) for i in range(1, len(word) - 3))


@lru_cache(maxsize=4)
def _load_word_resources(folder: Path) -> WordResources:
    """Read once per process: the files are read-only and take seconds to parse, and every chain
    built in the process (tests, the CLI's in-process pipeline) would otherwise read them again."""
    return WordResources.read(folder)


@lru_cache(maxsize=1)
def general_frequencies() -> dict[str, float]:
    """Word frequencies of general German (wordfreq's data, shipped in its wheel)."""
    import wordfreq

    return wordfreq.get_frequency_dict("de", wordlist="best")


class Featurizer:
    """Token features as lists of strings; word-level parts cached per word form."""

    def __init__(self, words: WordResources) -> None:
        self.words = words
        self._own: dict[str, list[str]] = {}
        self._context: dict[tuple[str, int], list[str]] = {}
        self._neighbour: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {}

    def own(self, word: str) -> list[str]:
        cached = self._own.get(word)
        if cached is not None:
            return cached
        lower = word.lower()
        features = [
            "w=" + lower,
            "sh=" + shape(word),
            "s2=" + lower[-2:],
            "s3=" + lower[-3:],
            "s4=" + lower[-4:],
            "p3=" + lower[:3],
            "fq=" + self.frequency_class(lower),
        ]
        if word[:1].isupper():
            features.append("cap")
            if word.isupper() and len(word) > 1:
                features.append("allcaps")
        if any(c.isdigit() for c in word):
            features.append("digit")
        cluster = self.words.clusters.get(lower)
        if cluster is not None:
            features.extend(("c4=" + cluster[:4], "c8=" + cluster[:8], "c=" + cluster))
        classes = self.words.gazetteer.get(lower, frozenset())
        for gazetteer_class in sorted(classes):
            features.append("gz=" + gazetteer_class)
        if word[:1].isupper():
            # German capitalises every noun: a capitalised word no lexicon knows is likely a name.
            if not classes:
                features.append("cap_unknown")
            elif classes == {"noun"}:
                features.append("cap_noun_only")
        if "-" in word.strip("-"):
            parts = lower.split("-")
            features.append("h0=" + parts[0])
            features.append("h1=" + parts[-1])
            for gazetteer_class in sorted(self.words.gazetteer.get(parts[0], ())):
                features.append("h0gz=" + gazetteer_class)
            for gazetteer_class in sorted(self.words.gazetteer.get(parts[-1], ())):
                features.append("h1gz=" + gazetteer_class)
        if len(self._own) < 500_000:
            self._own[word] = features
        return features

    def context(self, word: str, offset: int) -> list[str]:
        key = (word, offset)
        cached = self._context.get(key)
        if cached is not None:
            return cached
        lower = word.lower()
        prefix = f"{offset}:"
        features = [prefix + "w=" + lower, prefix + "sh=" + shape(word)]
        if abs(offset) == 1:
            features.append(prefix + "fq=" + self.frequency_class(lower))
            features.append(prefix + "s3=" + lower[-3:])
            cluster = self.words.clusters.get(lower)
            if cluster is not None:
                features.append(prefix + "c4=" + cluster[:4])
                features.append(prefix + "c=" + cluster)
            for gazetteer_class in sorted(self.words.gazetteer.get(lower, ())):
                features.append(prefix + "gz=" + gazetteer_class)
        if len(self._context) < 1_000_000:
            self._context[key] = features
        return features

    def frequency_class(self, lower: str) -> str:
        frequency = self.words.frequency.get(lower)
        if frequency is None:
            return "none"
        return str(min(8, max(0, int(math.log10(frequency) + 9))))

    def neighbour(self, word: str) -> tuple[list[str], list[str], list[str], list[str]]:
        """The word's features as the neighbour at offsets -2, -1, +1, +2, computed once per
        word form: a sentence's features are then joins of cached lists, not per-token work."""
        cached = self._neighbour.get(word)
        if cached is None:
            cached = (self.context(word, -2), self.context(word, -1), self.context(word, 1), self.context(word, 2))
            if len(self._neighbour) < 500_000:
                self._neighbour[word] = cached
        return cached

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        out = []
        n = len(words)
        around = [self.neighbour(word) for word in words]
        for i, word in enumerate(words):
            features = self.own(word) + (around[i - 2][0] if i >= 2 else _PAD[0]) + (
                around[i - 1][1] if i >= 1 else _PAD[1]
            ) + (around[i + 1][2] if i + 1 < n else _PAD[2]) + (around[i + 2][3] if i + 2 < n else _PAD[3])
            if i == 0:
                features.append("first")
                features.append("first_" + ("noun" if "noun" in self.words.gazetteer.get(word.lower(), ()) else "other"))
            elif words[i - 1] in ('"', "„", "“", "(", ":", "«", "»"):
                features.append("after_open")
            out.append(features)
        return out


_PAD = (["-2:pad"], ["-1:pad"], ["1:pad"], ["2:pad"])


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # one of GermEval's 12 labels, e.g. PER, LOCderiv, ORGpart
    confidence: float

    @property
    def base_type(self) -> EntityType:
        return cast(EntityType, self.label[:3])


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, token after the last, label) of each IOB2 chunk; a stray I- opens one."""
    out: list[tuple[int, int, str]] = []
    start: int | None = None
    label: str | None = None
    for index, tag in enumerate([*tags, "O"]):
        opens = tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label)
        if tag == "O" or opens:
            if start is not None and label is not None:
                out.append((start, index, label))
            start, label = (index, tag[2:]) if opens else (None, None)
    return out


class NerModel:
    """A trained CRF plus the resources its features need."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or Path(str(resources.files("agents.resources").joinpath("ner")))
        self.folder = folder
        self.featurizer = Featurizer(WordResources.load(folder))
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(folder / "model.crfsuite"))

    def tag_tokens(self, words: Sequence[str]) -> list[str]:
        if not words:
            return []
        return self.tagger.tag(self.featurizer.sentence(words))

    def spans(self, text: str) -> list[Span]:
        out: list[Span] = []
        for sentence in sentences(text, tokenize(text)):
            words = [text[s:e] for s, e in sentence]
            tags = self.tag_tokens(words)
            for first, after, label in chunks(tags):
                confidence = min(self.tagger.marginal(tags[i], i) for i in range(first, after))
                out.append(Span(sentence[first][0], sentence[after - 1][1], label, round(confidence, 3)))
        return out


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return 100 * self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return 100 * self.true_positives / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def span_scores(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], base_types: bool = False
) -> dict[str, Score]:
    """conlleval-style strict chunk scores: a chunk counts only with exact span and label.

    Keys: each label, and "all". With base_types, labels are cut to PER/ORG/LOC/OTH first.
    """
    counts: dict[str, list[int]] = {}
    for gold_tags, predicted_tags in zip(gold, predicted, strict=True):
        gs = {(a, b, lab[:3] if base_types else lab) for a, b, lab in chunks(gold_tags)}
        ps = {(a, b, lab[:3] if base_types else lab) for a, b, lab in chunks(predicted_tags)}
        for chunk_set, slot in ((gs & ps, 0), (ps - gs, 1), (gs - ps, 2)):
            for _, _, label in chunk_set:
                for key in (label, "all"):
                    counts.setdefault(key, [0, 0, 0])[slot] += 1
    return {label: Score(*values) for label, values in sorted(counts.items())}


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, IOB2 tag) from a token<TAB>...<TAB>tag file, blank line between."""
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if current:
                    out.append(current)
                    current = []
                continue
            parts = line.split("\t")
            if len(parts) >= 2 and not line.startswith("#"):
                current.append((parts[0], parts[-1]))
    if current:
        out.append(current)
    return out
