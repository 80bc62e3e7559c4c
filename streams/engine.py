"""The worker's data path: consume a batch, run a chain on each record, send, then commit.

One `Processor` per chain: its own consumer group over its source topic, its own producer(s), its
own state store with its changelog topic. The rules, in order of what they protect:

- **Nothing is committed that is not stored.** A batch's outputs (and dead letters) are sent and
  every send acknowledged by the broker before the batch's state changes go to the changelog;
  those are acknowledged before the local state is flushed and the input offsets are committed.
  A send that fails is retried with backoff, holding the partition, for as long as it takes
  (`wirewatch_send_retries_total` counts it); a worker that dies meanwhile commits nothing, and
  the records are processed again by whoever owns the partition next.
- **Exactly-once** (`processing_guarantee="exactly_once"`): per input partition, a transactional
  producer (`transactional.id` = app, processor, partition, so a restarted or new owner fences a
  dead one and aborts its open transaction) puts the outputs, the changelog record and the input
  offsets in one Kafka transaction. Readers use `read_committed`.
- **CPU work off the event loop.** Stages run in one worker thread per processor, so the
  consumer's heartbeats and fetches go on while an article is analysed.
- **Rebalances wait for the batch in flight**: the revocation callback takes the same lock as
  the batch, so a partition is handed over only after its batch is committed (or abandoned).
- **State restored before processing**: on assignment, the changelog partition is replayed from
  the local store's checkpoint (the whole partition on a new machine) before any record is read.

Why not Faust's agents and tables: BENCHMARKS.md ("Data path") and README ("Partitioning, state
and delivery").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.errors import IllegalOperation, KafkaError, ProducerFenced

from streams import codec, metrics
from streams.connection import client_options, diagnose, is_fatal
from streams.flow import Handled, OutputTooLarge, dead_letter, failure_kind
from streams.settings import WirewatchSettings
from streams.state import StateStore
from streams.topics import ALERTS, DEAD_LETTERS, MAX_MESSAGE_BYTES, TopicSpec

log = logging.getLogger(__name__)

INGESTED_HEADER = "ww-ingested-ms"
_RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 5.0)


@dataclass
class _Send:
    topic: str
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]
    partition: int | None = None
    counted_as: str | None = None  # catalogue topic name for the records-out metric
    alert_kind: str | None = None  # an alert's rule kind, for the alerts metric


@dataclass
class _Prepared:
    """One input record, processed: what to send, and its state changes."""

    tp: TopicPartition
    offset: int
    ingested_ms: int
    sends: list[_Send] = field(default_factory=list)
    changes: bytes | None = None
    final: bool = False  # its outputs are the product: observe end-to-end latency


def group_id(app_id: str, processor: str) -> str:
    """The consumer group of a processor (and the prefix of its transactional ids)."""
    return f"{app_id}.{processor}"


SEND_TIMEOUT_SECONDS = 45.0  # past the producer's own request timeout: a wedged send


class SendFailed(KafkaError):
    """A send of a transaction failed: the transaction is aborted."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cause = cause


class Fenced(KafkaError):
    """A transactional producer of this processor can no longer be used: another worker fenced
    it (it took the partition over, or this worker's view of the group is stale after its
    membership lapsed: two workers were seen to hold the same partitions), or it failed for
    good. As Kafka Streams does on a fenced producer, the processor drops its uncommitted work and
    rejoins the group with new clients; the group decides who owns what, and the records are read
    again from the committed offsets. Waiting for a rebalance instead left partitions unprocessed
    when none came (the crash harness lost 142 of 300 articles once)."""


# The producer fell out of its transaction underneath a send (a fatal error such as fencing seen
# by its background sender): aiokafka raises IllegalOperation, which is no KafkaError.
_PRODUCER_GONE = (ProducerFenced, IllegalOperation)


class Abandoned(Exception):
    """The worker is stopping while a batch could not be stored: its offsets stay uncommitted."""


