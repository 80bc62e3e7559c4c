"""Both chains in-process, with in-memory state: `wirewatch process` and backfills.

Same stage code as the worker, same decode and dead-letter decisions, no broker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.chrome import InMemoryTemplates
from agents.dedup import InMemoryStoryIndex
from agents.registry import State, build_chains
from streams.flow import Handled, dead_letter
from streams.schemas import Alert, DeadLetter, EnrichedArticle
from streams.topics import ALERTS, ENRICHED


@dataclass
class Processed:
    article: EnrichedArticle | None = None
    alerts: list[Alert] = field(default_factory=list)
    dead_letter: DeadLetter | None = None
    skipped: str | None = None


class Pipeline:
    def __init__(self, overrides: dict[str, dict[str, Any]] | None = None) -> None:
        self.chains = build_chains(
            overrides or {}, State(templates=InMemoryTemplates(), story_index=InMemoryStoryIndex(), alert_state={})
        )
        self.stages = [*self.chains.ingest.stages, *self.chains.analyse.stages]

    def process(self, value: bytes, key: str | None = None, origin: str = "input") -> Processed:
        handled = self.chains.ingest(value)
        if handled.emits:
            handled = self.chains.analyse.run(handled.emits[0].model)
        return self._outcome(handled, value, key, origin)

    @staticmethod
    def _outcome(handled: Handled, value: bytes, key: str | None, origin: str) -> Processed:
        if handled.failed_stage is not None:
            assert handled.error is not None
            return Processed(dead_letter=dead_letter(handled.failed_stage, origin, None, None, key, value, handled.error))
        if handled.skipped_stage is not None:
            return Processed(skipped=handled.skip_reason)
        article = next(e.model for e in handled.emits if e.spec is ENRICHED)
        assert isinstance(article, EnrichedArticle)
        alerts = [e.model for e in handled.emits if e.spec is ALERTS]
        return Processed(article=article, alerts=alerts)  # type: ignore[arg-type]
