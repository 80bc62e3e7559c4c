"""Near-duplicate index: MinHash signatures over word 5-shingles, LSH bands, a time window.

Pure and deterministic; storage is a `ByteStore` (a dict in tests and `wirewatch process`, a
table of the worker's state store, whose changelog rebuilds it), so the index survives a restart.

Per article it keeps about 225 bytes: 16 band postings (a 4-byte ordinal under a 6-byte key:
band and band hash; postings of similar articles share a key) and one record (5-byte key: the
ordinal; value: the day, a 64-byte signature of 128 four-bit MinHash values, the article id). How the numbers were chosen is in BENCHMARKS.md:
- shingles: word 5-grams of the lower-cased body, hashed in Rust (rensa) and combined with
  numpy, so no shingle string is ever built;
- MinHash: 128 permutations (rensa's RMinHash); the first 32 values make 16 LSH bands of 2 rows,
  which puts a pair with Jaccard similarity 0.5 among the candidates with probability 0.99;
- b-bit signatures (Li and König, 2010): the low 4 bits of each value are kept; two articles'
  Jaccard similarity is estimated from the share of equal nibbles, corrected for chance (1/16);
- the window: records carry their day; a lookup ignores records older than the window, and
  once a day of stream time `expire` deletes them and their ordinals from the postings.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import rensa

NUM_PERM = 128
BANDS = 16
ROWS = 2
SEED = 1
SHINGLE_WORDS = 5
_DAY_SECONDS = 86_400
# Odd 64-bit constants: one per shingle position, one per band row (multiplicative hashing).
_SHINGLE_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5, 0x85EBCA77C2B2AE63,
     0x94D049BB133111EB, 0xBF58476D1CE4E5B9, 0x2545F4914F6CDD1D, 0x9FB21C651E98DF25],
    dtype=np.uint64,
)
_BAND_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F], dtype=np.uint64)
_BAND_SALT = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x165667B19E3779F9)
_NEXT_ORDINAL = b"next"
_SIGNATURE_BYTES = NUM_PERM // 2
_LAST_DAY = b"last"


class ByteStore(Protocol):
    """Keys and values are bytes; `keys()` serves expiry sweeps."""

    def get(self, key: bytes) -> bytes | None: ...
    def put(self, key: bytes, value: bytes) -> None: ...
    def delete(self, key: bytes) -> None: ...
    def append(self, key: bytes, suffix: bytes) -> None: ...
    def keys(self) -> Iterator[bytes]: ...


UNDATED = 0xFFFF  # the 16-bit day of a record made before any dated article was seen


class StreamClock:
    """Days of stream time in a store: the articles' own dates, so that replays agree.

    An undated article takes the latest day seen; before any dated article it is stamped
    UNDATED, counts as within the window, and gets the current day at the next daily sweep.
    `tick` answers the day to stamp and whether a new day began (time to sweep).
    """

    def __init__(self, store: ByteStore) -> None:
        self.store = store

    def today(self) -> int | None:
        last = self.store.get(_LAST_DAY)
        return struct.unpack(">I", last)[0] if last else None

    def tick(self, when: float | None) -> tuple[int | None, bool]:
        last_day = self.today()
        if when is None:
            return last_day, False
        day = int(when // _DAY_SECONDS)
        if last_day is None or day > last_day:
            self.store.put(_LAST_DAY, struct.pack(">I", day & 0xFFFFFFFF))
            return day, last_day is not None
        return day, False


def stamp(day: int | None) -> bytes:
    return struct.pack(">H", UNDATED if day is None else day & 0xFFFF)


def in_window(day16: int, day: int | None, window_days: int) -> bool:
    """Whether a record's 16-bit day lies within `window_days` before `day`."""
    if day16 == UNDATED or day is None:
        return True
    return day_of(day16, day) >= day - window_days


