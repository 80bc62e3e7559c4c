"""`wirewatch demo`: start a local Kafka, a worker, stream the seeds through, show what came out."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson
from rich.console import Console
from rich.table import Table

from streams import topics
from streams.errors import WirewatchError
from streams.inputs import InputRecord, read_inputs, text_file_record
from streams.kafka_io import create_topics, delete_topics, produce, read_topic
from streams.local import REPO, WorkerProcess, broker, broker_running, fetch_metrics, free_port
from streams.settings import WirewatchSettings

console = Console()


def resent_copy(record: InputRecord, source_path: Path) -> InputRecord:
    """The same article re-sent by another crawl with different site chrome around it."""
    text = source_path.read_text("utf-8")
    chrome_top = "Newsticker\nAnzeige\n"
    chrome_bottom = "\nMehr zum Thema: Was Sie heute wissen müssen\nJetzt anmelden und weiterlesen\n"
    copy = source_path.with_name(source_path.stem + "-resent.txt")
    article = orjson.loads(text_file_record(source_path, "file").value)
    article.update(id=copy.stem, url=f"file:{copy.name}", text=chrome_top + text + chrome_bottom)
    return InputRecord(copy.stem, orjson.dumps(article), record.origin + " (re-sent)")


def run_demo(seeds: Path, keep: bool = False) -> int:
    seeds = seeds if seeds.is_absolute() else (Path.cwd() / seeds)
    files = sorted(seeds.glob("*.txt"))
    if not files:
        raise WirewatchError(f"{seeds}: no .txt articles found (the seeds live in ../shared/seeds)")
    run = datetime.now(UTC).strftime("demo-%Y%m%d-%H%M%S")
    workdir = REPO / ".cache" / "demo" / run
    metrics_port = free_port()
    env = {
        "WIREWATCH_TOPIC_PREFIX": run,
        "WIREWATCH_APP_ID": run,
        "WIREWATCH_DATA_DIR": str(workdir / "state"),
        "WIREWATCH_METRICS_PORT": str(metrics_port),
        "WIREWATCH_RULES_FILE": str(REPO / "deploy" / "rules" / "demo.yaml"),
        "WIREWATCH_LOG_LEVEL": "warn",
    }
    os.environ.update({k: v for k, v in env.items() if k in ("WIREWATCH_TOPIC_PREFIX",)})
    settings = WirewatchSettings(topic_prefix=run, app_id=run)

    started_broker = not broker_running()
    console.rule("[bold]Wirewatch demo")
    t0 = time.monotonic()
    broker("start")
    console.print(f"broker ready at {settings.bootstrap_servers} ({time.monotonic() - t0:.1f} s)")
    worker = WorkerProcess(env, workdir / "worker.log")
    try:
        for report in asyncio.run(create_topics(settings)):
            console.print(f"  topic {report.name} ({report.partitions} partitions)")
        worker.start()
        worker.wait_ready(metrics_port)
        records = list(read_inputs(files))
        resent = resent_copy(records[-1], files[-1])
        sent_at = time.monotonic()
        asyncio.run(produce(settings, topics.RAW, records))
        console.print(f"produced {len(records)} seed articles")
        # The re-sent copy comes later, as a second crawl would: it is the duplicate.
        asyncio.run(read_topic(settings, topics.ENRICHED, max_records=len(records), timeout=120))
        asyncio.run(produce(settings, topics.RAW, [resent]))
        console.print(f"produced 1 re-sent copy of {records[-1].key} with other site chrome")
        records.append(resent)
        enriched = asyncio.run(
            read_topic(settings, topics.ENRICHED, max_records=len(records), timeout=120)
        )
        elapsed = time.monotonic() - sent_at
        order = {r.key: i for i, r in enumerate(records)}
        enriched.sort(key=lambda r: order.get(r.key, len(order)))
        alerts = asyncio.run(read_topic(settings, topics.ALERTS, timeout=3, idle_timeout=1))
        dead = asyncio.run(read_topic(settings, topics.DEAD_LETTERS, timeout=1))
        stories = asyncio.run(read_topic(settings, topics.STORIES, timeout=3, idle_timeout=1))
        _show(enriched, alerts, dead, elapsed)
        _show_stories(stories)
        out = workdir / "enriched.jsonl"
        out.write_bytes(b"".join(r.value + b"\n" for r in enriched if r.value is not None))
        (workdir / "alerts.jsonl").write_bytes(b"".join(r.value + b"\n" for r in alerts if r.value is not None))
        _show_metrics(fetch_metrics(metrics_port))
        console.print(f"full records: {out.relative_to(REPO)} and alerts.jsonl beside it")
        ok = len(enriched) == len(records) and not dead
    finally:
        worker.stop()
        if not keep:
            asyncio.run(delete_topics(settings, run + "."))
            asyncio.run(delete_topics(settings, run + "-"))
            if started_broker:
                broker("stop")
    console.rule("[green]done" if ok else "[red]incomplete")
    return 0 if ok else 1


def _show(enriched: list, alerts: list, dead: list, elapsed: float) -> None:
    table = Table(title=f"enriched articles ({len(enriched)} in {elapsed:.1f} s)", show_lines=True)
    for column in ("id", "title / outlet / date", "story", "duplicate of / agency copy", "entities"):
        table.add_column(column, overflow="fold")
    for record in enriched:
        a = orjson.loads(record.value)
        names: dict[str, int] = {}
        for e in a["entities"]:
            names[e["name"] or e["text"]] = names.get(e["name"] or e["text"], 0) + 1
        top = ", ".join(f"{n}×{c}" for n, c in sorted(names.items(), key=lambda x: -x[1])[:8])
        meta = f"{a['title'] or '(no title)'}\n{a['outlet'] or a['source']} · {a['published_at'] or '?'}"
        if a["agencies"]:
            meta += f" · {'/'.join(a['agencies'])}"
        dup = "-"
        if a["duplicate_of"]:
            dup = f"{a['duplicate_of']}\n{a['duplicate_method']} {a['duplicate_similarity']}"
        shared = a.get("shared_passages") or []
        if shared:
            carriers = sorted({x for p in shared for x in p["articles"]})
            dup += f"\n{len(shared)} paragraph(s) also in {', '.join(carriers)}"
        table.add_row(a["id"], meta, a["story_id"], dup, f"{len(a['entities'])}: {top}")
    console.print(table)
    alert_table = Table(title=f"alerts ({len(alerts)})")
    for column in ("rule", "severity", "story", "summary"):
        alert_table.add_column(column, overflow="fold")
    for record in alerts:
        al = orjson.loads(record.value)
        alert_table.add_row(al["rule_id"], al["severity"], al["story_id"], al["summary"])
    console.print(alert_table)
    if dead:
        console.print(f"[red]{len(dead)} dead letters[/red]")
        for record in dead:
            console.print(orjson.loads(record.value)["reason"])


def _show_stories(records: list) -> None:
    latest = {r.key: orjson.loads(r.value) for r in records}  # compacted topic: last one counts
    table = Table(title=f"stories ({len(latest)})")
    for column in ("story", "articles", "outlets", "top entities", "first seen"):
        table.add_column(column, overflow="fold")
    for story in latest.values():
        top = ", ".join(f"{e['name'] or e['entity_id']}×{e['mentions']}" for e in story["top_entities"][:6])
        counts = f"{story['article_count']} ({story['duplicate_count']} duplicates)"
        table.add_row(story["story_id"], counts, ", ".join(story["outlets"]), top, str(story["first_seen"] or "?"))
    console.print(table)


def _show_metrics(text: str) -> None:
    wanted = ("wirewatch_records_out_total", "wirewatch_end_to_end_latency_seconds_count",
              "wirewatch_end_to_end_latency_seconds_sum", "wirewatch_stage_failures_total")
    lines = [ln for ln in text.splitlines() if ln.startswith(wanted)]
    console.print("[bold]metrics[/bold] (excerpt of /metrics):")
    for line in lines:
        console.print("  " + line)
