"""Line-level precision/recall/F1 of the clean stage against jusText, and its speed.

Run:  .venv/bin/pytest tests/benchmarks/bench_clean.py -s -p no:cacheprovider
Data: tests/data/cleaning (68 hand-labelled pages from 31 outlets, DFKI SmartData v1, CC BY 4.0)
plus the five seeds. `dev` pages were looked at while writing the rules; `test` pages were not.
"""

from __future__ import annotations

import contextlib
import time

from agents.clean import CleanConfig, Cleaner
from tests.cleaning_eval import justext_decisions, load_eval_set, score, wirewatch_decisions


def _row(name: str, split: str, pages, decisions) -> str:
    by_line, by_char = score(pages, decisions)
    return (f"| {name} | {split} ({len(pages)} pages) | {by_line.precision:.3f} | {by_line.recall:.3f} "
            f"| **{by_line.f1:.3f}** | {by_char.f1:.3f} |")


def test_clean_against_justext() -> None:
    pages = load_eval_set()
    cleaner = Cleaner(CleanConfig())
    started = time.perf_counter()
    ours = [wirewatch_decisions(p, cleaner) for p in pages]
    elapsed = time.perf_counter() - started
    theirs = [justext_decisions(p) for p in pages]
    rows = ["| system | pages | precision | recall | F1 (lines) | F1 (characters) |", "|---|---|---|---|---|---|"]
    for split in ("test", "final", "heldout", "dev", "all"):
        chosen = [i for i, p in enumerate(pages) if split == "all" or p.split == split]
        subset = [pages[i] for i in chosen]
        rows.append(_row("Wirewatch", split, subset, [ours[i] for i in chosen]))
        rows.append(_row("jusText 3.0.2, line by line", split, subset, [theirs[i] for i in chosen]))
    print("\n" + "\n".join(rows))
    # Speed of the whole stage (with metadata, language) on the same pages.
    from streams.schemas import RawArticle

    raws = [RawArticle(id=p.id, url="x", source=p.outlet, text=p.text) for p in pages]
    started = time.perf_counter()
    for _ in range(5):
        for raw in raws:
            with contextlib.suppress(Exception):  # an all-chrome page is a dead letter; it still costs the time
                cleaner(raw)
    per_article = (time.perf_counter() - started) / (5 * len(raws))
    print(f"\nline classification: {len(pages) / elapsed:,.0f} pages/s; whole clean stage: "
          f"{1 / per_article:,.0f} articles/s ({per_article * 1000:.2f} ms each)")
