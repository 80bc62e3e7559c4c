"""Every stage by name, with its config class; built and validated before a worker starts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from agents.alert import AlertConfig, AlertRules
from agents.base import StageConfigError
from agents.clean import CleanConfig, Cleaner
from agents.dedup import DedupConfig, StoryClusterer
from agents.tag import EntityTagger, TagConfig

# Pipeline order.
STAGES: dict[str, tuple[type[BaseModel], type[Any]]] = {
    "clean": (CleanConfig, Cleaner),
    "tag": (TagConfig, EntityTagger),
    "dedup": (DedupConfig, StoryClusterer),
    "alert": (AlertConfig, AlertRules),
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


def build_stage(name: str, overrides: dict[str, Any] | None = None, **state: Any) -> Any:
    """Construct one stage; `state` passes a stateful stage its index or ledger."""
    _, stage_cls = STAGES[name]
    return stage_cls(stage_config(name, overrides), **state)
