"""Tag stage: find mentions of people, organisations, places and other names, and link every
variant to one canonical id.

Two sources of mentions, merged:
1. an Aho-Corasick automaton over the entity base's aliases, matched on a case- and
   diacritic-folded copy of the text that keeps character offsets 1:1. On top of exact aliases it
   accepts case variants of aliases longer than three characters when the mention is capitalised
   (Nato, NAto), a German genitive -s (Lawrows, Russlands), and typos of a person's surname
   (Berbock) when the person's given name stands before it, after which the typo links wherever
   it recurs in the same document;
2. the statistical NER model (agents.ner), for names the base does not know. Its spans are
   linked by transliteration (Sergey Lavrov -> Sergej Lawrow), German inflection endings (den
   Niederlanden) and, for full names of people, by edit distance guarded by phonetics; parts of compounds link by their part (Nato-Gipfel);
   a model mention the base does not know is looked up, by the same keys and with type
   agreement, in the extended base (agents/resources/entities_extended.tsv.gz: ~20,000
   Wikidata-keyed people, parties, countries and regions; scripts/build_entity_base.py),
   choosing by prior where a name fits several;
   what links to nothing stays a NIL entity with a stable id derived from its normalised name.
Automaton mentions win where the two overlap: they carry an identity.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import io
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import ClassVar, Literal, TypeVar

import ahocorasick
import cologne_phonetics
import yaml
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from agents.base import StageConfigError
from agents.ner import BASE_TYPES, NerModel, Span
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
    adjectives: list[str] = Field(
        default_factory=list, description="adjective stems (russisch); declined forms are derived"
    )
    demonyms: list[str] = Field(default_factory=list, description="Russe, Russen, Russin: linked as written")
    capital_of: str | None = Field(default=None, description="id of the country whose capital this is")
    country: str | None = Field(default=None, description="a person's country (id): context for a lone family name")


# libyaml's parser where the wheel has it: the pure-Python one spends seconds on the bundled base
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        documents = [yaml.load(text, Loader=_YAML_LOADER) for text in texts]  # noqa: S506 (a safe loader)
        entities = [e for document in documents for e in cls.model_validate(document).entities]
        base = cls(version=1, entities=entities)
        duplicates = {i for i, n in Counter(e.id for e in base.entities).items() if n > 1}
        if duplicates:
            raise StageConfigError(f"entity base: ids must be unique, repeated: {sorted(duplicates)}")
        return base


# In German compounds the head decides: "Jamaika-Koalition", "Kenia-Bündnis" are coalitions named
# after flag colours, not the countries.
_COALITION_HEAD = re.compile(r"-(?:Koalition|Bündnis)\w*", re.IGNORECASE)


def _inside_a_product_name(text: str, start: int, end: int) -> bool:
    """A country adjective or demonym, capitalised mid-sentence before another capitalised word:
    part of a name ("Russisch Brot", "Deutsche Bank", "Deutscher Wetterdienst", "Französisch
    Guayana"), not the country — German writes adjectives in lower case otherwise. The country's
    own names stay ("Französische Republik", "Russische Föderation")."""
    before = text[:start].rstrip()
    if not before or before[-1] in ".!?:\"„“»«\n-–(":
        return False
    following = re.match(r"\s+([A-ZÄÖÜ]\w*)", text[end:])
    return following is not None and following.group(1) not in ("Republik", "Föderation")


@lru_cache(maxsize=1)
def _lookalikes() -> dict[str, tuple[str, ...]]:
    """Demonyms and country names that also name things (agents/resources/lookalikes.yaml)."""
    text = resources.files("agents.resources").joinpath("lookalikes.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    return {fold(word): tuple(fold(cue) for cue in cues) for word, cues in data.items()}


_POSSESSIVE_WORD = r"(?:mein|dein|sein|ihr|unser|euer)(?:e[nmrs]?)?"
_POSSESSIVE = re.compile(rf"\b{_POSSESSIVE_WORD}\s+$", re.IGNORECASE)
# A determiner that needs a common noun: a country's name does not take one ("seinen Panama").
_NOUN_DETERMINER = re.compile(rf"\b(?:eine?[nmrs]?|{_POSSESSIVE_WORD})\s+$", re.IGNORECASE)


def _a_thing_not_the_country(text: str, start: int, end: int, entity_type: str, method: str) -> bool:
    """A country's name or demonym used of a thing: "mit dem Kanadier über den See" (a canoe),
    "einen Amerikaner vom Bäcker" (a pastry), "setzte seinen Panama auf" (a hat)."""
    if entity_type != "LOC" or method == "nil":
        return False
    surface = fold(text[start:end])
    if method != "derived" and _NOUN_DETERMINER.search(text[max(0, start - 12) : start]):
        return True
    cues = _lookalikes().get(surface)
    if not cues:
        return False
    if _POSSESSIVE.search(text[max(0, start - 12) : start]):
        return True  # "zog seinen Norweger an": one's own canoe, sweater or wrench
    begin = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [i for i in (text.find(".", end), text.find("\n", end)) if i >= 0]
    sentence = " " + fold(text[begin : min(ends) if ends else len(text)]) + " "
    return any(" " + cue in sentence for cue in cues)


def _inside_an_organisation(text: str, candidate: Candidate, organisations: list[tuple[int, int]]) -> bool:
    """A place or person inside a longer name the model calls an organisation's: "Air Berlin",
    "Real Madrid", "Bank Austria", "Universität Wien" are not the city or the country (a
    lower-case adjective is: "die deutsche Regierung"). The organisation's span then goes the
    model's way: a known organisation or a NIL one."""
    if candidate.entity.type == "ORG" or candidate.method == "derived" or not text[candidate.start].isupper():
        return False
    if text[candidate.end : candidate.end + 1] == "-" or text[candidate.start - 1 : candidate.start] == "-":
        return False  # a part of a compound names the place itself: "US-Autobauer Ford", "EU-Türkei-Gipfel"
    surface = text[candidate.start : candidate.end]
    if surface.endswith("s") and fold(surface[:-1]) in {fold(a) for a in [candidate.entity.name, *candidate.entity.aliases]}:
        return False  # a genitive before a noun is the place's: "Europas Bankenpolitik"
    return any(start <= candidate.start and candidate.end <= end and end - start > candidate.end - candidate.start
               for start, end in organisations)


def _names_a_coalition(text: str, candidate: Candidate) -> bool:
    return candidate.entity.type == "LOC" and bool(_COALITION_HEAD.match(text, candidate.end))


K = TypeVar("K")
ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:e|er|es)$")
_DECLENSIONS = ("e", "en", "er", "es", "em")


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
        if entity_type in ("ORG", "LOC") and len(words) >= 2 and _ADJECTIVE.match(words[0]):
            # Every declension of the leading adjectives: der Internationale / des Internationalen
            # / ein Internationaler Währungsfonds, das Vereinigte / Vereinigtes Königreich.
            for ending in _DECLENSIONS:
                declined = [
                    re.sub(r"(?:e|er|es)$", ending, word) if _ADJECTIVE.match(word) and k < len(words) - 1 else word
                    for k, word in enumerate(words)
                ]
                out.append(" ".join(declined))
    return list(dict.fromkeys(out))


