"""`wirewatch demo`: start a local Kafka, a worker, stream the seeds through, show what came out."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

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


def _line(*parts: tuple[str, str] | str, indent: int = 0) -> Text:
    """One screen line, cut with … at the console's width instead of wrapping."""
    return Text.assemble(" " * indent, *parts)


def _say(line: Text) -> None:
    console.print(line, no_wrap=True, overflow="ellipsis", crop=True)


def _outlet(a: dict) -> tuple[str, str]:
    # The page named no outlet: say so, and which source (crawler feed) it came from.
    return (a["outlet"], "bold") if a["outlet"] else (f"? (source {a['source']})", "dim")


def _show(enriched: list, alerts: list, dead: list, elapsed: float) -> None:
    articles = [orjson.loads(r.value) for r in enriched]
    number = {a["id"]: n for n, a in enumerate(articles, 1)}
    stories = {s: chr(ord("A") + n) for n, s in enumerate(dict.fromkeys(a["story_id"] for a in articles))}
    console.rule(f"enriched articles ({len(articles)} in {elapsed:.1f} s)")
    for n, a in enumerate(articles, 1):
        names: dict[str, int] = {}
        for e in a["entities"]:
            names[e["name"] or e["text"]] = names.get(e["name"] or e["text"], 0) + 1
        top = ", ".join(f"{name} ×{count}" for name, count in sorted(names.items(), key=lambda x: -x[1])[:8])
        date = (a["published_at"] or "?")[:10]
        agencies = f" · {'/'.join(a['agencies'])}" if a["agencies"] else ""
        _say(_line((f"#{n} ", "bold cyan"), _outlet(a), f" · {date}{agencies} · story ",
                            (stories[a["story_id"]], "bold magenta"), f" · {a['id']}", ("", "dim")))
        _say(_line(a["title"] or "(no title found)", indent=3))
        _say(_line((f"{len(a['entities'])} mentions: ", "dim"), top, indent=3))
        if a["duplicate_of"]:
            original = number.get(a["duplicate_of"], a["duplicate_of"])
            _say(_line((f"duplicate of #{original} ({a['duplicate_method']}, "
                                 f"{a['duplicate_similarity']})", "yellow"), indent=3))
        shared = a.get("shared_passages") or []
        if shared:
            carriers = sorted({f"#{number.get(x, x)}" for p in shared for x in p["articles"]})
            _say(_line((f"agency copy: {len(shared)} paragraph(s) also in {', '.join(carriers)}",
                                 "yellow"), indent=3))
    _say(_line(("stories: ", "dim"), ", ".join(f"{letter} = {story}" for story, letter in stories.items())))
    console.rule(f"alerts ({len(alerts)})")
    for record in alerts:
        al = orjson.loads(record.value)
        colour = {"critical": "bold red", "warning": "yellow"}.get(al["severity"], "")
        _say(_line((f"{al['severity']:8} ", colour), (al["rule_id"], "bold"),
                            f" ({al['kind']}) · story {stories.get(al['story_id'], al['story_id'])}"))
        console.print(Padding(Text(al["summary"]), (0, 0, 0, 3)))  # the whole summary: it is the alert
    if dead:
        console.rule(f"[red]dead letters ({len(dead)})")
        for record in dead:
            _say(_line(orjson.loads(record.value)["reason"], indent=3))


def _show_stories(records: list) -> None:
    latest = {r.key: orjson.loads(r.value) for r in records}  # compacted topic: last one counts
    console.rule(f"stories ({len(latest)})")
    for story in latest.values():
        _say(_line((story["story_id"], "bold magenta"),
                            f" · {story['article_count']} articles ({story['duplicate_count']} duplicates)"
                            f" · first seen {str(story['first_seen'] or '?')[:16]}"))
        _say(_line(("outlets: ", "dim"), ", ".join(story["outlets"]), indent=3))
        top = ", ".join(f"{e['name'] or e['entity_id']} ×{e['mentions']}" for e in story["top_entities"][:6])
        _say(_line(("top entities: ", "dim"), top, indent=3))


def _show_metrics(text: str) -> None:
    """What the worker counted: records out per topic, failures that happened, mean latency."""
    from prometheus_client.parser import text_string_to_metric_families

    out, failures, latency = [], [], {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "wirewatch_records_out_total":
                out.append(f"{sample.labels['topic']} {sample.value:.0f}")
            elif sample.name == "wirewatch_stage_failures_total" and sample.value:
                failures.append(f"{sample.labels['stage']}/{sample.labels['reason']} {sample.value:.0f}")
            elif sample.name.startswith("wirewatch_end_to_end_latency_seconds_"):
                latency[sample.name.rsplit("_", 1)[1]] = sample.value
    console.rule("metrics (from /metrics)")
    _say(_line(("records out: ", "dim"), ", ".join(out)))
    _say(_line(("dead letters: ", "dim"), ", ".join(failures) or "none"))
    if latency.get("count"):
        _say(_line(("end-to-end latency, mean: ", "dim"), f"{latency['sum'] / latency['count']:.2f} s"))
