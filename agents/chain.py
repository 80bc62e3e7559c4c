"""A chain of stages run one after the other on each record, in one processor (no Kafka here).

The worker runs two chains: ingest (clean, tag) on the partitioned raw topic, and analyse
(dedup, alert) on the single-partition tagged topic. Fusing stages saves, per article and hop,
an encode, a produce, a fetch and a decode (BENCHMARKS.md, "Data path").

The chain enforces the stage contract: each stage's result must be an instance of its declared
`output_model`, the next stage's `input_model` must accept it, and each record the final router
emits must be an instance of its topic's schema. A violation is a bug in Wirewatch, not bad
input, and raises `StageContractError` (the record still goes to the dead-letter topic).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from agents.base import Stage
from streams import codec
from streams.errors import DECODE_REASONS, DecodeError, Skip, WirewatchError
from streams.flow import Emit, Handled

Router = Callable[[Any], list[Emit]]


class StageContractError(WirewatchError):
    """A stage returned, or a router emitted, something other than what it declares."""

    kind = "stage_contract"


def check_chain(stages: Sequence[Stage]) -> None:
    """Each stage's output feeds the next: raise at start-up if the declared models do not."""
    for first, second in itertools.pairwise(stages):
        if not issubclass(first.output_model, second.input_model):
            raise StageContractError(
                f"stage {first.name!r} outputs {first.output_model.__name__}, "
                f"but stage {second.name!r} expects {second.input_model.__name__}"
            )


class Chain:
    def __init__(self, name: str, stages: Sequence[Stage], route: Router, max_input_bytes: int | None = None) -> None:
        if not stages:
            raise StageContractError(f"chain {name!r} has no stages")
        check_chain(stages)
        self.name = name
        self.stages = list(stages)
        self.route = route
        self.input_model: type[BaseModel] = stages[0].input_model
        self.max_input_bytes = max_input_bytes

    def failure_labels(self) -> list[tuple[str, str]]:
        """Every (stage, reason) this chain can count a dead letter under: the decode reasons
        at its first stage, each stage's own kinds, and the bugs any stage or the router can
        show. Created at 0 when the worker starts, so increase() sees a reason's first event."""
        first = self.stages[0].name
        labels = [(first, reason) for reason in DECODE_REASONS]
        if self.max_input_bytes is not None:
            labels.append((first, "too_large"))
        for stage in self.stages:
            labels += [(stage.name, kind) for kind in getattr(stage, "failure_kinds", ())]
            labels += [(stage.name, "stage_contract"), (stage.name, "stage_exception")]
        labels += [(f"{self.name}-route", "stage_contract"), (f"{self.name}-route", "stage_exception")]
        return labels

    def __call__(self, value: bytes | None) -> Handled:
        """Decode the record, run every stage, route the result."""
        stage_name = self.stages[0].name
        if self.max_input_bytes is not None and value is not None and len(value) > self.max_input_bytes:
            return Handled(failed_stage=stage_name, error=DecodeError(
                "too_large", f"value is {len(value)} bytes; at most {self.max_input_bytes} are accepted "
                "(MAX_RECORD_BYTES in streams/topics.py)"))
        try:
            item = codec.decode(value, self.input_model)
        except DecodeError as exc:
            return Handled(failed_stage=stage_name, error=exc)
        return self.run(item)

    def run(self, item: BaseModel) -> Handled:
        handled = Handled()
        stage_name = self.stages[0].name
        try:
            result: Any = item
            for stage in self.stages:
                stage_name = stage.name
                started = time.perf_counter()
                try:
                    result = stage(result)
                finally:
                    handled.durations.append((stage_name, time.perf_counter() - started))
                if not isinstance(result, stage.output_model):
                    raise StageContractError(
                        f"stage {stage_name!r} returned {type(result).__name__}, "
                        f"declared {stage.output_model.__name__}"
                    )
            stage_name = f"{self.name}-route"
            emits = self.route(result)
            for emit in emits:
                if emit.spec.schema is None or not isinstance(emit.model, emit.spec.schema):
                    raise StageContractError(
                        f"chain {self.name!r} emitted {type(emit.model).__name__} to {emit.spec.name}, "
                        f"whose records are {getattr(emit.spec.schema, '__name__', 'state operations')}"
                    )
            handled.emits = emits
        except Skip as skip:
            handled.skipped_stage, handled.skip_reason = stage_name, skip.reason
        except Exception as exc:  # the dead-letter boundary: bad input never stops the worker
            handled.failed_stage, handled.error = stage_name, exc
        return handled
