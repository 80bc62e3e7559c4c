"""Crash harness: numbered articles at a steady rate, two workers killed with SIGKILL and
restarted, the broker restarted once; then a verifier reads what came out.

Like Kafka Streams' `streams_eos_test`: the faults are real (SIGKILL of the worker's process
group, a broker stop and start), the verification reads the output topics with read_committed.
Used by tests/integration/test_crash.py (small, in CI) and tests/benchmarks/bench_crash.py.

The verifier reports
- lost: ids produced to the raw topic with no enriched record (and no dead letter);
- duplicated: ids with more enriched records than raw records;
- inconsistent: ids whose copies disagree, or whose dedup/story outcome differs from a faultless
  in-process run of the analyse chain over the tagged stream in the order the worker saw it
  (first occurrence of each id), and alerts that differ from that run's.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from agents.chrome import InMemoryTemplates
from agents.dedup import InMemoryStoryIndex
from agents.registry import State, build_chains
from streams import codec, topics
from streams.kafka_io import create_topics, read_topic
from streams.local import BROKER_SCRIPT, WorkerProcess, free_port
from streams.schemas import TaggedArticle
from streams.settings import WirewatchSettings
from tests.builders import REPO
from tests.loadgen import encoded, generate

RULES = REPO / "deploy" / "rules" / "demo.yaml"


@dataclass
class Report:
    guarantee: str
    produced: int
    raw_records: int
    enriched_records: int
    kills: int
    broker_restarts: int
    seconds: float
    lost: list[str] = field(default_factory=list)
    duplicated: dict[str, int] = field(default_factory=dict)
    inconsistent: list[str] = field(default_factory=list)
    alerts_missing: list[str] = field(default_factory=list)
    alerts_unexpected: list[str] = field(default_factory=list)
    dead_letters: int = 0
    tagged_duplicated: int = 0  # ids the ingest processor wrote more than once
    events: list[str] = field(default_factory=list)

    @property
    def extra_copies(self) -> int:
        return sum(n - 1 for n in self.duplicated.values())

    def summary(self) -> str:
        return (
            f"{self.guarantee}: produced {self.produced}, raw records {self.raw_records}, enriched records "
            f"{self.enriched_records}, {self.kills} kills, {self.broker_restarts} broker restart(s), "
            f"{self.seconds:.0f} s: lost {len(self.lost)}, duplicated ids {len(self.duplicated)} "
            f"(extra copies {self.extra_copies}), inconsistent {len(self.inconsistent)}, "
            f"alerts missing {len(self.alerts_missing)}, unexpected {len(self.alerts_unexpected)}; "
            f"ids written twice to the tagged topic: {self.tagged_duplicated}"
        )


class Broker:
    """A broker of the harness's own (home, ports), so restarting it disturbs nothing else."""

    def __init__(self, home: Path) -> None:
        self.port = free_port()
        self.env = {
            **os.environ, "WIREWATCH_KAFKA_HOME": str(home), "WIREWATCH_KAFKA_PORT": str(self.port),
            "WIREWATCH_KAFKA_CONTROLLER_PORT": str(free_port()),
        }
        # The jars are the development broker's (resolved once by Maven), shared read-only.
        shared_libs = REPO / ".cache" / "kafka" / "libs"
        if shared_libs.is_dir() and not (home / "libs").exists():
            home.mkdir(parents=True, exist_ok=True)
            (home / "libs").symlink_to(shared_libs)

    def run(self, action: str) -> None:
        subprocess.run(["bash", str(BROKER_SCRIPT), action], env=self.env, check=True,
                       capture_output=True, text=True)


