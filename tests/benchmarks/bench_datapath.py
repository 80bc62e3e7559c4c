"""The data path, all figures from one run on one broker (issue: "from 8 to hundreds of articles
per second"). Never collected by `make test`.

Run:  .venv/bin/pytest tests/benchmarks/bench_datapath.py -s -p no:cacheprovider
      WW_BENCH_COUNT=20000 (default) articles; WW_BENCH_GUARANTEE=exactly_once for that mode.

Reports (a) a bare aiokafka consume->produce relay of the same records (acks=all, commit per
batch), (b) the four stages in-process, (c) one worker process, (d) two worker processes,
(e) raw->enriched latency at half of (c)'s rate for 60 s, (f) changelog and output records per
article, (g) worker peak RSS, (h) dedup time per article at 1k and at N indexed articles.
Articles: tests/loadgen.py (real DER STANDARD text, reprints and near duplicates mixed in).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from agents import stores
from agents.chrome import InMemoryTemplates
from agents.pipeline import Pipeline
from agents.registry import State, build_chains
from streams import topics
from streams.kafka_io import create_topics, read_topic
from streams.local import WorkerProcess, fetch_metrics, free_port
from streams.settings import WirewatchSettings
from streams.state import StateStore
from tests.builders import REPO
from tests.crash import Broker
from tests.loadgen import encoded, generate

pytestmark = pytest.mark.timeout(4 * 3600)  # a benchmark, not a test: no per-test limit

COUNT = int(os.environ.get("WW_BENCH_COUNT", "20000"))
GUARANTEE = os.environ.get("WW_BENCH_GUARANTEE", "at_least_once")
class _Results(list):
    """Rows of the table; each is also printed when measured, so a long run's figures survive."""

    def append(self, row: tuple[str, str]) -> None:  # type: ignore[override]
        print(f"\n[measured] {row[0]}: {row[1]}", flush=True)
        super().append(row)


RESULTS: list[tuple[str, str]] = _Results()
TAGGED: list = []  # the ingest chain's outputs in (b), reused by (h)


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\n| measure ({COUNT} articles, {GUARANTEE}) | result |\n|---|---|")
    for name, value in RESULTS:
        print(f"| {name} | {value} |")


@pytest.fixture(scope="module")
def broker():
    home = Path(tempfile.mkdtemp(prefix="ww-bench-datapath-"))
    b = Broker(home)
    b.run("start")
    yield b
    b.run("stop")


@pytest.fixture(scope="module")
def records() -> list[tuple[str, bytes]]:
    return encoded(generate(COUNT, seed=3, prefix="bench"))


def settings_for(broker: Broker, name: str) -> WirewatchSettings:
    return WirewatchSettings(broker_url=f"kafka://127.0.0.1:{broker.port}", topic_prefix=name, app_id=name,
                             processing_guarantee=GUARANTEE)


async def produce_all(settings: WirewatchSettings, records: list[tuple[str, bytes]], topic: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all",
                                enable_idempotence=True, max_batch_size=1024 * 1024, linger_ms=5)
    await producer.start()
    try:
        futures = [await producer.send(topic, value, key=key.encode()) for key, value in records]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def test_a_bare_relay(broker: Broker, records: list[tuple[str, bytes]]) -> None:
    settings = settings_for(broker, "relay")
    asyncio.run(create_topics(settings, [topics.RAW, topics.ENRICHED]))
    source, target = settings.topic_name(topics.RAW.name), settings.topic_name(topics.ENRICHED.name)
    asyncio.run(produce_all(settings, records, source))

    async def relay() -> float:
        consumer = AIOKafkaConsumer(source, bootstrap_servers=settings.bootstrap_servers, group_id="relay",
                                    enable_auto_commit=False, auto_offset_reset="earliest")
        producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all",
                                    enable_idempotence=True, max_batch_size=1024 * 1024, linger_ms=2)
        await consumer.start()
        await producer.start()
        moved = 0
        started = None
        try:
            while moved < len(records):
                batch = await consumer.getmany(timeout_ms=500, max_records=200)
                if started is None and batch:
                    started = time.perf_counter()
                futures = [await producer.send(target, r.value, key=r.key) for rs in batch.values() for r in rs]
                await asyncio.gather(*futures)
                await consumer.commit()
                moved += len(futures)
            return moved / (time.perf_counter() - (started or time.perf_counter()))
        finally:
            await consumer.stop()
            await producer.stop()

    rate = asyncio.run(relay())
    RESULTS.append(("(a) bare aiokafka relay, batches of 200, acks=all", f"{rate:,.0f} records/s"))


