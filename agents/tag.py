"""Tag stage: find mentions of known entities and link every variant to one canonical id.

Mentions come from an Aho-Corasick automaton over the entity base's aliases, matched on a
case- and diacritic-folded copy of the text that keeps character offsets 1:1. On top of exact
aliases the linker accepts: case variants of aliases longer than three characters when the
mention is capitalised (Nato, NAto); a German genitive -s (Lawrows, Russlands); and typos of a
person's surname (Berbock) when the person's given name stands before it, after which the typo
links wherever it recurs in the same document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import ClassVar, Literal

import ahocorasick
import yaml
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz.distance import DamerauLevenshtein

from agents.base import StageConfigError
from streams.schemas import CleanArticle, Entity, EntityType, TaggedArticle


class BaseEntity(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^(Q\d+|ww:[a-z0-9-]+)$")
    type: EntityType
    name: str = Field(min_length=1)
    aliases: list[str] = Field(min_length=1)
    exact: list[str] = Field(default_factory=list, description="aliases matched in their own case only")
    short: list[str] = Field(
        default_factory=list,
        description="short names (a family name) linked only in a text that names the entity in full",
    )


class EntityBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1]
    entities: list[BaseEntity]

    @classmethod
    def load(cls, path: Path | None = None) -> EntityBase:
        """One YAML file, or the bundled base: every agents/resources/entities_*.yaml."""
        if path is None:
            folder = resources.files("agents.resources")
            names = sorted(f.name for f in folder.iterdir() if f.name.startswith("entities_") and f.name.endswith(".yaml"))
            texts = [folder.joinpath(name).read_text("utf-8") for name in names]
        else:
            texts = [path.read_text("utf-8")]
        entities = [e for text in texts for e in cls.model_validate(yaml.safe_load(text)).entities]
        base = cls(version=1, entities=entities)
        ids = [e.id for e in base.entities]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise StageConfigError(f"entity base: ids must be unique, repeated: {sorted(duplicates)}")
        return base


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:e|er|es)$")


def derived_forms(aliases: list[str], entity_type: str) -> list[str]:
    """The aliases, plus spellings the press uses that the base need not list.

    Umlauts written out (Tuerkei, Grossbritannien), and for names of organisations that open
    with adjectives, the weak declension of those adjectives (der Europäischen Union, des
    Internationalen Währungsfonds).
    """
    out = list(dict.fromkeys(aliases))
    for alias in list(out):
        written_out = alias.translate(_UMLAUTS)
        if written_out != alias:
            out.append(written_out)
        words = alias.split(" ")
        if entity_type == "ORG" and len(words) >= 2 and _ADJECTIVE.match(words[0]):
            declined = []
            for word in words:
                if _ADJECTIVE.match(word) and word != words[-1]:
                    word = re.sub(r"(?:e|er|es)$", "en", word)
                declined.append(word)
            out.append(" ".join(declined))
    return list(dict.fromkeys(out))


def fold(text: str) -> str:
    """Lower-case, diacritics removed, one character per input character (offsets survive)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        lowered = base.lower()
        out.append(lowered if len(lowered) == 1 else base)
    return "".join(out)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    entity: BaseEntity
    method: str
    confidence: float


class TagConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    entity_base: Path | None = Field(default=None, description="YAML file; default: bundled base")
    min_case_insensitive_length: int = Field(
        default=4, ge=1, description="shorter aliases (US, UN, EU) must match their exact case"
    )
    max_typo_distance: int = Field(default=2, ge=0, le=3)
    min_typo_length: int = Field(default=5, ge=3)


