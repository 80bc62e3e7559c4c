"""SCRAM-SHA-512 over TLS: a broker of the test's own with a SASL_SSL listener and a CA made
here; the seeds go end to end through a worker that only knows that listener."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from streams import topics
from streams.codec import encode
from streams.inputs import InputRecord
from streams.kafka_io import produce, read_topic
from streams.local import WorkerProcess, free_port
from streams.settings import WirewatchSettings
from tests.builders import REPO, seed_files, seed_raw
from tests.secure import SecureBroker

pytestmark = pytest.mark.integration

PASSWORD = "s3cret-" + os.urandom(6).hex()


@pytest.fixture(scope="module")
def secure_broker(kafka: WirewatchSettings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureBroker]:
    # `kafka`: the session's broker has resolved the jars this broker shares.
    broker = SecureBroker(tmp_path_factory.mktemp("secure") / "kafka", {"wirewatch": PASSWORD})
    broker.run("start")
    try:
        yield broker
    finally:
        broker.run("kill")  # throwaway: no controlled shutdown to wait for


def secured_env(broker: SecureBroker, password_file: Path) -> dict[str, str]:
    return {
        "WIREWATCH_BROKER_URL": f"kafka://127.0.0.1:{broker.sasl_port}",
        "WIREWATCH_SECURITY_PROTOCOL": "SASL_SSL",
        "WIREWATCH_SASL_MECHANISM": "SCRAM-SHA-512",
        "WIREWATCH_SASL_USERNAME": "wirewatch",
        "WIREWATCH_SASL_PASSWORD_FILE": str(password_file),
        "WIREWATCH_SSL_CAFILE": str(broker.certificates.ca),
    }


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "streams.cli", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env})


def test_seeds_end_to_end_over_sasl_ssl(secure_broker: SecureBroker, tmp_path: Path) -> None:
    password_file = tmp_path / "kafka-password"
    password_file.write_text(PASSWORD + "\n")
    env = {**secured_env(secure_broker, password_file), "WIREWATCH_TOPIC_PREFIX": "sec", "WIREWATCH_APP_ID": "sec",
           "WIREWATCH_DATA_DIR": str(tmp_path / "state"), "WIREWATCH_METRICS_PORT": str(free_port()),
           "WIREWATCH_RULES_FILE": str(REPO / "deploy/rules/demo.yaml"), "WIREWATCH_LOG_LEVEL": "debug"}
    created = cli(env, "topics", "create")
    assert created.returncode == 0, created.stderr
    settings = WirewatchSettings(**{k.removeprefix("WIREWATCH_").lower(): v for k, v in env.items()})
    with WorkerProcess(env, tmp_path / "worker.log") as worker:
        worker.wait_ready(int(env["WIREWATCH_METRICS_PORT"]))
        files = seed_files()
        asyncio.run(produce(settings, topics.RAW, [InputRecord(p.stem, encode(seed_raw(p)), "") for p in files]))
        enriched = asyncio.run(read_topic(settings, topics.ENRICHED, max_records=len(files), timeout=90))
        assert {r.key for r in enriched} == {p.stem for p in files}, worker.tail()
        assert len({orjson.loads(r.value)["story_id"] for r in enriched}) == 1
    log = (tmp_path / "worker.log").read_text("utf-8", "replace")
    assert "Authenticated as wirewatch via SCRAM-SHA-512" in log  # the client's own debug record
    assert PASSWORD not in log  # not even at debug level


def test_wrong_password_fails_with_a_clear_message(secure_broker: SecureBroker, tmp_path: Path) -> None:
    password_file = tmp_path / "kafka-password"
    password_file.write_text("not-the-password")
    env = secured_env(secure_broker, password_file)
    refused = cli(env, "topics", "create")
    assert refused.returncode == 3
    assert refused.stderr.strip() == (
        f"Kafka at 127.0.0.1:{secure_broker.sasl_port} (SASL_SSL) refused user 'wirewatch' with SCRAM-SHA-512: "
        "check WIREWATCH_SASL_USERNAME and the password (WIREWATCH_SASL_PASSWORD or _FILE)"
    )
    untrusted = cli({**env, "WIREWATCH_SSL_CAFILE": ""}, "topics", "create")  # the system's CAs
    assert untrusted.returncode == 3 and "is not trusted" in untrusted.stderr and "WIREWATCH_SSL_CAFILE" in untrusted.stderr
    # a worker with the wrong password stops, saying why, instead of retrying for ever
    worker_env = {**env, "WIREWATCH_METRICS_PORT": "0", "WIREWATCH_DATA_DIR": str(tmp_path / "state")}
    worker = subprocess.run([sys.executable, "-m", "streams.cli", "worker"], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, **worker_env})
    assert worker.returncode != 0
    assert "refused user 'wirewatch' with SCRAM-SHA-512" in worker.stderr


def test_secrets_never_show_in_settings() -> None:
    settings = WirewatchSettings(security_protocol="SASL_SSL", sasl_username="u", sasl_password="hunter2-x")
    assert "hunter2-x" not in repr(settings) and "hunter2-x" not in str(settings.model_dump())
    assert settings.sasl_secret() == "hunter2-x"
