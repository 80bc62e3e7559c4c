"""`wirewatch` command line: the composition root (the one module that wires both packages)."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Annotated, Any, TypeVar

import orjson
import typer
from pydantic import ValidationError

from streams import topics
from streams.errors import WirewatchError
from streams.settings import WirewatchSettings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
topics_app = typer.Typer(no_args_is_help=True, help="Kafka topics of the catalogue.")
app.add_typer(topics_app, name="topics")
rules_app = typer.Typer(no_args_is_help=True, help="Alert rules in force (the compacted alert-rules topic).")
app.add_typer(rules_app, name="rules")

FilesArg = Annotated[list[Path], typer.Argument(help=".txt articles or .jsonl raw articles")]


def _settings() -> WirewatchSettings:
    try:
        return WirewatchSettings()
    except ValidationError as exc:  # a bad environment variable: say which, then stop
        for error in exc.errors(include_url=False, include_input=False):
            field = ".".join(str(part) for part in error["loc"])
            where = f"WIREWATCH_{field.upper().replace('.', '__')}: " if field else ""
            message = error["msg"].removeprefix("Value error, ")
            typer.secho(f"configuration error: {where}{message}", fg="red", err=True)
        raise typer.Exit(2) from exc


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(message, fg="red", err=True)
    return typer.Exit(code)


T = TypeVar("T")


def _kafka(settings: WirewatchSettings, work: Coroutine[Any, Any, T]) -> T:
    """Run a command's Kafka work; a broker that cannot be reached or refuses us is one line
    saying what to check, not a traceback."""
    from aiokafka.errors import KafkaError

    from streams.connection import diagnose, explain

    if settings.log_level != "debug":  # the client logs each failed connection; the line below says it all
        logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    try:
        return asyncio.run(work)
    except KafkaError as exc:
        raise _fail(explain(asyncio.run(diagnose(settings, exc)), settings), 3) from exc


@app.command()
def worker() -> None:
    """Run the stream processor: the ingest and analyse processors, with /metrics for Prometheus."""
    from prometheus_client import start_http_server

    from agents.topology import Worker
    from streams.metrics import REGISTRY

    settings = _settings()
    configure_logging(settings.log_level)
    try:
        running = Worker(settings)  # validates every stage config and rule file
    except WirewatchError as exc:
        raise _fail(f"cannot start: {exc}", 2) from exc
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=settings.metrics_host, registry=REGISTRY)
    asyncio.run(running.run())


def configure_logging(level: str) -> None:
    """Wirewatch's loggers at `level`; the Kafka client's at WARNING unless debugging, since its
    DEBUG records cost CPU on every fetch even when nobody reads them."""
    wanted = logging.getLevelName(level.upper().replace("WARN", "WARNING").replace("WARNINGING", "WARNING"))
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("agents", "streams"):
        logging.getLogger(name).setLevel(wanted)
    if level == "debug":
        logging.getLogger().setLevel(logging.DEBUG)


@app.command()
def produce(
    files: FilesArg,
    source: Annotated[str, typer.Option(help="source (outlet) of .txt articles")] = "file",
) -> None:
    """Send raw articles to the raw topic (key: article id)."""
    from streams.inputs import read_inputs
    from streams.kafka_io import produce as produce_records

    settings = _settings()
    try:
        records = list(read_inputs(files, source=source))
    except WirewatchError as exc:
        raise _fail(str(exc)) from exc
    for record in records:
        if len(record.value) > topics.MAX_RECORD_BYTES:
            raise _fail(
                f"{record.origin}: article {record.key!r} is {len(record.value):,} bytes as a record; "
                f"the limit is {topics.MAX_RECORD_BYTES:,} (streams/topics.py, MAX_RECORD_BYTES): shorten it"
            )
    sent = _kafka(settings, produce_records(settings, topics.RAW, records))
    typer.echo(f"sent {sent} records to {settings.topic_name(topics.RAW.name)}", err=True)


@app.command()
def tail(
    topic: Annotated[str, typer.Argument(help="raw, tagged, stories, enriched, alerts, deadletter")],
    from_beginning: Annotated[bool, typer.Option("--from-beginning/--new")] = True,
    max_records: Annotated[int | None, typer.Option("--max", help="stop after N records")] = None,
    timeout: Annotated[float, typer.Option(help="stop after this many seconds")] = 10.0,
) -> None:
    """Print a topic's records as JSON lines."""
    from streams.kafka_io import read_topic

    settings = _settings()
    try:
        spec = topics.lookup(topic, settings.topic_prefix)
    except KeyError as exc:
        raise _fail(str(exc.args[0])) from exc
    try:
        records = _kafka(
            settings, read_topic(settings, spec, from_beginning=from_beginning, max_records=max_records, timeout=timeout)
        )
    except LookupError as exc:
        raise _fail(str(exc)) from exc
    for record in records:
        if record.value is not None:  # a tombstone of a compacted topic has no value
            sys.stdout.write(record.value.decode("utf-8", "replace") + "\n")


