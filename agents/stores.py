"""The stateful stages' state in the worker's state stores (streams.state): table names and
layout in one place. `wirewatch process` uses the same classes over dicts."""

from __future__ import annotations

from typing import Any

from agents.chrome import InMemoryTemplates
from agents.dedup import MappingStoryIndex
from agents.neardup import MappingByteStore
from streams.state import StateStore


def templates(store: StateStore) -> InMemoryTemplates:
    """Outlet templates: outlet|line fingerprint -> articles seen (the ingest processor)."""
    return InMemoryTemplates(store.json_table("clean-templates"))


def story_index(store: StateStore) -> MappingStoryIndex:
    """Dedup: articles, body hashes, stories, entity frequencies, the two LSH indexes and the
    entity -> stories postings (the analyse processor)."""
    return MappingStoryIndex(
        store.json_table("dedup-articles"),
        store.json_table("dedup-hashes"),
        store.json_table("dedup-stories"),
        store.json_table("dedup-frequencies"),
        MappingByteStore(store.bytes_table("dedup-near")),
        MappingByteStore(store.bytes_table("dedup-passages")),
        MappingByteStore(store.bytes_table("dedup-story-entities")),
    )


def alert_state(store: StateStore) -> Any:
    """Per story: first seen, outlets, rules fired (the analyse processor)."""
    return store.json_table("alert-state")
