"""The only place that touches orjson: models to bytes and back, with errors that name the field."""

from __future__ import annotations

from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from streams.errors import DecodeError

M = TypeVar("M", bound=BaseModel)


def encode(model: BaseModel) -> bytes:
    return orjson.dumps(model.model_dump(mode="json"))


def dumps(value: Any) -> bytes:
    """Plain JSON values (table state, CLI output)."""
    return orjson.dumps(value)


def loads(data: bytes | str) -> Any:
    return orjson.loads(data)


def decode(data: bytes | None, model_cls: type[M]) -> M:
    """Bytes -> model. Raises DecodeError whose `reason` names the field and what was expected."""
    if data is None:
        raise DecodeError("empty_value", "message value is null; expected a JSON object")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            "invalid_utf8", f"value is not valid UTF-8 at byte {exc.start}: {exc.reason}"
        ) from exc
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise DecodeError("invalid_json", f"value is not valid JSON: {exc}") from exc
    if not isinstance(obj, dict):
        raise DecodeError(
            "invalid_json", f"value must be a JSON object, got {type(obj).__name__}"
        )
    try:
        return model_cls.model_validate(obj)
    except ValidationError as exc:
        raise DecodeError("schema", describe_validation_error(exc, model_cls)) from exc


def describe_validation_error(exc: ValidationError, model_cls: type[BaseModel]) -> str:
    """One line per problem: `field 'text': expected ..., got ...`."""
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "(record)"
        got = err.get("input")
        got_desc = type(got).__name__ if not isinstance(got, dict) else "object"
        if err["type"] == "missing":
            parts.append(f"field '{loc}': required by {model_cls.__name__} but missing")
        elif err["type"] == "value_error" and not err["loc"]:
            parts.append(str(err["ctx"]["error"]))  # a whole-record rule names its fields itself
        else:
            parts.append(f"field '{loc}': {err['msg']} (got {got_desc})")
    return "; ".join(parts)
