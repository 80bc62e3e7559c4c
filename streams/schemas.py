"""Every message Wirewatch reads or writes, in pipeline order.

RawArticle is written by crawlers we do not control, so it ignores unknown fields; every model
Wirewatch writes forbids them and carries `schema_version`. A breaking change gets a new model and
a new topic (`.v2`); a field is never changed in place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from streams import query

EntityType = Literal["PER", "ORG", "LOC", "OTH"]
TermField = Literal["title", "body"]  # where a keyword rule matched
DatePrecision = Literal["second", "minute", "day", "month"]


class Record(BaseModel):
    """Base for every message Wirewatch writes."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class RawArticle(BaseModel):
    """A crawled article as a crawler publishes it: plain text, HTML, or both."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=False)

    schema_version: Literal[1] = 1
    id: str = Field(min_length=1, max_length=512, description="stable crawler id; the message key")
    url: str = Field(min_length=1, max_length=4096)
    source: str = Field(min_length=1, max_length=256, description="outlet or feed name")
    title: str | None = None
    text: str | None = Field(default=None, description="scraped plain text, chrome included")
    html: str | None = Field(default=None, description="the page's HTML")
    published_at: AwareDatetime | None = None
    language: str | None = Field(default=None, description="ISO 639-1 code, if the crawler knows")
    fetched_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _has_content(self) -> RawArticle:
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError(
                "field 'text' or 'html': text or html must be a non-empty string; "
                "both are missing or blank"
            )
        return self


class RemovedSpan(Record):
    """A piece of the raw text the cleaner removed, and why."""

    text: str
    rule: str = Field(description="name of the rule that removed it")


class CleanArticle(Record):
    schema_version: Literal[1] = 1
    id: str
    url: str
    source: str
    title: str | None
    kicker: str | None = Field(default=None, description="the line above the headline")
    text: str = Field(description="the clean body: paragraphs separated by a blank line")
    published_at: datetime | None
    published_precision: DatePrecision | None = None
    fetched_at: datetime | None = None
    language: str | None
    outlet: str | None = Field(default=None, description="outlet named in the page, if any")
    authors: list[str] = Field(default_factory=list, description="bylines")
    captions: list[str] = Field(default_factory=list, description="image captions (not in text)")
    agencies: list[str] = Field(default_factory=list, description="agency credits, e.g. dpa")
    removed: list[RemovedSpan] = Field(default_factory=list)
    truncated_from: int | None = Field(
        default=None, description="set when the input text was longer than the cleaner analyses: its length in characters"
    )


class Entity(Record):
    """One mention; `start`/`end` are character offsets into the article's `text`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    type: EntityType
    entity_id: str = Field(description="Wikidata QID, a ww: id from the entity base, or a NIL id")
    name: str | None = Field(description="canonical name; null for NIL entities")
    confidence: float = Field(ge=0, le=1)
    method: str = Field(
        description="how it was found and linked: alias, alias_ci (case variant), short_name (family "
        "name after the full name), derived (adjective or demonym), fuzzy (typo), document_variant "
        "(a typo seen before in the text), transliteration, inflection, part (of a compound), extended (a model "
        "mention linked through the extended base), nil (a model mention no base knows)"
    )


class TaggedArticle(CleanArticle):
    schema_version: Literal[1] = 1
    entities: list[Entity] = Field(default_factory=list)


class SharedPassage(Record):
    """A paragraph that earlier articles of other outlets carry near-verbatim: agency copy."""

    start: int = Field(ge=0, description="character offsets of the paragraph in `text`")
    end: int = Field(ge=0)
    articles: list[str] = Field(description="earlier articles of other outlets with this paragraph")
    outlets: list[str]
    similarity: float = Field(ge=0, le=1, description="share of the paragraph found in the closest of them")


class ClusteredArticle(TaggedArticle):
    schema_version: Literal[1] = 1
    content_hash: str = Field(description="hash of the normalised body")
    duplicate_of: str | None = Field(description="id of the earliest article this duplicates")
    duplicate_similarity: float | None = Field(default=None, ge=0, le=1)
    duplicate_method: Literal["exact", "near"] | None = None
    shared_passages: list[SharedPassage] = Field(default_factory=list)
    story_id: str


class StoryEntity(Record):
    entity_id: str
    name: str | None
    mentions: int


class StorySummary(Record):
    """The latest state of a story; the `stories` topic is compacted, so it keeps one per story."""

    schema_version: Literal[1] = 1
    story_id: str
    representative_article_id: str = Field(description="the story's first article that is no duplicate")
    representative_title: str | None
    article_count: int = Field(ge=1)
    duplicate_count: int = Field(ge=0, description="articles flagged as duplicates of others")
    outlets: list[str] = Field(description="the articles' outlets; an article whose page names none "
                               "counts under its source (the crawler's feed name), as in bursts")
    top_entities: list[StoryEntity]
    first_seen: datetime | None
    last_seen: datetime | None


