"""Local state of a processor, made durable by one changelog record per processed article.

A `StateStore` is a key-value store (RocksDB through rocksdict, or a dict) with a write overlay.
A stage reads and writes it through `MutableMapping` views (`json_table`, `bytes_table`); every
write lands in the overlay and is recorded as an operation (put, delete, append). After each
article the processor takes the operations as one compact changelog record (`take_changes`);
once the broker has stored that record (and the article's outputs) the overlay is written to the
local database in one atomic batch together with the changelog offset it reflects (`flush`).
After a crash the database is at its last flush, and replaying the changelog from the recorded
offset (`apply`) brings it to the state of the last stored record; an article whose record was
never stored is processed again from its input.

Why not one changelog record per key (a Faust table, Kafka Streams' stores): an article touches
about a hundred keys of the dedup index (LSH band postings, passage fingerprints, story, term
frequencies), and writing each as its own record made 110 changelog records per article, each
produced, acknowledged and checkpointed on its own (BENCHMARKS.md, "Data path"). An append
operation also keeps a growing posting list from being re-sent whole on every write.

No Kafka here: the engine (streams.engine) moves the records.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import orjson

_PUT, _DELETE, _APPEND = 0, 1, 2
_MAGIC = b"WWS1"
_OP = struct.Struct(">BII")  # op, key length, value length
_CHECKPOINT = b"\x00meta\x00changelog-offset\x00"
_SEP = b"\x00"


class StateStore:
    """Keys are bytes; each view prefixes its keys with its table name and a NUL byte."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._db: Any = self._open() if path is not None else {}
        self._overlay: dict[bytes, bytes | None] = {}  # None: deleted
        self._ops: list[tuple[int, bytes, bytes]] = []
        # Moves whenever the state changes other than through this store's own writes (a
        # replayed changelog record, discarded writes, a wipe): readers that cache parsed values
        # compare it (agents.dedup).
        self.generation = 0

    def _open(self) -> Any:
        from rocksdict import Options, Rdict

        assert self.path is not None
        self.path.mkdir(parents=True, exist_ok=True)
        return Rdict(str(self.path), Options(raw_mode=True))

    # -- reads and writes (the overlay first) --
    def get(self, key: bytes) -> bytes | None:
        if key in self._overlay:
            return self._overlay[key]
        value = self._db.get(key)
        return bytes(value) if value is not None else None

    def put(self, key: bytes, value: bytes) -> None:
        self._overlay[key] = value
        self._ops.append((_PUT, key, value))

    def delete(self, key: bytes) -> None:
        self._overlay[key] = None
        self._ops.append((_DELETE, key, b""))

    def append(self, key: bytes, suffix: bytes) -> None:
        """value := value + suffix; logged as the suffix alone."""
        self._overlay[key] = (self.get(key) or b"") + suffix
        self._ops.append((_APPEND, key, suffix))

    def keys(self, prefix: bytes) -> Iterator[bytes]:
        """Every live key with `prefix`, the overlay's included (a snapshot: safe to write while
        iterating)."""
        found: set[bytes] = set()
        if isinstance(self._db, dict):
            found.update(k for k in self._db if k.startswith(prefix))
        else:
            for key in self._db.keys(from_key=prefix):
                if not key.startswith(prefix):
                    break
                found.add(bytes(key))
        for key, value in self._overlay.items():
            if key.startswith(prefix):
                if value is None:
                    found.discard(key)
                else:
                    found.add(key)
        return iter(sorted(found))

    # -- the changelog --
    def take_changes(self) -> bytes | None:
        """The operations since the last call, as one changelog record (None if there were none)."""
        if not self._ops:
            return None
        parts = [_MAGIC]
        for op, key, value in self._ops:
            parts.append(_OP.pack(op, len(key), len(value)))
            parts.append(key)
            parts.append(value)
        self._ops = []
        return b"".join(parts)

    def apply(self, record: bytes, partition: int, offset: int) -> None:
        """Replay one changelog record onto the database (restoring), and remember its offset."""
        batch: dict[bytes, bytes | None] = {}
        for op, key, value in decode_changes(record):
            if op == _PUT:
                batch[key] = value
            elif op == _DELETE:
                batch[key] = None
            else:
                current = batch[key] if key in batch else self._base_get(key)
                batch[key] = (current or b"") + value
        batch[_checkpoint_key(partition)] = struct.pack(">q", offset + 1)
        self._write(batch)
        self.generation += 1

    def flush(self, checkpoints: dict[int, int]) -> None:
        """Make the overlay durable, with the changelog offset (next to read) of each partition."""
        batch = dict(self._overlay)
        for partition, next_offset in checkpoints.items():
            batch[_checkpoint_key(partition)] = struct.pack(">q", next_offset)
        self._write(batch)
        self._overlay.clear()
        self._ops = []

    def discard(self) -> None:
        """Forget the writes not flushed (an aborted transaction)."""
        self._overlay.clear()
        self._ops = []
        self.generation += 1

    def checkpoint(self, partition: int) -> int | None:
        """The next changelog offset to replay for `partition`, or None if none was applied."""
        value = self._base_get(_checkpoint_key(partition))
        return struct.unpack(">q", value)[0] if value else None

    def wipe(self) -> None:
        """Delete everything (the changelog no longer reaches back to the local checkpoint)."""
        self.discard()
        if isinstance(self._db, dict):
            self._db.clear()
            return
        self._db.close()
        assert self.path is not None
        shutil.rmtree(self.path, ignore_errors=True)
        self._db = self._open()

    def close(self) -> None:
        if not isinstance(self._db, dict):
            self._db.close()

    def _base_get(self, key: bytes) -> bytes | None:
        value = self._db.get(key)
        return bytes(value) if value is not None else None

    def _write(self, batch: dict[bytes, bytes | None]) -> None:
        if isinstance(self._db, dict):
            for key, value in batch.items():
                if value is None:
                    self._db.pop(key, None)
                else:
                    self._db[key] = value
            return
        from rocksdict import WriteBatch

        writes = WriteBatch(raw_mode=True)
        for key, value in batch.items():
            if value is None:
                writes.delete(key)
            else:
                writes.put(key, value)
        self._db.write(writes)

    # -- views --
    def json_table(self, name: str) -> JsonTable:
        return JsonTable(self, name)

    def bytes_table(self, name: str) -> BytesTable:
        return BytesTable(self, name)