@app.command()
def process(
    files: FilesArg,
    source: Annotated[str, typer.Option(help="source (outlet) of .txt articles")] = "file",
    alerts: Annotated[Path | None, typer.Option(help="write alerts as JSONL here")] = None,
    rules: Annotated[Path | None, typer.Option(help="alert rules YAML")] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="show each input line beside what the cleaner did")
    ] = False,
) -> None:
    """Run the same stages in-process, no broker: enriched JSONL on stdout, in input order.

    Dead letters go to standard error as JSON lines; the exit code is 1 if there were any.
    With --explain, a table per article instead: every input line and the rule that removed it.
    """
    from agents.base import StageConfigError
    from agents.pipeline import Pipeline
    from agents.registry import all_overrides
    from streams.codec import encode
    from streams.inputs import read_inputs

    settings = _settings()
    overrides: dict[str, Any] = all_overrides(settings)
    if rules is not None:
        overrides["alert"]["rules_file"] = rules
    try:
        pipeline = Pipeline(overrides)
        records = read_inputs(files, source=source)
        failed = 0
        alert_out = alerts.open("wb") if alerts else None
        out = sys.stdout.buffer
        for record in records:
            if explain:
                _explain(pipeline, record.value, record.origin)
            result = pipeline.process(record.value, record.key, record.origin)
            if result.article is not None and not explain:
                out.write(encode(result.article) + b"\n")
            if result.dead_letter is not None:
                failed += 1
                sys.stderr.buffer.write(encode(result.dead_letter) + b"\n")
            if alert_out is not None:
                for alert in result.alerts:
                    alert_out.write(encode(alert) + b"\n")
        out.flush()
        if alert_out is not None:
            alert_out.close()
    except (WirewatchError, StageConfigError) as exc:
        raise _fail(str(exc)) from exc
    if failed:
        raise typer.Exit(1)


@app.command()
def tag(
    files: Annotated[
        list[Path] | None, typer.Argument(help="UTF-8 text files, one document per line; default: stdin")
    ] = None,
) -> None:
    """Entities of each input line, as the tag stage finds them: one JSON line per input line.

    Output: {"entities": [{text, start, end, type, entity_id, name, confidence, method}]}, offsets
    into that line, in input order (an empty line gives an empty list).
    """
    from agents.base import StageConfigError
    from agents.registry import build_stage, stage_overrides

    settings = _settings()
    try:
        tagger = build_stage("tag", stage_overrides(settings, "tag"))
    except StageConfigError as exc:
        raise _fail(str(exc), 2) from exc
    out = sys.stdout.buffer
    inputs = [(str(path), path) for path in files] if files else [("stdin", None)]
    try:
        for name, path in inputs:
            source = path.open("rb") if path is not None else sys.stdin.buffer
            try:
                # Line by line, so that a bad byte is reported with its line and the lines
                # before it are already written.
                for number, raw in enumerate(source, start=1):
                    try:
                        text = raw.decode("utf-8").removesuffix("\n").removesuffix("\r")
                    except UnicodeDecodeError as exc:
                        raise _fail(f"{name}, line {number}: input must be UTF-8 text ({exc.reason})") from exc
                    entities = [e.model_dump(mode="json") for e in tagger.tag_text(text)]
                    out.write(orjson.dumps({"entities": entities}) + b"\n")
            finally:
                if path is not None:
                    source.close()
    except OSError as exc:
        raise _fail(f"cannot read input: {exc}") from exc
    finally:
        out.flush()


