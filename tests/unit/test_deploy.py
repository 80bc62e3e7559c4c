"""Static checks of what cannot run here: docker compose, Prometheus and Grafana provisioning."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
import yaml

from streams.settings import WirewatchSettings
from tests.builders import REPO

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text("utf-8"))
PROMETHEUS = yaml.safe_load((REPO / "deploy/prometheus/prometheus.yml").read_text("utf-8"))


def test_compose_has_every_service() -> None:
    assert {"kafka", "wirewatch", "prometheus", "grafana", "alertmanager"} <= set(COMPOSE["services"])
    assert COMPOSE["services"]["kafka"]["image"].startswith("apache/kafka:")
    assert COMPOSE["services"]["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"


def test_worker_image_and_environment_are_valid() -> None:
    worker = COMPOSE["services"]["wirewatch"]
    dockerfile = REPO / worker["build"]["dockerfile"]
    assert dockerfile.is_file()
    assert "ENTRYPOINT [\"wirewatch\"]" in dockerfile.read_text("utf-8")
    env = {k: str(v) for k, v in worker["environment"].items()}
    # The worker's environment must be a valid configuration.
    settings = WirewatchSettings(**{k.removeprefix("WIREWATCH_").lower(): v for k, v in env.items()})
    assert settings.metrics_host == "0.0.0.0"


def test_prometheus_scrapes_the_worker_metrics_port() -> None:
    worker = COMPOSE["services"]["wirewatch"]
    port = worker["environment"]["WIREWATCH_METRICS_PORT"]
    targets = [
        target
        for job in PROMETHEUS["scrape_configs"]
        for static in job.get("static_configs", [])
        for target in static["targets"]
    ]
    assert f"wirewatch:{port}" in targets
    mounted = COMPOSE["services"]["prometheus"]["volumes"][0].split(":")[0]
    assert (REPO / mounted / "prometheus.yml").is_file()


def test_grafana_provisions_prometheus_and_a_dashboard() -> None:
    datasources = yaml.safe_load(
        (REPO / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text("utf-8")
    )["datasources"]
    assert datasources[0]["type"] == "prometheus"
    assert datasources[0]["url"] == "http://prometheus:9090"
    dashboard = json.loads((REPO / "deploy/grafana/dashboards/wirewatch.json").read_text("utf-8"))
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p["targets"])
    for metric in ("wirewatch_records_in_total", "wirewatch_end_to_end_latency_seconds_bucket",
                   "wirewatch_stage_failures_total"):
        assert metric in exprs


def test_prometheus_sends_alerts_to_the_compose_alertmanager() -> None:
    targets = [t for a in PROMETHEUS["alerting"]["alertmanagers"] for s in a["static_configs"] for t in s["targets"]]
    assert targets == ["alertmanager:9093"]
    assert "9093:9093" in COMPOSE["services"]["alertmanager"]["ports"]
    mounted = COMPOSE["services"]["alertmanager"]["volumes"][0].split(":")[0]
    assert (REPO / mounted / "alertmanager.yml").is_file()


PROMTOOL = shutil.which("promtool")
AMTOOL = shutil.which("amtool")


@pytest.mark.skipif(
    PROMTOOL is None and os.environ.get("CI") != "true",
    reason="promtool not installed (CI installs Debian's prometheus package)",
)
def test_promtool_accepts_config_and_rules() -> None:
    assert PROMTOOL, "CI must have promtool: .ci/run installs the prometheus package"
    for args in (["check", "config", "prometheus.yml"], ["check", "rules", "alerts.yml"],
                 ["test", "rules", "alerts_test.yml"]):
        result = subprocess.run(
            [PROMTOOL, *args], cwd=REPO / "deploy/prometheus", capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_rule_has_a_promtool_test() -> None:
    rules = yaml.safe_load((REPO / "deploy/prometheus/alerts.yml").read_text("utf-8"))
    names = {r["alert"] for g in rules["groups"] for r in g["rules"]}
    tests = (REPO / "deploy/prometheus/alerts_test.yml").read_text("utf-8")
    untested = {n for n in names if f"alertname: {n}" not in tests}
    assert not untested, f"alert rules without a promtool test: {sorted(untested)}"


@pytest.mark.skipif(
    AMTOOL is None and os.environ.get("CI") != "true",
    reason="amtool not installed (CI installs Debian's prometheus-alertmanager package)",
)
def test_amtool_accepts_the_alertmanager_config() -> None:
    assert AMTOOL, "CI must have amtool: .ci/run installs the prometheus-alertmanager package"
    result = subprocess.run([AMTOOL, "check-config", "deploy/alertmanager/alertmanager.yml"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