def _produce_steadily(settings: WirewatchSettings, records: list[tuple[str, bytes]], rate: float,
                      done: threading.Event, events: list[str]) -> None:
    """Send each record once acknowledged, at `rate` per second, riding out a broker restart."""

    def new_producer() -> AIOKafkaProducer:
        return AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all",
                                enable_idempotence=True, request_timeout_ms=5000)

    async def main() -> None:
        producer = new_producer()
        await producer.start()
        topic = settings.topic_name(topics.RAW.name)
        started = time.monotonic()
        try:
            for i, (key, value) in enumerate(records):
                delay = started + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                while True:
                    try:
                        await asyncio.wait_for(producer.send_and_wait(topic, value, key=key.encode()), 6)
                        break
                    except (KafkaError, TimeoutError) as exc:  # the broker is down: wait, resend
                        events.append(f"produce {key} retried: {type(exc).__name__}")
                        await asyncio.gather(asyncio.wait_for(producer.stop(), 10), return_exceptions=True)
                        await asyncio.sleep(0.5)
                        producer = new_producer()
                        with contextlib.suppress(KafkaError):
                            await producer.start()
        finally:
            await asyncio.gather(asyncio.wait_for(producer.stop(), 10), return_exceptions=True)

    try:
        asyncio.run(main())
    finally:
        done.set()


def run_harness(
    count: int = 500, rate: float = 25.0, kills: int = 5, broker_restart: bool = True,
    guarantee: str = "at_least_once", seed: int = 11, settle_seconds: float = 120.0,
    workdir: Path | None = None,
) -> Report:
    rng = random.Random(seed)
    workdir = workdir or Path(tempfile.mkdtemp(prefix="ww-crash-"))
    broker = Broker(workdir / "kafka")
    broker.run("start")
    settings = WirewatchSettings(broker_url=f"kafka://127.0.0.1:{broker.port}", topic_prefix="crash", app_id="crash")
    started = time.monotonic()
    report = Report(guarantee, count, 0, 0, 0, 0, 0.0)
    workers: list[WorkerProcess] = []
    try:
        asyncio.run(create_topics(settings))
        envs = []
        for n in range(2):
            envs.append({
                "WIREWATCH_BROKER_URL": settings.broker_url, "WIREWATCH_TOPIC_PREFIX": "crash",
                "WIREWATCH_APP_ID": "crash", "WIREWATCH_DATA_DIR": str(workdir / f"state-{n}"),
                "WIREWATCH_METRICS_PORT": str(free_port()), "WIREWATCH_RULES_FILE": str(RULES),
                "WIREWATCH_PROCESSING_GUARANTEE": guarantee,
                # The broker's smallest session timeout: a killed worker's partitions move sooner.
                "WIREWATCH_BROKER_SESSION_TIMEOUT": "6", "WIREWATCH_BROKER_REBALANCE_TIMEOUT": "6",
                "WIREWATCH_LOG_LEVEL": os.environ.get("WW_HARNESS_LOG", "info"),
            })
            workers.append(WorkerProcess(envs[n], workdir / f"worker-{n}.log").start())
        for n, worker in enumerate(workers):
            worker.wait_ready(int(envs[n]["WIREWATCH_METRICS_PORT"]))
        report.events.append(f"{time.monotonic() - started:.1f}s since start: workers ready")
        generated = generate(count, seed=seed, prefix="crash")
        records = encoded(generated)
        produce_seconds = count / rate
        done = threading.Event()
        producer = threading.Thread(
            target=_produce_steadily, args=(settings, records, rate, done, report.events), daemon=True)
        producer.start()
        # Faults at random moments within the production window, the broker restart mid-way.
        moments = sorted(rng.uniform(0.1, 0.9) * produce_seconds for _ in range(kills))
        broker_at = 0.5 * produce_seconds if broker_restart else None
        t0 = time.monotonic()
        for moment in [*moments, None]:
            if broker_at is not None and (moment is None or moment > broker_at):
                _sleep_until(t0 + broker_at)
                report.events.append(f"{time.monotonic() - t0:.1f}s broker restart")
                broker.run("stop")
                broker.run("start")
                report.broker_restarts += 1
                broker_at = None
            if moment is None:
                break
            _sleep_until(t0 + moment)
            n = rng.randrange(2)
            report.events.append(f"{time.monotonic() - t0:.1f}s kill -9 worker {n}")
            workers[n].kill()
            workers[n] = WorkerProcess(envs[n], workers[n].log_path).start()
            report.kills += 1
        done.wait()
        report.events.append(f"{time.monotonic() - t0:.1f}s all produced")
        # Settle: until every id is out, or the settle time has passed.
        expected = {key for key, _ in records}
        deadline = time.monotonic() + settle_seconds
        while time.monotonic() < deadline:
            out = asyncio.run(_read(settings, topics.ENRICHED))
            if expected <= {r.key for r in out}:
                break
            time.sleep(2)
        report.events.append(f"{time.monotonic() - t0:.1f}s all enriched")
        time.sleep(3)  # redeliveries of the last batches land too
        for worker in workers:
            worker.stop()
        report.events.append(f"{time.monotonic() - t0:.1f}s workers stopped")
        _verify(settings, report, expected)
        report.events.append(f"{time.monotonic() - t0:.1f}s verified")
    finally:
        for worker in workers:
            worker.stop()
        broker.run("kill")  # a throwaway broker: no controlled shutdown to wait for
        report.seconds = time.monotonic() - started
    if not (report.lost or report.duplicated or report.inconsistent):
        shutil.rmtree(workdir / "kafka" / "data", ignore_errors=True)  # kept for a post-mortem otherwise
    return report


