from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agents.alert import AlertConfig, AlertRules, RuleBook, RuleSet, alert_id, parse_rule
from agents.base import StageConfigError
from streams.query import QueryError, compile_pattern, parse
from streams.schemas import ClusteredArticle, Entity

RULES = """
rules:
  - id: watch-lavrov
    kind: entity
    entities: [Q58217]
    severity: critical
"""


def article(article_id: str, story: str, entity_ids: list[str]) -> ClusteredArticle:
    text = " ".join(f"E{i}" for i in range(len(entity_ids))) or "nichts"
    entities = [
        Entity(text=f"E{i}", start=3 * i, end=3 * i + 2, type="PER", entity_id=eid, name=eid,
               confidence=0.99, method="alias")
        for i, eid in enumerate(entity_ids)
    ]
    return ClusteredArticle(
        id=article_id, url="x", source="s", title="T", text=text, published_at=None,
        language="de", entities=entities, content_hash="h" + article_id, duplicate_of=None,
        story_id=story,
    )


@pytest.fixture()
def rules(tmp_path: Path) -> AlertRules:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES)
    return AlertRules(AlertConfig(rules_file=path))


def test_watchlist_fires_once_per_story(rules: AlertRules) -> None:
    first = rules(article("a", "s1", ["Q58217", "Q159"]))
    second = rules(article("b", "s1", ["Q58217"]))
    other_story = rules(article("c", "s2", ["Q58217"]))
    assert [a.rule_id for a in first.alerts] == ["watch-lavrov"]
    assert first.alerts[0].severity == "critical"
    assert first.alerts[0].matched[0].entity_id == "Q58217"
    assert first.article.alert_ids == [first.alerts[0].alert_id]
    assert second.alerts == [] and second.article.alert_ids == []
    assert len(other_story.alerts) == 1


def test_no_match_no_alert(rules: AlertRules) -> None:
    assert rules(article("a", "s1", ["Q159"])).alerts == []


