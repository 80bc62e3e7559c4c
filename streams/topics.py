"""The topic catalogue, in pipeline order. Read this file top to bottom: it is the data flow.

raw -> [ingest: clean, tag] -> tagged -> [analyse: dedup, alert] -> enriched + stories + alerts
alert-rules (compacted, written by `wirewatch rules apply`) -> [alert] rules in force
every stage -> dead letters; each processor's state -> its changelog (one record per article)

Names carry the deployment prefix from settings (`wirewatch.articles.raw.v1`). A processor's
changelog has as many partitions as the topic it consumes (record of input partition p goes to
changelog partition p).

Size limits, shared by the worker, the CLI and the topics' `max.message.bytes`:
MAX_RECORD_BYTES for a raw article (`wirewatch produce` refuses larger ones; the worker sends a
larger one to the dead-letter topic), MAX_MESSAGE_BYTES for any record Wirewatch writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel

from streams.schemas import (
    Alert,
    DeadLetter,
    EnrichedArticle,
    RawArticle,
    RuleRecord,
    StorySummary,
    TaggedArticle,
)

MAX_RECORD_BYTES = 2 * 1024 * 1024  # a raw article: text and HTML of the largest real pages fit
MAX_MESSAGE_BYTES = 8 * 1024 * 1024  # any topic: an enriched article adds entities and removed spans
MAX_DEAD_LETTER_ORIGINAL_BYTES = 4 * 1024 * 1024  # base64 makes it 5.4 MiB: within MAX_MESSAGE_BYTES


@dataclass(frozen=True)
class TopicSpec:
    name: str  # without the deployment prefix
    schema: type[BaseModel] | None  # None: binary records (state changelogs)
    key: str  # what the message key is
    partitions: int
    retention: timedelta | None = timedelta(days=7)  # None: keep forever
    cleanup_policy: Literal["delete", "compact"] = "delete"
    doc: str = ""

    def kafka_config(self) -> dict[str, str]:
        config = {"cleanup.policy": self.cleanup_policy, "max.message.bytes": str(MAX_MESSAGE_BYTES)}
        retention_ms = -1 if self.retention is None else int(self.retention.total_seconds() * 1000)
        config["retention.ms"] = str(retention_ms)
        return config


RAW = TopicSpec(
    "articles.raw.v1", RawArticle, key="article id", partitions=4,
    doc="Crawler output. Input of the clean stage.",
)
# One partition: dedup and story clustering compare each article with every earlier one, so
# they need one ordered stream and one state. How this scales past one partition: README.
TAGGED = TopicSpec(
    "articles.tagged.v1", TaggedArticle, key="article id", partitions=1,
    doc="Cleaned, entities found and linked. Input of the analyse processor (dedup, alert; one partition: global state).",
)
STORIES = TopicSpec(
    "stories.v1", StorySummary, key="story id", partitions=1, retention=None, cleanup_policy="compact",
    doc="Each story's summary, re-sent as articles join it; compacted: the latest per story.",
)
ENRICHED = TopicSpec(
    "articles.enriched.v1", EnrichedArticle, key="article id", partitions=4,
    doc="The product: one record per article, what analysts' tools consume.",
)
ALERTS = TopicSpec(
    "alerts.v1", Alert, key="alert id (rule, story, level)", partitions=1,
    retention=timedelta(days=30),
    doc="Watchlist, query and burst alerts. A re-sent alert has the same key.",
)
RULES = TopicSpec(
    "alert-rules.v1", RuleRecord, key="rule id (a null value deletes the rule)", partitions=1,
    retention=None, cleanup_policy="compact",
    doc="The alert rules in force; every worker reads all of it and follows changes while running.",
)
DEAD_LETTERS = TopicSpec(
    "deadletter.v1", DeadLetter, key="original message key", partitions=1,
    retention=timedelta(days=30),
    doc="Input a stage could not process, with the reason and the original bytes.",
)

# State changelogs: binary records of state operations, one per processed article, replayed
# on a new machine (streams.state). Dedup looks back 7 days; 8 days of log rebuild it.
INGEST_CHANGELOG = TopicSpec(
    "state.ingest.changelog.v1", None, key="none (partition = input partition)", partitions=RAW.partitions,
    retention=timedelta(days=30), doc="State of the ingest processor (outlet templates).",
)
ANALYSE_CHANGELOG = TopicSpec(
    "state.analyse.changelog.v1", None, key="none (partition = input partition)", partitions=TAGGED.partitions,
    retention=timedelta(days=8), doc="State of the analyse processor (dedup index, stories, alert state).",
)

PIPELINE: tuple[TopicSpec, ...] = (
    RAW, TAGGED, STORIES, ENRICHED, ALERTS, RULES, DEAD_LETTERS, INGEST_CHANGELOG, ANALYSE_CHANGELOG,
)

_BY_SHORT_NAME = {
    "raw": RAW, "tagged": TAGGED, "stories": STORIES,
    "enriched": ENRICHED, "alerts": ALERTS, "rules": RULES, "alert-rules": RULES, "deadletter": DEAD_LETTERS, "dead-letters": DEAD_LETTERS,
}


def lookup(name: str, prefix: str) -> TopicSpec:
    """Find a spec by short name (`enriched`), catalogue name or prefixed Kafka name."""
    if name in _BY_SHORT_NAME:
        return _BY_SHORT_NAME[name]
    for spec in PIPELINE:
        if name in (spec.name, f"{prefix}.{spec.name}"):
            return spec
    known = ", ".join(sorted(_BY_SHORT_NAME))
    raise KeyError(f"unknown topic {name!r}; expected one of {known} or a catalogue name")