def test_b_in_process(records: list[tuple[str, bytes]]) -> None:
    pipeline = Pipeline({"alert": {"rules_file": str(REPO / "deploy/rules/demo.yaml")}})
    per_stage: dict[str, float] = {}
    started = time.perf_counter()
    for _key, value in records:
        handled = pipeline.chains.ingest(value)
        if handled.emits:
            TAGGED.append(handled.emits[0].model)
            handled2 = pipeline.chains.analyse.run(handled.emits[0].model)
            handled.durations += handled2.durations
        for stage, seconds in handled.durations:
            per_stage[stage] = per_stage.get(stage, 0.0) + seconds
    elapsed = time.perf_counter() - started
    test_b_in_process.rate = len(records) / elapsed  # type: ignore[attr-defined]
    stages = ", ".join(f"{k} {1000 * v / len(records):.2f}" for k, v in per_stage.items())
    RESULTS.append(("(b) four stages in-process, one core", f"{len(records) / elapsed:,.1f} articles/s "
                    f"({1000 * elapsed / len(records):.2f} ms/article; ms per stage: {stages})"))


def run_workers(broker: Broker, records: list[tuple[str, bytes]], name: str, count: int) -> dict[str, float]:
    """Pre-load the raw topic, start `count` workers, time until every article is enriched."""
    settings = settings_for(broker, name)
    asyncio.run(create_topics(settings))
    asyncio.run(produce_all(settings, records, settings.topic_name(topics.RAW.name)))
    workdir = Path(tempfile.mkdtemp(prefix=f"ww-bench-{name}-"))
    workers, ports = [], []
    for n in range(count):
        port = free_port()
        env = {"WIREWATCH_BROKER_URL": settings.broker_url, "WIREWATCH_TOPIC_PREFIX": name,
               "WIREWATCH_APP_ID": name, "WIREWATCH_DATA_DIR": str(workdir / f"state-{n}"),
               "WIREWATCH_METRICS_PORT": str(port), "WIREWATCH_PROCESSING_GUARANTEE": GUARANTEE,
               "WIREWATCH_RULES_FILE": str(REPO / "deploy/rules/demo.yaml"), "WIREWATCH_LOG_LEVEL": "warn"}
        workers.append(WorkerProcess(env, workdir / f"worker-{n}.log").start())
        ports.append(port)
    peak_rss = 0
    try:
        for worker, port in zip(workers, ports, strict=True):
            worker.wait_ready(port)
        started = time.perf_counter()
        while True:
            # Every article ends as an enriched record or a dead letter (a page that is all
            # chrome); count both.
            done = sum(_metric(fetch_metrics(p), 'wirewatch_records_out_total{topic="articles.enriched.v1"}')
                       + _metric(fetch_metrics(p), 'wirewatch_records_out_total{topic="deadletter.v1"}')
                       for p in ports)
            peak_rss = max(peak_rss, *(_peak_rss(w) for w in workers))
            if done >= len(records):
                break
            if time.perf_counter() - started > 3600:
                raise TimeoutError(f"{done} of {len(records)} after an hour")
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        changelog = sum(_metric(fetch_metrics(p), f'wirewatch_changelog_records_total{{processor="{proc}"}}')
                        for p in ports for proc in ("ingest", "analyse"))
        outputs = sum(_metric(fetch_metrics(p), f'wirewatch_records_out_total{{topic="{t.name}"}}')
                      for p in ports for t in (topics.TAGGED, topics.ENRICHED, topics.STORIES, topics.ALERTS))
    finally:
        for worker in workers:
            worker.stop()
    return {"rate": len(records) / elapsed, "changelog": changelog / len(records),
            "outputs": outputs / len(records), "rss_mb": peak_rss / 1024}