class MappingByteStore:
    """ByteStore over any mutable mapping: a dict, or a table of the worker's state store."""

    def __init__(self, mapping: MutableMapping[bytes, bytes]) -> None:
        self.data = mapping

    def get(self, key: bytes) -> bytes | None:
        return self.data.get(key)

    def put(self, key: bytes, value: bytes) -> None:
        self.data[key] = value

    def delete(self, key: bytes) -> None:
        self.data.pop(key, None)

    def append(self, key: bytes, suffix: bytes) -> None:
        """value := value + suffix. A mapping with its own `append` (the worker's state tables)
        logs the suffix alone, so a long posting list is not re-written on every article."""
        own = getattr(self.data, "append", None)
        if own is not None:
            own(key, suffix)
        else:
            self.data[key] = (self.data.get(key) or b"") + suffix

    def keys(self) -> Iterator[bytes]:
        return iter(list(self.data.keys()))


class DictByteStore(MappingByteStore):
    def __init__(self) -> None:
        super().__init__({})


class Postings:
    """The layout both indexes keep in a ByteStore: records (b"r" + ordinal), each starting with
    its 16-bit day; postings (b"p" keys) of packed 4-byte ordinals; a stream clock and the next
    ordinal. Ordinals keep postings small: 4 bytes instead of an article id."""

    def __init__(self, store: ByteStore, window_days: int) -> None:
        self.store = store
        self.window_days = window_days
        self.clock = StreamClock(store)

    def ordinals(self, key: bytes) -> tuple[int, ...]:
        value = self.store.get(key)
        return struct.unpack(f">{len(value) // 4}I", value) if value else ()

    def record(self, ordinal: int, day: int | None) -> bytes | None:
        """The record's payload, unless it expired or lies before the window of `day`."""
        raw = self.store.get(_record_key(ordinal))
        if raw is None or not in_window(struct.unpack(">H", raw[:2])[0], day, self.window_days):
            return None
        return raw[2:]

    def insert(self, payload: bytes, day: int | None, keys: Iterable[bytes]) -> None:
        raw = self.store.get(_NEXT_ORDINAL)
        ordinal = struct.unpack(">I", raw)[0] if raw else 0
        self.store.put(_NEXT_ORDINAL, struct.pack(">I", (ordinal + 1) & 0xFFFFFFFF))
        self.store.put(_record_key(ordinal), stamp(day) + payload)
        packed = struct.pack(">I", ordinal)
        for key in keys:
            self.store.append(key, packed)

    def sweep(self, day: int | None, new_day: bool) -> None:
        """Expire once per day of stream time (the articles' own clock, so replays agree)."""
        if new_day and day is not None:
            expire_store(self.store, day, self.window_days)


def shingle_hashes(token_hashes: np.ndarray, shingle_words: int = SHINGLE_WORDS) -> np.ndarray:
    """One 64-bit hash per run of `shingle_words` tokens, combined from the tokens' hashes."""
    k = min(shingle_words, len(token_hashes))
    n = len(token_hashes) - k + 1
    shingles = token_hashes[0:n] * _SHINGLE_MULTIPLIERS[0]
    for j in range(1, k):
        shingles = shingles ^ (token_hashes[j : j + n] * _SHINGLE_MULTIPLIERS[j])
    return shingles


def minhash(tokens: list[str], shingle_words: int = SHINGLE_WORDS) -> np.ndarray:
    """128 MinHash values (uint32) of the set of word shingles of `tokens`."""
    token_hashes = np.array(rensa.RMinHash.hash_token_sets([tokens])[0] or [0], dtype=np.uint64)
    shingles = shingle_hashes(token_hashes, shingle_words)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(shingles, [0, len(shingles)], NUM_PERM, SEED)
    return np.array(matrix.to_rows()[0], dtype=np.uint32)


