"""The clean stage's speed in two or more checkouts, paired in one process.

On a shared machine one run of `bench_clean.py -k speed` varies by ±20% from the next, more than
most changes it should judge. Here every checkout's `Cleaner` is loaded into the same process; the
pages (the speed benchmark's: SmartData pages of 500+ characters and generated articles) are cut
into 20 chunks, and each chunk is cleaned once by each checkout, the order alternating, so both
see the same moments of the machine. Reported: each checkout's median ms per page over the chunks
and the median of the per-chunk ratios to the first checkout.

Run:  .venv/bin/python -m tests.benchmarks.compare_clean <checkout> <checkout> [...]
      (e.g. a `git worktree add /tmp/before <commit>` against `.`)
"""

from __future__ import annotations

import contextlib
import importlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any

CHUNKS = 20
WARM_UP = 50


def load_cleaner(checkout: Path) -> tuple[Any, Any]:
    """A Cleaner and RawArticle from `checkout`, imported afresh."""
    for name in list(sys.modules):
        if name.split(".")[0] in ("agents", "streams"):
            del sys.modules[name]
    sys.path.insert(0, str(checkout))
    try:
        clean = importlib.import_module("agents.clean")
        schemas = importlib.import_module("streams.schemas")
    finally:
        sys.path.remove(str(checkout))
    return clean.Cleaner(clean.CleanConfig()), schemas.RawArticle


def page_sets() -> dict[str, list[str]]:
    from tests.loadgen import generate
    from tests.smartdata import documents, page_text

    return {
        "SmartData pages of 500+ characters": [t for t in dict.fromkeys(map(page_text, documents())) if len(t) >= 500],
        "generated articles": [g.article.text or "" for g in generate(1050) if g.kind == "new"],
    }


def main(checkouts: list[Path]) -> None:
    sets = page_sets()  # from this checkout's tests, before any checkout's modules load
    cleaners = [load_cleaner(checkout) for checkout in checkouts]
    for name, texts in sets.items():
        for cleaner, raw_article in cleaners:
            for n, text in enumerate(texts[:WARM_UP]):
                with contextlib.suppress(Exception):
                    cleaner(raw_article(id=f"warm-{n}", url="x", source="bench", text=text))
        chunks = [texts[WARM_UP:][k::CHUNKS] for k in range(CHUNKS)]
        per_page: list[list[float]] = [[] for _ in cleaners]
        for k, chunk in enumerate(chunks):
            order = list(range(len(cleaners)))
            for v in order if k % 2 == 0 else reversed(order):
                cleaner, raw_article = cleaners[v]
                raws = [raw_article(id=f"page-{k}-{n}", url="x", source="bench", text=t) for n, t in enumerate(chunk)]
                started = time.perf_counter()
                for raw in raws:
                    with contextlib.suppress(Exception):  # an all-chrome page is a dead letter; it still costs
                        cleaner(raw)
                per_page[v].append((time.perf_counter() - started) / len(chunk) * 1000)
        print(f"\n{name}, {len(texts) - WARM_UP:,} pages, each once per checkout:")
        for checkout, times in zip(checkouts, per_page, strict=True):
            ratio = statistics.median(t / base for t, base in zip(times, per_page[0], strict=True))
            print(f"  {checkout}: median {statistics.median(times):.2f} ms/page, {ratio:.3f} of the first")


if __name__ == "__main__":
    main([Path(arg).resolve() for arg in sys.argv[1:]])
