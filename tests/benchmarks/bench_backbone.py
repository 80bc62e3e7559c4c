"""Backbone figures: broker cold start, in-process stage speed, and throughput/latency through Kafka.

Run:  .venv/bin/pytest tests/benchmarks/bench_backbone.py -s -p no:cacheprovider
Prints a Markdown table for BENCHMARKS.md. Uses its own broker home and port, so it never touches
the development broker's data. Articles: the five seeds plus DER STANDARD articles from
../shared/data/news/10kgnad_test.csv (read at run time, never copied).
"""

from __future__ import annotations

import asyncio
import csv
import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from agents.registry import STAGES, build_stage
from streams import topics
from streams.codec import encode
from streams.inputs import InputRecord
from streams.kafka_io import create_topics, produce, read_topic
from streams.local import BROKER_SCRIPT, WorkerProcess, fetch_metrics, free_port
from streams.schemas import RawArticle
from streams.settings import WirewatchSettings
from tests.builders import REPO, seed_files, seed_raw

GNAD = REPO.parent / "shared" / "data" / "news" / "10kgnad_test.csv"
RESULTS: list[tuple[str, str]] = []


def articles(limit: int) -> list[RawArticle]:
    out = [seed_raw(p) for p in seed_files()]
    with GNAD.open(encoding="utf-8") as handle:
        for i, (_label, text) in enumerate(csv.reader(handle, delimiter=";", quotechar="'")):
            if len(out) >= limit:
                break
            out.append(RawArticle(id=f"gnad-{i}", url=f"gnad:{i}", source="derstandard", text=text))
    return out


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print("\n| measure | result |\n|---|---|")
    for name, value in RESULTS:
        print(f"| {name} | {value} |")


@pytest.fixture(scope="module")
def broker_env():
    home = Path(tempfile.mkdtemp(prefix="ww-bench-kafka-"))
    port = free_port()
    env = {**os.environ, "WIREWATCH_KAFKA_HOME": str(home), "WIREWATCH_KAFKA_PORT": str(port),
           "WIREWATCH_KAFKA_CONTROLLER_PORT": str(free_port())}
    # Share the development broker's resolved jars: resolution is not start-up.
    libs = REPO / ".cache" / "kafka" / "libs"
    if libs.is_dir():
        (home / "libs").symlink_to(libs)
    subprocess.run(["bash", str(BROKER_SCRIPT), "jars"], env=env, check=True)
    yield env, port
    subprocess.run(["bash", str(BROKER_SCRIPT), "stop"], env=env, check=False)


def test_broker_cold_start(broker_env) -> None:
    env, _port = broker_env
    times = []
    for _ in range(3):
        subprocess.run(["bash", str(BROKER_SCRIPT), "reset"], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run(["bash", str(BROKER_SCRIPT), "start"], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    RESULTS.append((
        "broker cold start (empty data dir: format storage + start + ready), median of 3",
        f"{statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})",
    ))


def test_in_process_stage_speed() -> None:
    items: list = articles(505)
    for name in STAGES:  # pipeline order; each stage is timed on the previous stage's output
        stage = build_stage(name, {})
        started = time.perf_counter()
        outputs = [stage(x) for x in items]
        elapsed = time.perf_counter() - started
        RESULTS.append((f"stage `{name}`, in process, {len(items)} articles",
                        f"{len(items) / elapsed:,.0f} articles/s ({elapsed / len(items) * 1000:.2f} ms each)"))
        items = outputs


def test_through_kafka(broker_env, tmp_path: Path) -> None:
    env, port = broker_env
    subprocess.run(["bash", str(BROKER_SCRIPT), "start"], env=env, check=True, capture_output=True)
    run = "bench" + os.urandom(3).hex()
    settings = WirewatchSettings(broker_url=f"kafka://127.0.0.1:{port}", topic_prefix=run, app_id=run)
    asyncio.run(create_topics(settings))
    metrics_port = free_port()
    worker_env = {"WIREWATCH_BROKER_URL": settings.broker_url, "WIREWATCH_TOPIC_PREFIX": run,
                  "WIREWATCH_APP_ID": run, "WIREWATCH_DATA_DIR": str(tmp_path / "state"),
                  "WIREWATCH_METRICS_PORT": str(metrics_port), "WIREWATCH_LOG_LEVEL": "warn",
                  "WIREWATCH_RULES_FILE": str(REPO / "deploy/rules/demo.yaml")}
    batch = articles(505)
    with WorkerProcess(worker_env, tmp_path / "worker.log") as worker:
        worker.wait_ready(metrics_port)
        # Warm-up: the worker joins its group and the first record passes every stage.
        asyncio.run(produce(settings, topics.RAW, [InputRecord("warm", encode(batch[0].model_copy(update={"id": "warm"})), "")]))
        asyncio.run(read_topic(settings, topics.ENRICHED, max_records=1, timeout=60))
        started = time.perf_counter()
        asyncio.run(produce(settings, topics.RAW, [InputRecord(a.id, encode(a), "") for a in batch]))
        got = asyncio.run(read_topic(settings, topics.ENRICHED, max_records=len(batch) + 1, timeout=600))
        elapsed = time.perf_counter() - started
        text = fetch_metrics(metrics_port)
    assert len(got) == len(batch) + 1
    RESULTS.append((f"through Kafka, one worker, {len(batch)} articles produced at once",
                    f"{len(batch) / elapsed:,.1f} articles/s ({elapsed:.1f} s until the last enriched record)"))
    buckets = [(float(le), float(v)) for le, v in re.findall(
        r'wirewatch_end_to_end_latency_seconds_bucket\{le="([0-9.e+]+)"\} ([0-9.e+]+)', text)]
    total = buckets[-1][1]
    p50 = next(le for le, v in buckets if v >= total * 0.5)
    RESULTS.append(("end-to-end latency, median bucket of the histogram (includes queueing behind the batch)",
                    f"≤ {p50:g} s"))
