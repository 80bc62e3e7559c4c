"""Alert stage: match each clustered article against the rules; at most one alert per rule per story.

Rules are YAML, validated at start-up with errors naming the file, the rule and the field.
The ledger of alerts already raised lives behind the `AlertLedger` protocol (a set in memory, a
Faust table in the worker), so a rule that fired for a story stays quiet for the rest of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar, Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agents.base import StageConfigError
from streams.schemas import Alert, ClusteredArticle, EnrichedArticle, MatchedEntity


class EntityWatchRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    kind: Literal["entity"]
    description: str = ""
    entities: list[str] = Field(min_length=1, description="canonical entity ids to watch")
    severity: Literal["info", "warning", "critical"] = "warning"
    min_mentions: int = Field(default=1, ge=1, description="mentions in one article to fire")


Rule = Annotated[EntityWatchRule, Field(discriminator="kind")]


class RuleSet(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: list[Rule] = Field(default_factory=list)

    @classmethod
    def from_yaml(cls, path: Path) -> RuleSet:
        try:
            data = yaml.safe_load(path.read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise StageConfigError(f"{path}: cannot read rules: {exc}") from exc
        try:
            ruleset = cls.model_validate(data)
        except ValidationError as exc:
            problems = []
            rules = data.get("rules") if isinstance(data, dict) else None
            for err in exc.errors(include_url=False):
                loc = list(err["loc"])
                where = "/".join(str(p) for p in loc)
                if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int) and rules:
                    rule = rules[loc[1]] if loc[1] < len(rules) else {}
                    rule_id = rule.get("id", f"#{loc[1]}") if isinstance(rule, dict) else f"#{loc[1]}"
                    fld = ".".join(str(p) for p in loc[2:] if p != "entity") or "(rule)"
                    where = f"rule {rule_id!r}, field {fld!r}"
                problems.append(f"{path}: {where}: {err['msg']}")
            raise StageConfigError("; ".join(problems)) from exc
        ids = [r.id for r in ruleset.rules]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise StageConfigError(f"{path}: rule ids must be unique, repeated: {repeated}")
        return ruleset


class AlertLedger(Protocol):
    def seen(self, key: str) -> bool: ...
    def mark(self, key: str) -> None: ...


class InMemoryAlertLedger:
    def __init__(self) -> None:
        self._keys: set[str] = set()

    def seen(self, key: str) -> bool:
        return key in self._keys

    def mark(self, key: str) -> None:
        self._keys.add(key)


class AlertConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rules_file: Path | None = Field(default=None, description="YAML rules; none: no alerts")


@dataclass(frozen=True)
class AlertOutcome:
    article: EnrichedArticle
    alerts: list[Alert] = field(default_factory=list)


def alert_id(rule_id: str, story_id: str, level: int = 1) -> str:
    return hashlib.sha256(f"{rule_id}|{story_id}|{level}".encode()).hexdigest()[:24]


class AlertRules:
    name: ClassVar[str] = "alert"
    input_model = ClusteredArticle
    output_model = EnrichedArticle

    def __init__(self, config: AlertConfig, ledger: AlertLedger | None = None) -> None:
        self.config = config
        self.rules = RuleSet.from_yaml(config.rules_file).rules if config.rules_file else []
        self.ledger: AlertLedger = ledger if ledger is not None else InMemoryAlertLedger()

    def __call__(self, article: ClusteredArticle) -> AlertOutcome:
        alerts = [a for rule in self.rules if (a := self._evaluate(rule, article)) is not None]
        enriched = EnrichedArticle(
            **article.model_dump(), alert_ids=[a.alert_id for a in alerts]
        )
        return AlertOutcome(article=enriched, alerts=alerts)

    def _evaluate(self, rule: EntityWatchRule, article: ClusteredArticle) -> Alert | None:
        watched = set(rule.entities)
        hits = [e for e in article.entities if e.entity_id in watched]
        if len(hits) < rule.min_mentions:
            return None
        key = f"{rule.id}|{article.story_id}"
        if self.ledger.seen(key):
            return None
        self.ledger.mark(key)
        names = sorted({e.name or e.text for e in hits})
        headline = article.title or article.text[:80]
        return Alert(
            alert_id=alert_id(rule.id, article.story_id),
            rule_id=rule.id,
            kind="entity",
            severity=rule.severity,
            story_id=article.story_id,
            article_ids=[article.id],
            matched=[
                MatchedEntity(entity_id=e.entity_id, name=e.name, text=e.text, start=e.start, end=e.end)
                for e in hits
            ],
            first_seen=article.published_at or article.fetched_at,
            summary=f"{', '.join(names)} in {article.outlet or article.source}: {headline}",
        )
