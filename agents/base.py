"""The contract every stage follows. Pure: no Kafka, no Faust, no clock, no globals."""

from __future__ import annotations

from typing import ClassVar, Protocol

from pydantic import BaseModel

from streams.errors import Skip, StageConfigError, WirewatchError

__all__ = ["Skip", "Stage", "StageConfigError", "StageError", "WirewatchError"]


class StageError(WirewatchError):
    """A record a stage cannot turn into output; it goes to the dead-letter topic.

    `kind` is a short bounded reason for metrics; the message says what was wrong.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class Stage(Protocol):
    name: ClassVar[str]
    input_model: ClassVar[type[BaseModel]]
    output_model: ClassVar[type]  # a model, or (last stage of a chain) what its router takes
    # The `kind`s of the StageErrors it raises (metric reason labels, created at 0 at start-up).
    failure_kinds: ClassVar[tuple[str, ...]]

    def __call__(self, item: BaseModel, /) -> object: ...
