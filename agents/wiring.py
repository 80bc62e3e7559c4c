"""The one loop every agent runs: decode -> stage -> encode/send, with dead letters and metrics.

This module is the dead-letter boundary and the only `except Exception` in Wirewatch. It also
holds the Faust-table implementations of the stateful stages' protocols.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import aiohttp
import faust
from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import BaseModel

from agents import webhook
from agents.alert import RuleBook
from agents.base import StageConfigError, StageError
from agents.chrome import InMemoryTemplates
from agents.dedup import IndexedArticle, MappingStoryIndex, Story
from agents.neardup import MappingByteStore
from agents.pipeline import dead_letter
from streams import codec, metrics
from streams.errors import DecodeError, Skip
from streams.schemas import Alert, RuleRecord
from streams.settings import WebhookTarget, WirewatchSettings
from streams.topics import ALERTS, RULES, TopicSpec

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
    key = event.key if isinstance(event.key, str) else None
    letter = dead_letter(stage_name, message.topic, message.partition, message.offset, key, event.value, exc)
    headers = {
        "ww-stage": stage_name.encode(),
        "ww-error-type": type(exc).__name__.encode(),
        "ww-error": letter.reason[:1024].encode("utf-8", "replace"),
    }
    fut = await dead_letters.send(key=letter.key, value=codec.encode(letter), headers=headers)
    await fut
    log.warning(
        "dead letter stage=%s %s[%s]@%s %s: %s",
        stage_name, message.topic, message.partition, message.offset, type(exc).__name__, letter.reason,
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


async def follow_rules(
    settings: WirewatchSettings, book: RuleBook, synced: asyncio.Event, dead_letters: faust.TopicT
) -> None:
    """Keep `book` equal to the compacted alert-rules topic, for as long as the worker runs.

    Every worker reads the whole topic (no consumer group: each needs every rule), from the
    beginning, then follows it; `synced` is set once it has caught up with the end offsets seen
    at start, and the alert agent waits for it, so no article is judged by a partial rule set.
    A record that is not a valid rule goes to the dead-letter topic and changes nothing."""
    topic = settings.topic_name(RULES.name)
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or {0})]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while True:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    await _apply_rule_record(book, record, dead_letters)
            if not synced.is_set():
                positions = [await consumer.position(p) for p in partitions]
                if all(position >= ends[p] for position, p in zip(positions, partitions, strict=True)):
                    synced.set()
                    log.info("alert rules in force: %d", len(book))
            metrics.ALERT_RULES.set(len(book))
    finally:
        await consumer.stop()


async def _apply_rule_record(book: RuleBook, record: Any, dead_letters: faust.TopicT) -> None:
    key = record.key.decode("utf-8", "replace") if record.key is not None else ""
    try:
        if not key:
            raise StageConfigError("alert-rules record without a key: the key must be the rule id")
        book.apply(key, None if record.value is None else codec.decode(record.value, RuleRecord).rule)
    except (StageConfigError, DecodeError) as exc:
        metrics.STAGE_FAILURES.labels("rules", "invalid_rule").inc()
        letter = dead_letter("rules", record.topic, record.partition, record.offset, key or None, record.value, exc)
        await (await dead_letters.send(key=letter.key, value=codec.encode(letter)))
        log.warning("alert rule %r refused: %s", key, exc)


async def deliver_alerts(
    stream: faust.StreamT, targets: list[WebhookTarget], dead_letters: faust.TopicT
) -> None:
    """POST each alert to the webhooks that want it, signed, retried with exponential backoff;
    an alert a webhook never accepted goes to the dead-letter topic. The alert's offset is
    committed after its deliveries are settled, so a crash re-delivers (receivers dedupe by
    the alert id, which the payload and the X-Wirewatch-Alert header carry)."""
    async with aiohttp.ClientSession() as session:
        async for event in stream.events():
            try:
                alert = codec.decode(event.value, Alert)
            except DecodeError as exc:
                metrics.STAGE_FAILURES.labels("webhook", exc.kind).inc()
                await send_dead_letter(event, "webhook", ALERTS, exc, dead_letters)
                continue
            for target in targets:
                if webhook.wants(target, alert):
                    problem = await _post(session, target, alert, event.value)
                    if problem is not None:
                        await send_dead_letter(event, "webhook", ALERTS, WebhookError(problem), dead_letters)


class WebhookError(Exception):
    """A webhook that did not accept an alert after every attempt."""


async def _post(session: aiohttp.ClientSession, target: WebhookTarget, alert: Alert, body: bytes) -> str | None:
    """None once delivered; else why the last attempt failed."""
    secret = target.secret()
    problem = "not attempted"
    for attempt, delay in enumerate([0.0, *target.delays()], start=1):
        if delay:
            metrics.WEBHOOK_DELIVERIES.labels("retried").inc()
            await asyncio.sleep(delay)
        stamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            webhook.SIGNATURE_HEADER: webhook.sign(secret, stamp, body),
            webhook.TIMESTAMP_HEADER: str(stamp),
            "X-Wirewatch-Alert": alert.alert_id,
        }
        try:
            timeout = aiohttp.ClientTimeout(total=target.timeout_seconds)
            async with session.post(target.url, data=body, headers=headers, timeout=timeout) as response:
                if 200 <= response.status < 300:
                    metrics.WEBHOOK_DELIVERIES.labels("delivered").inc()
                    return None
                problem = f"HTTP {response.status} from {target.url}"
                if 400 <= response.status < 500 and response.status not in (408, 429):
                    break  # the receiver refuses this alert: retrying will not change its mind
        except (aiohttp.ClientError, TimeoutError) as exc:
            problem = f"{type(exc).__name__} posting to {target.url}: {exc}"
        log.warning("webhook attempt %d for alert %s failed: %s", attempt, alert.alert_id, problem)
    metrics.WEBHOOK_DELIVERIES.labels("failed").inc()
    return f"{problem} (after {attempt} attempts)"


class TableTemplates(InMemoryTemplates):
    """The outlet-template memory kept in a changelog-backed Faust table, with its size exported."""

    def __init__(self, table: faust.Table) -> None:
        super().__init__(table)
        self._table = table

    def record(self, outlet: str, article_id: str, keys: Iterable[str]) -> None:
        super().record(outlet, article_id, keys)
        metrics.STATE_ENTRIES.labels("clean", "templates").set(len(self._table))
