"""Malformed raw records, one of each kind a crawler or an attacker can send (issue: "malformed
input at volume"). Each must become a dead letter with its reason and bytes, quickly."""

from __future__ import annotations

import orjson

from streams.topics import MAX_RECORD_BYTES


def _article(**fields: object) -> bytes:
    base: dict[str, object] = {"id": "x", "url": "https://example.org/x", "source": "example"}
    base.update(fields)
    return orjson.dumps(base)


def malformed() -> dict[str, bytes]:
    """kind -> record value (the key is the kind)."""
    nested = b"[" * 100_000 + b"]" * 100_000
    return {
        "invalid-json": b"{not json at all",
        "truncated-json": _article(text="Ein Satz, der abbricht.")[:-12],
        "wrong-types": orjson.dumps({"id": 17, "url": ["x"], "source": {"a": 1}, "text": 5}),
        "missing-fields": orjson.dumps({"text": "Nur Text, keine Kennung."}),
        "empty-text": _article(text="   \n  "),
        "over-size-limit": _article(text="Wort " * (MAX_RECORD_BYTES // 5 + 10)),
        "invalid-utf8": b'{"id": "x", "url": "u", "source": "s", "text": "caf\xe9 \xff\xfe"}',
        "binary": bytes(range(256)) * 64,
        "deeply-nested": b'{"id": "x", "url": "u", "source": "s", "text": "t", "extra": ' + nested + b"}",
        "unknown-schema-version": _article(schema_version=99, text="Ein Artikel aus der Zukunft."),
        "html-bomb": _article(html="<div>" * 200_000 + "Text" + "</div>" * 200_000),
        "control-characters": _article(text="\x00\x01\x02\x03\x1b[31m\x07\x08" * 1000),
        "megabyte-line": _article(text="x" * 1_000_000),
        "null-value": b"null",
    }
