"""User patterns in alert rules: RE2 against Python's backtracking `re` on (a+)+$.

Run:  .venv/bin/pytest tests/benchmarks/bench_rules.py -s -p no:cacheprovider
"""

from __future__ import annotations

import re
import time

from streams.query import compile_pattern

PATTERN = "(a+)+$"


def seconds(search, text: str) -> float:
    started = time.perf_counter()
    search(text)
    return time.perf_counter() - started


def test_re2_is_linear_where_backtracking_explodes() -> None:
    re2_pattern = compile_pattern(PATTERN)
    print("\n| text (a…ab) | RE2 | Python re |\n|---|---|---|")
    for n in (18, 20, 22, 24):
        text = "a" * n + "b"
        print(f"| {n + 1} chars | {seconds(re2_pattern.search, text) * 1e6:.1f} µs | "
              f"{seconds(re.compile(PATTERN).search, text) * 1e3:.1f} ms |")
    for n in (10_000, 100_000, 1_000_000):
        text = "a" * n + "b"
        print(f"| {n + 1:,} chars | {seconds(re2_pattern.search, text) * 1e3:.2f} ms | not run |")
