"""The topic catalogue, in pipeline order. Read this file top to bottom: it is the data flow.

raw -> [clean] -> clean -> [tag] -> tagged -> [dedup] -> clustered -> [alert] -> enriched + alerts
alert-rules (compacted, written by `wirewatch rules apply`) -> [alert] rules in force
every stage -> dead letters

Names carry the deployment prefix from settings (`wirewatch.articles.raw.v1`). A table's
changelog must have as many partitions as the topic its agent consumes; Faust derives those
from the `partitions` given here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from pydantic import BaseModel

from streams.schemas import (
    Alert,
    CleanArticle,
    ClusteredArticle,
    DeadLetter,
    EnrichedArticle,
    RawArticle,
    RuleRecord,
    StorySummary,
    TaggedArticle,
)


@dataclass(frozen=True)
class TopicSpec:
    name: str  # without the deployment prefix
    schema: type[BaseModel]
    key: str  # what the message key is
    partitions: int
    retention: timedelta | None = timedelta(days=7)  # None: keep forever
    cleanup_policy: Literal["delete", "compact"] = "delete"
    doc: str = ""

    def kafka_config(self) -> dict[str, str]:
        config = {"cleanup.policy": self.cleanup_policy}
        retention_ms = -1 if self.retention is None else int(self.retention.total_seconds() * 1000)
        config["retention.ms"] = str(retention_ms)
        return config


RAW = TopicSpec(
    "articles.raw.v1", RawArticle, key="article id", partitions=4,
    doc="Crawler output. Input of the clean stage.",
)
CLEAN = TopicSpec(
    "articles.clean.v1", CleanArticle, key="article id", partitions=4,
    doc="Boilerplate removed, text normalised, metadata extracted. Input of the tag stage.",
)
# One partition: dedup and story clustering compare each article with every earlier one, so
# they need one ordered stream and one state. How this scales past one partition: README.
TAGGED = TopicSpec(
    "articles.tagged.v1", TaggedArticle, key="article id", partitions=1,
    doc="Entities found and linked. Input of the dedup stage (one partition: global state).",
)
CLUSTERED = TopicSpec(
    "articles.clustered.v1", ClusteredArticle, key="story id", partitions=1,
    doc="Duplicates flagged, story assigned. Keyed by story so alert state is per story.",
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

PIPELINE: tuple[TopicSpec, ...] = (
    RAW, CLEAN, TAGGED, CLUSTERED, STORIES, ENRICHED, ALERTS, RULES, DEAD_LETTERS,
)

_BY_SHORT_NAME = {
    "raw": RAW, "clean": CLEAN, "tagged": TAGGED, "clustered": CLUSTERED, "stories": STORIES,
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
