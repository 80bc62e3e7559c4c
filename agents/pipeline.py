"""The four stages chained in-process, with in-memory state: `wirewatch process` and backfills.

Same stage code as the worker, same decode and dead-letter decisions, no broker.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from agents.alert import AlertOutcome
from agents.base import StageError
from agents.chrome import InMemoryTemplates
from agents.registry import STAGES, build_stage
from streams import codec
from streams.errors import DecodeError, Skip
from streams.schemas import Alert, DeadLetter, EnrichedArticle, RawArticle


@dataclass
class Processed:
    article: EnrichedArticle | None = None
    alerts: list[Alert] = field(default_factory=list)
    dead_letter: DeadLetter | None = None
    skipped: str | None = None


class Pipeline:
    def __init__(self, overrides: dict[str, dict[str, Any]] | None = None) -> None:
        overrides = overrides or {}
        state = {"clean": {"templates": InMemoryTemplates()}}
        self.stages = [build_stage(name, overrides.get(name), **state.get(name, {})) for name in STAGES]

    def process(self, value: bytes, key: str | None = None, origin: str = "input") -> Processed:
        stage_name = self.stages[0].name
        try:
            item: Any = codec.decode(value, RawArticle)
            for stage in self.stages:
                stage_name = stage.name
                item = stage(item)
        except Skip as skip:
            return Processed(skipped=skip.reason)
        except (DecodeError, StageError) as exc:
            return Processed(dead_letter=dead_letter(stage_name, origin, None, None, key, value, exc))
        assert isinstance(item, AlertOutcome)
        return Processed(article=item.article, alerts=item.alerts)


def dead_letter(
    stage_name: str, topic: str, partition: int | None, offset: int | None, key: str | None,
    value: bytes | None, exc: Exception,
) -> DeadLetter:
    """What the dead-letter topic keeps of a record a stage refused: where it came from, why,
    and its bytes as received."""
    return DeadLetter(
        stage=stage_name, source_topic=topic, source_partition=partition, source_offset=offset, key=key,
        error_type=type(exc).__name__, reason=(str(exc) or type(exc).__name__)[:4096],
        failed_at=datetime.now(UTC), original_base64=base64.b64encode(value or b"").decode("ascii"),
    )

