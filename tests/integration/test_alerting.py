"""Alert rules changed while the worker runs, and alerts delivered to a signed webhook, over the
real broker, a real worker and a real HTTP receiver."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from aiohttp import web

from agents import webhook
from streams import topics
from streams.kafka_io import produce, produce_keyed, read_topic
from streams.local import fetch_metrics
from tests.builders import REPO, raw_article, seed_files, seed_raw
from tests.integration.conftest import RunningPipeline
from tests.integration.test_end_to_end import read, record

pytestmark = pytest.mark.integration
SECRET = "s3cr3t-for-tests"


class Receiver:
    """A webhook receiver on 127.0.0.1 that refuses the first request (503) and keeps the rest."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.refused = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        if self.refused == 0:
            self.refused += 1
            return web.Response(status=503)
        self.requests.append((dict(request.headers), body))
        return web.Response(status=204)

    def start(self) -> Receiver:
        def run() -> None:
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_post("/hook", self._handle)
            self._runner = runner = web.AppRunner(app)
            self._loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            self._ready.set()
            self._loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


def cli(p: RunningPipeline, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "streams.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, **p.env},
    )


def wait_for_metric(p: RunningPipeline, line: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if line in fetch_metrics(p.metrics_port):
                return
        except OSError as exc:  # the worker is gone: say why
            raise AssertionError(f"no metrics ({exc}); worker log:\n{p.worker.tail()}") from exc
        time.sleep(0.3)
    raise AssertionError(f"metric line {line!r} never appeared; worker log:\n{p.worker.tail()}")


def rules_file(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(f"rules:\n{body}", "utf-8")
    return path


def test_rules_change_at_run_time_and_alerts_reach_a_signed_webhook(
    pipeline: RunningPipeline, receiver: Receiver, tmp_path: Path
) -> None:
    del pipeline.env["WIREWATCH_RULES_FILE"]  # only the topic's rules
    pipeline.env.update({
        "WIREWATCH_WEBHOOKS": orjson.dumps([{
            "url": f"http://127.0.0.1:{receiver.port}/hook", "secret_env": "WW_TEST_HOOK_SECRET",
            "backoff_seconds": 0.2,
        }]).decode(),
        "WW_TEST_HOOK_SECRET": SECRET,
    })
    pipeline.restart()

    # A rules file applied while the worker runs; a broken record on the topic is refused.
    first = rules_file(tmp_path, "first.yaml", (
        "  - id: talks\n    kind: keyword\n    query: 'Lawrow AND Blinken'\n    severity: critical\n"
    ))
    applied = cli(pipeline, "rules", "apply", str(first))
    assert applied.returncode == 0 and "add     talks" in applied.stdout, applied.stderr
    asyncio.run(produce_keyed(pipeline.settings, topics.RULES, [("broken", b'{"rule": {"id": "broken", "kind": "keyword", "query": "(a"}}')]))
    wait_for_metric(pipeline, "wirewatch_alert_rules 1.0")
    listed = cli(pipeline, "rules", "list")
    assert listed.stdout.split()[:2] == ["talks", "keyword"], listed.stdout

    asyncio.run(produce(pipeline.settings, topics.RAW, [record(seed_raw(seed_files()[0]))]))
    assert len(read(pipeline, topics.ENRICHED, 1)) == 1, pipeline.worker.tail()
    alerts = [orjson.loads(r.value) for r in read(pipeline, topics.ALERTS, 1)]
    assert [a["rule_id"] for a in alerts] == ["talks"]
    assert {t["text"] for t in alerts[0]["matched_terms"]} >= {"Lawrow", "Blinken"}

    # Replace the rule set: `talks` goes (tombstone), `osce` comes; the next article sees only it.
    second = rules_file(tmp_path, "second.yaml", "  - id: osce\n    kind: entity\n    entities: [Q81299]\n")
    applied = cli(pipeline, "rules", "apply", str(second))
    assert "delete  talks" in applied.stdout and "add     osce" in applied.stdout, applied.stdout
    wait_for_metric(pipeline, "wirewatch_alert_rules 1.0")
    time.sleep(1.0)  # the follower applies both records of one poll together; give it one more
    later = raw_article(id="later", text="Lawrow und die OSZE trafen sich in Genf zu Gesprächen über die Lage.")
    asyncio.run(produce(pipeline.settings, topics.RAW, [record(later)]))
    alerts = [orjson.loads(r.value) for r in read(pipeline, topics.ALERTS, 2)]
    assert [a["rule_id"] for a in alerts] == ["talks", "osce"], alerts

    letters = [orjson.loads(r.value) for r in asyncio.run(
        read_topic(pipeline.settings, topics.DEAD_LETTERS, timeout=10, idle_timeout=1)
    )]
    refused = [letter for letter in letters if letter["stage"] == "rules"]
    assert len(refused) == 1 and refused[0]["key"] == "broken" and "never closed" in refused[0]["reason"]

    # Both alerts reached the webhook, signed; the first attempt was refused and retried.
    deadline = time.monotonic() + 30
    while len(receiver.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert receiver.refused == 1 and len(receiver.requests) == 2, pipeline.worker.tail()
    for headers, body in receiver.requests:
        stamp = int(headers[webhook.TIMESTAMP_HEADER])
        assert webhook.verify(SECRET.encode(), stamp, body, headers[webhook.SIGNATURE_HEADER])
        assert headers["X-Wirewatch-Alert"] == orjson.loads(body)["alert_id"]
    assert not webhook.verify(b"another secret", stamp, body, headers[webhook.SIGNATURE_HEADER])
    text = fetch_metrics(pipeline.metrics_port)
    assert 'wirewatch_webhook_deliveries_total{outcome="delivered"} 2.0' in text
    assert 'wirewatch_webhook_deliveries_total{outcome="retried"} 1.0' in text
