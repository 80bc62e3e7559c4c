"""Exception hierarchy shared by the platform and the stages (no imports, so anyone may use it)."""

from __future__ import annotations


class WirewatchError(Exception):
    """Base of every error Wirewatch raises on purpose."""


DECODE_REASONS = ("empty_value", "invalid_utf8", "invalid_json", "schema")


class DecodeError(WirewatchError):
    """Bytes that are not a valid record of the expected schema."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind  # bounded: empty_value, invalid_utf8, invalid_json, schema
        self.reason = reason


class StageConfigError(WirewatchError):
    """A stage or rule configuration that cannot work; raised at start-up, never per message."""


class Skip(WirewatchError):
    """A deliberate, counted drop of one message by a stage."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
