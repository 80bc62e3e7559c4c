"""The shipped monitoring against a live worker: a real Prometheus (scraping every second, with
deploy/prometheus/alerts.yml) and a real Alertmanager (deploy/alertmanager/alertmanager.yml).
Every Grafana panel query and every rule expression must name only metrics the worker exports
and return series once articles (and bad input) have gone through; a dead-letter alert must
reach Alertmanager."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from streams import topics
from streams.codec import encode
from streams.inputs import InputRecord
from streams.kafka_io import produce, read_topic
from streams.local import fetch_metrics, free_port
from tests.builders import REPO, seed_files, seed_raw
from tests.integration.conftest import RunningPipeline

pytestmark = pytest.mark.integration

PROMETHEUS = shutil.which("prometheus")
ALERTMANAGER = shutil.which("alertmanager") or shutil.which("prometheus-alertmanager")
RULES = yaml.safe_load((REPO / "deploy/prometheus/alerts.yml").read_text("utf-8"))
DASHBOARD = json.loads((REPO / "deploy/grafana/dashboards/wirewatch.json").read_text("utf-8"))
# A name PromQL would read as a metric: followed by a selector, range or operator, not "(".
METRIC = re.compile(r"\b(wirewatch_[a-z_]+|up)\b(?!\s*\()")
COMPARISON = re.compile(r"\s*(==|!=|>=|<=|>|<)\s*[0-9.e+-]+\s*$")

needs_binaries = pytest.mark.skipif(
    (PROMETHEUS is None or ALERTMANAGER is None) and os.environ.get("CI") != "true",
    reason="prometheus / alertmanager not installed (Debian: prometheus, prometheus-alertmanager)",
)


def panel_queries() -> list[str]:
    return [t["expr"] for p in DASHBOARD["panels"] for t in p.get("targets", [])]


def rule_expressions() -> dict[str, str]:
    return {r["alert"]: r["expr"].strip() for g in RULES["groups"] for r in g["rules"]}


def without_thresholds(expr: str) -> list[str]:
    """The parts of `A > x and B == y` a rule compares, so each can be checked for data."""
    return [COMPARISON.sub("", part.strip()) for part in re.split(r"\s+and\s+", expr)]


class Server:
    def __init__(self, args: list[str], port: int, log: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self.proc = subprocess.Popen(args, stdout=log.open("wb"), stderr=subprocess.STDOUT)

    def get(self, path: str, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(self.url + path + query, timeout=10) as response:
            return json.loads(response.read())

    def wait_up(self, path: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(self.url + path, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"{self.url} not up: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture()
def monitoring(pipeline: RunningPipeline, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    assert PROMETHEUS and ALERTMANAGER, "CI must have prometheus and alertmanager (.ci/run installs them)"
    am_port, prom_port = free_port(), free_port()
    alertmanager = Server([
        ALERTMANAGER, f"--config.file={REPO / 'deploy/alertmanager/alertmanager.yml'}",
        f"--storage.path={tmp_path / 'am'}", f"--web.listen-address=127.0.0.1:{am_port}",
        "--cluster.listen-address=",
    ], am_port, tmp_path / "alertmanager.log")
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(REPO / "deploy/prometheus/alerts.yml")],
        "alerting": {"alertmanagers": [{"static_configs": [{"targets": [f"127.0.0.1:{am_port}"]}]}]},
        "scrape_configs": [{"job_name": "wirewatch",
                            "static_configs": [{"targets": [f"127.0.0.1:{pipeline.metrics_port}"]}]}],
    }
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    prometheus = Server([
        PROMETHEUS, f"--config.file={tmp_path / 'prometheus.yml'}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
        f"--web.listen-address=127.0.0.1:{prom_port}",
    ], prom_port, tmp_path / "prometheus.log")
    try:
        alertmanager.wait_up("/-/ready")
        prometheus.wait_up("/-/ready")
        # As in production, Prometheus has seen the worker's series at 0 before anything happens.
        deadline = time.monotonic() + 30
        while not prometheus.get("/api/v1/query", query='count_over_time(up{job="wirewatch"}[1m]) >= 2')["data"]["result"]:
            assert time.monotonic() < deadline, "Prometheus did not scrape the worker"
            time.sleep(0.5)
        yield prometheus, alertmanager
    finally:
        prometheus.stop()
        alertmanager.stop()


@needs_binaries
def test_every_panel_and_rule_query_and_the_status_screen_on_a_live_worker(
    pipeline: RunningPipeline, monitoring: tuple[Server, Server]
) -> None:
    prometheus, alertmanager = monitoring
    files = seed_files()
    records = [InputRecord(p.stem, encode(seed_raw(p)), "") for p in files]
    records.append(InputRecord("not-json", b"{oops", ""))
    asyncio.run(produce(pipeline.settings, topics.RAW, records))
    assert len(asyncio.run(read_topic(pipeline.settings, topics.ENRICHED, max_records=len(files), timeout=60))) == len(files)

    exported = {line.split("{")[0].split(" ")[0] for line in fetch_metrics(pipeline.metrics_port).splitlines()
                if line and not line.startswith("#")} | {"up"}
    queries = {f"panel {q}": q for q in panel_queries()}
    for name, expr in rule_expressions().items():
        for part in without_thresholds(expr):
            queries[f"rule {name}: {part}"] = part
    for what, expr in queries.items():
        unknown = set(METRIC.findall(expr)) - exported
        assert not unknown, f"{what} names metrics the worker does not export: {sorted(unknown)}"

    # Some samples after the traffic, then every query must have data.
    empty: dict[str, str] = {}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        empty = {}
        for what, expr in queries.items():
            answer = prometheus.get("/api/v1/query", query=expr)
            assert answer["status"] == "success", (what, answer)
            if not answer["data"]["result"]:
                empty[what] = expr
        if not empty:
            break
        time.sleep(1)
    assert not empty, f"queries without series after traffic: {sorted(empty)}"

    rules = [r for g in prometheus.get("/api/v1/rules")["data"]["groups"] for r in g["rules"]]
    assert {r["name"] for r in rules} == set(rule_expressions())
    assert all(r["health"] == "ok" for r in rules), [(r["name"], r.get("lastError")) for r in rules]

    # The bad record fired WirewatchDeadLetters, and Prometheus handed it to Alertmanager.
    deadline = time.monotonic() + 30
    received: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        received = alertmanager.get("/api/v2/alerts")
        if any(a["labels"]["alertname"] == "WirewatchDeadLetters" for a in received):
            break
        time.sleep(1)
    fired = [a for a in received if a["labels"]["alertname"] == "WirewatchDeadLetters"]
    assert fired, json.dumps(prometheus.get("/api/v1/alerts"))[:3000] + prometheus.log.read_text()[-2000:]
    assert {(a["labels"]["stage"], a["labels"]["reason"]) for a in fired} == {("clean", "invalid_json")}

    # `wirewatch status` shows the same deployment on one 80-column screen.
    env = {**os.environ, **pipeline.env, "COLUMNS": "80"}
    shown = subprocess.run(
        [sys.executable, "-m", "streams.cli", "status", "--interval", "0.5",
         "--metrics", f"http://127.0.0.1:{pipeline.metrics_port}/metrics"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
    lines = shown.stdout.splitlines()
    assert "ready" in lines[0]
    assert max(len(line) for line in lines) <= 80
    rows = {cells[1].strip(): [c.strip() for c in cells[2:6]]
            for cells in (line.split("│") for line in lines) if len(cells) > 6}
    assert rows["ingest"][2] == "0" and rows["analyse"][2] == "0"  # caught up: nothing behind
    assert "invalid_json" in shown.stdout  # the dead letter, by reason
    assert "stories open (a summary in the last 24 h): 1" in shown.stdout
    assert "watch-lavrov" in shown.stdout  # the demo rules' alert on the seeds


def test_every_rule_has_a_promtool_test() -> None:
    tests = yaml.safe_load((REPO / "deploy/prometheus/alerts_test.yml").read_text("utf-8"))["tests"]
    tested = {case["alertname"] for t in tests for case in t.get("alert_rule_test", [])}
    assert set(rule_expressions()) <= tested, set(rule_expressions()) - tested


def test_threshold_stripping_keeps_what_is_compared() -> None:
    expr = 'sum(rate(a_total{topic="x"}[10m])) > 0\nand sum(rate(b_total[10m])) == 0'
    assert without_thresholds(expr) == ['sum(rate(a_total{topic="x"}[10m]))', "sum(rate(b_total[10m]))"]
    assert without_thresholds("max by (p) (g) > 300") == ["max by (p) (g)"]