def decode_changes(record: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    if record[:4] != _MAGIC:
        raise ValueError(f"not a state changelog record (starts {record[:4]!r}, expected {_MAGIC!r})")
    view = memoryview(record)
    pos = 4
    size = _OP.size
    while pos < len(record):
        op, key_len, value_len = _OP.unpack_from(view, pos)
        pos += size
        key = bytes(view[pos : pos + key_len])
        pos += key_len
        value = bytes(view[pos : pos + value_len])
        pos += value_len
        yield op, key, value


def _checkpoint_key(partition: int) -> bytes:
    return _CHECKPOINT + str(partition).encode()


class _View:
    def __init__(self, store: StateStore, name: str) -> None:
        if _SEP.decode() in name:
            raise ValueError(f"table name must not contain NUL: {name!r}")
        self.store = store
        self.prefix = name.encode() + _SEP

    @property
    def generation(self) -> int:
        return self.store.generation

    def _keys(self) -> Iterator[bytes]:
        n = len(self.prefix)
        return (key[n:] for key in self.store.keys(self.prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self.store.keys(self.prefix))


class BytesTable(_View, MutableMapping[bytes, bytes]):
    """Raw bytes keys and values; `append` extends a value without rewriting it in the log."""

    def __getitem__(self, key: bytes) -> bytes:
        value = self.store.get(self.prefix + key)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: bytes, default: Any = None) -> Any:
        value = self.store.get(self.prefix + key)
        return default if value is None else value

    def __setitem__(self, key: bytes, value: bytes) -> None:
        self.store.put(self.prefix + key, value)

    def __delitem__(self, key: bytes) -> None:
        self.store.delete(self.prefix + key)

    def pop(self, key: bytes, default: Any = None) -> Any:
        value = self.get(key)
        if value is not None:
            del self[key]
        return default if value is None else value

    def append(self, key: bytes, suffix: bytes) -> None:
        self.store.append(self.prefix + key, suffix)

    def __iter__(self) -> Iterator[bytes]:
        return self._keys()


class JsonTable(_View, MutableMapping[str, Any]):
    """String keys, JSON values (orjson)."""

    def __getitem__(self, key: str) -> Any:
        value = self.store.get(self.prefix + key.encode())
        if value is None:
            raise KeyError(key)
        return orjson.loads(value)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.store.get(self.prefix + key.encode())
        return default if value is None else orjson.loads(value)

    def __setitem__(self, key: str, value: Any) -> None:
        self.store.put(self.prefix + key.encode(), orjson.dumps(value))

    def __delitem__(self, key: str) -> None:
        self.store.delete(self.prefix + key.encode())

    def pop(self, key: str, default: Any = None) -> Any:
        value = self.get(key)
        if value is not None:
            del self[key]
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        return (key.decode() for key in self._keys())
