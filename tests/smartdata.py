"""Reader for the DFKI SmartData v1 documents in ../shared/data/news (CC BY 4.0)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "news"


def documents() -> list[dict]:
    """Every document of the train and test files, in corpus order."""
    docs: list[dict] = []
    decoder = json.JSONDecoder()
    for split in ("train", "test"):
        # The files hold pretty-printed JSON objects one after another, not one per line.
        with gzip.open(DATA / f"smartdata_v1_{split}.jsonl.gz", "rt", encoding="utf-8") as handle:
            buf = handle.read()
        i = 0
        while i < len(buf):
            while i < len(buf) and buf[i].isspace():
                i += 1
            if i >= len(buf):
                break
            obj, i = decoder.raw_decode(buf, i)
            docs.append(obj)
    return docs


def page_text(doc: dict) -> str:
    """The page as the crawler flattened it ("" for documents without text)."""
    return doc["text"]["string"] if isinstance(doc["text"], dict) else ""
