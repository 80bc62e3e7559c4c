"""The seeds through a real Kafka broker and a real worker; assertions on what Kafka delivers."""

from __future__ import annotations

import asyncio
import base64
import re

import orjson
import pytest

from streams import topics
from streams.codec import encode
from streams.inputs import InputRecord
from streams.kafka_io import Consumed, produce, read_topic
from streams.local import fetch_metrics
from tests.builders import (
    UNRELATED_TEXT,
    raw_article,
    resent_with_other_chrome,
    seed_expectation,
    seed_files,
    seed_raw,
)
from tests.integration.conftest import RunningPipeline

pytestmark = pytest.mark.integration

BAD_INPUTS = {
    "bad-json": b'{"id": "bad-json", "url": "u", "source": "s", "text": "unterminated',
    "bad-type": orjson.dumps({"id": "bad-type", "url": "u", "source": "s", "text": ["a", "list"]}),
    "bad-missing": orjson.dumps({"id": "bad-missing", "url": "u", "source": "s"}),
    "bad-empty": orjson.dumps({"id": "bad-empty", "url": "u", "source": "s", "text": "  \n "}),
    "bad-utf8": b'{"id": "bad-utf8", "url": "u", "source": "s", "text": "Stra\xdfe"}',
}
EXPECTED_REASON = {
    "bad-json": "not valid JSON",
    "bad-type": "field 'text'",
    "bad-missing": "text or html must be a non-empty string",
    "bad-empty": "text or html must be a non-empty string",
    "bad-utf8": "not valid UTF-8",
}


def record(article) -> InputRecord:
    return InputRecord(article.id, encode(article), article.id)


def read(p: RunningPipeline, spec: topics.TopicSpec, count: int, timeout: float = 90) -> list[Consumed]:
    return asyncio.run(read_topic(p.settings, spec, max_records=count, timeout=timeout))


def test_seeds_resend_and_bad_input_end_to_end(pipeline: RunningPipeline) -> None:
    files = seed_files()
    asyncio.run(produce(pipeline.settings, topics.RAW, [record(seed_raw(p)) for p in files]))
    first = read(pipeline, topics.ENRICHED, 5)
    assert len(first) == 5, pipeline.worker.tail()

    # Later: the same article crawled again with other chrome, bad input, then a good article.
    later = [record(resent_with_other_chrome(files[4], "004-resent"))]
    later += [InputRecord(key, value, key) for key, value in BAD_INPUTS.items()]
    later.append(record(raw_article(id="flood", text=UNRELATED_TEXT)))
    asyncio.run(produce(pipeline.settings, topics.RAW, later))

    enriched = {r.key: orjson.loads(r.value) for r in read(pipeline, topics.ENRICHED, 7)}
    assert set(enriched) == {p.stem for p in files} | {"004-resent", "flood"}, pipeline.worker.tail()

    seeds = [enriched[p.stem] for p in files]
    story = seeds[0]["story_id"]
    assert all(a["story_id"] == story for a in seeds)
    assert all(a["duplicate_of"] is None for a in seeds)
    resent = enriched["004-resent"]
    assert resent["duplicate_of"] == files[4].stem
    assert resent["story_id"] == story
    assert enriched["flood"]["story_id"] != story
    # the stories topic: one summary per processed article; the story's latest counts all six
    summaries = [orjson.loads(r.value) for r in read(pipeline, topics.STORIES, 7)]
    latest = {s["story_id"]: s for s in summaries}
    assert latest[story]["article_count"] == 6 and latest[story]["duplicate_count"] == 1
    assert "Q58217" in {e["entity_id"] for e in latest[story]["top_entities"]}
    assert latest[enriched["flood"]["story_id"]]["article_count"] == 1
    # 001 is dpa copy that 002 and 004 partly reprint: whichever came first, the pair is marked
    linked = {
        frozenset((a["id"], other)) for a in seeds for p in a["shared_passages"] for other in p["articles"]
    }
    assert frozenset((files[1].stem, files[2].stem)) in linked, linked
    assert frozenset((files[1].stem, files[4].stem)) in linked, linked

    for path, article in zip(files, seeds, strict=True):
        expected = seed_expectation(path)
        assert article["text"].split("\n\n") == expected.article, path.name
        for mention in article["entities"]:
            assert article["text"][mention["start"] : mention["end"]] == mention["text"]
    linked = {(m["text"], m["entity_id"]) for a in seeds for m in a["entities"]}
    for surface, entity_id in [
        ("Anthony Blinken", "ww:antony-blinken"), ("Antony Blinken", "ww:antony-blinken"),
        ("Berbock", "Q564328"), ("NAto", "Q7184"), ("OSZE", "Q81299"),
        ("Genf", "Q71"), ("Kiew", "Q1899"), ("Wolodymyr Selenskyj", "Q3874799"),
    ]:
        assert (surface, entity_id) in linked, surface

    alerts = [orjson.loads(r.value) for r in asyncio.run(
        read_topic(pipeline.settings, topics.ALERTS, timeout=5, idle_timeout=2)
    )]
    lavrov = [a for a in alerts if a["rule_id"] == "watch-lavrov"]
    assert len(lavrov) == 1 and lavrov[0]["story_id"] == story
    assert all(a["story_id"] == story for a in alerts)

    letters = {r.key: r for r in read(pipeline, topics.DEAD_LETTERS, len(BAD_INPUTS))}
    assert set(letters) == set(BAD_INPUTS)
    for key, sent in BAD_INPUTS.items():
        letter = orjson.loads(letters[key].value)
        assert base64.b64decode(letter["original_base64"]) == sent
        assert EXPECTED_REASON[key] in letter["reason"], letter["reason"]
        assert letter["stage"] == "clean"
        assert letters[key].headers["ww-stage"] == b"clean"

    text = fetch_metrics(pipeline.metrics_port)

    def value(pattern: str) -> float:
        match = re.search(pattern + r" ([0-9.e+]+)", text)
        assert match, pattern
        return float(match.group(1))

    assert value(r'wirewatch_records_out_total\{topic="articles.enriched.v1"\}') == 7
    assert value(r'wirewatch_stage_failures_total\{reason="invalid_json",stage="clean"\}') == 1
    assert value(r'wirewatch_stage_failures_total\{reason="schema",stage="clean"\}') == 3
    assert value(r'wirewatch_stage_failures_total\{reason="invalid_utf8",stage="clean"\}') == 1
    assert value(r"wirewatch_end_to_end_latency_seconds_count") == 7
    assert pipeline.worker.alive()
