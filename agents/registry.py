"""Every stage by name, with its config class, and the two chains the worker runs; pure.

Stages are built and validated here before a worker starts, so a bad setting stops the process.
The chains are the same for the worker (state in its stores) and `wirewatch process` (state in
dicts). Adding a stage: README, "Adding a stage".
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from agents.alert import AlertConfig, AlertOutcome, AlertRules, RuleBook
from agents.base import StageConfigError
from agents.chain import Chain
from agents.chrome import TemplateMemory
from agents.clean import CleanConfig, Cleaner
from agents.dedup import DedupConfig, StoryClusterer, StoryIndex
from agents.tag import EntityTagger, TagConfig
from streams.flow import Emit
from streams.schemas import TaggedArticle
from streams.settings import WirewatchSettings
from streams.topics import ALERTS, ENRICHED, MAX_MESSAGE_BYTES, MAX_RECORD_BYTES, STORIES, TAGGED

# Pipeline order.
STAGES: dict[str, tuple[type[BaseModel], type[Any]]] = {
    "clean": (CleanConfig, Cleaner),
    "tag": (TagConfig, EntityTagger),
    "dedup": (DedupConfig, StoryClusterer),
    "alert": (AlertConfig, AlertRules),
}
# Which stages run fused in which processor, in order (README, "Partitioning, state and delivery").
CHAINS: dict[str, tuple[str, ...]] = {
    "ingest": ("clean", "tag"),
    "analyse": ("dedup", "alert"),
}


def stage_config(name: str, overrides: dict[str, Any] | None = None) -> BaseModel:
    config_cls, _ = STAGES[name]
    try:
        return config_cls.model_validate(overrides or {})
    except ValidationError as exc:
        problems = "; ".join(
            f"stages.{name}.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_url=False)
        )
        raise StageConfigError(problems) from exc


def stage_overrides(settings: WirewatchSettings, name: str) -> dict[str, Any]:
    """A stage's settings: `WIREWATCH_STAGES__<STAGE>__<FIELD>`, and the rules file for alert."""
    unknown = set(settings.stages) - set(STAGES)
    if unknown:
        raise StageConfigError(f"stages.{sorted(unknown)[0]}: no such stage; expected one of {', '.join(STAGES)}")
    overrides = dict(settings.stages.get(name, {}))
    if name == "alert" and settings.rules_file is not None:
        overrides.setdefault("rules_file", settings.rules_file)
    return overrides


def build_stage(name: str, overrides: dict[str, Any] | None = None, **state: Any) -> Any:
    """Construct one stage; `state` passes a stateful stage its index or ledger."""
    _, stage_cls = STAGES[name]
    return stage_cls(stage_config(name, overrides), **state)


@dataclass(frozen=True)
class State:
    """Where the stateful stages keep what they remember."""

    templates: TemplateMemory
    story_index: StoryIndex
    alert_state: MutableMapping[str, Any]
    rule_book: RuleBook | None = None


@dataclass(frozen=True)
class Chains:
    ingest: Chain
    analyse: Chain
    dedup: StoryClusterer
    alert: AlertRules


def all_overrides(settings: WirewatchSettings) -> dict[str, dict[str, Any]]:
    return {name: stage_overrides(settings, name) for name in STAGES}


def build_chains(overrides: dict[str, dict[str, Any]], state: State) -> Chains:
    """Both chains with every stage built and validated; `overrides`: stage name -> settings."""
    extra: dict[str, dict[str, Any]] = {
        "clean": {"templates": state.templates},
        "dedup": {"index": state.story_index},
        "alert": {"state": state.alert_state, **({"book": state.rule_book} if state.rule_book is not None else {})},
    }
    built = {name: build_stage(name, overrides.get(name), **extra.get(name, {})) for name in STAGES}
    dedup: StoryClusterer = built["dedup"]

    def tagged(article: TaggedArticle) -> list[Emit]:
        return [Emit(TAGGED, article.id, article)]

    def enriched(outcome: AlertOutcome) -> list[Emit]:
        article = outcome.article
        out = [Emit(ENRICHED, article.id, article)]
        out.extend(Emit(ALERTS, alert.alert_id, alert) for alert in outcome.alerts)
        summary = dedup.summary(article.story_id)  # the story as it is now, this article included
        if summary is not None:
            out.append(Emit(STORIES, summary.story_id, summary))
        return out

    return Chains(
        ingest=Chain("ingest", [built[name] for name in CHAINS["ingest"]], tagged, MAX_RECORD_BYTES),
        analyse=Chain("analyse", [built[name] for name in CHAINS["analyse"]], enriched, MAX_MESSAGE_BYTES),
        dedup=dedup,
        alert=built["alert"],
    )
