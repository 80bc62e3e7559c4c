"""Plain aiokafka clients for the CLI and tests: create/delete topics, produce files, read topics.

The worker's data path is streams.engine; these serve the CLI, the demo and the tests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from streams.connection import client_options
from streams.errors import WirewatchError
from streams.inputs import InputRecord
from streams.settings import WirewatchSettings
from streams.topics import ALERTS, MAX_MESSAGE_BYTES, PIPELINE, STORIES, TopicSpec


async def _start(client: AIOKafkaAdminClient | AIOKafkaProducer | AIOKafkaConsumer) -> None:
    """Start a client; one that cannot connect is closed again before the error goes up."""
    try:
        await client.start()
    except BaseException:
        await asyncio.gather(client.close() if isinstance(client, AIOKafkaAdminClient) else client.stop(),
                             return_exceptions=True)
        raise


@dataclass(frozen=True)
class TopicReport:
    name: str
    partitions: int
    created: bool
    problem: str | None = None


async def create_topics(settings: WirewatchSettings, specs: Iterable[TopicSpec] = PIPELINE) -> list[TopicReport]:
    """Create every catalogue topic that is missing; report existing ones whose layout differs.

    The broker answers a create request per topic with an error code (aiokafka raises for none of
    them): 0 is created, 36 already exists (created concurrently, or not yet listed), anything else
    is a failure. A created topic is reported once the metadata lists it, so what follows sees it.
    """
    specs = list(specs)
    admin = AIOKafkaAdminClient(**client_options(settings))
    await _start(admin)
    try:
        existing = await _partition_counts(admin, settings, specs)
        reports = []
        for spec in specs:
            name = settings.topic_name(spec.name)
            if name in existing:
                reports.append(TopicReport(name, existing[name], False, _layout_problem(existing[name], spec)))
                continue
            response = await admin.create_topics(
                [NewTopic(name, spec.partitions, 1, topic_configs=spec.kafka_config())]
            )
            code, message = _topic_error(response, name)
            if code == 0:
                await _wait_listed(admin, {name}, present=True)
                reports.append(TopicReport(name, spec.partitions, True))
            elif code == TopicAlreadyExistsError.errno:
                await _wait_listed(admin, {name}, present=True)
                count = (await _partition_counts(admin, settings, [spec])).get(name, spec.partitions)
                reports.append(TopicReport(name, count, False, _layout_problem(count, spec)))
            else:
                raise WirewatchError(f"cannot create topic {name}: error {code} {message or ''}".strip())
        return reports
    finally:
        await admin.close()


def _topic_error(response: object, name: str) -> tuple[int, str | None]:
    for entry in getattr(response, "topic_errors", []):
        if entry[0] == name:
            return int(entry[1]), (entry[2] if len(entry) > 2 else None)
    return 0, None


async def _wait_listed(admin: AIOKafkaAdminClient, names: set[str], present: bool, timeout: float = 30.0) -> None:
    """Until the metadata lists every name (present) or none of them (not present)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = set(await admin.list_topics())
        if (names <= listed) if present else not (names & listed):
            return
        await asyncio.sleep(0.1)
    state = "listed" if present else "gone"
    raise WirewatchError(f"topics not {state} after {timeout:.0f} s: {', '.join(sorted(names))}")


def _layout_problem(partitions: int, spec: TopicSpec) -> str | None:
    if partitions == spec.partitions:
        return None
    return (
        f"has {partitions} partitions, the catalogue says {spec.partitions}: "
        "state tables would not line up; recreate it"
    )


async def _partition_counts(
    admin: AIOKafkaAdminClient, settings: WirewatchSettings, specs: list[TopicSpec]
) -> dict[str, int]:
    names = set(await admin.list_topics())
    wanted = [settings.topic_name(s.name) for s in specs if settings.topic_name(s.name) in names]
    if not wanted:
        return {}
    described = await admin.describe_topics(wanted)
    return {d["topic"]: len(d["partitions"]) for d in described}


