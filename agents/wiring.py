"""The one loop every agent runs: decode -> stage -> encode/send, with dead letters and metrics.

This module is the dead-letter boundary and the only `except Exception` in Wirewatch. It also
holds the Faust-table implementations of the stateful stages' protocols.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import faust
from pydantic import BaseModel

from agents.base import StageError
from agents.chrome import InMemoryTemplates
from agents.dedup import DOCUMENTS, IndexedArticle, Story, expired
from agents.neardup import MappingByteStore
from streams import codec, metrics
from streams.errors import DecodeError, Skip
from streams.schemas import DeadLetter
from streams.topics import TopicSpec

log = logging.getLogger(__name__)

INGESTED_HEADER = "ww-ingested-ms"
Output = tuple[TopicSpec, faust.TopicT, str, BaseModel]
Router = Callable[[Any], Iterable[Output]]


def _failure_kind(exc: Exception) -> str:
    if isinstance(exc, DecodeError | StageError):
        return exc.kind
    return "stage_exception"


def _headers(event: faust.EventT) -> dict[str, bytes]:
    headers = dict(event.headers or {})
    if INGESTED_HEADER not in headers:
        stamp = event.message.timestamp  # seconds since the epoch, from the broker
        headers[INGESTED_HEADER] = str(int(stamp * 1000)).encode()
    return {k: (v if isinstance(v, bytes) else str(v).encode()) for k, v in headers.items()}


async def send_dead_letter(
    event: faust.EventT, stage_name: str, source: TopicSpec, exc: Exception,
    dead_letters: faust.TopicT,
) -> None:
    message = event.message
    reason = str(exc) or type(exc).__name__
    letter = DeadLetter(
        stage=stage_name,
        source_topic=message.topic,
        source_partition=message.partition,
        source_offset=message.offset,
        key=event.key if isinstance(event.key, str) else None,
        error_type=type(exc).__name__,
        reason=reason[:4096],
        failed_at=datetime.now(UTC),
        original_base64=base64.b64encode(event.value or b"").decode("ascii"),
    )
    headers = {
        "ww-stage": stage_name.encode(),
        "ww-error-type": type(exc).__name__.encode(),
        "ww-error": reason[:1024].encode("utf-8", "replace"),
    }
    fut = await dead_letters.send(key=letter.key, value=codec.encode(letter), headers=headers)
    await fut
    log.warning(
        "dead letter stage=%s %s[%s]@%s %s: %s",
        stage_name, message.topic, message.partition, message.offset, type(exc).__name__, reason,
    )


async def run_stage(
    stream: faust.StreamT,
    stage: Any,
    source: TopicSpec,
    route: Router,
    dead_letters: faust.TopicT,
    final: bool = False,
) -> None:
    name = stage.name
    duration = metrics.STAGE_DURATION.labels(name)
    async for event in stream.events():
        metrics.RECORDS_IN.labels(source.name).inc()
        started = time.perf_counter()
        try:
            result = stage(codec.decode(event.value, stage.input_model))
        except Skip as skip:
            metrics.STAGE_SKIPS.labels(name, skip.reason).inc()
            continue
        except Exception as exc:  # the dead-letter boundary: bad input never stops the worker
            metrics.STAGE_FAILURES.labels(name, _failure_kind(exc)).inc()
            await send_dead_letter(event, name, source, exc, dead_letters)
            continue
        finally:
            duration.observe(time.perf_counter() - started)
        headers = _headers(event)
        # Wait for each send: the input offset is committed only after its outputs are stored.
        for spec, topic, key, model in route(result):
            fut = await topic.send(key=key, value=codec.encode(model), headers=headers)
            await fut
            metrics.RECORDS_OUT.labels(spec.name).inc()
        if final:
            ingested_ms = int(headers[INGESTED_HEADER])
            metrics.END_TO_END_LATENCY.observe(max(0.0, time.time() - ingested_ms / 1000))


_SWEPT_KEY = "\x00swept-day"  # in the hashes table: the last stream day swept


class TableStoryIndex:
    """StoryIndex over Faust tables (changelog-backed; rebuilt from the changelog on restart)."""

    def __init__(
        self, articles: faust.Table, hashes: faust.Table, stories: faust.Table, near: faust.Table,
        passages: faust.Table, frequencies: faust.Table,
    ) -> None:
        self._articles = articles
        self._hashes = hashes
        self._stories = stories
        self._near = MappingByteStore(near)
        self._passages = MappingByteStore(passages)
        self._frequencies = frequencies

    def article(self, article_id: str) -> IndexedArticle | None:
        value = self._articles.get(article_id)
        return IndexedArticle.model_validate(value) if value else None

    def article_with_hash(self, content_hash: str) -> str | None:
        value = self._hashes.get(content_hash)
        return str(value) if value else None

    def near_duplicate_store(self) -> MappingByteStore:
        return self._near

    def passage_store(self) -> MappingByteStore:
        return self._passages

    def stories(self) -> Iterable[Story]:
        return (Story.model_validate(v) for v in self._stories.values())

    def story(self, story_id: str) -> Story | None:
        value = self._stories.get(story_id)
        return Story.model_validate(value) if value else None

    def put(self, article: IndexedArticle, story: Story) -> None:
        self._articles[article.id] = article.model_dump(mode="json")
        if self._hashes.get(article.content_hash) is None:
            self._hashes[article.content_hash] = article.id
        self._stories[story.story_id] = story.model_dump(mode="json")
        metrics.STATE_ENTRIES.labels("dedup", "articles").set(len(self._articles))
        metrics.STATE_ENTRIES.labels("dedup", "stories").set(len(self._stories))

    def add_document(self, keys: list[str]) -> dict[str, int]:
        """Count one more document carrying `keys`; answer their frequencies and the total."""
        out = {}
        for key in set(keys) | {DOCUMENTS}:
            self._frequencies[key] = out[key] = int(self._frequencies.get(key) or 0) + 1
        return out

    def sweep(self, today: int, window_days: int) -> int:
        """Forget articles and stories not seen within the window (once per stream day)."""
        swept = self._hashes.get(_SWEPT_KEY)
        if swept is not None and today <= int(swept):
            return 0
        self._hashes[_SWEPT_KEY] = today
        removed = 0
        for key, value in list(self._articles.items()):
            if expired(value.get("day"), today, window_days):
                del self._articles[key]
                if self._hashes.get(value["content_hash"]) == key:
                    del self._hashes[value["content_hash"]]
                removed += 1
        for key, value in self._articles.items():  # a surviving copy keeps exact matching alive
            if self._hashes.get(value["content_hash"]) is None:
                self._hashes[value["content_hash"]] = key
        for key, value in list(self._stories.items()):
            if expired(value.get("last_day"), today, window_days):
                del self._stories[key]
                removed += 1
        metrics.STATE_ENTRIES.labels("dedup", "articles").set(len(self._articles))
        metrics.STATE_ENTRIES.labels("dedup", "stories").set(len(self._stories))
        return removed


class TableAlertLedger:
    def __init__(self, table: faust.Table) -> None:
        self._table = table

    def seen(self, key: str) -> bool:
        return bool(self._table.get(key))

    def mark(self, key: str) -> None:
        self._table[key] = True
        metrics.STATE_ENTRIES.labels("alert", "ledger").set(len(self._table))


class TableTemplates(InMemoryTemplates):
    """The outlet-template memory kept in a changelog-backed Faust table, with its size exported."""

    def __init__(self, table: faust.Table) -> None:
        super().__init__(table)
        self._table = table

    def record(self, outlet: str, article_id: str, keys: Iterable[str]) -> None:
        super().record(outlet, article_id, keys)
        metrics.STATE_ENTRIES.labels("clean", "templates").set(len(self._table))