def _explain(pipeline: Any, value: bytes, origin: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from streams.codec import decode
    from streams.errors import DecodeError
    from streams.schemas import RawArticle

    console = Console()
    try:
        raw = decode(value, RawArticle)
    except DecodeError as exc:
        console.print(f"[red]{origin}: dead letter: {exc.reason}[/red]")
        return
    rows = pipeline.stages[0].explain(raw)
    removed = sum(1 for _, rule in rows if rule and not rule.startswith("kept"))
    table = Table(title=f"{raw.id} ({origin}): {removed} of {len(rows)} lines removed", show_lines=False)
    table.add_column("input line", overflow="fold", ratio=4)
    table.add_column("decision", ratio=1)
    for line, rule in rows:
        if rule is None:
            table.add_row(line, "[green]kept[/green]")
        elif rule.startswith("kept"):
            table.add_row(line, f"[yellow]{rule}[/yellow]")
        else:
            table.add_row(f"[dim]{line}[/dim]", f"[red]{rule}[/red]")
    console.print(table)


@topics_app.command("create")
def topics_create() -> None:
    """Create every catalogue topic that does not exist yet (idempotent)."""
    from streams.kafka_io import create_topics

    settings = _settings()
    reports = _kafka(settings, create_topics(settings))
    problems = 0
    for report in reports:
        state = "created" if report.created else "exists"
        typer.echo(f"{state:8} {report.name} partitions={report.partitions}")
        if report.problem:
            problems += 1
            typer.secho(f"         {report.problem}", fg="red", err=True)
    if problems:
        raise typer.Exit(1)


@topics_app.command("list")
def topics_list() -> None:
    """The catalogue: name, partitions, key, retention, schema."""
    settings = _settings()
    for spec in topics.PIPELINE:
        retention = "forever" if spec.retention is None else f"{spec.retention.days}d"
        typer.echo(
            f"{settings.topic_name(spec.name):40} partitions={spec.partitions:<3} "
            f"key={spec.key!r} retention={retention} cleanup={spec.cleanup_policy} "
            f"schema={spec.schema.__name__ if spec.schema else 'binary (state operations)'}"
        )


@app.command()
def schema(
    topic: Annotated[str | None, typer.Argument(help="one topic; default: all")] = None,
) -> None:
    """Print the JSON Schema of every topic's records."""
    settings = _settings()
    try:
        specs = [topics.lookup(topic, settings.topic_prefix)] if topic else list(topics.PIPELINE)
    except KeyError as exc:
        raise _fail(str(exc.args[0])) from exc
    document = {
        settings.topic_name(spec.name): spec.schema.model_json_schema(mode="serialization")
        for spec in specs if spec.schema is not None
    }
    sys.stdout.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n")


def _rules_in_force(settings: WirewatchSettings) -> dict[str, bytes]:
    """rule id -> its latest record on the alert-rules topic (deleted rules left out)."""
    from streams.kafka_io import read_topic

    records = _kafka(settings, read_topic(settings, topics.RULES, timeout=5, idle_timeout=0.5))
    latest: dict[str, bytes | None] = {}
    for record in records:
        if record.key:
            latest[record.key] = record.value
    return {key: value for key, value in latest.items() if value is not None}


@rules_app.command("apply")
def rules_apply(
    file: Annotated[Path, typer.Argument(help="rules YAML (the same format as WIREWATCH_RULES_FILE)")],
    prune: Annotated[bool, typer.Option(help="delete rules in force that the file does not name")] = True,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="validate and show the changes only")] = False,
) -> None:
    """Validate a rules file and make it the rules in force; running workers follow within a second."""
    from agents.alert import RuleSet
    from streams.codec import encode
    from streams.kafka_io import produce_keyed
    from streams.schemas import RuleRecord

    settings = _settings()
    try:
        ruleset = RuleSet.from_yaml(file)
    except WirewatchError as exc:
        raise _fail(str(exc), 2) from exc
    try:
        current = _rules_in_force(settings)
    except LookupError as exc:
        raise _fail(str(exc)) from exc
    changes: list[tuple[str, bytes | None]] = []
    for rule in ruleset.rules:
        value = encode(RuleRecord(rule=rule))
        if current.get(rule.id) != value:
            changes.append((rule.id, value))
            typer.echo(f"{'update' if rule.id in current else 'add':7} {rule.id} ({rule.kind})")
    named = {rule.id for rule in ruleset.rules}
    for rule_id in sorted(set(current) - named) if prune else []:
        changes.append((rule_id, None))
        typer.echo(f"delete  {rule_id}")
    if not changes:
        typer.echo("no changes")
    elif not dry_run:
        _kafka(settings, produce_keyed(settings, topics.RULES, changes))
        typer.echo(f"{len(changes)} change(s) sent to {settings.topic_name(topics.RULES.name)}", err=True)


