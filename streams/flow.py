"""What a processor's record handler gives the engine: the records to emit, or why there are none.

A leaf module (no Kafka): the stage chains (agents.chain) build these, the engine (streams.engine)
sends them, and `wirewatch process` reads them in-process.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pydantic import BaseModel

from streams.schemas import DeadLetter
from streams.topics import MAX_DEAD_LETTER_ORIGINAL_BYTES, TopicSpec


@dataclass(frozen=True)
class Emit:
    """One output record: the catalogue topic, the message key, the model."""

    spec: TopicSpec
    key: str
    model: BaseModel


@dataclass
class Handled:
    """The outcome of one input record."""

    emits: list[Emit] = field(default_factory=list)
    failed_stage: str | None = None  # set: the record goes to the dead-letter topic
    error: Exception | None = None
    skipped_stage: str | None = None  # set: dropped on purpose, with `skip_reason`
    skip_reason: str | None = None
    durations: list[tuple[str, float]] = field(default_factory=list)  # (stage, seconds)


class OutputTooLarge(Exception):
    """A record the topics could not take (max.message.bytes)."""

    kind = "output_too_large"


def dead_letter(
    stage_name: str, topic: str, partition: int | None, offset: int | None, key: str | None,
    value: bytes | None, exc: Exception,
) -> DeadLetter:
    """What the dead-letter topic keeps of a record a stage refused: where it came from, why,
    and its bytes as received. Bytes past MAX_DEAD_LETTER_ORIGINAL_BYTES are cut (the length
    and SHA-256 of the whole are kept), so a dead letter always fits the topic."""
    original = value or b""
    kept = original[:MAX_DEAD_LETTER_ORIGINAL_BYTES]
    return DeadLetter(
        stage=stage_name, source_topic=topic, source_partition=partition, source_offset=offset,
        key=key[:1024] if key is not None else None,
        error_type=type(exc).__name__, reason=(str(exc) or type(exc).__name__)[:4096],
        failed_at=datetime.now(UTC), original_base64=base64.b64encode(kept).decode("ascii"),
        original_length=len(original), original_sha256=hashlib.sha256(original).hexdigest(),
        original_truncated=len(kept) < len(original),
    )


def failure_kind(exc: Exception) -> str:
    """The bounded reason label of a failure (metrics): the error's own `kind`, if it has one."""
    kind = getattr(exc, "kind", None)
    return kind if isinstance(kind, str) else "stage_exception"