async def _partitions_of(settings: WirewatchSettings, topic: str) -> list[int]:
    admin = AIOKafkaAdminClient(**client_options(settings))
    await _start(admin)
    try:
        return await _partitions_listed(admin, topic)
    finally:
        await admin.close()


async def _partitions_listed(admin: AIOKafkaAdminClient, topic: str) -> list[int]:
    if topic not in set(await admin.list_topics()):
        return []
    described = await admin.describe_topics([topic])
    return sorted(p["partition"] for p in described[0]["partitions"])


async def delete_topics(settings: WirewatchSettings, prefix: str) -> list[str]:
    """Delete every topic whose name starts with `prefix`, and wait until none is listed."""
    admin = AIOKafkaAdminClient(**client_options(settings))
    await _start(admin)
    try:
        doomed = [t for t in await admin.list_topics() if t.startswith(prefix)]
        if doomed:
            response = await admin.delete_topics(doomed)
            failed = [(e[0], e[1]) for e in getattr(response, "topic_error_codes", []) if e[1] not in (0, 3)]
            if failed:
                raise WirewatchError(f"cannot delete topics: {failed}")
            await _wait_listed(admin, set(doomed), present=False)
        return doomed
    finally:
        await admin.close()


async def produce(settings: WirewatchSettings, spec: TopicSpec, records: Iterable[InputRecord]) -> int:
    return await produce_keyed(settings, spec, ((record.key, record.value) for record in records))


async def produce_keyed(
    settings: WirewatchSettings, spec: TopicSpec, records: Iterable[tuple[str | None, bytes | None]]
) -> int:
    """Send (key, value) pairs; a None value is a tombstone (deletes the key of a compacted topic)."""
    producer = AIOKafkaProducer(
        **client_options(settings), acks="all", enable_idempotence=True,
        max_request_size=8 * 1024 * 1024,
    )
    await _start(producer)
    count = 0
    try:
        topic = settings.topic_name(spec.name)
        for key, value in records:
            await producer.send_and_wait(topic, value, key=key.encode("utf-8") if key is not None else None)
            count += 1
    finally:
        await producer.stop()
    return count


@dataclass(frozen=True)
class Consumed:
    topic: str
    partition: int
    offset: int
    key: str | None
    value: bytes | None  # None: a tombstone
    headers: dict[str, bytes]
    timestamp: int = 0  # ms, the record's Kafka timestamp


async def read_topic(
    settings: WirewatchSettings,
    spec: TopicSpec,
    *,
    from_beginning: bool = True,
    max_records: int | None = None,
    timeout: float = 10.0,
    idle_timeout: float | None = None,
    isolation_level: str = "read_committed",
) -> list[Consumed]:
    """Read a topic without a consumer group: stop at max_records, after timeout, or when idle
    (with an idle timeout, reading from the beginning also stops at the end offsets of the start).
    Committed records only by default: what exactly-once workers wrote in an aborted
    transaction is never shown."""
    topic = settings.topic_name(spec.name)
    consumer = AIOKafkaConsumer(
        **client_options(settings), group_id=None, enable_auto_commit=False,
        isolation_level=isolation_level, max_partition_fetch_bytes=MAX_MESSAGE_BYTES,
    )
    await _start(consumer)
    out: list[Consumed] = []
    try:
        partitions = await _partitions_of(settings, topic)
        if not partitions:
            raise LookupError(f"topic {topic} does not exist; run `wirewatch topics create`")
        assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(assigned)
        if from_beginning:
            await consumer.seek_to_beginning(*assigned)
        else:
            await consumer.seek_to_end(*assigned)
        # Where the topic ends now: reading from the beginning stops there (or at a limit).
        ends = await consumer.end_offsets(assigned) if from_beginning else {}
        started = last = time.monotonic()
        while time.monotonic() - started < timeout:
            if max_records is not None and len(out) >= max_records:
                break
            if idle_timeout is not None and out and time.monotonic() - last > idle_timeout:
                break
            if ends and idle_timeout is not None and all(
                [await consumer.position(tp) >= end for tp, end in ends.items()]
            ):
                break
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                for rec in records:
                    last = time.monotonic()
                    out.append(Consumed(
                        rec.topic, rec.partition, rec.offset,
                        rec.key.decode("utf-8", "replace") if rec.key is not None else None,
                        rec.value, dict(rec.headers or ()), rec.timestamp,
                    ))
        return out if max_records is None else out[:max_records]  # a fetch may bring more
    finally:
        await consumer.stop()