class MatchedEntity(Record):
    entity_id: str
    name: str | None
    text: str
    start: int
    end: int


class MatchedTerm(Record):
    term: str = Field(description="the query term or pattern that matched")
    field: TermField
    text: str
    start: int = Field(description="offset in the field: the article's title or its text")
    end: int


class Alert(Record):
    schema_version: Literal[1] = 1
    alert_id: str = Field(description="stable: the same rule, story and level give the same id")
    rule_id: str
    kind: Literal["entity", "keyword", "burst"]
    severity: Literal["info", "warning", "critical"]
    level: int = Field(default=1, ge=1, description="1, then 2, 3... each time a burst escalates")
    story_id: str
    article_ids: list[str] = Field(description="the triggering articles, the firing one last")
    matched: list[MatchedEntity] = Field(description="watched entities, with offsets in the text")
    matched_terms: list[MatchedTerm] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list, description="burst: the distinct outlets in the window")
    first_seen: datetime | None = Field(description="when the story was first seen")
    fired_at: datetime | None = Field(default=None, description="stream time of the firing article")
    summary: str = Field(description="one line for a human")


# Alert rules: YAML files and the compacted alert-rules topic carry these.
Severity = Literal["info", "warning", "critical"]
RuleId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,100}$", description="letters, digits, _ . -")]


class _RuleBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: RuleId
    description: str = ""
    severity: Severity = "warning"
    enabled: bool = True


class EntityWatchRule(_RuleBase):
    """Fires when an article names a watched entity (by canonical id)."""

    kind: Literal["entity"]
    entities: list[str] = Field(min_length=1, description="canonical ids, e.g. Q7184 or Q58217")
    types: list[EntityType] = Field(default_factory=list, description="only mentions of these types")
    roles: list[Literal["title", "lead", "body"]] = Field(
        default_factory=list, description="only mentions in the title, the first paragraph or anywhere"
    )
    min_mentions: int = Field(default=1, ge=1, description="mentions in one article to fire")


class KeywordRule(_RuleBase):
    """Fires when an article matches a query (AND/OR/NOT, phrases, prefix*) and/or an RE2 pattern."""

    kind: Literal["keyword"]
    query: str | None = Field(default=None, description="see streams/query.py for the language")
    pattern: str | None = Field(default=None, description="a regular expression, RE2 syntax (linear time)")
    fields: list[Literal["title", "body"]] = Field(default=["title", "body"], min_length=1)
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes; empty: any")
    outlets: list[str] = Field(default_factory=list, description="outlet or source names; empty: any")

    @field_validator("query")
    @classmethod
    def _query_parses(cls, value: str | None) -> str | None:
        if value is not None:
            query.parse(value)  # QueryError is a ValueError: pydantic reports it on this field
        return value

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            query.compile_pattern(value)
        return value

    @model_validator(mode="after")
    def _something_to_match(self) -> KeywordRule:
        if self.query is None and self.pattern is None:
            raise ValueError("a keyword rule needs 'query' or 'pattern' (or both)")
        return self


class BurstRule(_RuleBase):
    """Fires when a story grows by at least `min_outlets` distinct outlets within a window and that
    window beats the story's baseline (EMM's rule: the current window against the mean of the
    previous `baseline_windows`). Duplicates do not count: one wire text reprinted by forty
    outlets is one report."""

    kind: Literal["burst"]
    min_outlets: int = Field(default=3, ge=2)
    window_minutes: float = Field(default=60, gt=0)
    baseline_windows: int = Field(default=6, ge=1, le=48)
    ratio: float = Field(default=2.0, ge=1.0, description="current window must exceed ratio x baseline mean")
    escalate_factor: float = Field(
        default=2.0, gt=1.0, description="alert again when the story's outlets reach this multiple"
    )
    entities: list[str] = Field(default_factory=list, description="only stories naming one of these")


AlertRule = Annotated[EntityWatchRule | KeywordRule | BurstRule, Field(discriminator="kind")]


class RuleRecord(Record):
    """A rule on the alert-rules topic (key: rule id; a null value deletes the rule)."""

    schema_version: Literal[1] = 1
    rule: AlertRule


class EnrichedArticle(ClusteredArticle):
    """What analysts' tools consume: the clustered article plus the alerts it raised."""

    schema_version: Literal[1] = 1
    alert_ids: list[str] = Field(default_factory=list)


class DeadLetter(Record):
    """Input a stage could not process: the original bytes (base64) and why."""

    schema_version: Literal[1] = 1
    stage: str
    source_topic: str
    source_partition: int | None
    source_offset: int | None
    key: str | None
    error_type: str
    reason: str
    failed_at: datetime
    original_base64: str = Field(description="the bytes as received (base64); cut when over the limit")
    original_length: int | None = Field(default=None, ge=0, description="length of the whole original, in bytes")
    original_sha256: str | None = Field(default=None, description="SHA-256 of the whole original (hex)")
    original_truncated: bool = Field(default=False, description="original_base64 holds only a prefix")
