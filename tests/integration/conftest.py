"""A real Apache Kafka broker for the session, and a worker subprocess per test."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from streams.kafka_io import Consumed, create_topics, delete_topics, read_topic
from streams.local import WorkerProcess, broker, broker_running, free_port
from streams.settings import WirewatchSettings
from streams.topics import TopicSpec
from tests.builders import REPO


@pytest.fixture(scope="session")
def kafka() -> Iterator[WirewatchSettings]:
    """Start the local broker unless one is running; stop it afterwards only if we started it.
    At the end, every topic the session created must be gone again."""
    started_here = not broker_running()
    broker("start")
    port = os.environ.get("WIREWATCH_KAFKA_PORT", "19092")
    settings = WirewatchSettings(broker_url=f"kafka://127.0.0.1:{port}")
    before = asyncio.run(_topic_names(settings))
    yield settings
    left = asyncio.run(_topic_names(settings)) - before
    if started_here:
        broker("stop")
    assert not left, f"topics left behind by the tests: {sorted(left)}"


async def _topic_names(settings: WirewatchSettings) -> set[str]:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await admin.start()
    try:
        return {t for t in await admin.list_topics() if not t.startswith("__")}
    finally:
        await admin.close()


@dataclass
class RunningPipeline:
    settings: WirewatchSettings
    worker: WorkerProcess
    metrics_port: int
    env: dict[str, str]

    def restart(self) -> None:
        self.worker.stop()
        self.worker = WorkerProcess(self.env, self.worker.log_path).start()
        self.worker.wait_ready(self.metrics_port)


@pytest.fixture()
def pipeline(kafka: WirewatchSettings, tmp_path: Path) -> Iterator[RunningPipeline]:
    """Fresh topics (uuid prefix), a fresh consumer group, and `wirewatch worker` running."""
    run = f"t{uuid.uuid4().hex[:10]}"
    settings = kafka.model_copy(update={"topic_prefix": run, "app_id": run})
    port = free_port()
    env = {
        "WIREWATCH_BROKER_URL": settings.broker_url,
        "WIREWATCH_TOPIC_PREFIX": run,
        "WIREWATCH_APP_ID": run,
        "WIREWATCH_DATA_DIR": str(tmp_path / "state"),
        "WIREWATCH_METRICS_PORT": str(port),
        "WIREWATCH_RULES_FILE": str(REPO / "deploy/rules/demo.yaml"),
        "WIREWATCH_LOG_LEVEL": "info",
    }
    asyncio.run(create_topics(settings))
    worker = WorkerProcess(env, tmp_path / "worker.log").start()
    running = RunningPipeline(settings, worker, port, env)
    try:
        worker.wait_ready(port)
        yield running
    finally:
        running.worker.stop()
        asyncio.run(delete_topics(settings, run))


def read_keys(settings: WirewatchSettings, spec: TopicSpec, keys: set[str], timeout: float = 60) -> dict[str, Consumed]:
    """The latest record of each key, reading until every key is there.

    At-least-once: after a restart a record may come twice, so counting records is not enough.
    """
    deadline = time.monotonic() + timeout
    latest: dict[str, Consumed] = {}
    while time.monotonic() < deadline:
        records = asyncio.run(read_topic(settings, spec, timeout=min(10, deadline - time.monotonic()), idle_timeout=1))
        latest = {r.key: r for r in records if r.key is not None}
        if keys <= set(latest):
            break
    return latest