def test_alert_ids_are_stable() -> None:
    assert alert_id("r", "s") == alert_id("r", "s") != alert_id("r", "s2")


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("rules:\n  - id: w1\n    kind: entity\n    entities: []\n", "rule 'w1', field 'entities'"),
        ("rules:\n  - id: w2\n    kind: entity\n    entities: [Q1]\n    severity: loud\n",
         "rule 'w2', field 'severity'"),
        ("rules:\n  - id: w3\n    kind: entity\n    entities: [Q1]\n  - id: w3\n    kind: entity\n"
         "    entities: [Q2]\n", "repeated: ['w3']"),
        ("rules: [\n", "cannot read rules"),
    ],
)
def test_rule_errors_name_file_rule_and_field(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text)
    with pytest.raises(StageConfigError) as info:
        RuleSet.from_yaml(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


# -- keyword rules ----------------------------------------------------------------------------

T0 = datetime(2016, 4, 26, 8, 0, tzinfo=UTC)


def news(article_id: str, story: str, text: str, *, title: str = "Titel", outlet: str = "taz",
         minutes: float = 0, duplicate_of: str | None = None, language: str = "de",
         entities: list[Entity] | None = None) -> ClusteredArticle:
    return ClusteredArticle(
        id=article_id, url="x", source=outlet, outlet=outlet, title=title, text=text,
        published_at=T0 + timedelta(minutes=minutes), published_precision="minute", language=language,
        entities=entities or [], content_hash="h" + article_id, duplicate_of=duplicate_of, story_id=story,
    )


def stage(*rules: dict) -> AlertRules:
    return AlertRules(AlertConfig(), book=RuleBook([parse_rule(r, "test") for r in rules]))


def test_keyword_query_with_phrase_prefix_and_not_reports_terms_with_offsets() -> None:
    rules = stage({"id": "k", "kind": "keyword", "query": '"Verdi kündigt" AND Streik* NOT Amazon'})
    text = "Berlin (dpa). Verdi kündigt Streiks an Flughäfen an."
    fired = rules(news("a", "s1", text)).alerts
    assert [a.rule_id for a in fired] == ["k"] and fired[0].kind == "keyword"
    spans = {(t.text, t.field) for t in fired[0].matched_terms}
    assert spans == {("Verdi kündigt", "body"), ("Streiks", "body")}
    for term in fired[0].matched_terms:
        assert text[term.start:term.end] == term.text
    assert rules(news("b", "s2", text + " Auch Amazon ist betroffen.")).alerts == []  # NOT
    assert rules(news("c", "s3", "Verdi kündigt Gespräche an.")).alerts == []  # no Streik*


def test_keyword_fields_language_and_outlet_filters() -> None:
    rules = stage(
        {"id": "title-only", "kind": "keyword", "query": "Erdbeben", "fields": ["title"]},
        {"id": "english", "kind": "keyword", "query": "earthquake", "languages": ["en"]},
        {"id": "dpa-only", "kind": "keyword", "query": "Beben", "outlets": ["dpa"]},
    )
    assert rules(news("a", "s1", "Ein Erdbeben in Ecuador.", title="Ecuador")).alerts == []
    assert [a.rule_id for a in rules(news("b", "s2", "x", title="Erdbeben in Ecuador")).alerts] == ["title-only"]
    assert rules(news("c", "s3", "An earthquake hit Ecuador.", language="de")).alerts == []
    assert [a.rule_id for a in rules(news("d", "s4", "An earthquake hit.", language="en")).alerts] == ["english"]
    assert rules(news("e", "s5", "Beben der Stärke 7,8.", outlet="taz")).alerts == []
    assert [a.rule_id for a in rules(news("f", "s6", "Beben der Stärke 7,8.", outlet="dpa")).alerts] == ["dpa-only"]


def test_keyword_rule_fires_once_per_story() -> None:
    rules = stage({"id": "k", "kind": "keyword", "query": "Zaman"})
    assert len(rules(news("a", "s1", "Polizei stürmt Zaman.")).alerts) == 1
    assert rules(news("b", "s1", "Zaman unter Zwangsverwaltung.")).alerts == []
    assert len(rules(news("c", "s2", "Zaman erscheint wieder.")).alerts) == 1


@pytest.mark.parametrize(
    ("rule", "field", "expected"),
    [
        ({"query": "(Nato OR"}, "query", "query ends early"),
        ({"query": "a*b"}, "query", "'*' may only end a word"),
        ({"pattern": r"(\w+)\1"}, "pattern", "not an RE2 regular expression"),
        ({"pattern": "(?<=x)y"}, "pattern", "not an RE2 regular expression"),
        ({}, "(rule)", "needs 'query' or 'pattern'"),
    ],
)
def test_bad_keyword_rules_are_refused_naming_the_field(tmp_path: Path, rule: dict, field: str, expected: str) -> None:
    path = tmp_path / "rules.yaml"
    body = "".join(f"    {k}: '{v}'\n" for k, v in rule.items())
    path.write_text(f"rules:\n  - id: bad\n    kind: keyword\n{body}")
    with pytest.raises(StageConfigError) as info:
        RuleSet.from_yaml(path)
    assert f"rule 'bad', field '{field}'" in str(info.value) and expected in str(info.value)


def test_catastrophic_backtracking_pattern_is_accepted_and_answers_on_a_long_text() -> None:
    # (a+)+$ takes exponential time in a backtracking engine on "aaaa...b"; RE2 answers in one
    # pass (timings: BENCHMARKS.md, "Alert rules").
    assert compile_pattern("(a+)+$").search("a" * 200_000 + "b") is None
    rules = stage({"id": "redos", "kind": "keyword", "pattern": "(a+)+$"})
    assert rules(news("a", "s1", "a" * 50_000 + "b")).alerts == []
    assert len(rules(news("b", "s2", "Text endet mit aaaa")).alerts) == 1


def test_query_errors_say_where() -> None:
    with pytest.raises(QueryError, match="unexpected '\\)' at character 5"):
        parse("Nato )")


# -- entity rule filters ------------------------------------------------------------------------


def test_entity_rule_type_and_role_filters() -> None:
    lavrov = Entity(text="Lawrow", start=0, end=6, type="PER", entity_id="Q58217", name="Sergej Lawrow",
                    confidence=0.9, method="alias")
    late = lavrov.model_copy(update={"start": 40, "end": 46})
    rules = stage(
        {"id": "lead", "kind": "entity", "entities": ["Q58217"], "roles": ["lead"]},
        {"id": "title", "kind": "entity", "entities": ["Q58217"], "roles": ["title"]},
        {"id": "org", "kind": "entity", "entities": ["Q58217"], "types": ["ORG"]},
    )
    body = "Lawrow sprach.\n\nSpäter am Abend sagte Lawrow noch etwas."
    first = rules(news("a", "s1", body, title="Treffen in Genf", entities=[lavrov])).alerts
    assert [a.rule_id for a in first] == ["lead"]
    second = rules(news("b", "s2", body, title="Lawrow in Genf", entities=[late])).alerts
    assert [a.rule_id for a in second] == ["title"]


# -- bursts -----------------------------------------------------------------------------------

BURST = {"id": "breaking", "kind": "burst", "min_outlets": 3, "window_minutes": 60, "baseline_windows": 6}


def test_burst_fires_at_the_third_distinct_outlet_within_the_window() -> None:
    rules = stage(BURST)
    assert rules(news("a", "s1", "x", outlet="taz", minutes=0)).alerts == []
    assert rules(news("b", "s1", "x", outlet="taz", minutes=5)).alerts == []  # same outlet again
    assert rules(news("c", "s1", "x", outlet="faz", minutes=20)).alerts == []
    fired = rules(news("d", "s1", "x", outlet="sz", minutes=50)).alerts
    assert [a.kind for a in fired] == ["burst"]
    assert fired[0].outlets == ["taz", "faz", "sz"] and fired[0].article_ids == ["a", "c", "d"]
    assert fired[0].fired_at == T0 + timedelta(minutes=50) and fired[0].first_seen == T0
    assert rules(news("e", "s1", "x", outlet="welt", minutes=55)).alerts == []  # not yet doubled


def test_burst_ignores_outlets_spread_beyond_the_window() -> None:
    rules = stage(BURST)
    for n, outlet in enumerate(["taz", "faz", "sz", "welt"]):
        assert rules(news(f"a{n}", "s1", "x", outlet=outlet, minutes=90 * n)).alerts == []


def test_wire_reprints_and_one_outlets_updates_are_no_burst() -> None:
    rules = stage(BURST)
    assert rules(news("wire", "s1", "x", outlet="dpa", minutes=0)).alerts == []
    for n in range(40):  # forty outlets print the same wire text: dedup flags every copy
        assert rules(news(f"r{n}", "s1", "x", outlet=f"outlet{n}", minutes=1 + n, duplicate_of="wire")).alerts == []
    for n in range(10):  # one outlet's own updates
        assert rules(news(f"u{n}", "s2", "x", outlet="spiegel", minutes=n)).alerts == []


def test_burst_escalates_when_it_doubles_and_needs_to_beat_its_baseline() -> None:
    rules = stage(BURST)
    alerts = []
    for n in range(7):
        alerts += rules(news(f"a{n}", "s1", "x", outlet=f"o{n}", minutes=5 * n)).alerts
    assert [(a.level, len(a.outlets)) for a in alerts] == [(1, 3), (2, 6)]
    assert alerts[0].alert_id != alerts[1].alert_id
    # A story covered steadily, three new outlets an hour for six hours, does not "break" in hour seven.
    steady = stage({**BURST, "min_outlets": 3, "ratio": 2.0})
    fired = []
    for hour in range(7):
        for k in range(3):
            fired += steady(news(f"h{hour}-{k}", "s9", "x", outlet=f"h{hour}o{k}", minutes=60 * hour + 20 * k + 1)).alerts
    assert [a.level for a in fired] == [1]  # only the first hour, when there was no baseline


def test_rules_changed_at_run_time_take_effect() -> None:
    book = RuleBook()
    rules = AlertRules(AlertConfig(), book=book)
    assert rules(news("a", "s1", "Zaman")).alerts == []
    book.apply("z", parse_rule({"id": "z", "kind": "keyword", "query": "Zaman"}, "topic"))
    assert [a.rule_id for a in rules(news("b", "s2", "Zaman")).alerts] == ["z"]
    book.apply("z", None)
    assert rules(news("c", "s3", "Zaman")).alerts == []
    with pytest.raises(StageConfigError, match="keyed 'y' holds rule 'z'"):
        book.apply("y", parse_rule({"id": "z", "kind": "keyword", "query": "Zaman"}, "topic"))