def band_hashes(values: np.ndarray) -> np.ndarray:
    """One 32-bit hash per LSH band (of `ROWS` values each)."""
    bands = values[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    mixed = (bands * _BAND_MULTIPLIERS).sum(axis=1, dtype=np.uint64) ^ _BAND_SALT
    return (mixed >> np.uint64(32)).astype(np.uint32)


def compact(values: np.ndarray) -> bytes:
    """The low four bits of each value, two per byte."""
    nibbles = (values & np.uint32(0xF)).astype(np.uint8)
    return (nibbles[0::2] << np.uint8(4) | nibbles[1::2]).tobytes()


_POPCOUNT_EQUAL = np.array([(i >> 4 == 0) + (i & 0xF == 0) for i in range(256)], dtype=np.uint8)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two compact signatures."""
    x = np.frombuffer(a, dtype=np.uint8) ^ np.frombuffer(b, dtype=np.uint8)
    equal = int(_POPCOUNT_EQUAL[x].sum()) / (2 * len(a))
    return max(0.0, (equal - 1 / 16) / (1 - 1 / 16))


@dataclass(frozen=True)
class Match:
    article_id: str
    similarity: float


class NearDuplicateIndex:
    """Find the most similar earlier article within the window, then remember this one."""

    def __init__(self, store: ByteStore, threshold: float, window_days: int = 7) -> None:
        self.store = store
        self.threshold = threshold
        self.window_days = window_days
        self.postings = Postings(store, window_days)

    def add(self, article_id: str, values: np.ndarray, when: float | None) -> Match | None:
        """The best match at or above the threshold (None if none), then index the article.

        `when`: the article's time (seconds); an undated article takes the latest day seen.
        """
        matches = self.add_all(article_id, values, when)
        return max(matches, key=lambda m: m.similarity) if matches else None

    def add_all(self, item_id: str, values: np.ndarray, when: float | None) -> list[Match]:
        """Every earlier item at or above the threshold, most similar first; then index this one."""
        day, new_day = self.postings.clock.tick(when)
        keys = [_posting_key(band, band_hash) for band, band_hash in enumerate(band_hashes(values).tolist())]
        signature = compact(values)
        seen: set[int] = set()
        found: dict[str, float] = {}
        for key in keys:
            for ordinal in self.postings.ordinals(key):
                if ordinal in seen:
                    continue
                seen.add(ordinal)
                record = self.postings.record(ordinal, day)
                if record is None:
                    continue  # expired
                other_signature, other_id = record[:_SIGNATURE_BYTES], record[_SIGNATURE_BYTES:].decode("utf-8")
                if other_id == item_id:
                    continue
                score = similarity(signature, other_signature)
                if score >= self.threshold and score > found.get(other_id, -1.0):
                    found[other_id] = round(score, 4)
        self.postings.insert(signature + item_id.encode("utf-8"), day, keys)
        self.postings.sweep(day, new_day)
        return sorted((Match(i, sim) for i, sim in found.items()), key=lambda m: (-m.similarity, m.article_id))

    def expire(self, now: float) -> int:
        """Drop the records of days before the window, and their ordinals from the postings.
        Returns the number of records removed. It reads all state: once a day is enough."""
        return expire_store(self.store, int(now // _DAY_SECONDS), self.window_days)


def expire_store(store: ByteStore, today: int, window_days: int) -> int:
    """Delete records (b"r" keys; value starts with a 16-bit day) older than the window, and
    their ordinals from the postings (b"p" keys; values are packed ordinals). Undated records
    are stamped `today`, so they leave one window later."""
    removed = 0
    live: set[int] = set()
    postings = []
    for key in store.keys():
        if key[:1] == b"r":
            record = store.get(key)
            if record is None:
                continue
            day16 = struct.unpack(">H", record[:2])[0]
            if day16 == UNDATED:
                store.put(key, stamp(today) + record[2:])
            elif not in_window(day16, today, window_days):
                store.delete(key)
                removed += 1
                continue
            live.add(struct.unpack(">I", key[1:])[0])
        elif key[:1] == b"p":
            postings.append(key)
    for key in postings:
        value = store.get(key) or b""
        ordinals = [o for o in struct.unpack(f">{len(value) // 4}I", value) if o in live]
        if not ordinals:
            store.delete(key)
        elif len(ordinals) * 4 != len(value):
            store.put(key, struct.pack(f">{len(ordinals)}I", *ordinals))
    return removed


def _posting_key(band: int, band_hash: int) -> bytes:
    # 1 byte kind, 1 byte band, 4 bytes band hash.
    return b"p" + struct.pack(">BI", band, band_hash)


def _record_key(ordinal: int) -> bytes:
    return b"r" + struct.pack(">I", ordinal)


def day_of(day16: int, reference: int) -> int:
    """The full day number of a 16-bit day, taken as the one nearest `reference`."""
    base = reference - (reference & 0xFFFF) + day16
    if base - reference > 0x8000:
        base -= 0x10000
    elif reference - base > 0x8000:
        base += 0x10000
    return base
