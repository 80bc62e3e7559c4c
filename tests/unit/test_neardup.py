from __future__ import annotations

import pytest

from agents.dedup import words
from agents.neardup import DictByteStore, NearDuplicateIndex, compact, minhash, similarity

DAY = 86_400.0
T0 = 1_700_000_000.0


def text(seed: int, n: int = 300) -> list[str]:
    return [f"w{seed}x{i}" for i in range(n)]


@pytest.mark.parametrize("kept", [1.0, 0.9, 0.7, 0.5, 0.3, 0.1])
def test_compact_signatures_estimate_jaccard(kept: float) -> None:
    base = text(1, 600)
    other = base[: int(600 * kept)] + text(2, 600 - int(600 * kept))
    a, b = set(zip(*[base[i:] for i in range(5)], strict=False)), set(zip(*[other[i:] for i in range(5)], strict=False))
    true = len(a & b) / len(a | b)
    assert abs(similarity(compact(minhash(base)), compact(minhash(other))) - true) < 0.12


def test_finds_the_most_similar_earlier_article_and_not_unrelated_ones() -> None:
    index = NearDuplicateIndex(DictByteStore(), threshold=0.4)
    original = text(1)
    assert index.add("original", minhash(original), T0) is None
    assert index.add("unrelated", minhash(text(2)), T0 + 60) is None
    trimmed = original[:240]  # a reprint cut by a fifth
    match = index.add("trimmed", minhash(trimmed), T0 + 120)
    assert match is not None and match.article_id == "original" and 0.6 < match.similarity < 0.95
    assert index.add("again", minhash(original), T0 + 180).article_id == "original"


def test_nothing_is_found_beyond_the_window_and_expiry_frees_the_state() -> None:
    store = DictByteStore()
    index = NearDuplicateIndex(store, threshold=0.4, window_days=7)
    index.add("old", minhash(text(1)), T0)
    assert index.add("week-later", minhash(text(1)), T0 + 6 * DAY).article_id == "old"
    assert index.add("too-late", minhash(text(1)), T0 + 9 * DAY).article_id == "week-later"
    before = len(store.data)
    removed = index.expire(T0 + 20 * DAY)
    assert removed == 2  # "old" went when stream time passed its window (the next test)
    assert len(store.data) < before and all(k in (b"next", b"last", b"swept") for k in store.data)
    assert index.add("new", minhash(text(1)), T0 + 21 * DAY) is None


def test_an_index_over_the_same_store_remembers_after_a_restart() -> None:
    store = DictByteStore()
    NearDuplicateIndex(store, threshold=0.4).add("before", minhash(text(3)), T0)
    restarted = NearDuplicateIndex(store, threshold=0.4)
    assert restarted.add("after", minhash(text(3)[:280]), T0 + 3600).article_id == "before"


def test_undated_articles_take_the_latest_day_seen() -> None:
    index = NearDuplicateIndex(DictByteStore(), threshold=0.4)
    index.add("dated", minhash(text(4)), T0 + 30 * DAY)
    assert index.add("undated", minhash(text(4)), None).article_id == "dated"


def test_short_texts_and_empty_texts_do_not_fail() -> None:
    index = NearDuplicateIndex(DictByteStore(), threshold=0.4)
    assert index.add("one", minhash(words("Kurz.")), T0) is None
    assert index.add("none", minhash([]), T0) is None


def test_the_index_expires_old_days_itself_as_stream_time_advances() -> None:
    store = DictByteStore()
    index = NearDuplicateIndex(store, threshold=0.4, window_days=7)
    for n in range(5):
        index.add(f"old-{n}", minhash(text(10 + n)), T0 + n * 60)
    records_before = sum(1 for k in store.data if k[:1] == b"r")
    index.add("much-later", minhash(text(99)), T0 + 10 * DAY)
    records_after = sum(1 for k in store.data if k[:1] == b"r")
    assert (records_before, records_after) == (5, 1)


def test_an_undated_first_article_stays_findable_and_expires_a_window_later() -> None:
    store = DictByteStore()
    index = NearDuplicateIndex(store, threshold=0.4, window_days=7)
    assert index.add("undated-first", minhash(text(5)), None) is None
    assert index.add("dated", minhash(text(5)), T0).article_id == "undated-first"
    assert index.add("next-day", minhash(text(5)), T0 + DAY) is not None  # a new day: sweep stamps it
    assert index.add("week-later", minhash(text(6)), T0 + 9 * DAY) is None
    assert not [k for k, v in store.data.items() if k[:1] == b"r" and v[2:].endswith(b"undated-first")]
