"""Near duplicates: precision/recall on a generated reprint stream, against datasketch's MinHashLSH.

Run:  .venv/bin/pytest tests/benchmarks/bench_dedup.py -s -p no:cacheprovider
Data: tests/benchmarks/reprints.py builds the stream from ../shared/data/news (see its docstring).
Both systems see the same word tokens, 5-word shingles, 128 permutations and threshold; each
article is first looked up (best earlier match at or above the threshold), then indexed. Time per
article counts shingling, MinHash, lookup and insertion, from the token list on.
"""

from __future__ import annotations

import re
import time

import pytest
from datasketch import MinHash, MinHashLSH

from agents.dedup import words
from agents.neardup import DictByteStore, NearDuplicateIndex, minhash
from agents.passages import PassageIndex
from tests.benchmarks.reprints import NEWS, build

THRESHOLDS = (0.3, 0.4, 0.5, 0.6)


def score(items, matches) -> tuple[float, float, int, int, int]:
    group_of = {item.id: item.group for item in items}
    seen_groups: set[str] = set()
    positives = flagged = right = 0
    for item, match in zip(items, matches, strict=True):
        if item.group in seen_groups:
            positives += 1
        seen_groups.add(item.group)
        if match is not None:
            flagged += 1
            right += group_of[match] == item.group
    return right / flagged if flagged else 1.0, right / positives if positives else 1.0, positives, flagged, right


def ours(items, tokens, threshold: float) -> tuple[list[str | None], float, NearDuplicateIndex]:
    index = NearDuplicateIndex(DictByteStore(), threshold)
    matches = []
    started = time.perf_counter()
    for n, (item, toks) in enumerate(zip(items, tokens, strict=True)):
        found = index.add(item.id, minhash(toks), 1_700_000_000 + 60 * n)
        matches.append(found.article_id if found else None)
    return matches, (time.perf_counter() - started) / len(items), index


def datasketch(items, tokens, threshold: float) -> tuple[list[str | None], float]:
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    signatures: dict[str, MinHash] = {}
    matches = []
    started = time.perf_counter()
    for item, toks in zip(items, tokens, strict=True):
        shingles = {" ".join(toks[i : i + 5]) for i in range(max(1, len(toks) - 4))}
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([s.encode("utf-8") for s in shingles])
        best = None
        for candidate in lsh.query(m):
            sim = m.jaccard(signatures[candidate])
            if sim >= threshold and (best is None or sim > best[0]):
                best = (sim, candidate)
        matches.append(best[1] if best else None)
        lsh.insert(item.id, m)
        signatures[item.id] = m
    return matches, (time.perf_counter() - started) / len(items)


@pytest.mark.skipif(not NEWS.exists(), reason="needs ../shared/data/news")
def test_near_duplicates_against_datasketch() -> None:
    items = build()
    tokens = [words(item.text) for item in items]
    kinds: dict[str, int] = {}
    for item in items:
        kinds[item.kind.split(":")[0]] = kinds.get(item.kind.split(":")[0], 0) + 1
    print(f"\nstream: {len(items)} articles {kinds}")
    print("| system | threshold | precision | recall | flagged | ms/article |")
    print("|---|---|---|---|---|---|")
    results = {}
    for threshold in THRESHOLDS:
        matches, seconds, index = ours(items, tokens, threshold)
        p, r, positives, flagged, _ = score(items, matches)
        results[threshold] = (p, r, seconds, index, matches)
        print(f"| Wirewatch | {threshold} | {p:.4f} | {r:.4f} | {flagged}/{positives} | {seconds * 1e3:.3f} |")
        d_matches, d_seconds = datasketch(items, tokens, threshold)
        dp, dr, _, d_flagged, _ = score(items, d_matches)
        print(f"| datasketch MinHashLSH | {threshold} | {dp:.4f} | {dr:.4f} | {d_flagged}/{positives} | {d_seconds * 1e3:.3f} |")
        results[threshold] += (d_seconds,)
    p, r, seconds, index, matches, _ = results[0.4]
    store = index.store.data
    total = sum(len(k) + len(v) for k, v in store.items())
    ids = sum(len(item.id.encode()) for item in items)
    print(f"bytes per indexed article: {total / len(items):.1f} with the article id, "
          f"{(total - ids) / len(items):.1f} without; {len(store)} store entries")
    passages = PassageIndex(DictByteStore())
    started = time.perf_counter()
    for n, item in enumerate(items):
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", item.text)]
        passages.add(item.id, "outlet", item.text, spans, 1_700_000_000 + 60 * n, 0.5)
    passage_seconds = (time.perf_counter() - started) / len(items)
    passage_bytes = sum(len(k) + len(v) for k, v in passages.store.data.items()) / len(items)
    print(f"shared-passage index: {passage_bytes:.0f} bytes per article, {passage_seconds * 1e3:.3f} ms per article")
    print(f"speed ratio at 0.4: {results[0.4][5] / seconds:.1f}x datasketch")
    group_of = {item.id: item.group for item in items}
    seen: set[str] = set()
    misses, wrong = [], []
    for item, match in zip(items, matches, strict=True):
        if item.group in seen and match is None:
            misses.append((item.id, item.kind))
        if match is not None and group_of[match] != item.group:
            wrong.append((item.id, item.kind, match))
        seen.add(item.group)
    print("missed at 0.4:", misses[:20])
    print("wrong at 0.4:", wrong[:20])
    assert r > 0.5 and p > 0.5  # a broken index scores near 0
