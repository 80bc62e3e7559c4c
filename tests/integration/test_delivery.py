"""Delivery over a real broker: commits wait for acknowledgements, two workers share the work
exactly, SIGTERM stops quickly without committing past work in flight, and malformed input at
volume becomes dead letters without disturbing anything."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from agents.chain import Chain
from streams import topics
from streams.codec import encode
from streams.engine import Processor
from streams.flow import Emit
from streams.inputs import InputRecord
from streams.kafka_io import create_topics, delete_topics, produce, read_topic
from streams.local import WorkerProcess, fetch_metrics, free_port
from streams.metrics import REGISTRY
from streams.schemas import RawArticle
from streams.settings import WirewatchSettings
from tests.builders import REPO, Echo, raw_article
from tests.integration.conftest import read_keys
from tests.loadgen import generate
from tests.malformed import malformed

pytestmark = pytest.mark.integration


async def _committed(settings: WirewatchSettings, group: str, topic: str) -> int | None:
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=group,
                                enable_auto_commit=False)
    await consumer.start()
    try:
        return await consumer.committed(TopicPartition(topic, 0))
    finally:
        await consumer.stop()


def test_offsets_are_committed_only_after_every_output_is_acknowledged(kafka: WirewatchSettings) -> None:
    """The output topic does not exist at first (the broker does not create topics), so no send
    can be acknowledged: the processor must hold, retrying, and commit nothing. Once the topic
    exists, the sends are acknowledged and only then the offsets move."""
    run = f"ack{uuid.uuid4().hex[:8]}"
    settings = kafka.model_copy(update={"topic_prefix": run, "app_id": run})
    source = topics.TopicSpec("echo.in.v1", RawArticle, "id", partitions=1)
    target = topics.TopicSpec("echo.out.v1", RawArticle, "id", partitions=1)
    asyncio.run(create_topics(settings, [source, topics.DEAD_LETTERS]))
    articles = [raw_article(id=f"a{i}") for i in range(5)]
    asyncio.run(produce(settings, source, [InputRecord(a.id, encode(a), "") for a in articles]))
    chain = Chain("echo", [Echo()], lambda a: [Emit(target, a.id, a)])  # type: ignore[arg-type, list-item]

    async def scenario() -> tuple[int | None, int | None, int]:
        processor = Processor(settings, "echo", source, chain)
        task = asyncio.create_task(processor.run())
        group, topic_name = processor.group_id, settings.topic_name(source.name)
        deadline = time.monotonic() + 60
        while (REGISTRY.get_sample_value("wirewatch_records_in_total", {"topic": source.name}) or 0) < len(articles):
            assert time.monotonic() < deadline, "the processor never fetched the articles"
            await asyncio.sleep(0.2)
        await asyncio.sleep(3)  # processed and sent: a commit that did not wait for acks is made by now
        while_failing = await _committed(settings, group, topic_name)
        await create_topics(settings, [target])
        deadline = time.monotonic() + 60
        after = None
        while time.monotonic() < deadline:
            after = await _committed(settings, group, topic_name)
            if after == len(articles):
                break
            await asyncio.sleep(0.5)
        processor.stop()
        await asyncio.wait_for(task, 15)
        out = await read_topic(settings, target, timeout=10, idle_timeout=1)
        return while_failing, after, len({r.key for r in out})

    try:
        while_failing, after, delivered = asyncio.run(scenario())
    finally:
        asyncio.run(delete_topics(settings, run + "."))
    assert while_failing is None, "offsets were committed while no output had been acknowledged"
    assert after == len(articles)
    assert delivered == len(articles)


def test_an_exactly_once_processor_fenced_by_another_producer_rejoins_and_loses_nothing(
    kafka: WirewatchSettings,
) -> None:
    """A producer started elsewhere with the partition's transactional id (a worker that took the
    partition over, or one whose group membership lapsed) fences the processor's. The processor
    must not wait for a rebalance that may never come: it rejoins with new clients and processes
    what follows, every article once (tests/fencing.py, in a process of its own)."""
    from tests import fencing

    run = f"fence{uuid.uuid4().hex[:8]}"
    settings = kafka.model_copy(update={"topic_prefix": run, "app_id": run})
    asyncio.run(create_topics(settings, [fencing.SOURCE, fencing.TARGET, topics.DEAD_LETTERS]))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.fencing"], cwd=REPO, capture_output=True, text=True, timeout=300,
            env={**os.environ, "WIREWATCH_BROKER_URL": settings.broker_url, "WIREWATCH_TOPIC_PREFIX": run,
                 "WIREWATCH_APP_ID": run},
        )
    finally:
        asyncio.run(delete_topics(settings, run + "."))
    assert done.returncode == 0, done.stderr[-3000:]
    result = orjson.loads(done.stdout.splitlines()[-1])
    assert sorted(set(result["first"])) == sorted(a.id for a in fencing.FIRST), "the first batch never came out"
    assert not result["stopped"], "the processor stopped"
    assert sorted(result["keys"]) == sorted(a.id for a in fencing.FIRST + fencing.SECOND), (
        "an article is missing or came out twice")


def _worker_env(settings: WirewatchSettings, state: Path, port: int) -> dict[str, str]:
    return {
        "WIREWATCH_BROKER_URL": settings.broker_url, "WIREWATCH_TOPIC_PREFIX": settings.topic_prefix,
        "WIREWATCH_APP_ID": settings.app_id, "WIREWATCH_DATA_DIR": str(state),
        "WIREWATCH_METRICS_PORT": str(port), "WIREWATCH_RULES_FILE": str(REPO / "deploy/rules/demo.yaml"),
    }


def test_two_workers_give_one_enriched_record_each_and_flag_duplicates_across_them(
    kafka: WirewatchSettings, tmp_path: Path
) -> None:
    run = f"two{uuid.uuid4().hex[:8]}"
    settings = kafka.model_copy(update={"topic_prefix": run, "app_id": run})
    asyncio.run(create_topics(settings))
    ports = [free_port(), free_port()]
    workers = [WorkerProcess(_worker_env(settings, tmp_path / f"s{n}", ports[n]), tmp_path / f"w{n}.log").start()
               for n in range(2)]
    try:
        for worker, port in zip(workers, ports, strict=True):
            worker.wait_ready(port)
        generated = generate(60, seed=21, prefix=run, reprint_share=0.0, near_share=0.0)
        articles = [g.article for g in generated]
        # A near duplicate of the first article under a key that lands in another raw partition.
        original = articles[0]
        copy = original.model_copy(update={
            "id": f"{run}-reprint", "source": "other-outlet",
            "text": (original.text or "") + "\n\nEin zusätzlicher Satz am Ende des Nachdrucks.",
        })
        asyncio.run(produce(settings, topics.RAW, [InputRecord(a.id, encode(a), "") for a in articles]))
        asyncio.run(produce(settings, topics.RAW, [InputRecord(copy.id, encode(copy), "")]))
        wanted = {a.id for a in articles} | {copy.id}
        latest = read_keys(settings, topics.ENRICHED, wanted, timeout=120)
        assert set(latest) == wanted
        # Both workers did ingest work.
        counts = [float(_series(fetch_metrics(p), 'wirewatch_records_in_total{topic="articles.raw.v1"}')) for p in ports]
        assert all(c > 0 for c in counts), counts
        time.sleep(2)
        everything = asyncio.run(read_topic(settings, topics.ENRICHED, timeout=30, idle_timeout=2))
        per_key: dict[str, int] = {}
        for r in everything:
            per_key[r.key] = per_key.get(r.key, 0) + 1
        assert all(n == 1 for n in per_key.values()), {k: n for k, n in per_key.items() if n > 1}
        flagged = orjson.loads(latest[copy.id].value)
        assert flagged["duplicate_of"] == original.id
        assert flagged["duplicate_method"] == "near"
    finally:
        for worker in workers:
            worker.stop()
        asyncio.run(delete_topics(settings, run + "."))


def _series(text: str, name: str) -> str:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return line.rsplit(" ", 1)[1]
    return "0"


def test_sigterm_stops_within_ten_seconds_and_loses_nothing(kafka: WirewatchSettings, tmp_path: Path) -> None:
    run = f"term{uuid.uuid4().hex[:8]}"
    settings = kafka.model_copy(update={"topic_prefix": run, "app_id": run})
    asyncio.run(create_topics(settings))
    port = free_port()
    env = _worker_env(settings, tmp_path / "state", port)
    worker = WorkerProcess(env, tmp_path / "w.log").start()
    try:
        worker.wait_ready(port)
        articles = [g.article for g in generate(150, seed=4, prefix=run)]
        sender = threading.Thread(target=lambda: asyncio.run(
            produce(settings, topics.RAW, [InputRecord(a.id, encode(a), "") for a in articles])))
        sender.start()
        time.sleep(3)  # mid-stream: batches in flight
        started = time.monotonic()
        worker.stop(timeout=30)
        stopped_in = time.monotonic() - started
        sender.join()
        assert stopped_in < 10, f"SIGTERM took {stopped_in:.1f} s"
        worker = WorkerProcess(env, tmp_path / "w.log").start()
        worker.wait_ready(port)
        latest = read_keys(settings, topics.ENRICHED, {a.id for a in articles}, timeout=180)
        assert {a.id for a in articles} <= set(latest)
    finally:
        worker.stop()
        asyncio.run(delete_topics(settings, run + "."))


def test_malformed_input_at_volume_goes_to_dead_letters_without_restarts(kafka: WirewatchSettings, tmp_path: Path) -> None:
    run = f"bad{uuid.uuid4().hex[:8]}"
    settings = kafka.model_copy(update={"topic_prefix": run, "app_id": run})
    asyncio.run(create_topics(settings))
    port = free_port()
    worker = WorkerProcess(_worker_env(settings, tmp_path / "state", port), tmp_path / "w.log").start()
    try:
        worker.wait_ready(port)
        bad = malformed()
        valid = [g.article for g in generate(10 * len(bad), seed=8, prefix=run)]
        records: list[InputRecord] = []
        for i, (kind, value) in enumerate(bad.items()):
            records.extend(InputRecord(a.id, encode(a), "") for a in valid[10 * i: 10 * i + 10])
            records.append(InputRecord(kind, value, ""))
        asyncio.run(produce(settings, topics.RAW, records))
        latest = read_keys(settings, topics.ENRICHED, {a.id for a in valid}, timeout=180)
        assert {a.id for a in valid} <= set(latest)
        letters = {r.key: orjson.loads(r.value) for r in read_keys(settings, topics.DEAD_LETTERS, set(bad), timeout=60).values()}
        assert set(letters) == set(bad)
        for kind, value in bad.items():
            letter = letters[kind]
            assert letter["reason"] and letter["stage"] == "clean", (kind, letter["reason"])
            assert letter["original_length"] == len(value)
            assert letter["original_sha256"] == hashlib.sha256(value).hexdigest()
            kept = base64.b64decode(letter["original_base64"])
            assert value.startswith(kept) and (letter["original_truncated"] or kept == value), kind
        metrics = fetch_metrics(port)
        assert 'wirewatch_processor_restarts_total{processor="ingest"} 0.0' in metrics
        assert worker.alive(), "the worker exited"
    finally:
        worker.stop()
        asyncio.run(delete_topics(settings, run + "."))
