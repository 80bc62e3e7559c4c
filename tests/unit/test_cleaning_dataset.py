"""Integrity of the labelled cleaning evaluation set (tests/data/cleaning)."""

from __future__ import annotations

import json

from tests.cleaning_eval import EVAL_DIR, load_eval_set


def test_the_set_is_big_and_varied_enough() -> None:
    pages = load_eval_set()
    assert len(pages) >= 60
    assert len({p.outlet for p in pages}) >= 12
    assert sum(1 for p in pages if p.id.startswith("seed-")) == 5
    assert {p.split for p in pages} == {"dev", "heldout", "final", "test", "test2", "test3", "test4", "test5", "test6"}


def test_every_line_has_a_valid_label_and_every_page_has_article_or_is_all_chrome() -> None:
    for page in load_eval_set():
        assert set(page.labels) <= {"T", "A", "B", "-"}, page.id
        for line, label in zip(page.lines, page.labels, strict=True):
            assert (label == "-") == (not line.strip()), f"{page.id}: {line!r} labelled {label}"


def test_index_matches_files() -> None:
    index = json.loads((EVAL_DIR / "index.json").read_text("utf-8"))
    files = {p.stem for p in EVAL_DIR.glob("*.tsv")}
    assert {entry["id"] for entry in index} == files
    assert all(entry["source"] == "smartdata_v1" and entry["url"].startswith("http") for entry in index)
