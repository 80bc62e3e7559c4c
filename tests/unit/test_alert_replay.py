"""The alert rules on a replayed, time-stamped stream of real articles, all four stages in-process.

Stream: the five seeds; the three reports of the Ecuador earthquake and the sixteen of Verdi's
public-sector strikes from the labelled story stream (tests/data/stories); sixty other articles
of the same weeks as unrelated traffic; and one of those reprinted verbatim by ten outlets.
Expected articles are found from the raw text and the gold labels, not from the stages' output.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from agents.pipeline import Pipeline
from streams import codec
from tests.benchmarks.story_stream import build_stream
from tests.smartdata import DATA

pytestmark = pytest.mark.skipif(not DATA.exists(), reason="needs ../shared/data/news")

RULES = """
rules:
  - id: watch-lavrov
    kind: entity
    entities: [Q58217]
  - id: quake
    kind: keyword
    query: Erdbeben AND Ecuador
  - id: breaking
    kind: burst
    min_outlets: 3
    window_minutes: 1440
"""
WINDOW = timedelta(minutes=1440)


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    items, _ = build_stream()
    wanted = {"ecuador-earthquake", "verdi-public-sector-warning-strikes-2016-04", "seeds-blinken-lavrov-geneva"}
    stream = [i for i in items if i.story in wanted]
    april = [i for i in items if i.story.startswith("single:") and i.when.year == 2016 and i.when.month == 4]
    stream += april[:60]
    reprinted = april[0]
    copies = [
        (reprinted.raw.model_copy(update={"id": f"reprint-{n}", "source": f"reprinter{n}.example"}),
         reprinted.when + timedelta(minutes=10 + n))
        for n in range(10)
    ]
    ordered = sorted([(i.raw, i.when, i.story) for i in stream] + [(r, w, "reprints") for r, w in copies],
                     key=lambda x: (x[1], x[0].id))
    path = tmp_path_factory.mktemp("rules") / "rules.yaml"
    path.write_text(RULES, "utf-8")
    pipeline = Pipeline({"alert": {"rules_file": str(path)}})
    alerts = []
    for raw, _, _ in ordered:
        result = pipeline.process(codec.encode(raw))
        alerts += result.alerts
    return ordered, alerts, reprinted


def first_with(ordered, *words: str) -> str:
    return next(raw.id for raw, _, _ in ordered if all(w in (raw.text or "") for w in words))


def test_entity_and_keyword_rules_fire_once_at_the_first_matching_article(replay) -> None:
    ordered, alerts, _ = replay
    lavrov = [a for a in alerts if a.rule_id == "watch-lavrov"]
    assert len(lavrov) == 1 and lavrov[0].article_ids == [first_with(ordered, "Lawrow")]
    quake = [a for a in alerts if a.rule_id == "quake"]
    assert len(quake) == 1 and quake[0].article_ids == [first_with(ordered, "Erdbeben", "Ecuador")]


def test_burst_fires_within_a_window_of_the_third_outlet_and_not_for_reprints(replay) -> None:
    ordered, alerts, reprinted = replay
    strike = [(raw, when) for raw, when, story in ordered if story.startswith("verdi-")]
    outlets: dict[str, object] = {}
    for raw, when in strike:
        outlets.setdefault(raw.source, when)
    third = sorted(outlets.values())[2]
    bursts = [a for a in alerts if a.kind == "burst"]
    strike_ids = {raw.id for raw, _ in strike}
    on_strike = [a for a in bursts if set(a.article_ids) <= strike_ids]
    assert on_strike, [a.summary for a in bursts]
    first = min(on_strike, key=lambda a: a.fired_at)
    assert third <= first.fired_at <= third + WINDOW
    assert len(set(first.outlets)) >= 3
    reprint_ids = {f"reprint-{n}" for n in range(10)} | {reprinted.raw.id}
    assert not any(set(a.article_ids) & reprint_ids for a in bursts)  # ten outlets, one text


def test_nothing_fires_on_unrelated_traffic(replay) -> None:
    ordered, alerts, _ = replay
    unrelated = {raw.id for raw, _, story in ordered if story.startswith("single:") or story == "reprints"}
    assert not [a.summary for a in alerts if set(a.article_ids) & unrelated]