_NARROW_SPACES = frozenset("\u00a0\u2007\u202f\u2009")


class _FoldTable(dict):
    """str.translate table filled on first sight of each character."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        if char in _NARROW_SPACES:  # "Christoph\u00a0Metzelder" is the name with a space
            self[codepoint] = " "
            return " "
        base = unicodedata.normalize("NFD", char)[0]
        lowered = base.lower()
        folded = lowered if len(lowered) == 1 else base
        self[codepoint] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, diacritics removed, one character per input character (offsets survive)."""
    return text.translate(_FOLD)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# Latin transliterations of Cyrillic and Arabic names differ by language (Sergej/Sergey/Sergei,
# Lawrow/Lavrov, Selenskyj/Zelensky): reduce them to one key. Applied to folded text.
_TRANSLITERATION = [
    ("tsch", "ch"), ("tch", "ch"), ("sch", "sh"), ("zh", "j"), ("kh", "h"), ("ch", "h"),
    ("ph", "f"), ("ck", "k"), ("iy", "i"), ("yy", "i"), ("ij", "i"), ("ej", "ei"), ("ey", "ei"),
    ("j", "i"), ("y", "i"), ("w", "v"), ("z", "s"), ("ou", "u"), ("ii", "i"),
]


def transliteration_key(text: str) -> str:
    key = fold(text)
    for old, new in _TRANSLITERATION:
        key = key.replace(old, new)
    key = re.sub(r"[^a-z0-9]+", " ", key).strip()
    key = re.sub(r"\b(?:el|ul)\b", "al", key)  # the Arabic article: al-Sisi, el-Sisi
    # A particle written apart or together is one name: Di Caprio / DiCaprio, De Gaulle / DeGaulle.
    return re.sub(r"\b(di|de|da|du|le|la|van|von|mc|mac|del|della|dos|das)\s+(?=\w)", r"\1", key)


_INFLECTION_ENDINGS = ("en", "em", "er", "es", "ns", "e", "n", "s")


def inflection_key(key: str) -> str:
    """Each word of a (transliteration) key without a German inflection ending, if the rest
    keeps four letters: Niederlanden/Niederlande, Internationalem/Internationaler."""
    out = []
    for word in key.split():
        for ending in _INFLECTION_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
        out.append(word)
    return " ".join(out)


def phonetic(key: str) -> tuple[str, ...]:
    """Cologne phonetics of each word: German spellings that sound alike get one code."""
    return tuple(code for _, code in cologne_phonetics.encode(key))


