"""Alert stage: entity watchlists, keyword queries and breaking-story bursts, one alert per rule
per story unless a burst escalates.

Rules come from YAML (validated with errors naming the file, the rule and the field) and, at run
time, from the compacted alert-rules topic: the `RuleBook` holds the current set and the worker
updates it while it runs. Time is stream time (each article's date), never the wall clock, so a
replayed stream raises the same alerts as the live one. What the stage remembers (alerts raised,
each story's outlets) lives in a mapping keyed by story id: a dict here, a state-store table in the
worker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from agents.base import StageConfigError
from agents.dedup import article_time, moment
from streams import query
from streams.schemas import (
    Alert,
    AlertRule,
    BurstRule,
    ClusteredArticle,
    EnrichedArticle,
    EntityWatchRule,
    KeywordRule,
    MatchedEntity,
    MatchedTerm,
    TermField,
)

_RULE = TypeAdapter(AlertRule)
_MAX_OUTLETS = 500  # per story: enough for any burst, bounded for a story that never ends


def _problems(exc: ValidationError, where: str, rules: list[Any] | None) -> list[str]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if p not in ("entity", "keyword", "burst")]
        place = "/".join(str(p) for p in loc) or "(file)"
        if rules is not None and len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            rule = rules[loc[1]] if loc[1] < len(rules) else {}
            rule_id = rule.get("id", f"#{loc[1] + 1}") if isinstance(rule, dict) else f"#{loc[1] + 1}"
            fld = ".".join(str(p) for p in loc[2:]) or "(rule)"
            place = f"rule {rule_id!r}, field {fld!r}"
        problems.append(f"{where}: {place}: {err['msg']}")
    return problems


class RuleSet(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: list[AlertRule] = Field(default_factory=list)

    @classmethod
    def from_yaml(cls, path: Path) -> RuleSet:
        try:
            data = yaml.safe_load(path.read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise StageConfigError(f"{path}: cannot read rules: {exc}") from exc
        try:
            ruleset = cls.model_validate(data)
        except ValidationError as exc:
            rules = data.get("rules") if isinstance(data, dict) else None
            raise StageConfigError("; ".join(_problems(exc, str(path), rules))) from exc
        ids = [r.id for r in ruleset.rules]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise StageConfigError(f"{path}: rule ids must be unique, repeated: {repeated}")
        return ruleset


def parse_rule(data: Any, where: str) -> Any:
    """One rule from a topic message or a dict; errors name `where` and the field."""
    try:
        return _RULE.validate_python(data)
    except ValidationError as exc:
        rule_id = data.get("id") if isinstance(data, dict) else None
        label = f"{where}, rule {rule_id!r}" if rule_id else where
        raise StageConfigError("; ".join(_problems(exc, label, None))) from exc


class RuleBook:
    """The rules in force: a YAML file's at start, then whatever the alert-rules topic says."""

    def __init__(self, rules: Iterable[Any] = ()) -> None:
        self._rules: dict[str, Any] = {r.id: r for r in rules}
        self.version = 0

    def apply(self, rule_id: str, rule: Any | None) -> None:
        """Add or replace a rule, or (None) remove it."""
        if rule is None:
            self._rules.pop(rule_id, None)
        else:
            if rule.id != rule_id:
                raise StageConfigError(f"rule record keyed {rule_id!r} holds rule {rule.id!r}")
            self._rules[rule_id] = rule
        self.version += 1

    def rules(self) -> list[Any]:
        return [self._rules[k] for k in sorted(self._rules) if self._rules[k].enabled]

    def __len__(self) -> int:
        return len(self._rules)


class AlertConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rules_file: Path | None = Field(default=None, description="YAML rules at start; the topic can change them")
    story_days: int = Field(default=7, ge=1, description="forget a story's alert state after this long idle")


@dataclass(frozen=True)
class AlertOutcome:
    article: EnrichedArticle
    alerts: list[Alert] = field(default_factory=list)


