"""`wirewatch status`: one screen on a running deployment, from the workers' /metrics and the broker.

Rates are differences of two scrapes (the first two `--interval` seconds apart, then one per
refresh with `--watch`); lag in records is the broker's (committed offsets against end offsets,
so it is right even when no worker runs); lag in seconds, failures and readiness are the workers'.
"""

from __future__ import annotations

import time
import urllib.request
from dataclasses import dataclass, field

import orjson
from prometheus_client.parser import text_string_to_metric_families
from rich.console import Group
from rich.table import Table
from rich.text import Text

from streams import topics
from streams.engine import group_id
from streams.kafka_io import KafkaStatus

# processor -> (input topic, output topic) by catalogue name
PROCESSORS = {
    "ingest": (topics.RAW, topics.TAGGED),
    "analyse": (topics.TAGGED, topics.ENRICHED),
}

Labels = tuple[tuple[str, str], ...]


@dataclass
class Scrape:
    """One reading of every worker's /metrics: sample name -> labels -> value (summed over workers)."""

    at: float
    samples: dict[str, dict[Labels, float]] = field(default_factory=dict)
    reached: list[str] = field(default_factory=list)
    unreachable: dict[str, str] = field(default_factory=dict)  # url -> why
    ready: dict[str, bool] = field(default_factory=dict)

    def add(self, url: str, text: str) -> None:
        self.reached.append(url)
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                labels = tuple(sorted(sample.labels.items()))
                series = self.samples.setdefault(sample.name, {})
                if sample.name == "wirewatch_consumer_lag_seconds":  # an age: the oldest counts
                    series[labels] = max(series.get(labels, 0.0), sample.value)
                else:
                    series[labels] = series.get(labels, 0.0) + sample.value
                if sample.name == "wirewatch_worker_ready":
                    self.ready[url] = sample.value == 1

    def total(self, name: str, **match: str) -> float:
        return sum(v for labels, v in self.samples.get(name, {}).items() if match.items() <= dict(labels).items())

    def largest(self, name: str, **match: str) -> float:
        values = [v for labels, v in self.samples.get(name, {}).items() if match.items() <= dict(labels).items()]
        return max(values, default=0.0)


def scrape(urls: list[str], timeout: float = 3.0) -> Scrape:
    reading = Scrape(time.time())
    for url in urls:
        if not url.startswith(("http://", "https://")):
            reading.unreachable[url] = "not an http(s) URL"
            continue
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http(s) checked above)
                reading.add(url, response.read().decode("utf-8"))
        except OSError as exc:
            reading.unreachable[url] = str(getattr(exc, "reason", exc))
    return reading


def rate(before: Scrape | None, after: Scrape, name: str, **match: str) -> float | None:
    """Per second between two scrapes; None without a previous one. A counter that went down
    (a worker restarted) counts from 0, as Prometheus's rate() does."""
    if before is None or after.at <= before.at or not after.reached or not before.reached:
        return None
    delta = after.total(name, **match) - before.total(name, **match)
    if delta < 0:
        delta = after.total(name, **match)
    return delta / (after.at - before.at)


def failures(after: Scrape) -> dict[tuple[str, str], float]:
    out = {}
    for labels, value in after.samples.get("wirewatch_stage_failures_total", {}).items():
        named = dict(labels)
        if value > 0:
            out[(named.get("stage", "?"), named.get("reason", "?"))] = value
    return dict(sorted(out.items()))


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "…"
    if value >= 100 or value == int(value):
        return f"{value:,.0f}{unit}"
    return f"{value:,.1f}{unit}"


def render(settings_line: str, group_ids: dict[str, str], before: Scrape | None, after: Scrape,
           kafka: KafkaStatus | None, kafka_error: str | None) -> Group:
    """The screen: readiness, a row per processor, failures, open stories, recent alerts. Fits 80 columns."""
    parts: list[object] = []
    if not after.reached:
        readiness = Text("no worker reachable", style="bold red")
    elif all(after.ready.get(url, False) for url in after.reached) and not after.unreachable:
        readiness = Text("ready", style="bold green")
    else:
        readiness = Text("not ready (starting or rebalancing)", style="bold yellow")
    header = Text.assemble(("wirewatch ", "bold"), settings_line, "  ", readiness)
    parts.append(header)
    for url, why in after.unreachable.items():
        parts.append(Text(f"  {url}: unreachable ({why})", style="red"))

    table = Table(title=None, expand=False, pad_edge=False)
    for column, justify in (("processor", "left"), ("in/s", "right"), ("out/s", "right"),
                            ("lag", "right"), ("lag age", "right"), ("state", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for name, (source, output) in PROCESSORS.items():
        lag_records = None
        if kafka is not None:
            lag_records = float(sum(kafka.committed_lag.get(group_ids[name], {}).values()))
        seconds = after.largest("wirewatch_consumer_lag_seconds", processor=name) if after.reached else None
        blocked = after.largest("wirewatch_processor_blocked", processor=name) >= 1
        restarts = after.total("wirewatch_processor_restarts_total", processor=name)
        state: str = "[red]blocked[/red]" if blocked else "ok" if after.reached else "[dim]?[/dim]"
        if restarts:
            state += f" ({restarts:.0f} restarts)"
        table.add_row(name, _number(rate(before, after, "wirewatch_records_in_total", topic=source.name)),
                      _number(rate(before, after, "wirewatch_records_out_total", topic=output.name)),
                      _number(lag_records), _number(seconds, " s"), state)
    parts.append(table)

    failed = failures(after)
    if failed:
        rows = Table("stage", "reason", "dead letters", pad_edge=False)
        for (stage, reason), count in failed.items():
            rows.add_row(stage, reason, f"{count:,.0f}")
        parts.append(rows)
    else:
        parts.append(Text("dead letters: none", style="green"))

    if kafka is None:
        parts.append(Text(f"broker: {kafka_error}", style="red"))
        return Group(*parts)  # type: ignore[arg-type]
    parts.append(Text(f"stories open (a summary in the last 24 h): {kafka.stories_open}"))
    if kafka.recent_alerts:
        alerts = Table("fired", "rule", "sev", "summary", pad_edge=False)
        for record in reversed(kafka.recent_alerts):
            try:
                alert = orjson.loads(record.value or b"{}")
            except orjson.JSONDecodeError:
                continue
            fired = time.strftime("%H:%M:%S", time.localtime(record.timestamp / 1000))
            alerts.add_row(fired, str(alert.get("rule_id", "?"))[:24], str(alert.get("severity", "?"))[:4],
                           Text(str(alert.get("summary", "")), overflow="ellipsis", no_wrap=True))
        parts.append(alerts)
    else:
        parts.append(Text("alerts: none yet"))
    return Group(*parts)  # type: ignore[arg-type]


def group_ids(app_id: str) -> dict[str, str]:
    return {name: group_id(app_id, name) for name in PROCESSORS}


def grouped_inputs(app_id: str) -> dict[str, topics.TopicSpec]:
    return {group_id(app_id, name): source for name, (source, _) in PROCESSORS.items()}