def _metric(text: str, series: str) -> float:
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def _peak_rss(worker: WorkerProcess) -> int:
    """VmHWM (kB) of the worker process."""
    if worker.proc is None:
        return 0
    try:
        for line in Path(f"/proc/{worker.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def test_c_d_f_g_workers(broker: Broker, records: list[tuple[str, bytes]]) -> None:
    one = run_workers(broker, records, "one", 1)
    test_c_d_f_g_workers.one = one  # type: ignore[attr-defined]
    in_process = getattr(test_b_in_process, "rate", None)
    share = f" = {100 * one['rate'] / in_process:.0f}% of in-process" if in_process else ""
    RESULTS.append(("(c) one worker process", f"{one['rate']:,.1f} articles/s{share}"))
    two = run_workers(broker, records, "two", 2)
    RESULTS.append(("(d) two worker processes", f"{two['rate']:,.1f} articles/s = {two['rate'] / one['rate']:.2f}x one"))
    RESULTS.append(("(f) changelog records per article (all state)", f"{one['changelog']:.2f}"))
    RESULTS.append(("(f) output records per article (tagged, enriched, stories, alerts)", f"{one['outputs']:.2f}"))
    RESULTS.append(("(g) worker peak RSS", f"{one['rss_mb']:,.0f} MB (one worker), {two['rss_mb']:,.0f} MB (largest of two)"))


def test_e_latency_at_half_load(broker: Broker, records: list[tuple[str, bytes]]) -> None:
    one = getattr(test_c_d_f_g_workers, "one", {"rate": 20.0})
    rate = one["rate"] / 2
    settings = settings_for(broker, "latency")
    asyncio.run(create_topics(settings))
    workdir = Path(tempfile.mkdtemp(prefix="ww-bench-latency-"))
    port = free_port()
    env = {"WIREWATCH_BROKER_URL": settings.broker_url, "WIREWATCH_TOPIC_PREFIX": "latency",
           "WIREWATCH_APP_ID": "latency", "WIREWATCH_DATA_DIR": str(workdir / "state"),
           "WIREWATCH_METRICS_PORT": str(port), "WIREWATCH_PROCESSING_GUARANTEE": GUARANTEE,
           "WIREWATCH_RULES_FILE": str(REPO / "deploy/rules/demo.yaml"), "WIREWATCH_LOG_LEVEL": "warn"}
    worker = WorkerProcess(env, workdir / "worker.log").start()
    sample = records[: int(rate * 60)]
    try:
        worker.wait_ready(port)

        async def steady() -> None:
            producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all")
            await producer.start()
            started = time.monotonic()
            try:
                for i, (key, value) in enumerate(sample):
                    await asyncio.sleep(max(0.0, started + i / rate - time.monotonic()))
                    await producer.send(settings.topic_name(topics.RAW.name), value, key=key.encode())
                await producer.flush()
            finally:
                await producer.stop()

        asyncio.run(steady())
        out = asyncio.run(read_topic(settings, topics.ENRICHED, timeout=120, idle_timeout=5))
    finally:
        worker.stop()
    latencies = sorted((r.timestamp - int(r.headers["ww-ingested-ms"])) / 1000 for r in out)
    q = statistics.quantiles(latencies, n=100)
    RESULTS.append((f"(e) raw->enriched latency at {rate:.1f} articles/s for 60 s ({len(latencies)} articles)",
                    f"p50 {q[49]:.3f} s, p95 {q[94]:.3f} s, p99 {q[98]:.3f} s"))


def test_h_dedup_time_by_index_size(records: list[tuple[str, bytes]]) -> None:
    """The analyse chain over a RocksDB state store, as in the worker: dedup time per article
    over the first 1,000 articles against the last 1,000 of the run."""
    if not TAGGED:
        ingest = build_chains({}, State(InMemoryTemplates(), stores.story_index(StateStore(None)), {})).ingest
        TAGGED.extend(h.emits[0].model for h in (ingest(v) for _k, v in records) if h.emits)
    with tempfile.TemporaryDirectory() as tmp:
        store = StateStore(Path(tmp) / "analyse")
        chains = build_chains({}, State(InMemoryTemplates(), stores.story_index(store), stores.alert_state(store)))
        dedup_ms: list[float] = []
        for i, article in enumerate(TAGGED):
            done = chains.analyse.run(article)
            dedup_ms.extend(1000 * s for stage, s in done.durations if stage == "dedup")
            store.take_changes()
            if i % 200 == 0:
                store.flush({0: i})
        store.close()
    first, last = statistics.mean(dedup_ms[:1000]), statistics.mean(dedup_ms[-1000:])
    RESULTS.append(("(h) dedup time per article, first 1k vs last 1k indexed",
                    f"{first:.2f} ms vs {last:.2f} ms ({last / first:.2f}x)"))
