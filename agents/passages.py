"""Shared passages: which paragraphs of an article earlier articles carry near-verbatim.

Agency copy is reprinted with the paragraphs cut, merged or lightly edited, so paragraphs are not
compared with paragraphs. Instead each article leaves fingerprints in an index — hashes of word
5-grams chosen by winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003: the smallest hash of
every window of 8, so any shared run of 12 words leaves at least one common fingerprint) — and a
paragraph of a new article is shared with an earlier article when most of the paragraph's
fingerprints are that article's. Pure and deterministic over a `ByteStore`, with the same
7-day window and daily expiry as the near-duplicate index.
"""

from __future__ import annotations

import re
import struct
from collections import Counter
from dataclasses import dataclass

import numpy as np
import rensa

from agents.neardup import ByteStore, Postings, shingle_hashes

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Sharing:
    article_id: str
    outlet: str
    share: float  # of the paragraph's fingerprints found in that article


def fingerprints(text: str, shingle_words: int = 5, window: int = 8) -> list[tuple[int, int]]:
    """(character offset of the shingle's first word, hash) of the winnowed word shingles."""
    matches = list(_WORD.finditer(text))
    if len(matches) < shingle_words:
        return []
    tokens = [m.group().lower() for m in matches]
    token_hashes = np.array(rensa.RMinHash.hash_token_sets([tokens])[0], dtype=np.uint64)
    hashes = shingle_hashes(token_hashes, shingle_words)
    if len(hashes) <= window:
        chosen = np.array([int(np.argmin(hashes))])
    else:
        windows = np.lib.stride_tricks.sliding_window_view(hashes, window)
        # the rightmost smallest hash of each window, as winnowing prescribes
        rightmost = window - 1 - np.argmin(windows[:, ::-1], axis=1)
        chosen = np.unique(np.arange(len(windows)) + rightmost)
    return [(matches[i].start(), int(hashes[i])) for i in chosen.tolist()]


class PassageIndex:
    def __init__(self, store: ByteStore, window_days: int = 7) -> None:
        self.store = store
        self.postings = Postings(store, window_days)

    def add(
        self, article_id: str, outlet: str, text: str, paragraphs: list[tuple[int, int]],
        when: float | None, min_share: float, min_fingerprints: int = 3,
    ) -> list[list[Sharing]]:
        """For each paragraph, the earlier articles that carry it (share >= min_share), best
        first; then the article's fingerprints enter the index."""
        day, new_day = self.postings.clock.tick(when)
        prints = fingerprints(text)
        owners = {value: set(self.postings.ordinals(_posting_key(value))) for value in {v for _, v in prints}}
        records: dict[int, tuple[str, str] | None] = {}
        out: list[list[Sharing]] = []
        for start, end in paragraphs:
            inside = {value for offset, value in prints if start <= offset < end}
            if len(inside) < min_fingerprints:
                out.append([])
                continue
            counts = Counter(o for value in inside for o in owners[value])
            sharing = []
            for ordinal, count in counts.items():
                if ordinal not in records:
                    records[ordinal] = self._owner(ordinal, day)
                record = records[ordinal]
                share = count / len(inside)
                if record is not None and record[0] != article_id and share >= min_share:
                    sharing.append(Sharing(record[0], record[1], round(share, 3)))
            out.append(sorted(sharing, key=lambda s: (-s.share, s.article_id)))
        payload = f"{article_id}\x1f{outlet}".encode()
        self.postings.insert(payload, day, [_posting_key(value) for value in sorted(owners)])
        self.postings.sweep(day, new_day)
        return out

    def _owner(self, ordinal: int, day: int | None) -> tuple[str, str] | None:
        """(article id, outlet) of a record within the window."""
        payload = self.postings.record(ordinal, day)
        if payload is None:
            return None
        article_id, _, outlet = payload.decode("utf-8").partition("\x1f")
        return article_id, outlet


def _posting_key(value: int) -> bytes:
    return b"p" + struct.pack(">Q", value)
