from __future__ import annotations

from pathlib import Path

import pytest

from agents.alert import AlertConfig, AlertRules, RuleSet, alert_id
from agents.base import StageConfigError
from streams.schemas import ClusteredArticle, Entity

RULES = """
rules:
  - id: watch-lavrov
    kind: entity
    entities: [ww:sergei-lavrov]
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
    first = rules(article("a", "s1", ["ww:sergei-lavrov", "Q159"]))
    second = rules(article("b", "s1", ["ww:sergei-lavrov"]))
    other_story = rules(article("c", "s2", ["ww:sergei-lavrov"]))
    assert [a.rule_id for a in first.alerts] == ["watch-lavrov"]
    assert first.alerts[0].severity == "critical"
    assert first.alerts[0].matched[0].entity_id == "ww:sergei-lavrov"
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