class Processor:
    """Consume `source`, run `handle` on every record, send what it emits, commit."""

    def __init__(
        self,
        settings: WirewatchSettings,
        name: str,
        source: TopicSpec,
        handle: Callable[[bytes | None], Handled],
        store: StateStore | None = None,
        changelog: TopicSpec | None = None,
        final: bool = False,
        before_start: asyncio.Event | None = None,
        batch_size: int | None = None,
    ) -> None:
        self.settings = settings
        self.name = name
        self.source = source
        self.handle = handle
        self.store = store
        self.changelog = changelog
        self.final = final
        self.before_start = before_start
        self.batch_size = batch_size or settings.batch_size
        self.exactly_once = settings.processing_guarantee == "exactly_once"
        self.group_id = group_id(settings.app_id, name)
        self.ready = False
        self._source_topic = settings.topic_name(source.name)
        self._changelog_topic = settings.topic_name(changelog.name) if changelog else None
        self._dead_letter_topic = settings.topic_name(DEAD_LETTERS.name)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"ww-{name}")
        self._lock = asyncio.Lock()
        self._stopping = asyncio.Event()
        self._consumer: AIOKafkaConsumer | None = None
        self._producer: AIOKafkaProducer | None = None  # at-least-once: one, idempotent
        self._txn_producers: dict[int, AIOKafkaProducer] = {}  # exactly-once: one per partition
        self._next: dict[TopicPartition, int] = {}
        self._broken: KafkaError | None = None
        # Series exist from the start at 0, so rate() and increase() see their first event.
        for counter in (metrics.PROCESSOR_RESTARTS, metrics.TRANSACTIONS_ABORTED, metrics.STALE_RECORDS,
                        metrics.CHANGELOG_RECORDS, metrics.STATE_RESTORED):
            counter.labels(name).inc(0)
        metrics.PARTITION_BLOCKED.labels(name).set(0)
        metrics.RECORDS_IN.labels(source.name).inc(0)
        metrics.STAGE_FAILURES.labels(name, "output_too_large").inc(0)

    # -- lifecycle --
    async def run(self) -> None:
        if self.before_start is not None:
            await self.before_start.wait()
        try:
            attempt = 0
            while not self._stopping.is_set():
                try:
                    await self._run_once()
                    attempt = 0
                except KafkaError as exc:
                    cause = await diagnose(self.settings, exc)
                    if is_fatal(cause):  # wrong credentials or permissions: no retry cures them
                        raise cause from exc
                    # The broker went away (a restart, a network cut): start over with new
                    # clients. Nothing past the last stored batch was committed, and the state
                    # written since is forgotten, so the records are processed again.
                    delay = _RETRY_DELAYS[min(attempt, len(_RETRY_DELAYS) - 1)]
                    attempt += 1
                    metrics.PROCESSOR_RESTARTS.labels(self.name).inc()
                    log.warning("processor %s: %s: %s; reconnecting in %.1f s", self.name, type(exc).__name__, exc, delay)
                    await self._close_clients()
                    if self.store is not None:
                        await self._in_thread(self.store.discard)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stopping.wait(), delay)
        except Abandoned:
            log.info("processor %s: stopping with a batch not stored; it will be processed again", self.name)
        finally:
            await self._close_clients()
            self._executor.shutdown(wait=True)
            if self.store is not None:
                self.store.close()

    async def _run_once(self) -> None:
        isolation = "read_committed" if self.exactly_once else "read_uncommitted"
        self._broken = None
        self._consumer = AIOKafkaConsumer(
            **client_options(self.settings),
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level=isolation,
            max_poll_records=self.batch_size,
            max_partition_fetch_bytes=MAX_MESSAGE_BYTES,
            session_timeout_ms=int(self.settings.broker_session_timeout * 1000),
            heartbeat_interval_ms=int(self.settings.broker_heartbeat_interval * 1000),
            rebalance_timeout_ms=int(self.settings.broker_rebalance_timeout * 1000),
        )
        if not self.exactly_once:
            self._producer = self._new_producer()
            await self._producer.start()
        await self._consumer.start()
        self._consumer.subscribe([self._source_topic], listener=_Listener(self))
        log.info("processor %s: consuming %s as group %s", self.name, self._source_topic, self.group_id)
        while not self._stopping.is_set():
            batch = await self._consumer.getmany(timeout_ms=200, max_records=self.batch_size)
            if self._broken is not None:
                raise self._broken  # an assignment whose state could not be restored
            if not batch:
                self._export_lag({})
                continue
            async with self._lock:
                if self._stopping.is_set():
                    raise Abandoned()  # nothing of this batch is committed
                await self._process(batch)

    def stop(self) -> None:
        self._stopping.set()

    async def _close_clients(self) -> None:
        self.ready = False
        closers = []
        if self._consumer is not None:
            closers.append(self._consumer.stop())
        if self._producer is not None:
            closers.append(self._producer.stop())
        closers.extend(p.stop() for p in self._txn_producers.values())
        for result in await asyncio.gather(*closers, return_exceptions=True):
            if isinstance(result, Exception):
                log.warning("processor %s: while closing: %s", self.name, result)
        self._consumer, self._producer = None, None
        self._txn_producers.clear()
        self._next.clear()

    def _new_producer(self, transactional_id: str | None = None) -> AIOKafkaProducer:
        return AIOKafkaProducer(
            **client_options(self.settings),
            acks="all",
            enable_idempotence=True,
            transactional_id=transactional_id,
            max_request_size=MAX_MESSAGE_BYTES + 64 * 1024,
            max_batch_size=1024 * 1024,
            linger_ms=2,
            request_timeout_ms=30000,
        )

    # -- rebalances --
    async def on_revoked(self, revoked: Iterable[TopicPartition]) -> None:
        self.ready = False
        metrics.WORKER_READY.set(0)
        async with self._lock:  # the batch in flight is stored and committed first
            for tp in revoked:
                self._next.pop(tp, None)
                metrics.CONSUMER_LAG_RECORDS.labels(self.name, str(tp.partition)).set(0)
                metrics.CONSUMER_LAG_SECONDS.labels(self.name, str(tp.partition)).set(0)
                producer = self._txn_producers.pop(tp.partition, None)
                if producer is not None:
                    await producer.stop()

    async def on_assigned(self, assigned: Iterable[TopicPartition]) -> None:
        try:
            await self._take_over(assigned)
        except KafkaError as exc:
            # aiokafka would only log an exception of a rebalance callback and go on fetching:
            # the run loop raises it instead, before it processes a record without its state.
            self._broken = exc

    async def _take_over(self, assigned: Iterable[TopicPartition]) -> None:
        assert self._consumer is not None
        async with self._lock:
            for tp in sorted(assigned):
                if self.exactly_once:
                    stale = self._txn_producers.pop(tp.partition, None)
                    if stale is not None:  # assigned again without a revocation (membership lapsed)
                        await stale.stop()
                    # Starting a producer with the partition's transactional id fences any
                    # earlier owner and completes its open transaction (commit or abort)...
                    producer = self._new_producer(f"{self.group_id}.{tp.partition}")
                    await producer.start()
                    self._txn_producers[tp.partition] = producer
                    # ...so the committed offset read now is final (not one a transaction in
                    # flight was about to move).
                    committed = await self._consumer.committed(tp)
                    log.debug("processor %s: %s fenced, committed offset %s", self.name, tp, committed)
                    if committed is not None:
                        self._consumer.seek(tp, committed)
                        self._next[tp] = committed
                if self.store is not None and self._changelog_topic is not None:
                    await self._restore(tp.partition)
                if tp not in self._next:
                    committed = await self._consumer.committed(tp)
                    if committed is not None:
                        self._next[tp] = committed
            self.ready = True
        log.info("processor %s: assigned %s", self.name, sorted(tp.partition for tp in assigned))

    async def _restore(self, partition: int) -> None:
        """Replay the changelog partition from the local checkpoint to its end."""
        assert self.store is not None and self._changelog_topic is not None
        tp = TopicPartition(self._changelog_topic, partition)
        reader = AIOKafkaConsumer(
            **client_options(self.settings), group_id=None, enable_auto_commit=False,
            isolation_level="read_committed" if self.exactly_once else "read_uncommitted",
            max_partition_fetch_bytes=MAX_MESSAGE_BYTES, fetch_max_wait_ms=50,
        )
        await reader.start()
        started = time.perf_counter()
        applied = 0
        try:
            reader.assign([tp])
            first = (await reader.beginning_offsets([tp]))[tp]
            end = (await reader.end_offsets([tp]))[tp]
            checkpoint = self.store.checkpoint(partition)
            if checkpoint is not None and (checkpoint < first or checkpoint > end) and self.source.partitions == 1:
                # The log no longer reaches the local state (or is a new log): start over.
                log.warning("processor %s: local state at %s, changelog %s..%s: rebuilding", self.name, checkpoint, first, end)
                await self._in_thread(self.store.wipe)
                checkpoint = None
            start = max(first, checkpoint or 0)
            if start >= end:
                return
            reader.seek(tp, start)
            while (await reader.position(tp)) < end:
                batch = await reader.getmany(tp, timeout_ms=1000, max_records=2000)
                records = [(r.value, r.offset) for r in batch.get(tp, []) if r.value is not None]
                if records:
                    await self._in_thread(self._apply_all, partition, records)
                    applied += len(records)
        finally:
            await reader.stop()
            metrics.STATE_RESTORED.labels(self.name).inc(applied)
            log.info(
                "processor %s: restored %d changelog records of partition %d in %.1f s",
                self.name, applied, partition, time.perf_counter() - started,
            )

    def _apply_all(self, partition: int, records: list[tuple[bytes, int]]) -> None:
        assert self.store is not None
        for value, offset in records:
            self.store.apply(value, partition, offset)

    # -- batches --
    async def _in_thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def _process(self, batch: dict[TopicPartition, list[ConsumerRecord]]) -> None:
        # The processor tracks where each partition stands itself: a record below the next
        # offset it expects was already stored. aiokafka can hand out a batch twice after a
        # seek at assignment (a fetch issued before the seek lands after it); in exactly-once
        # mode that made 113 of 300 articles come out twice in the crash harness.
        for tp in list(batch):
            expected = self._next.get(tp)
            if expected is not None and batch[tp] and batch[tp][0].offset < expected:
                stale = sum(1 for r in batch[tp] if r.offset < expected)
                metrics.STALE_RECORDS.labels(self.name).inc(stale)
                log.debug("processor %s: %s: dropped %d records below offset %d", self.name, tp, stale, expected)
                batch[tp] = [r for r in batch[tp] if r.offset >= expected]
            if not batch[tp]:
                del batch[tp]
        if not batch:
            return
        now = time.time()
        for tp, records in batch.items():
            if records:
                metrics.CONSUMER_LAG_SECONDS.labels(self.name, str(tp.partition)).set(
                    max(0.0, now - records[0].timestamp / 1000)
                )
        if self.exactly_once:
            for tp, records in batch.items():
                await self._transaction(tp, records)
        else:
            records = [r for rs in batch.values() for r in rs]
            prepared = await self._in_thread(self._prepare, records)
            await self._store_at_least_once(prepared)
        self._export_lag(batch)

    def _prepare(self, records: list[ConsumerRecord]) -> list[_Prepared]:
        """In the processor's thread: run the chain on each record (state writes stay in the
        store's overlay) and encode what to send."""
        out = []
        for record in records:
            out.append(self._prepare_one(record))
        return out

    def _prepare_one(self, record: ConsumerRecord) -> _Prepared:
        tp = TopicPartition(record.topic, record.partition)
        headers = dict(record.headers or ())
        ingested = headers.get(INGESTED_HEADER)
        ingested_ms = int(ingested) if ingested else int(record.timestamp)
        out_headers = [(INGESTED_HEADER, str(ingested_ms).encode())]
        prepared = _Prepared(tp, record.offset, ingested_ms, final=self.final)
        metrics.RECORDS_IN.labels(self.source.name).inc()
        handled = self.handle(record.value)
        for stage, seconds in handled.durations:
            metrics.STAGE_DURATION.labels(stage).observe(seconds)
        if handled.emits:
            for emit in handled.emits:
                value = codec.encode(emit.model)
                if len(value) > MAX_MESSAGE_BYTES:
                    handled = Handled(failed_stage=self.name, error=OutputTooLarge(
                        f"output to {emit.spec.name} would be {len(value)} bytes; the topics' limit "
                        f"is {MAX_MESSAGE_BYTES} (max.message.bytes)"))
                    prepared.sends.clear()
                    break
                prepared.sends.append(_Send(
                    self.settings.topic_name(emit.spec.name), emit.key.encode("utf-8"), value,
                    out_headers, counted_as=emit.spec.name,
                    alert_kind=getattr(emit.model, "kind", None) if emit.spec is ALERTS else None,
                ))
        if handled.failed_stage is not None:
            assert handled.error is not None
            kind = failure_kind(handled.error)
            metrics.STAGE_FAILURES.labels(handled.failed_stage, kind).inc()
            letter = dead_letter(
                handled.failed_stage, record.topic, record.partition, record.offset,
                record.key.decode("utf-8", "replace") if record.key is not None else None,
                record.value, handled.error,
            )
            log.warning(
                "dead letter stage=%s %s[%s]@%s %s: %s", handled.failed_stage, record.topic,
                record.partition, record.offset, type(handled.error).__name__, letter.reason[:300],
            )
            prepared.sends = [_Send(
                self._dead_letter_topic, letter.key.encode("utf-8") if letter.key else None,
                codec.encode(letter),
                [*out_headers, ("ww-stage", handled.failed_stage.encode()),
                 ("ww-error-type", letter.error_type.encode()),
                 ("ww-error", letter.reason[:1024].encode("utf-8", "replace"))],
                counted_as=DEAD_LETTERS.name,
            )]
        elif handled.skipped_stage is not None:
            metrics.STAGE_SKIPS.labels(handled.skipped_stage, handled.skip_reason or "").inc()
        if self.store is not None:
            prepared.changes = self.store.take_changes()
        return prepared

    async def _send_all(self, producer: AIOKafkaProducer, sends: list[_Send]) -> list[Any]:
        """Send every record and wait for every acknowledgement; retry what failed, holding the
        partition, until all are stored or the worker stops (then nothing is committed)."""
        results: list[Any] = [None] * len(sends)
        pending = list(range(len(sends)))
        attempt = 0
        while pending:
            futures = []
            for i in pending:
                s = sends[i]
                try:
                    futures.append((i, await producer.send(
                        s.topic, s.value, key=s.key, headers=s.headers, partition=s.partition)))
                except (KafkaError, IllegalOperation) as exc:
                    futures.append((i, exc))
            failed: list[tuple[int, Exception]] = []
            for i, fut in futures:
                if isinstance(fut, Exception):
                    failed.append((i, fut))
                    continue
                try:
                    results[i] = await asyncio.wait_for(fut, SEND_TIMEOUT_SECONDS)
                except (KafkaError, TimeoutError) as exc:
                    failed.append((i, exc))
            if not failed:
                break
            if self.exactly_once:
                raise SendFailed(failed[0][1])  # the transaction is aborted, the partition re-read
            pending = [i for i, _ in failed]
            delay = _RETRY_DELAYS[min(attempt, len(_RETRY_DELAYS) - 1)]
            attempt += 1
            for i, _exc in failed:
                metrics.SEND_RETRIES.labels(sends[i].counted_as or "changelog").inc()
            metrics.PARTITION_BLOCKED.labels(self.name).set(1)
            log.warning(
                "processor %s: %d of %d sends failed (%s: %s); retrying in %.1f s, not committing",
                self.name, len(failed), len(sends), type(failed[0][1]).__name__, failed[0][1], delay,
            )
            try:
                await asyncio.wait_for(self._stopping.wait(), delay)
                raise Abandoned()
            except TimeoutError:
                pass
            if attempt >= 3 and self._producer is not None and producer is self._producer:
                # A producer that failed three rounds may be wedged: the next one starts clean
                # (a record it re-sends may come twice; outputs are keyed, readers dedupe).
                log.warning("processor %s: replacing the producer", self.name)
                await asyncio.gather(producer.stop(), return_exceptions=True)
                producer = self._new_producer()
                self._producer = producer
                await producer.start()
        metrics.PARTITION_BLOCKED.labels(self.name).set(0)
        return results

    def _changelog_sends(self, prepared: list[_Prepared]) -> list[_Send]:
        assert self._changelog_topic is not None
        return [
            _Send(self._changelog_topic, None, p.changes, [], partition=p.tp.partition)
            for p in prepared if p.changes is not None
        ]

    async def _store_at_least_once(self, prepared: list[_Prepared]) -> None:
        assert self._producer is not None and self._consumer is not None
        outputs = [s for p in prepared for s in p.sends]
        await self._send_all(self._producer, outputs)
        self._count_out(outputs, prepared)
        if self.store is not None:
            # State changes only after the outputs: a state that says "alert fired" must never
            # be stored for an alert that was not.
            changes = self._changelog_sends(prepared)
            await self._flush_state(changes, await self._send_all(self._producer, changes))
        offsets = _next_offsets(prepared)
        try:
            await self._consumer.commit(offsets)
        except KafkaError as exc:
            # The partitions moved on (a rebalance): their new owner processes these records
            # again, and answers them as this worker did (outputs are keyed, state is stored).
            log.warning("processor %s: commit failed (%s); records will be redelivered", self.name, exc)
            return
        self._next.update(offsets)

    async def _transaction(self, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        assert self._consumer is not None
        producer = self._txn_producers.get(tp.partition)
        if producer is None:
            return  # revoked meanwhile
        prepared = await self._in_thread(self._prepare, records)
        outputs = [s for p in prepared for s in p.sends]
        changes = self._changelog_sends(prepared) if self.store is not None else []
        offsets = _next_offsets(prepared)
        try:
            await producer.begin_transaction()
            stored = await self._send_all(producer, outputs + changes)
            await asyncio.wait_for(producer.send_offsets_to_transaction(offsets, self.group_id), SEND_TIMEOUT_SECONDS)
            await asyncio.wait_for(producer.commit_transaction(), SEND_TIMEOUT_SECONDS)
        except (KafkaError, TimeoutError, IllegalOperation) as exc:
            await self._abort(tp, producer, exc)
            return
        log.debug("processor %s: committed transaction %s offsets %s..%s", self.name, tp, records[0].offset, records[-1].offset)
        self._count_out(outputs, prepared)
        if self.store is not None:
            await self._flush_state(changes, stored[len(outputs):])
        self._next.update(offsets)

    async def _flush_state(self, changes: list[_Send], stored: list[Any]) -> None:
        """The changelog records are stored: make the local state durable with the offset each
        changelog partition has reached."""
        assert self.store is not None
        checkpoints: dict[int, int] = {}
        for send, meta in zip(changes, stored, strict=True):
            assert send.partition is not None
            checkpoints[send.partition] = max(checkpoints.get(send.partition, 0), meta.offset + 1)
        metrics.CHANGELOG_RECORDS.labels(self.name).inc(len(changes))
        await self._in_thread(self.store.flush, checkpoints)

    async def _abort(self, tp: TopicPartition, producer: AIOKafkaProducer, exc: Exception) -> None:
        """The transaction did not commit: forget its state changes and read the partition again
        from its committed offset."""
        assert self._consumer is not None
        metrics.TRANSACTIONS_ABORTED.labels(self.name).inc()
        log.warning("processor %s: transaction on partition %d aborted: %s: %s", self.name, tp.partition, type(exc).__name__, exc)
        if self.store is not None:
            await self._in_thread(self.store.discard)
        if isinstance(exc, _PRODUCER_GONE) or isinstance(getattr(exc, "cause", None), _PRODUCER_GONE):
            raise Fenced(f"partition {tp.partition}: {exc}") from exc
        try:
            await producer.abort_transaction()
        except Exception as abort_exc:
            # a producer that cannot abort is in a fatal state: fenced, or broken for good
            raise Fenced(f"partition {tp.partition}: abort failed: {abort_exc}") from abort_exc
        committed = await self._consumer.committed(tp)
        if committed is not None:
            self._consumer.seek(tp, committed)
            self._next[tp] = committed
        else:
            await self._consumer.seek_to_beginning(tp)
            self._next.pop(tp, None)
        await asyncio.sleep(0.5)

    def _count_out(self, outputs: list[_Send], prepared: list[_Prepared]) -> None:
        for s in outputs:
            if s.counted_as:
                metrics.RECORDS_OUT.labels(s.counted_as).inc()
            if s.alert_kind:
                metrics.ALERTS_RAISED.labels(s.alert_kind).inc()
        if self.final:
            now = time.time()
            for p in prepared:
                if p.sends:
                    metrics.END_TO_END_LATENCY.observe(max(0.0, now - p.ingested_ms / 1000))

    def _export_lag(self, batch: dict[TopicPartition, list[ConsumerRecord]]) -> None:
        if self._consumer is None:
            return
        for tp in self._consumer.assignment():
            high = self._consumer.highwater(tp)
            position = self._next.get(tp)
            if high is None or position is None:
                continue
            lag = max(0, high - position)
            metrics.CONSUMER_LAG_RECORDS.labels(self.name, str(tp.partition)).set(lag)
            if lag == 0:
                metrics.CONSUMER_LAG_SECONDS.labels(self.name, str(tp.partition)).set(0)


def _next_offsets(prepared: list[_Prepared]) -> dict[TopicPartition, int]:
    offsets: dict[TopicPartition, int] = {}
    for p in prepared:
        offsets[p.tp] = max(offsets.get(p.tp, 0), p.offset + 1)
    return offsets


class _Listener(ConsumerRebalanceListener):
    def __init__(self, processor: Processor) -> None:
        self.processor = processor

    async def on_partitions_revoked(self, revoked: Any) -> None:
        await self.processor.on_revoked(revoked)

    async def on_partitions_assigned(self, assigned: Any) -> None:
        await self.processor.on_assigned(assigned)