def nil_id(entity_type: str, name: str) -> str:
    """A stable local id for an entity the base does not know: same name, same id, everywhere."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name).translate(_UMLAUTS)).strip("-") or "x"
    return f"nil:{entity_type.lower()}:{slug[:80]}"


@dataclass(frozen=True)
class ExtendedEntity:
    """An entity of the extended base: linked only through model mentions."""

    id: str
    type: EntityType
    name: str
    prior: float
    context: frozenset[str]  # ids whose mention supports it: a person's country and party
    roles: tuple[str, ...]  # folded starts of the nouns of its description: politik, fussbal


EXTENDED_FILE = "entities_extended.tsv.gz"
# A name several extended entities share links to the likeliest only if its prior leads the
# next by this much (a region over a village of its name); otherwise it stays NIL.
PRIOR_MARGIN = 5.0
# Places of the extended base are regions, and a region is often named like its capital city,
# which news means more often (and which the base lacks): linked with less confidence.
REGION_CONFIDENCE = 0.7
# People this famous (Pantheon's index, top ~8,000: Obama 29, Merkel 25, Michael Schumacher 22.5,
# George Clooney) are linked by their full name alone (chosen on the real-mention dev half: 25 and
# 23 left Schumacher NIL, 19 gained nothing more);
# others need support in the text (their country, party or role named), since full names recur:
# "Thomas Müller, 54, Anwohner" is no footballer.
FAMOUS_PRIOR = 21.0
ROLE_PREFIX = 6
# A one-word person mention the model is less sure of than `min_ner_confidence` still counts when
# the word is a known person's family name and links to them ("auch um Rutte und die Folgen").
LONE_NAME_CONFIDENCE = 0.3
# An organisation's name the model is this sure of hides the places and people inside it ("Air
# Berlin"); less sure spans are often a place beside a noun ("Wirtschaftsstandort Österreich").
ORGANISATION_CONFIDENCE = 0.75


def _roles(description: str) -> tuple[str, ...]:
    """Nouns of a German one-line description (capitalised, or the second half of "Fußballspieler
    und -trainer"), cut to their first letters: "deutscher Fußballspieler und -trainer" ->
    ("fußbal", "traine")."""
    return tuple(dict.fromkeys(
        fold(word.lstrip("-"))[:ROLE_PREFIX]
        for word in re.findall(r"\b[A-ZÄÖÜ][a-zäöüß]{4,}|(?<=\s)-[a-zäöüß]{5,}", description)
    ))


@lru_cache(maxsize=1)
def _given_names() -> dict[str, tuple[str, ...]]:
    """Given name -> the others of its group (agents/resources/given_names.yaml)."""
    text = resources.files("agents.resources").joinpath("given_names.yaml").read_text("utf-8")
    groups = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    return {name: tuple(n for n in group if n != name) for group in groups for name in group}


def _given_name_variants(alias: str) -> list[str]:
    """ "Sepp Blatter" -> ["Josef Blatter", "Joseph Blatter", "Joe Blatter"]."""
    first, _, rest = alias.partition(" ")
    if not rest:
        return []
    return [f"{other} {rest}" for other in _given_names().get(first, ())]


@lru_cache(maxsize=1)
def extended_base() -> dict[tuple[str, str], ExtendedEntity]:
    """(type, key) -> the entity that name links to. The key of a person's name is its
    transliteration key (Barsani, Barzani); of a place or organisation, its folded name: looser
    keys join places that only look alike (Linz and Lijin). Read once per process (about a second)."""
    data = resources.files("agents.resources").joinpath(EXTENDED_FILE).read_bytes()
    by_key: dict[tuple[str, str], list[ExtendedEntity]] = {}
    reader = csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8")), delimiter="\t")
    for row in reader:
        entity = ExtendedEntity(
            row["qid"], row["type"], row["name"], float(row["prior"]),  # type: ignore[arg-type]
            frozenset((row["country"] + " " + row["party"]).split()), _roles(row["description"]),
        )
        key_of = transliteration_key if entity.type == "PER" else fold
        aliases = row["aliases"].split(" | ")
        if entity.type == "PER":
            aliases += [variant for alias in aliases for variant in _given_name_variants(alias)]
        for name_key in {key_of(alias) for alias in aliases}:
            if name_key:
                by_key.setdefault((entity.type, name_key), []).append(entity)
    chosen: dict[tuple[str, str], ExtendedEntity] = {}
    for key, entities in by_key.items():
        ranked = sorted({e.id: e for e in entities}.values(), key=lambda e: -e.prior)
        if len(ranked) == 1 or ranked[0].prior - ranked[1].prior >= PRIOR_MARGIN:
            chosen[key] = ranked[0]
    return chosen


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    entity: BaseEntity
    method: str
    confidence: float


@dataclass(frozen=True)
class Found:
    """A mention decided on: linked to the base, or NIL (name None)."""

    start: int
    end: int
    type: EntityType
    entity_id: str
    name: str | None
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
    ner_model: bool = Field(default=True, description="add the statistical NER model's mentions")
    ner_model_dir: Path | None = Field(default=None, description="default: the bundled model")
    min_ner_confidence: float = Field(
        default=0.5, ge=0, le=1, description="model mentions below this marginal probability are dropped"
    )
    nil_entities: bool = Field(default=True, description="keep model mentions that link to nothing, with a NIL id")
    extended_base: bool = Field(default=True, description="link model mentions through the extended base too")


class EntityTagger:
    name: ClassVar[str] = "tag"
    input_model = CleanArticle
    output_model = TaggedArticle

    def __init__(self, config: TagConfig) -> None:
        self.config = config
        self.base = EntityBase.load(config.entity_base)
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, BaseEntity]]] = {}
        self._derived: set[str] = set()  # adjectives and demonyms
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
            words = [stem + ending for stem in entity.adjectives for ending in ADJECTIVE_ENDINGS]
            for word in derived_forms([*words, *entity.demonyms], entity.type):
                entries.setdefault(fold(word), []).append((word, entity))
                self._derived.add(word)
        for key, value in entries.items():
            self._automaton.add_word(key, value)
        self._automaton.make_automaton()
        # For model mentions: full aliases by transliteration key, per entity type (acronyms and
        # short codes keep their case rule: they are the automaton's job).
        self._by_key = _unambiguous(
            ((entity.type, transliteration_key(alias)), entity)
            for entity in self.base.entities
            for alias in derived_forms([entity.name, *entity.aliases], entity.type)
            if alias not in entity.exact and len(alias) >= config.min_case_insensitive_length
        )
        # Declined names of places and organisations (den Niederlanden, Internationalem
        # Währungsfonds): every word cut to its stem.
        self._by_stem: dict[tuple[str, str], BaseEntity] = _unambiguous(
            ((entity_type, inflection_key(key)), entity)
            for (entity_type, key), entity in self._by_key.items()
            if entity_type in ("LOC", "ORG")
        )
        # Full names of people, for typos the model finds (Annalena Berbock).
        self._person_keys = sorted(k for t, k in self._by_key if t == "PER" and " " in k)
        # Family names, for a lone name the model calls a person (Erdogan, Steinmeier).
        # Every bearer of a family name (Steinmeier, Erdogan), for the text's context to choose
        # among where two share one (Guterres).
        self._short_bearers: dict[str, list[BaseEntity]] = {}
        for entity in self.base.entities:
            for alias in derived_forms(entity.short, entity.type):
                bearers = self._short_bearers.setdefault(fold(alias), [])
                if entity not in bearers:
                    bearers.append(entity)
        # The same by transliteration key, for family names spelt otherwise (Lukaschenko, Lukashenko).
        self._short_bearers_by_key: dict[str, list[BaseEntity]] = {}
        for name, bearers in self._short_bearers.items():
            by_key = self._short_bearers_by_key.setdefault(transliteration_key(name), [])
            by_key += [e for e in bearers if e not in by_key]
        # Family names and one-word names of people (Putin), for a misspelt one after an office.
        self._family_names = _unambiguous(
            [(fold(k), e) for (t, k), e in self._by_key.items() if t == "PER" and " " not in k]
            + [(name, bearers[0]) for name, bearers in self._short_bearers.items() if len(bearers) == 1]
        )
        self._family_name_keys = sorted(self._family_names)
        self.model = NerModel(config.ner_model_dir) if config.ner_model else None
        self._base_by_id = {entity.id: entity for entity in self.base.entities}
        self._base_ids = set(self._base_by_id)

    def __call__(self, article: CleanArticle) -> TaggedArticle:
        entities = self.tag_text(article.text)
        return TaggedArticle(**article.model_dump(), entities=entities)

    def tag_text(self, text: str) -> list[Entity]:
        folded = fold(text)
        candidates = self._alias_candidates(text, folded)
        # A short name links only where the same text names the entity in full, or names the
        # person's country (not Germany: German news names it everywhere) and no one else of the
        # base bears the name: "Die Lage in Syrien ... Assad".
        named = {c.entity.id for c in candidates if c.method != "short_name"}
        candidates = [
            c for c in candidates
            if c.method != "short_name" or c.entity.id in named or self._country_supports(c, named, text)
        ]
        chosen = _longest_non_overlapping(candidates)
        spans = self._model_spans(text)
        full_names = _full_names(text, spans)
        organisations = [(span.start, span.end) for span in spans
                         if span.label == "ORG" and span.confidence >= ORGANISATION_CONFIDENCE]
        chosen = [
            c for c in chosen
            if not _names_a_coalition(text, c) and not self._another_person(text, c, full_names)
            and not _inside_an_organisation(text, c, organisations)
        ]
        chosen += self._typo_candidates(text, folded, chosen)
        found = [
            self._part_of_a_name(text, c)
            or Found(c.start, c.end, c.entity.type, c.entity.id, c.entity.name, c.method, c.confidence)
            for c in chosen
        ]
        wider = [(f.start, f.end) for f, c in zip(found, chosen, strict=True) if f.end > c.end]
        found = [f for f in found if (f.start, f.end) in wider or not any(s <= f.start < e for s, e in wider)]
        if self.model is not None:
            found += self._model_mentions(text, folded, found, spans, full_names)
        found = [f for f in found if not _a_thing_not_the_country(text, f.start, f.end, f.type, f.method)]
        found.sort(key=lambda f: f.start)
        return [
            Entity(
                text=text[f.start : f.end], start=f.start, end=f.end, type=f.type,
                entity_id=f.entity_id, name=f.name, confidence=f.confidence, method=f.method,
            )
            for f in found
        ]

    def _model_spans(self, text: str) -> list[Span]:
        """The model's mentions it is sure enough of; and less sure ones of a person where the
        word is a known person's family name (kept only if they link)."""
        if self.model is None:
            return []
        return [
            span for span in self.model.spans(text)
            if span.confidence >= self.config.min_ner_confidence
            or (span.label == "PER" and span.confidence >= LONE_NAME_CONFIDENCE
                and self._a_known_family_name(text[span.start : span.end]))
        ]

    def _a_known_family_name(self, word: str) -> bool:
        folded = fold(word)
        return any(
            name in self._short_bearers or transliteration_key(name) in self._short_bearers_by_key
            for name in ((folded, folded[:-1]) if folded.endswith("s") else (folded,))
        )

    def _model_mentions(
        self, text: str, folded: str, known: list[Found], spans: list[Span], full_names: dict[str, set[str]]
    ) -> list[Found]:
        covered = [(f.start, f.end) for f in known]
        named = {f.entity_id for f in known}  # what the text names: context for lone family names
        out: list[Found] = []
        seen_nil: dict[tuple[str, str], str] = {}
        people: dict[str, Found] = {}  # family name (folded) -> an extended person named in full
        if self.config.extended_base:
            # Parties and places anywhere in the text are context for the people it names.
            by_key = extended_base()
            named |= {
                entity.id for span in spans if span.base_type in ("LOC", "ORG")
                and (entity := by_key.get((span.base_type, fold(text[span.start:span.end])))) is not None
            }
        for span in spans:
            if span.base_type == "PER" and (office := _OFFICE_WORD.match(text, span.start, span.end)):
                # The model took the office into the name ("Uno-Generalsekretär Guterres"): the name
                # is what follows, and the office stands before it.
                span = dataclasses.replace(span, start=office.end())
            if any(span.start < e and s < span.end for s, e in covered):
                continue
            found = self._link_span(text, span, named, full_names)
            if found is None and self.config.extended_base and span.label in BASE_TYPES:
                found = self._link_extended(text, folded, span, people, named)
            if span.confidence < self.config.min_ner_confidence and (found is None or found.name is None):
                continue  # a less sure mention counts only as a known person
            if found is None and self.config.nil_entities and span.label in BASE_TYPES:
                found = self._nil(text, span, seen_nil)
            if found is not None:
                out.append(found)
                covered.append((span.start, span.end))
        return out

    def _link_span(self, text: str, span: Span, named: set[str], full_names: dict[str, set[str]]) -> Found | None:
        surface = text[span.start : span.end]
        base_type = span.base_type
        if span.label.endswith("part"):
            # A compound whose part names an entity (Lawrow-Vertrauter): the automaton finds
            # parts spelt as in the base; this finds transliterated ones.
            for part in surface.split("-"):
                entity = self._by_key.get((base_type, transliteration_key(part)))
                if entity is not None and len(part) >= 4:
                    return self._found(span, entity, "part", 0.8)
            return None
        if span.label.endswith("deriv") or base_type == "OTH":
            return None
        key = transliteration_key(surface)
        if base_type == "PER" and " " not in key:
            return self._lone_family_name(text, span, surface, named, full_names)
        folded = fold(surface)
        if base_type == "PER" and (folded in self._short_bearers or folded.removesuffix("s") in self._short_bearers):
            found = self._lone_family_name(text, span, surface, named, full_names)  # of words: Van der Bellen
            if found is not None:
                return found
        candidates = [key, key[:-1]] if key.endswith("s") else [key]  # genitive
        for candidate in candidates:
            entity = self._by_key.get((base_type, candidate))
            if entity is not None:
                return self._found(span, entity, "transliteration", 0.9)
        if base_type in ("LOC", "ORG"):
            entity = self._by_stem.get((base_type, inflection_key(key)))
            return self._found(span, entity, "inflection", 0.85) if entity is not None else None
        return self._person_typo(span, key)

    def _link_extended(
        self, text: str, folded_text: str, span: Span, people: dict[str, Found], named: set[str]
    ) -> Found | None:
        """A model mention by the extended base: its whole name (or genitive), with type
        agreement; a person only if famous or the text supports them (`_supports`); a family
        name alone only after the same text named them in full."""
        by_key = extended_base()
        surface = self._compound_name(text[span.start : span.end])
        base_type = span.base_type
        if base_type != "PER" and " " not in surface and self._common_noun(surface):
            return None  # "in Richtung Westen": a direction, not the Cameroonian region the source calls so
        key = transliteration_key(surface) if base_type == "PER" else fold(surface)
        if base_type == "PER" and not re.search(r"\s", surface):  # one word, "Boutros-Ghali" included
            folded = fold(surface)
            person = people.get(folded) or (people.get(folded[:-1]) if folded.endswith("s") else None)
            if person is not None:
                return Found(span.start, span.end, "PER", person.entity_id, person.name, "short_name",
                             round(span.confidence * 0.8, 3))
            bearers = _extended_family_names().get(key, []) if _office_before(text, span.start) else []
            if len(bearers) == 1 and "politi" in bearers[0].roles:
                # "Linksfraktionschefin Wagenknecht": an office before the only politician of the name
                return Found(span.start, span.end, "PER", bearers[0].id, bearers[0].name, "short_name",
                             round(span.confidence * 0.75, 3))
            if " " not in key:
                return None
        for candidate in [key, key[:-1]] if key.endswith("s") else [key]:
            entity = by_key.get((base_type, candidate))
            if entity is None:
                continue
            if entity.id in self._base_ids:
                # A name the source gives an entity of the curated base (Weißrussland for Belarus,
                # Elfenbeinküste): the same entity, by the base's own name.
                known = self._base_by_id[entity.id]
                return Found(span.start, span.end, known.type, known.id, known.name, "extended",
                             round(span.confidence * 0.85, 3))
            if entity.type == "PER" and entity.prior < FAMOUS_PRIOR and not _supports(entity, folded_text, named) and not (
                "politi" in entity.roles and _office_before(text, span.start)
            ):
                return None  # ("Ministerpräsident Horst Seehofer": an office names a politician)
            if entity.type == "ORG" and surface.isupper() and len(surface) <= 5 and fold(entity.name) not in folded_text:
                return None  # a party's acronym, without the party's name in the text: "das BIP", "der BIG"
            factor = REGION_CONFIDENCE if entity.type == "LOC" else 0.85
            found = Found(span.start, span.end, entity.type, entity.id, entity.name, "extended",
                          round(span.confidence * factor, 3))
            if entity.type == "PER" and " " in surface:
                people.setdefault(fold(surface.rsplit(" ", 1)[1]), found)
            return found
        return None

    def _lone_family_name(
        self, text: str, span: Span, surface: str, named: set[str], full_names: dict[str, set[str]]
    ) -> Found | None:
        """A family name alone links where the text also names the person's country (or the
        person) or where an office stands before it ("Präsident Erdogan"): family names are
        shared, by footballers and by other heads of state. Without such context only a name
        that is the person's alone (`_theirs_alone`: Erdogan, Orbán, Rutte; not Johnson, Khan or
        Herzog) and that no other person of the text bears ("Peter Kurz")."""
        folded = fold(surface)
        office = _office_before(text, span.start)
        for candidate in (folded, folded[:-1]) if folded.endswith("s") else (folded,):
            # Of the people who bear the name, the one whose country (or who) the text names;
            # after an office, the only one.
            bearers = self._short_bearers.get(candidate) or self._short_bearers_by_key.get(
                transliteration_key(candidate), [])
            supported = [e for e in bearers if e.country in named or e.id in named]
            if len(supported) == 1:
                return self._found(span, supported[0], "short_name", 0.8)
            if office and len(bearers) == 1:
                return self._found(span, bearers[0], "short_name", 0.8)
            if (len(bearers) == 1 and self._theirs_alone(candidate, bearers[0])
                    and not _others_bear(full_names, candidate, bearers[0])
                    and not self._role_before(text, span.start)):
                return self._found(span, bearers[0], "short_name", 0.7)
        if office and len(folded) >= 5:
            # A misspelt family name after an office ("Kremlchef Puttin"): one edit, same initial.
            match = process.extractOne(folded, self._family_name_keys, scorer=DamerauLevenshtein.distance, score_cutoff=1)
            if match is not None and match[0][:1] == folded[:1] and len(match[0]) >= 5:
                return self._found(span, self._family_names[match[0]], "fuzzy", 0.7)
        return None

    def _person_typo(self, span: Span, key: str) -> Found | None:
        """A misspelt full name (Annalena Berbock): same number of words, each of three letters
        or more, the same initial, within the configured edit distance."""
        words = key.split()
        if len(key) < max(self.config.min_typo_length, 8) or min(map(len, words)) < 3:
            return None
        limit = self.config.max_typo_distance if len(key) >= 10 else 1
        match = process.extractOne(key, self._person_keys, scorer=DamerauLevenshtein.distance, score_cutoff=limit)
        if match is None or match[0][:1] != key[:1] or len(match[0].split()) != len(words):
            return None
        if match[0].split()[1:] == words[1:] and _another_given_name(words[0], match[0].split()[0]) and (
            self._a_given_name(words[0])
        ):
            return None  # another given name, not a typo of one: Maria Draghi is not Mario
        # Two edits only where the names also sound alike (Cologne phonetics): Berbock/Baerbock.
        if match[1] > 1 and phonetic(key) != phonetic(match[0]):
            return None
        return self._found(span, self._by_key[("PER", match[0])], "fuzzy", 0.7)

    @staticmethod
    def _found(span: Span, entity: BaseEntity, method: str, factor: float) -> Found:
        return Found(span.start, span.end, entity.type, entity.id, entity.name, method,
                     round(span.confidence * factor, 3))

    def _nil(self, text: str, span: Span, seen: dict[tuple[str, str], str]) -> Found:
        """A NIL entity; within a text, a genitive or a person's family name reuses the full name's id."""
        surface = self._compound_name(text[span.start : span.end])
        entity_type = span.base_type
        folded = fold(surface)
        entity_id = seen.get((entity_type, folded))
        if entity_id is None and folded.endswith("s"):
            entity_id = seen.get((entity_type, folded[:-1]))
        if entity_id is None and entity_type == "PER" and " " not in folded:
            entity_id = seen.get(("family", folded)) or seen.get(("family", folded.removesuffix("s")))
        if entity_id is None:
            entity_id = nil_id(entity_type, surface)
        seen[(entity_type, folded)] = entity_id
        if entity_type == "PER" and " " in folded:
            seen[("family", folded.rsplit(" ", 1)[1])] = entity_id
        return Found(span.start, span.end, entity_type, entity_id, None, "nil", span.confidence)

    def _compound_name(self, surface: str) -> str:
        """The name in a compound whose head is a common noun: Siemens-Konzern and
        Ex-Fifa-Mediendirektor are Siemens and Fifa, so that articles naming the entity either
        way share its NIL id; Baden-Württemberg and Mercedes-Benz stay whole."""
        assert self.model is not None
        parts = surface.split("-")
        if len(parts) < 2 or " " in surface or not self.model.featurizer.words.is_common_noun(parts[-1]):
            return surface
        names = [p for p in parts[:-1] if p[:1].isupper() and len(p) > 2]  # not Ex-, EU-...
        return "-".join(names) if names else surface

    def _country_supports(self, candidate: Candidate, named: set[str], text: str) -> bool:
        entity = candidate.entity
        if not entity.country or entity.country == "Q183" or entity.country not in named:
            return False
        given = _GIVEN_BEFORE.search(text[max(0, candidate.start - 40) : candidate.start])
        if given and self.model is not None and not self.model.featurizer.words.is_common_noun(given.group(1)):
            return False  # the end of a full name written otherwise ("Baschar al-Assad"): the model's
        bearers = [e for alias in entity.short for e in self._short_bearers.get(fold(alias), [])]
        return all(e.id == entity.id for e in bearers)

    def _part_of_a_name(self, text: str, candidate: Candidate) -> Found | None:
        """The entity's name as the first part of another's, which the base does not know (NIL):
        an agency's subsidiary ("dpa-AFX", "dpa-infocom"; a compound such as "dpa-Meldung" is the
        agency's), a club named after its country and city ("Austria Klagenfurt")."""
        after = text[candidate.end : candidate.end + 40]
        whole = None
        if candidate.entity.id.startswith("ww:agency-"):
            whole = re.match(r"-(?:[a-z]|[A-Z]{2,}\b)[\w-]*", after)
        elif candidate.entity.demonyms and text[candidate.start : candidate.end] in candidate.entity.aliases:
            # a country's own name (not its adjective: "im türkischen Antalya" is Turkey's city)
            following = re.match(r" ([A-ZÄÖÜ][\w-]+)", after)
            whole = following if following is not None and self._a_city(following.group(1)) else None
        if whole is None:
            return None
        end = candidate.end + whole.end()  # the other name is an organisation's: a subsidiary, a club
        return Found(candidate.start, end, "ORG", nil_id("ORG", text[candidate.start : end]), None,
                     "nil", round(candidate.confidence * 0.5, 3))

    def _lexicon(self, word: str) -> frozenset[str]:
        """The NER model's word classes for a word (noun, city, given name...); none without it."""
        if self.model is None:
            return frozenset()
        return self.model.featurizer.words.gazetteer.get(word.lower(), frozenset())

    def _a_city(self, word: str) -> bool:
        classes = self._lexicon(word)
        # a city, and not a given name (Wladimir) or a common noun as well
        return bool(classes & {"city", "town"}) and not classes & {"country", "noun", "wgiven", "xbPERF", "ebPERF"}

    def _role_before(self, text: str, start: int) -> bool:
        """A common noun right before the name that is no office: "Gastwirt Erdogan", "Nachbarin
        Duda" are other people ("Laut Erdogan" is a preposition)."""
        before = re.search(r"([A-ZÄÖÜ][\w-]*)\s+$", text[max(0, start - 40) : start])
        if before is None or self.model is None or before.group(1).lower() in _NOT_ROLES:
            return False
        return self.model.featurizer.words.is_common_noun(before.group(1))

    def _common_noun(self, word: str) -> bool:
        """The lexicon lists the word itself as a common noun and never as a place (not by its
        last part: "Niederösterreichs" ends in "reichs")."""
        classes = self._lexicon(word)
        return "noun" in classes and not any(c.endswith("topo") for c in classes)

    def _a_given_name(self, word: str) -> bool:
        return bool(self._lexicon(word) & _GIVEN_NAME_CLASSES)

    def _theirs_alone(self, family: str, person: BaseEntity) -> bool:
        """No one else of either base bears the family name, and it is no common noun, given
        name or place name the lexicon knows: then news that writes it alone means this person."""
        others = [e for e in _extended_family_names().get(transliteration_key(family), []) if e.id != person.id]
        return self._lexicon_allows_alone(family) and not others

    def _lexicon_allows_alone(self, family: str) -> bool:
        if self.model is None or len(family) < 4:
            return False
        classes = self._lexicon(family)
        return not (classes & _NOT_ONLY_A_FAMILY_NAME
                    or any(c.startswith(("xbLOC", "ebLOC", "xbORG", "ebORG")) for c in classes))

    def _another_person(self, text: str, candidate: Candidate, full_names: dict[str, set[str]]) -> bool:
        """A known family name after a given name that is not the entity's: "Ingbert Scholz" is
        not Olaf Scholz, nor is "Scholz" alone in a text that names Ingbert Scholz. Role words
        before a name ("Kanzler Scholz") are common nouns and do not count; without the NER
        model's lexicon the check is off."""
        entity = candidate.entity
        parts = entity.name.split()
        if entity.type != "PER" or len(parts) < 2 or self.model is None:
            return False
        if text[candidate.start:candidate.end].rstrip("s'’") != parts[-1]:
            return False
        if not _office_before(text, candidate.start) and _others_bear(full_names, fold(parts[-1]), entity):
            return True
        before = re.search(r"(\w[\w-]*)\s$", text[max(0, candidate.start - 40):candidate.start])
        if before is None or not before.group(1)[:1].isupper() or before.group(1) in parts:
            return False
        return not self.model.featurizer.words.is_common_noun(before.group(1))

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
                if alias in self._derived:
                    # lower-case adjectives as written, or capitalised (a sentence start, a
                    # demonym, the country's name: "Französische Republik"), but not inside another
                    # name mid-sentence: "Russisch Brot" is a biscuit, "Deutsche Bank" a bank
                    capitalised = surface[:1].isupper()
                    if (surface == alias or (surface[1:] == alias[1:] and surface[:1] == alias[:1].upper())) and not (
                        capitalised and _inside_a_product_name(text, start, end)
                    ):
                        out.append(Candidate(start, end, entity, "derived", 0.9))
                elif alias in entity.short or alias.translate(_UMLAUTS) in entity.short:
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
        for (g_start, g_end), (s_start, s_end) in itertools.pairwise(tokens):
            if text[g_end:s_start] != " " or not free(g_start, s_end):
                continue
            surname = folded[s_start:s_end]
            if len(surname) < self.config.min_typo_length:
                continue
            for known_surname, entity in self._given_names.get(folded[g_start:g_end], []):
                distance = DamerauLevenshtein.distance(surname, known_surname)
                sounds_alike = distance <= 1 or phonetic(surname) == phonetic(known_surname)
                if (0 < distance <= self.config.max_typo_distance and surname[0] == known_surname[0]
                        and sounds_alike):
                    found.append(Candidate(g_start, s_end, entity, "fuzzy", 0.8))
                    covered.append((g_start, s_end))
                    learned[text[s_start:s_end]] = entity
                    break
        for start, end in tokens:
            variant = learned.get(text[start:end])
            if variant is not None and free(start, end):
                found.append(Candidate(start, end, variant, "document_variant", 0.75))
                covered.append((start, end))
        return found


def _unambiguous(pairs: Iterable[tuple[K, BaseEntity]]) -> dict[K, BaseEntity]:
    """Key -> entity, without the keys that name two different entities."""
    out: dict[K, BaseEntity] = {}
    ambiguous: set[K] = set()
    for key, entity in pairs:
        if out.setdefault(key, entity).id != entity.id:
            ambiguous.add(key)
    for key in ambiguous:
        del out[key]
    return out


# An office right before a name: "Präsident Erdogan", "Regierungschef Orbán", "Kanzlerin Merkel",
# and the office in a compound: "Staatspräsident Erdogan", "Außenministerin Baerbock", "Kremlchef Putin".
_OFFICE_BEFORE = re.compile(
    r"(?:Präsident|Kanzler|Premier|Minister|Regierungschef|Staatschef|Kremlchef|Staatsoberhaupt|Monarch"
    r"|König|Emir|Scheich|Generalsekretär|Machthaber|Diktator)(?:in|ministerin)?\s+$"
    r"|[a-zäöüß](?:präsident|kanzler|premier|minister|chef)(?:in)?\s+$"
)


def _office_before(text: str, start: int) -> bool:
    return _OFFICE_BEFORE.search(text[max(0, start - 40) : start]) is not None


# A capitalised word, and a name particle, right before a family name: a given name, or an office.
_GIVEN_BEFORE = re.compile(r"([A-ZÄÖÜ][\w]+)\s+(?:(?:al|el|as|ad|von|van|de|der|di|da|le|la)[\s-]+)?$")
# An office word heading a person's name, in a compound too: "Uno-Generalsekretär Guterres".
_OFFICE_WORD = re.compile(
    r"[\w-]*(?:[Pp]räsident|[Kk]anzler|[Pp]remier|[Mm]inister|[Cc]hef|[Gg]eneralsekretär|[Rr]egierungschef)(?:in)?\s+(?=[A-ZÄÖÜ])"
)


_GIVEN_NAME_CLASSES = frozenset({"wgiven", "xbPERF", "ebPERF"})
# Capitalised words before a name that the noun lexicon also lists but that are not a role here.
_NOT_ROLES = frozenset(
    "laut heute gestern morgen abends nun jetzt dann auch doch aber und denn wie als nach mit für bei gegen"
    " über von vor seit während trotz wegen so da zudem allein selbst sogar nur erst dass ob weil wenn".split()
)
# Lexicon classes of a word that is more than a family name: a common noun (Modi, Herzog), a given
# name (Henry), a place (Costa, Rosario).
_NOT_ONLY_A_FAMILY_NAME = frozenset({"noun", "wgiven", "xbPERF", "ebPERF", "city", "town", "country", "wtopo"})


@lru_cache(maxsize=1)
def _extended_family_names() -> dict[str, list[ExtendedEntity]]:
    """Family name (transliteration key) -> the extended base's people who bear it."""
    out: dict[str, dict[str, ExtendedEntity]] = {}
    for (entity_type, key), entity in extended_base().items():
        if entity_type == "PER" and " " in key:
            out.setdefault(key.rsplit(" ", 1)[1], {})[entity.id] = entity
    return {name: list(people.values()) for name, people in out.items()}


def _another_given_name(written: str, known: str) -> bool:
    """Two given names that differ by their ending are two names (Maria, Mario; Paul, Paula),
    unlike spellings of one (Emanuel, Emmanuel)."""
    shorter, longer = sorted((written, known), key=len)
    if len(shorter) == len(longer):
        return shorter[:-1] == longer[:-1]
    return longer[: len(shorter)] == shorter and len(longer) - len(shorter) <= 2


def _full_names(text: str, spans: list[Span]) -> dict[str, set[str]]:
    """Family name -> given names, folded, of the people the model finds named in full."""
    out: dict[str, set[str]] = {}
    for span in spans:
        words = text[span.start : span.end].split()
        if span.base_type == "PER" and len(words) >= 2 and words[0][:1].isupper():
            out.setdefault(fold(words[-1]).removesuffix("s"), set()).add(fold(words[0]))
    return out


def _others_bear(full_names: dict[str, set[str]], family: str, person: BaseEntity) -> bool:
    """The text names someone else in full with this family name: a given name before it that
    none of the person's names starts with (Peter Kurz, not Sebastian Kurz)."""
    given = full_names.get(family.removesuffix("s"), set()) | full_names.get(family, set())
    firsts = {alias.split()[0] for alias in [person.name, *person.aliases] if " " in alias}
    own = {fold(name) for first in firsts for name in (first, *_given_names().get(first, ()))}
    return bool(given - own)


_FILM = re.compile(r"\b(?:film|kino|hauptrolle|rolle[n ]|regie|serie|oscar|hollywood|drehbuch|premiere|schauspiel)")
_MUSIC = re.compile(r"\b(?:song|album|konzert|tournee|single|band |musik|charts|lied|sanger|rapper|hit )")
_FOOTBALL = re.compile(r"\b(?:tore? |trainer|verein|bundesliga|liga|sturmer|verteidiger|mannschaft|abwehr|fussball|klub|elfmeter)")
_POLITICS_CUES = re.compile(r"\b(?:partei|minister|regierung|wahl|parlament|bundestag|landtag|fraktion|abgeordnet|koalition|kanzler)")
_TENNIS = re.compile(r"\b(?:turnier|grand slam|wimbledon|australian open|us open|french open|tennis)")
_RACING = re.compile(r"\b(?:formel 1|formel-1|grand prix|rennstall|rennfahrer)")
# The words a text about someone of this field uses, by the first letters of the field's noun in
# their description ("US-amerikanische Schauspielerin": schaus -> Film, Rolle, Kino...).
_FIELD_CUES: dict[str, re.Pattern[str]] = {
    "schaus": _FILM, "regiss": _FILM, "filmre": _FILM, "drehbu": _FILM, "filmpr": _FILM,
    "sanger": _MUSIC, "musike": _MUSIC, "rapper": _MUSIC, "kompon": _MUSIC, "songwr": _MUSIC, "pianis": _MUSIC,
    "fußbal": _FOOTBALL, "traine": _FOOTBALL, "politi": _POLITICS_CUES, "tennis": _TENNIS, "automo": _RACING,
    "rennfa": _RACING,
}


def _supports(entity: ExtendedEntity, folded_text: str, named: set[str]) -> bool:
    """The text names the person's country (Germany does not count: German news names it
    everywhere) or party, or a noun of their description (Politiker, Fußball...), or uses the
    words of their field (a film for an actress, a song for a singer)."""
    if (entity.context - {"Q183"}) & named:
        return True
    return any(role in folded_text or ((cue := _FIELD_CUES.get(role)) is not None and cue.search(folded_text))
               for role in entity.roles)


def _extend_genitive(text: str, end: int, alias: str) -> int:
    """Include a German genitive s (Lawrows, Russlands), or -es after a consonant (des
    Sicherheitsrates, des Bundestages), in the mention."""
    last = alias[-1:].lower()
    if last in "sxzß" or not last.isalpha():
        return end
    for ending in ("s", "es") if last not in "aeiouy" else ("s",):
        stop = end + len(ending)
        if text[end:stop] == ending and (stop == len(text) or not _is_word_char(text[stop])):
            return stop
    return end


_WORD_WITH_HYPHENS = re.compile(r"(?<!\w)[^\W\d_](?:\w|-(?=[^\W\d_]))*")


def _capitalised_tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD_WITH_HYPHENS.finditer(text) if m.group()[0].isupper()]


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
