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
from agents.dedup import IndexedArticle, MappingStoryIndex, Story
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


class TableStoryIndex(MappingStoryIndex):
    """The dedup state in changelog-backed Faust tables (rebuilt from the changelog on restart)."""

    def __init__(
        self, articles: faust.Table, hashes: faust.Table, stories: faust.Table, near: faust.Table,
        passages: faust.Table, frequencies: faust.Table,
    ) -> None:
        super().__init__(articles, hashes, stories, frequencies, MappingByteStore(near), MappingByteStore(passages))

    def put(self, article: IndexedArticle, story: Story) -> None:
        super().put(article, story)
        self._count()

    def sweep(self, today: int, window_days: int) -> int:
        removed = super().sweep(today, window_days)
        if removed:
            self._count()
        return removed

    def _count(self) -> None:
        metrics.STATE_ENTRIES.labels("dedup", "articles").set(len(self._articles))
        metrics.STATE_ENTRIES.labels("dedup", "stories").set(len(self._stories))


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