def alert_id(rule_id: str, story_id: str, level: int = 1) -> str:
    return hashlib.sha256(f"{rule_id}|{story_id}|{level}".encode()).hexdigest()[:24]


class AlertRules:
    name: ClassVar[str] = "alert"
    input_model = ClusteredArticle
    output_model = AlertOutcome  # the enriched article and the alerts it raised

    def __init__(
        self, config: AlertConfig, state: MutableMapping[str, Any] | None = None, book: RuleBook | None = None
    ) -> None:
        self.config = config
        if book is None:
            book = RuleBook(RuleSet.from_yaml(config.rules_file).rules if config.rules_file else [])
        self.book = book
        self.state: MutableMapping[str, Any] = state if state is not None else {}
        self._since_sweep = 0

    def __call__(self, article: ClusteredArticle) -> AlertOutcome:
        when = article_time(article)
        story = self._remember(article, when)  # updated by the rules below, then stored once
        self._since_sweep += 1
        if self._since_sweep >= 1000 and when is not None:
            self._since_sweep = 0
            self.sweep(when)
        document: query.Document | None = None
        alerts = []
        for rule in self.book.rules():
            if isinstance(rule, EntityWatchRule):
                alert = self._entity(rule, article, story)
            elif isinstance(rule, KeywordRule):
                if document is None:
                    document = query.Document({"title": article.title or "", "body": article.text})
                alert = self._keyword(rule, article, story, document)
            else:
                alert = self._burst(rule, article, story, when)
            if alert is not None:
                alerts.append(alert)
        self.state[article.story_id] = story
        enriched = EnrichedArticle(**article.model_dump(), alert_ids=[a.alert_id for a in alerts])
        return AlertOutcome(article=enriched, alerts=alerts)

    # -- what the stage remembers per story ---------------------------------------------------

    def _remember(self, article: ClusteredArticle, when: float | None) -> dict[str, Any]:
        """The story's first-seen time, its outlets' first original (non-duplicate) article, and
        the rules that fired for it (rule id -> level and count at that level)."""
        story = dict(self.state.get(article.story_id) or {"first": when, "outlets": {}, "fired": {}})
        if when is not None and (story["first"] is None or when < story["first"]):
            story["first"] = when
        outlet = article.outlet or article.source
        outlets = dict(story["outlets"])
        if article.duplicate_of is None and outlet not in outlets and len(outlets) < _MAX_OUTLETS:
            outlets[outlet] = [when, article.id]
        story["outlets"] = outlets
        times = [t for t in (story.get("last"), when) if t is not None]
        story["last"] = max(times) if times else None
        story["fired"] = dict(story["fired"])
        return story

    def sweep(self, now: float) -> int:
        """Forget stories idle longer than `story_days` (and the alerts they raised)."""
        horizon = now - self.config.story_days * 86400
        stale = [k for k, v in list(self.state.items()) if v.get("last") is not None and v["last"] < horizon]
        for key in stale:
            del self.state[key]
        return len(stale)

    # -- the three kinds ----------------------------------------------------------------------

    def _entity(self, rule: EntityWatchRule, article: ClusteredArticle, story: dict[str, Any]) -> Alert | None:
        if rule.id in story["fired"]:
            return None
        watched = set(rule.entities)
        hits = [e for e in article.entities if e.entity_id in watched and (not rule.types or e.type in rule.types)]
        if rule.roles:
            lead_end = article.text.find("\n\n")
            lead_end = len(article.text) if lead_end < 0 else lead_end
            title = article.title or ""

            def in_role(e: Any) -> bool:
                return (
                    "body" in rule.roles
                    or ("lead" in rule.roles and e.start < lead_end)
                    or ("title" in rule.roles and bool(e.text) and e.text in title)
                )

            hits = [e for e in hits if in_role(e)]
        if len(hits) < rule.min_mentions:
            return None
        story["fired"][rule.id] = {"level": 1, "count": len(hits)}
        names = sorted({e.name or e.text for e in hits})
        return self._alert(
            rule, article, story, article_ids=[article.id],
            matched=[MatchedEntity(entity_id=e.entity_id, name=e.name, text=e.text, start=e.start, end=e.end) for e in hits],
            summary=f"{', '.join(names)} in {self._outlet(article)}: {self._headline(article)}",
        )

    def _keyword(
        self, rule: KeywordRule, article: ClusteredArticle, story: dict[str, Any], document: query.Document
    ) -> Alert | None:
        if rule.id in story["fired"]:
            return None
        if rule.languages and (article.language or "") not in rule.languages:
            return None
        if rule.outlets and not ({article.outlet, article.source} & set(rule.outlets)):
            return None
        fields = tuple(rule.fields)
        hits: list[query.Hit] = []
        if rule.query is not None:
            matched, hits = query.evaluate(query.parse(rule.query), document, fields)
            if not matched:
                return None
        if rule.pattern is not None:
            pattern = query.compile_pattern(rule.pattern)
            found = [
                query.Hit(rule.pattern, name, m.start(), m.end(), m.group(0))
                for name in fields for m in pattern.finditer(document.texts[name])
            ]
            if not found:
                return None
            hits += found
        story["fired"][rule.id] = {"level": 1, "count": len(hits)}
        terms = sorted({h.text.casefold() for h in hits})
        return self._alert(
            rule, article, story, article_ids=[article.id], matched=[],
            matched_terms=[MatchedTerm(term=h.term, field=cast(TermField, h.field), text=h.text, start=h.start, end=h.end) for h in hits],
            summary=f"{rule.query or rule.pattern!s} ({', '.join(terms[:5])}) in {self._outlet(article)}: "
            f"{self._headline(article)}",
        )

    def _burst(
        self, rule: BurstRule, article: ClusteredArticle, story: dict[str, Any], when: float | None
    ) -> Alert | None:
        if when is None or article.duplicate_of is not None:
            return None  # no time, no rate; a duplicate adds no outlet
        if rule.entities and not {e.entity_id for e in article.entities} & set(rule.entities):
            return None
        width = rule.window_minutes * 60
        times = [(t, aid, outlet) for outlet, (t, aid) in story["outlets"].items() if t is not None]
        current = sorted((t, aid, o) for t, aid, o in times if when - width < t <= when)
        if len(current) < rule.min_outlets:
            return None
        baseline = sum(
            1 for t, _, _ in times if when - (rule.baseline_windows + 1) * width < t <= when - width
        ) / rule.baseline_windows
        if baseline and len(current) <= rule.ratio * baseline:
            return None
        fired = story["fired"].get(rule.id)
        if fired is not None and len(current) < rule.escalate_factor * fired["count"]:
            return None
        level = 1 if fired is None else fired["level"] + 1
        story["fired"][rule.id] = {"level": level, "count": len(current)}
        outlets = [o for _, _, o in current]
        ids = [aid for _, aid, _ in current if aid != article.id] + [article.id]
        minutes = f"{rule.window_minutes:g}"
        escalated = f" (level {level})" if level > 1 else ""
        return self._alert(
            rule, article, story, article_ids=ids, matched=[], outlets=outlets, level=level,
            summary=f"breaking{escalated}: {len(outlets)} outlets in {minutes} min "
            f"(baseline {baseline:.1f}): {self._headline(article)}",
        )

    # -- helpers --------------------------------------------------------------------------------

    def _alert(self, rule: Any, article: ClusteredArticle, story: dict[str, Any], *, level: int = 1, **fields: Any) -> Alert:
        return Alert(
            alert_id=alert_id(rule.id, article.story_id, level), rule_id=rule.id, kind=rule.kind,
            severity=rule.severity, level=level, story_id=article.story_id,
            first_seen=moment(story.get("first")), fired_at=moment(article_time(article)), **fields,
        )

    @staticmethod
    def _outlet(article: ClusteredArticle) -> str:
        return article.outlet or article.source

    @staticmethod
    def _headline(article: ClusteredArticle) -> str:
        return article.title or article.text[:80]