def _sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


async def _read(settings: WirewatchSettings, spec: topics.TopicSpec) -> list:
    return await read_topic(settings, spec, timeout=60, idle_timeout=2, isolation_level="read_committed")


def _verify(settings: WirewatchSettings, report: Report, expected: set[str]) -> None:
    raw = asyncio.run(_read(settings, topics.RAW))
    enriched = asyncio.run(_read(settings, topics.ENRICHED))
    tagged = asyncio.run(_read(settings, topics.TAGGED))
    alerts = asyncio.run(_read(settings, topics.ALERTS))
    letters = asyncio.run(_read(settings, topics.DEAD_LETTERS))
    report.raw_records, report.enriched_records, report.dead_letters = len(raw), len(enriched), len(letters)
    raw_copies = Counter(r.key for r in raw)
    tagged_copies = Counter(r.key for r in tagged)
    report.tagged_duplicated = sum(1 for k, n in tagged_copies.items() if n > raw_copies.get(k, 1))
    copies: dict[str, list[dict]] = {}
    for r in enriched:
        copies.setdefault(r.key, []).append(orjson.loads(r.value))
    failed = {orjson.loads(r.value)["key"] for r in letters}
    report.lost = sorted(expected - set(copies) - failed)
    report.duplicated = {k: len(v) for k, v in copies.items() if len(v) > raw_copies.get(k, 1)}
    outcome = ("duplicate_of", "duplicate_method", "story_id", "content_hash")
    for key, versions in copies.items():
        if any({f: v[f] for f in outcome} != {f: versions[0][f] for f in outcome} for v in versions[1:]):
            report.inconsistent.append(key)
    # The faultless reference: the analyse chain in-process over the tagged stream's first copies.
    chains = build_chains({"alert": {"rules_file": str(RULES)}},
                          State(InMemoryTemplates(), InMemoryStoryIndex(), {}))
    seen: set[str] = set()
    reference_alerts: set[str] = set()
    for record in tagged:
        if record.key in seen:
            continue
        seen.add(record.key)
        handled = chains.analyse.run(codec.decode(record.value, TaggedArticle))
        for emit in handled.emits:
            if emit.spec is topics.ENRICHED:
                want = emit.model.model_dump(mode="json")
                got = copies.get(record.key, [None])[0]
                if got is not None and any(got[f] != want[f] for f in outcome):
                    report.inconsistent.append(record.key)
            elif emit.spec is topics.ALERTS:
                reference_alerts.add(emit.key)
    actual_alerts = {r.key for r in alerts}
    report.alerts_missing = sorted(reference_alerts - actual_alerts)
    report.alerts_unexpected = sorted(actual_alerts - reference_alerts)
    report.inconsistent = sorted(set(report.inconsistent))