@rules_app.command("list")
def rules_list(
    as_json: Annotated[bool, typer.Option("--json", help="one JSON record per line")] = False,
) -> None:
    """The rules in force, as the alert-rules topic holds them."""
    settings = _settings()
    try:
        current = _rules_in_force(settings)
    except LookupError as exc:
        raise _fail(str(exc)) from exc
    from streams.codec import decode
    from streams.schemas import RuleRecord

    for rule_id in sorted(current):
        try:
            rule = decode(current[rule_id], RuleRecord).rule  # as the workers read it
        except WirewatchError as exc:
            typer.secho(f"{rule_id}: refused by the workers (not in force): {exc}", fg="yellow", err=True)
            continue
        if as_json:
            sys.stdout.write(current[rule_id].decode() + "\n")
            continue
        what = {
            "entity": lambda r: ", ".join(r.entities),
            "keyword": lambda r: r.query or r.pattern,
            "burst": lambda r: f"{r.min_outlets} outlets / {r.window_minutes:g} min",
        }[rule.kind](rule)
        state = "" if rule.enabled else " (disabled)"
        typer.echo(f"{rule_id:30} {rule.kind:8} {rule.severity:8} {what}{state}")


@app.command()
def status(
    metrics: Annotated[
        list[str] | None,
        typer.Option("--metrics", help="a worker's /metrics URL (repeat for each worker); "
                     "default: http://127.0.0.1:<WIREWATCH_METRICS_PORT>/metrics"),
    ] = None,
    watch: Annotated[bool, typer.Option("--watch", help="refresh until Ctrl-C")] = False,
    interval: Annotated[float, typer.Option(min=0.5, help="seconds between readings")] = 2.0,
) -> None:
    """One screen on a running deployment: per processor rate in/out and lag (records, seconds),
    dead letters by reason, open stories, recent alerts, ready or not."""
    from rich.console import Console
    from rich.live import Live

    from streams import status as view
    from streams.connection import diagnose, explain
    from streams.kafka_io import kafka_status

    settings = _settings()
    urls = metrics or [f"http://127.0.0.1:{settings.metrics_port}/metrics"]
    line = f"{settings.bootstrap_servers} prefix={settings.topic_prefix} app={settings.app_id}"
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)

    def broker() -> tuple[Any, str | None]:
        from aiokafka.errors import KafkaError

        try:
            return asyncio.run(kafka_status(settings, view.grouped_inputs(settings.app_id))), None
        except KafkaError as exc:
            return None, explain(asyncio.run(diagnose(settings, exc)), settings)

    def screen(before: Any) -> tuple[Any, Any]:
        after = view.scrape(urls)
        kafka, problem = broker()
        return after, view.render(line, view.group_ids(settings.app_id), before, after, kafka, problem)

    console = Console()
    first = view.scrape(urls)
    time.sleep(interval)
    reading, shown = screen(first)
    if not watch:
        console.print(shown)
        raise typer.Exit(0 if reading.reached and not reading.unreachable else 1)
    try:
        with Live(shown, console=console, refresh_per_second=4, screen=False) as live:
            while True:
                time.sleep(interval)
                reading, shown = screen(reading)
                live.update(shown)
    except KeyboardInterrupt:
        pass


@app.command()
def demo(
    seeds: Annotated[Path, typer.Option(help="directory of .txt articles")] = Path("../shared/seeds"),
    keep: Annotated[bool, typer.Option(help="keep the broker running and the demo topics")] = False,
) -> None:
    """The main job end to end: local Kafka, topics, a worker, the seeds through, results shown."""
    from streams.demo import run_demo

    try:
        code = run_demo(seeds, keep=keep)
    except WirewatchError as exc:
        raise _fail(str(exc)) from exc
    raise typer.Exit(code)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
