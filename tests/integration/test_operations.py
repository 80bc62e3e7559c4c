"""What an operator does: create topics twice, produce and tail from the command line, restart."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import orjson
import pytest

from streams import topics
from streams.codec import encode
from streams.inputs import InputRecord
from streams.kafka_io import create_topics, delete_topics, produce, read_topic
from streams.schemas import RawArticle
from streams.settings import WirewatchSettings
from tests.builders import (
    REPO,
    TEMPLATE_LINE,
    UNRELATED_TEXT,
    raw_article,
    resent_with_other_chrome,
    seed_files,
    seed_raw,
    templated_articles,
)
from tests.integration.conftest import RunningPipeline, read_keys

pytestmark = pytest.mark.integration


def cli(settings: WirewatchSettings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WIREWATCH_BROKER_URL": settings.broker_url,
           "WIREWATCH_TOPIC_PREFIX": settings.topic_prefix}
    return subprocess.run([sys.executable, "-m", "streams.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_topics_create_is_idempotent_and_produce_tail_work(kafka: WirewatchSettings) -> None:
    settings = kafka.model_copy(update={"topic_prefix": "ops-" + os.urandom(4).hex()})
    try:
        first = cli(settings, "topics", "create")
        assert first.returncode == 0, first.stderr
        assert first.stdout.count("created") == len(topics.PIPELINE)
        again = cli(settings, "topics", "create")
        assert again.returncode == 0 and again.stdout.count("exists") == len(topics.PIPELINE)

        files = [str(p) for p in seed_files()[:2]]
        sent = cli(settings, "produce", *files, "--source", "seed")
        assert sent.returncode == 0, sent.stderr
        tailed = cli(settings, "tail", "raw", "--max", "2", "--timeout", "20")
        assert tailed.returncode == 0, tailed.stderr
        raws = [orjson.loads(line) for line in tailed.stdout.splitlines()]
        assert sorted(r["id"] for r in raws) == sorted(p.stem for p in seed_files()[:2])
        assert {r["source"] for r in raws} == {"seed"}
    finally:
        asyncio.run(delete_topics(settings, settings.topic_prefix + "."))


def test_partition_mismatch_is_reported(kafka: WirewatchSettings) -> None:
    settings = kafka.model_copy(update={"topic_prefix": "mis-" + os.urandom(4).hex()})
    wrong = topics.TopicSpec(topics.TAGGED.name, topics.TAGGED.schema, "id", partitions=3)
    try:
        asyncio.run(create_topics(settings, [wrong]))
        reports = {r.name: r for r in asyncio.run(create_topics(settings))}
        problem = reports[settings.topic_name(topics.TAGGED.name)].problem
        assert problem and "has 3 partitions, the catalogue says 1" in problem
    finally:
        asyncio.run(delete_topics(settings, settings.topic_prefix + "."))


def test_duplicate_detected_across_a_worker_restart(pipeline: RunningPipeline) -> None:
    path = seed_files()[2]
    asyncio.run(produce(pipeline.settings, topics.RAW, [InputRecord(path.stem, encode(seed_raw(path)), "")]))
    assert len(asyncio.run(read_topic(pipeline.settings, topics.ENRICHED, max_records=1, timeout=60))) == 1
    pipeline.restart()  # state must come back from the changelog topics
    copy = resent_with_other_chrome(path, "after-restart")
    edited_text = path.read_text("utf-8").replace(
        "Bislang keine Ergebnisse", "Bislang keine Ergebnisse. Ein Sprecher äußerte sich nicht."
    )
    edited = RawArticle(id="edited-after-restart", url="x", source="other", text=edited_text)
    later = [InputRecord(copy.id, encode(copy), ""), InputRecord(edited.id, encode(edited), "")]
    asyncio.run(produce(pipeline.settings, topics.RAW, later))
    records = read_keys(pipeline.settings, topics.ENRICHED, {path.stem, copy.id, edited.id})
    by_id = {key: orjson.loads(r.value) for key, r in records.items()}
    assert by_id["after-restart"]["duplicate_of"] == path.stem, pipeline.worker.tail()
    assert by_id["after-restart"]["story_id"] == by_id[path.stem]["story_id"]
    # a near duplicate too: the LSH index came back from its changelog
    assert by_id[edited.id]["duplicate_of"] == path.stem, pipeline.worker.tail()
    assert by_id[edited.id]["duplicate_method"] == "near"


def test_outlet_template_is_learned_and_survives_a_restart(pipeline: RunningPipeline) -> None:
    articles = templated_articles(5)
    first, later = articles[:3], articles[3:]
    asyncio.run(produce(pipeline.settings, topics.RAW, [InputRecord(a.id, encode(a), "") for a in first]))
    assert len(asyncio.run(read_topic(pipeline.settings, topics.ENRICHED, max_records=3, timeout=60))) == 3
    pipeline.restart()  # what was learned must come back from the changelog
    asyncio.run(produce(pipeline.settings, topics.RAW, [InputRecord(a.id, encode(a), "") for a in later]))
    records = read_keys(pipeline.settings, topics.ENRICHED, {a.id for a in articles})
    by_id = {key: orjson.loads(r.value) for key, r in records.items()}
    assert all(TEMPLATE_LINE in by_id[a.id]["text"] for a in first), pipeline.worker.tail()
    for article in later:
        out = by_id[article.id]
        assert TEMPLATE_LINE not in out["text"], pipeline.worker.tail()
        assert {"text": TEMPLATE_LINE, "rule": "outlet_template"} in out["removed"]


def test_dedup_state_older_than_the_window_expires(pipeline: RunningPipeline) -> None:
    from datetime import UTC, datetime, timedelta

    day0 = datetime(2022, 3, 1, 9, tzinfo=UTC)
    body = ("Der Gemeinderat von Oberndorf hat am Abend nach langer Debatte beschlossen, die alte "
            "Mühle am Fluss zu einem Kulturzentrum umzubauen. Die Kosten von rund vier Millionen "
            "Euro sollen zur Hälfte aus Fördermitteln des Landes kommen, der Rest aus Rücklagen.")
    articles = [
        raw_article(id="mill", text=body, fetched_at=day0),
        raw_article(id="flood-later", text=UNRELATED_TEXT, fetched_at=day0 + timedelta(days=12)),
        raw_article(id="mill-again", text=body, fetched_at=day0 + timedelta(days=12)),
    ]
    # one at a time, so the dedup stage sees them in this order (raw has four partitions)
    for article in articles:
        asyncio.run(produce(pipeline.settings, topics.RAW, [InputRecord(article.id, encode(article), "")]))
        read_keys(pipeline.settings, topics.ENRICHED, {article.id})
    records = read_keys(pipeline.settings, topics.ENRICHED, {a.id for a in articles})
    by_id = {key: orjson.loads(r.value) for key, r in records.items()}
    assert by_id["mill-again"]["duplicate_of"] is None, pipeline.worker.tail()  # beyond the 7-day window
    assert by_id["mill-again"]["story_id"] != by_id["mill"]["story_id"]
