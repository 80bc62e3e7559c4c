from __future__ import annotations

import orjson
import pytest

from streams.codec import decode, encode
from streams.errors import DecodeError
from streams.schemas import RawArticle
from tests.builders import raw_article

GOOD = {"id": "a", "url": "https://x.org/a", "source": "x", "text": "Ein Satz."}


def bad(**changes: object) -> bytes:
    record = {**GOOD, **changes}
    return orjson.dumps({k: v for k, v in record.items() if v is not ...})


def test_round_trip() -> None:
    article = raw_article(published_at="2022-01-21T17:04:00+01:00")
    assert decode(encode(article), RawArticle) == article


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"{not json", "invalid_json", "not valid JSON"),
        (b"[1, 2]", "invalid_json", "must be a JSON object, got list"),
        (b'{"id": "a", "text": "caf\xe9"}', "invalid_utf8", "not valid UTF-8 at byte 24"),
        (bad(text=123), "schema", "field 'text'"),
        (bad(text=...), "schema", "text or html must be a non-empty string"),
        (bad(text="   "), "schema", "text or html must be a non-empty string"),
        (bad(id=...), "schema", "field 'id': required by RawArticle but missing"),
        (bad(published_at="gestern"), "schema", "field 'published_at'"),
        (bad(published_at="2022-01-21T17:04:00"), "schema", "field 'published_at'"),
        (None, "empty_value", "null"),
    ],
)
def test_bad_input_names_the_field_and_what_was_expected(data: bytes | None, kind: str, message: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode(data, RawArticle)
    assert info.value.kind == kind
    assert message in info.value.reason


def test_unknown_crawler_fields_are_ignored() -> None:
    article = decode(bad(crawler_version="7"), RawArticle)
    assert article.id == "a"
