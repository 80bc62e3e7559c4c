"""Reading raw articles from files for `produce` and `process`: seed-style .txt files and JSONL.

A .txt file is one article: its id is the file name without extension. A .jsonl file holds one
raw article per line; lines are passed on as the bytes they are, so bad ones reach the
dead-letter path unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from streams import codec
from streams.errors import WirewatchError
from streams.schemas import RawArticle


@dataclass(frozen=True)
class InputRecord:
    key: str | None
    value: bytes
    origin: str  # file[:line], for messages


def text_file_record(path: Path, source: str) -> InputRecord:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Keep the bytes as they are: the pipeline dead-letters them with the reason.
        return InputRecord(path.stem, raw, str(path))
    article = RawArticle(id=path.stem, url=f"file:{path.name}", source=source, text=text)
    return InputRecord(article.id, codec.encode(article), str(path))


def jsonl_records(path: Path) -> Iterator[InputRecord]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            value = line.rstrip(b"\r\n")
            if not value.strip():
                continue
            key = None
            try:
                obj = orjson.loads(value)
                if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                    key = obj["id"]
            except orjson.JSONDecodeError:
                pass
            yield InputRecord(key, value, f"{path}:{number}")


def read_inputs(paths: list[Path], source: str = "file") -> Iterator[InputRecord]:
    for path in paths:
        if not path.is_file():
            raise WirewatchError(f"{path}: no such file")
        if path.suffix == ".txt":
            yield text_file_record(path, source)
        elif path.suffix in (".jsonl", ".ndjson", ".json"):
            yield from jsonl_records(path)
        else:
            raise WirewatchError(f"{path}: expected a .txt article or a .jsonl file of raw articles")
