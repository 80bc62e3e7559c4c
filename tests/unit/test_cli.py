"""The embedded mode, through the real command line: in this process (the models load once for
all tests), and once as a subprocess for what only a fresh process shows."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from streams import cli, topics
from tests.builders import REPO, seed_files


def wirewatch(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The CLI's own entry point in-process, with the exit code and streams a shell would see."""
    result = CliRunner().invoke(cli.app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout_bytes, result.stderr_bytes)


def test_process_writes_enriched_jsonl_in_input_order_and_dead_letters(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": "x1", "url": "u", "source": "s", "text": 42}\n{oops\n')
    alerts = tmp_path / "alerts.jsonl"
    files = [str(p) for p in seed_files()]
    result = wirewatch("process", *files, str(bad), "--rules", "deploy/rules/demo.yaml",
                       "--alerts", str(alerts))
    assert result.returncode == 1, result.stderr.decode()[-2000:]  # there were dead letters
    out = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert [a["id"] for a in out] == [p.stem for p in seed_files()]
    assert len({a["story_id"] for a in out}) == 1
    letters = [orjson.loads(line) for line in result.stderr.splitlines() if line.startswith(b"{")]
    assert [letter["key"] for letter in letters] == ["x1", None]
    assert "field 'text'" in letters[0]["reason"]
    assert base64.b64decode(letters[1]["original_base64"]) == b"{oops"
    fired = [orjson.loads(line)["rule_id"] for line in alerts.read_bytes().splitlines()]
    assert fired.count("watch-lavrov") == 1


def test_schema_prints_json_schema_for_every_topic() -> None:
    result = wirewatch("schema")
    assert result.returncode == 0
    document = orjson.loads(result.stdout)
    assert len(document) == len([s for s in topics.PIPELINE if s.schema is not None]) == 7
    story = document["wirewatch.stories.v1"]["properties"]
    assert {"story_id", "representative_article_id", "outlets", "article_count", "top_entities",
            "first_seen", "last_seen"} <= set(story)
    enriched = document["wirewatch.articles.enriched.v1"]
    for field in ("id", "title", "text", "published_at", "source", "entities", "duplicate_of", "story_id"):
        assert field in enriched["properties"], field
    mention = enriched["$defs"]["Entity"]["properties"]
    assert {"text", "start", "end", "type", "entity_id", "name"} <= set(mention)


def test_bad_configuration_stops_with_the_field_named() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "streams.cli", "topics", "list"], cwd=REPO, capture_output=True,
        env={"WIREWATCH_BROKER_URL": "localhost:9092", "PATH": "/usr/bin:/bin"}, timeout=60,
    )
    assert result.returncode == 2
    assert b"broker_url must start with kafka://" in result.stderr


def test_tag_writes_one_json_line_per_input_line_with_offsets_into_it(tmp_path: Path) -> None:
    lines = [
        "Außenminister Sergej Lawrow traf Antony Blinken in Genf.",
        "",
        "Die Nato und die russische Regierung schwiegen; Henriette Schwarzkopf kritisierte Lawrows Rede.",
    ]
    path = tmp_path / "docs.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_file = wirewatch("tag", str(path))
    assert from_file.returncode == 0, from_file.stderr.decode()[-2000:]
    out = [orjson.loads(row) for row in from_file.stdout.splitlines()]
    assert len(out) == len(lines)
    for line, record in zip(lines, out, strict=True):
        for entity in record["entities"]:
            assert line[entity["start"] : entity["end"]] == entity["text"]
    assert out[1] == {"entities": []}
    ids = {e["text"]: e["entity_id"] for e in out[0]["entities"] + out[2]["entities"]}
    assert ids["Sergej Lawrow"] == ids["Lawrows"] == "Q58217"
    assert ids["russische"] == "Q159"
    assert ids["Henriette Schwarzkopf"].startswith("nil:per:")
    # standard input gives the same
    from_stdin = wirewatch("tag", stdin=path.read_bytes())
    assert from_stdin.stdout == from_file.stdout


def test_tag_names_the_line_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Olaf Scholz sprach.\n" + b"Caf\xe9 in Berlin\n")
    result = wirewatch("tag", str(path))
    assert result.returncode == 1
    assert b"line 2" in result.stderr and b"UTF-8" in result.stderr


@pytest.mark.parametrize("args", [
    ["tail", "nosuch"], ["schema", "nosuch"], ["produce", "/nonexistent.txt"], ["process", "/nonexistent.txt"],
    ["rules", "apply", "/nonexistent.yaml"], ["tag", "/nonexistent.txt"], ["topics", "create"], ["tail", "raw"],
])
def test_user_errors_are_one_line_saying_what_to_fix(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_BROKER_URL", "kafka://127.0.0.1:1")  # nothing listens there
    result = wirewatch(*args)  # an exception other than the exit would be raised here
    assert result.returncode in (1, 2, 3)
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in lines[0], lines
    if args in (["topics", "create"], ["tail", "raw"]):
        assert lines[0].startswith("nothing listens at 127.0.0.1:1") and result.returncode == 3
