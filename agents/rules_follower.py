"""The alert rules in force, kept equal to the compacted alert-rules topic while the worker runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError

from agents.alert import RuleBook
from streams import codec, metrics
from streams.connection import client_options
from streams.errors import DecodeError, StageConfigError
from streams.flow import dead_letter
from streams.schemas import RuleRecord
from streams.settings import WirewatchSettings
from streams.topics import DEAD_LETTERS, RULES

log = logging.getLogger(__name__)


async def follow_rules(
    settings: WirewatchSettings, book: RuleBook, synced: asyncio.Event, stopping: asyncio.Event
) -> None:
    """Follow the rules topic for as long as the worker runs, reconnecting after a broker outage
    (the book keeps the rules it has meanwhile)."""
    while not stopping.is_set():
        try:
            await _follow(settings, book, synced, stopping)
        except KafkaError as exc:
            log.warning("alert rules: %s: %s; reconnecting in 1 s", type(exc).__name__, exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), 1.0)


async def _follow(
    settings: WirewatchSettings, book: RuleBook, synced: asyncio.Event, stopping: asyncio.Event
) -> None:
    """Every worker reads the whole topic (no consumer group: each needs every rule), from the
    beginning, then follows it; `synced` is set once it has caught up with the end offsets seen
    at start, and the analyse processor waits for it, so no article is judged by a partial rule
    set. A record that is not a valid rule goes to the dead-letter topic and changes nothing."""
    topic = settings.topic_name(RULES.name)
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None, enable_auto_commit=False)
    producer = AIOKafkaProducer(**client_options(settings), acks="all", enable_idempotence=True)
    try:
        await consumer.start()
        await producer.start()
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or {0})]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while not stopping.is_set():
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    await _apply_rule_record(settings, book, record, producer)
            if not synced.is_set():
                positions = [await consumer.position(p) for p in partitions]
                if all(position >= ends[p] for position, p in zip(positions, partitions, strict=True)):
                    synced.set()
                    log.info("alert rules in force: %d", len(book))
            metrics.ALERT_RULES.set(len(book))
    finally:
        await asyncio.gather(consumer.stop(), producer.stop(), return_exceptions=True)


async def _apply_rule_record(settings: WirewatchSettings, book: RuleBook, record: Any, producer: AIOKafkaProducer) -> None:
    key = record.key.decode("utf-8", "replace") if record.key is not None else ""
    try:
        if not key:
            raise StageConfigError("alert-rules record without a key: the key must be the rule id")
        book.apply(key, None if record.value is None else codec.decode(record.value, RuleRecord).rule)
    except (StageConfigError, DecodeError) as exc:
        metrics.STAGE_FAILURES.labels("rules", "invalid_rule").inc()
        letter = dead_letter("rules", record.topic, record.partition, record.offset, key or None, record.value, exc)
        await producer.send_and_wait(
            settings.topic_name(DEAD_LETTERS.name), codec.encode(letter),
            key=letter.key.encode() if letter.key else None,
        )
        log.warning("alert rule %r refused: %s", key, exc)
