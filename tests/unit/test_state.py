"""The state store: operations become one changelog record; replaying records rebuilds state."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents import stores
from agents.chrome import InMemoryTemplates
from agents.registry import State, build_chains
from streams.codec import encode
from streams.state import StateStore, decode_changes
from tests.builders import seed_files, seed_raw


@pytest.fixture(params=["memory", "rocksdb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> StateStore:
    return StateStore(None if request.param == "memory" else tmp_path / "db")


def test_writes_are_read_back_before_and_after_flush(store: StateStore) -> None:
    table = store.json_table("t")
    raw = store.bytes_table("b")
    table["k"] = {"n": 1}
    raw[b"p"] = b"ab"
    raw.append(b"p", b"cd")
    assert table["k"] == {"n": 1} and raw[b"p"] == b"abcd"
    store.take_changes()
    store.flush({0: 5})
    assert table["k"] == {"n": 1} and raw[b"p"] == b"abcd"
    assert store.checkpoint(0) == 5 and store.checkpoint(1) is None
    del table["k"]
    assert "k" not in table and list(table) == []
    assert sorted(raw) == [b"p"]


def test_one_record_per_take_replays_to_the_same_state(store: StateStore, tmp_path: Path) -> None:
    table, raw = store.json_table("t"), store.bytes_table("b")
    records = []
    for i in range(3):
        table[f"k{i}"] = i
        raw.append(b"posting", bytes([i]))
        if i == 1:
            del table["k0"]
        change = store.take_changes()
        assert change is not None
        records.append(change)
    assert store.take_changes() is None  # nothing new
    # An append is logged as its suffix, not the whole value.
    ops = list(decode_changes(records[2]))
    assert (2, b"b\x00posting", b"\x02") in ops

    replica = StateStore(tmp_path / "replica")
    for offset, record in enumerate(records):
        replica.apply(record, partition=0, offset=offset)
    assert dict(replica.json_table("t").items()) == {"k1": 1, "k2": 2}
    assert replica.bytes_table("b")[b"posting"] == b"\x00\x01\x02"
    assert replica.checkpoint(0) == 3  # the next offset to replay


def test_discard_forgets_what_was_not_flushed(store: StateStore) -> None:
    table = store.json_table("t")
    table["kept"] = 1
    store.flush({})
    table["lost"] = 2
    store.take_changes()
    store.discard()
    assert dict(table.items()) == {"kept": 1}


def test_rejects_a_record_that_is_not_a_changelog_record(store: StateStore) -> None:
    with pytest.raises(ValueError, match="not a state changelog record"):
        store.apply(b'{"json": true}', 0, 0)


def test_analyse_state_rebuilt_from_the_changelog_answers_as_the_original(tmp_path: Path) -> None:
    """The seeds through the analyse chain over a store; a second store rebuilt only from the
    changelog records flags a re-sent seed as the first store does."""
    ingest = build_chains({}, State(InMemoryTemplates(), stores.story_index(StateStore(None)), {})).ingest
    tagged = [ingest(encode(seed_raw(p))).emits[0].model for p in seed_files()]
    original = StateStore(tmp_path / "a")
    chains = build_chains({}, State(InMemoryTemplates(), stores.story_index(original), stores.alert_state(original)))
    log = []
    for article in tagged:
        chains.analyse.run(article)
        log.append(original.take_changes())
    assert all(record is not None for record in log) and len(log) == len(tagged)  # one per article
    original.flush({0: len(log)})

    rebuilt = StateStore(tmp_path / "b")
    for offset, record in enumerate(log):
        assert record is not None
        rebuilt.apply(record, 0, offset)
    again = build_chains({}, State(InMemoryTemplates(), stores.story_index(rebuilt), stores.alert_state(rebuilt)))
    copy = tagged[0].model_copy(update={"id": "copy-of-first"})
    first = chains.analyse.run(copy).emits[0].model
    second = again.analyse.run(copy).emits[0].model
    assert second.duplicate_of == first.duplicate_of == tagged[0].id  # type: ignore[attr-defined]
    assert second.story_id == first.story_id  # type: ignore[attr-defined]