@dataclass(frozen=True)
class KafkaStatus:
    """What the broker says about a deployment, whether or not a worker runs."""

    committed_lag: dict[str, dict[int, int]]  # consumer group -> partition -> records behind
    recent_alerts: list[Consumed]  # newest last
    stories_open: int  # stories with a summary written in the last `story_hours`


async def kafka_status(
    settings: WirewatchSettings, groups: dict[str, TopicSpec], alerts: int = 5, story_hours: float = 24.0
) -> KafkaStatus:
    """Committed lag of each consumer group on its input topic, the latest alerts, the open stories."""
    consumer = AIOKafkaConsumer(**client_options(settings), group_id=None, enable_auto_commit=False,
                                isolation_level="read_committed", max_partition_fetch_bytes=MAX_MESSAGE_BYTES)
    admin = AIOKafkaAdminClient(**client_options(settings))
    await _start(consumer)
    try:
        await _start(admin)
        lag: dict[str, dict[int, int]] = {}
        for group, spec in groups.items():
            topic = settings.topic_name(spec.name)
            tps = [TopicPartition(topic, p) for p in await _partitions_listed(admin, topic)]
            ends = await consumer.end_offsets(tps) if tps else {}
            committed = await admin.list_consumer_group_offsets(group)
            lag[group] = {
                tp.partition: ends[tp] - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0)
                for tp in tps
            }
        alert_tps = [TopicPartition(settings.topic_name(ALERTS.name), p)
                     for p in await _partitions_listed(admin, settings.topic_name(ALERTS.name))]
        story_tps = [TopicPartition(settings.topic_name(STORIES.name), p)
                     for p in await _partitions_listed(admin, settings.topic_name(STORIES.name))]
        consumer.assign(alert_tps + story_tps)
        ends = await consumer.end_offsets(alert_tps + story_tps)
        starts = await consumer.beginning_offsets(alert_tps + story_tps)
        for tp in alert_tps:
            consumer.seek(tp, max(starts[tp], ends[tp] - alerts))
        since = int((time.time() - story_hours * 3600) * 1000)
        found = await consumer.offsets_for_times(dict.fromkeys(story_tps, since)) if story_tps else {}
        for tp in story_tps:
            consumer.seek(tp, found[tp].offset if found.get(tp) is not None else ends[tp])
        recent: list[Consumed] = []
        stories: set[bytes] = set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(
            [await consumer.position(tp) < ends[tp] for tp in alert_tps + story_tps]
        ):
            for tp, records in (await consumer.getmany(timeout_ms=200)).items():
                for rec in records:
                    if tp in story_tps:
                        if rec.key is not None and rec.value is not None:
                            stories.add(rec.key)
                    else:
                        recent.append(Consumed(rec.topic, rec.partition, rec.offset,
                                               rec.key.decode("utf-8", "replace") if rec.key else None,
                                               rec.value, dict(rec.headers or ()), rec.timestamp))
        recent.sort(key=lambda r: r.timestamp)
        return KafkaStatus(lag, recent[-alerts:], len(stories))
    finally:
        await asyncio.gather(consumer.stop(), admin.close(), return_exceptions=True)
