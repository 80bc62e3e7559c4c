"""The demo's screen: every line fits 80 columns, and what it says is what the records say."""

from __future__ import annotations

import orjson
import pytest
from rich.console import Console

from streams import demo
from streams.kafka_io import Consumed


def consumed(key: str, value: dict) -> Consumed:
    return Consumed("t", 0, 0, key, orjson.dumps(value), {})


def article(id: str, **fields: object) -> dict:
    base = {"id": id, "outlet": None, "source": "crawler-feed", "published_at": "2022-01-21T17:04:00+01:00",
            "agencies": ["dpa"], "title": "Ein sehr langer Titel " * 8, "story_id": "story-1",
            "entities": [{"name": f"Entität Nummer {n}", "text": "x"} for n in range(30)],
            "duplicate_of": None, "duplicate_method": None, "duplicate_similarity": None, "shared_passages": []}
    return {**base, **fields}


def test_every_line_fits_80_columns_and_names_duplicates_by_number(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Console(width=80, record=True, color_system=None)
    monkeypatch.setattr(demo, "console", screen)
    records = [
        consumed("a", article("a-" + "x" * 90, outlet="RTL NEWS")),
        consumed("b", article("b", duplicate_of="a-" + "x" * 90, duplicate_method="exact", duplicate_similarity=1.0,
                              shared_passages=[{"articles": ["a-" + "x" * 90]}])),
    ]
    alerts = [consumed("al", {"severity": "critical", "rule_id": "breaking", "kind": "burst", "story_id": "story-1",
                              "summary": "breaking: 3 outlets " * 10})]
    demo._show(records, alerts, [], 0.5)
    text = screen.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "#1 RTL NEWS" in text
    assert "#2 ? (source crawler-feed)" in text  # no outlet in the page: said so, not hidden
    assert "duplicate of #1 (exact, 1.0)" in text and "also in #1" in text
    assert " ".join(text.split()).count("breaking: 3 outlets") == 10  # an alert's summary is shown whole, wrapped
