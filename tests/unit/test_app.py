from __future__ import annotations

from pathlib import Path

from faust.stores.memory import Store as MemoryStore
from faust.stores.rocksdb import Store as RocksStore

from streams.app import bytes_table, create_app, table
from streams.settings import WirewatchSettings


def test_tables_use_rocksdb_except_those_written_by_key(tmp_path: Path) -> None:
    app = create_app(WirewatchSettings(data_dir=tmp_path))
    near = bytes_table(app, "dedup-near", 1, "index")
    stories = table(app, "dedup-stories", 1, "stories")
    templates = table(app, "clean-templates", 4, "templates", by_key=True)
    assert isinstance(near.data, RocksStore) and isinstance(stories.data, RocksStore)
    assert near.data.partition_path(0) == tmp_path / "v1" / "tables" / "dedup-near-0.db"
    assert isinstance(templates.data, MemoryStore)


def test_the_memory_store_can_be_chosen(tmp_path: Path) -> None:
    app = create_app(WirewatchSettings(data_dir=tmp_path, table_store="memory://"))
    assert isinstance(bytes_table(app, "dedup-near", 1, "index").data, MemoryStore)