class EntityTagger:
    name: ClassVar[str] = "tag"
    input_model = CleanArticle
    output_model = TaggedArticle

    def __init__(self, config: TagConfig) -> None:
        self.config = config
        self.base = EntityBase.load(config.entity_base)
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, BaseEntity]]] = {}
        # given name (folded) -> [(surname folded, entity)] for typo matching
        self._given_names: dict[str, list[tuple[str, BaseEntity]]] = {}
        for entity in self.base.entities:
            for alias in derived_forms([entity.name, *entity.aliases], entity.type):
                entries.setdefault(fold(alias), []).append((alias, entity))
                if entity.type == "PER" and " " in alias:
                    given, surname = alias.split(" ", 1)
                    self._given_names.setdefault(fold(given), []).append((fold(surname), entity))
            for alias in derived_forms(entity.short, entity.type):
                entries.setdefault(fold(alias), []).append((alias, entity))
        for key, value in entries.items():
            self._automaton.add_word(key, value)
        self._automaton.make_automaton()

    def __call__(self, article: CleanArticle) -> TaggedArticle:
        entities = self.tag_text(article.text)
        return TaggedArticle(**article.model_dump(), entities=entities)

    def tag_text(self, text: str) -> list[Entity]:
        folded = fold(text)
        candidates = self._alias_candidates(text, folded)
        # A short name links only where the same text names the entity in full.
        named = {c.entity.id for c in candidates if c.method != "short_name"}
        candidates = [c for c in candidates if c.method != "short_name" or c.entity.id in named]
        chosen = _longest_non_overlapping(candidates)
        chosen += self._typo_candidates(text, folded, chosen)
        chosen.sort(key=lambda c: c.start)
        return [
            Entity(
                text=text[c.start : c.end], start=c.start, end=c.end, type=c.entity.type,
                entity_id=c.entity.id, name=c.entity.name, confidence=c.confidence,
                method=c.method,
            )
            for c in chosen
        ]

    def _alias_candidates(self, text: str, folded: str) -> list[Candidate]:
        out: list[Candidate] = []
        for end_index, matches in self._automaton.iter(folded):
            alias_end = end_index + 1
            for alias, entity in matches:
                start = alias_end - len(alias)
                if start > 0 and _is_word_char(text[start - 1]):
                    continue
                end = _extend_genitive(text, alias_end, alias)
                if end < len(text) and _is_word_char(text[end]):
                    continue  # a longer word that merely starts with the alias: Genfersee
                surface = text[start:alias_end]
                if alias in entity.short or alias.translate(_UMLAUTS) in entity.short:
                    if surface[:1].isupper() and fold(surface) == fold(alias):
                        out.append(Candidate(start, end, entity, "short_name", 0.85))
                elif surface == alias:
                    out.append(Candidate(start, end, entity, "alias", 0.99))
                elif (
                    len(alias) >= self.config.min_case_insensitive_length
                    and surface[:1].isupper()
                    and alias not in entity.exact
                ):
                    out.append(Candidate(start, end, entity, "alias_ci", 0.9))
        return out

    def _typo_candidates(self, text: str, folded: str, chosen: list[Candidate]) -> list[Candidate]:
        """'Annalena Berbock' -> Baerbock; then every other 'Berbock' in the document too."""
        covered = [(c.start, c.end) for c in chosen]

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e in covered)

        tokens = _capitalised_tokens(text)
        learned: dict[str, BaseEntity] = {}
        found: list[Candidate] = []
        for (g_start, g_end), (s_start, s_end) in zip(tokens, tokens[1:], strict=False):
            if text[g_end:s_start] != " " or not free(g_start, s_end):
                continue
            surname = folded[s_start:s_end]
            if len(surname) < self.config.min_typo_length:
                continue
            for known_surname, entity in self._given_names.get(folded[g_start:g_end], []):
                distance = DamerauLevenshtein.distance(surname, known_surname)
                if 0 < distance <= self.config.max_typo_distance and surname[0] == known_surname[0]:
                    found.append(Candidate(g_start, s_end, entity, "fuzzy", 0.8))
                    covered.append((g_start, s_end))
                    learned[text[s_start:s_end]] = entity
                    break
        for start, end in tokens:
            entity = learned.get(text[start:end])
            if entity is not None and free(start, end):
                found.append(Candidate(start, end, entity, "document_variant", 0.75))
                covered.append((start, end))
        return found


def _extend_genitive(text: str, end: int, alias: str) -> int:
    """Include a German genitive s (Lawrows, Russlands) in the mention."""
    if alias[-1:].lower() in "sxzß" or not alias[-1:].isalpha():
        return end
    if end < len(text) and text[end] == "s" and (end + 1 == len(text) or not _is_word_char(text[end + 1])):
        return end + 1
    return end


def _capitalised_tokens(text: str) -> list[tuple[int, int]]:
    spans = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isalpha() and (i == 0 or not _is_word_char(text[i - 1])):
            j = i
            while j < n and (_is_word_char(text[j]) or (text[j] == "-" and j + 1 < n and text[j + 1].isalpha())):
                j += 1
            if text[i].isupper():
                spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def _longest_non_overlapping(candidates: list[Candidate]) -> list[Candidate]:
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start), -c.confidence))
    chosen: list[Candidate] = []
    last_end = -1
    for cand in ordered:
        if cand.start >= last_end:
            chosen.append(cand)
            last_end = cand.end
        elif chosen and cand.start == chosen[-1].start and cand.end > chosen[-1].end:
            chosen[-1] = cand
            last_end = cand.end
    return chosen
