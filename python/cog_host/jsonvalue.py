"""Convert Python defaults and choices into plain JSON data, refusing what JSON cannot hold."""

import math
from typing import Any


class NotJSON(Exception):
    """The value (or something inside it) has no JSON form."""


def to_json(value: Any) -> Any:
    """Plain JSON copy of ``value``: tuples become lists; sets, NaN, objects are refused."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotJSON(f"{value!r} is not a finite number")
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotJSON(f"dict key {key!r} is not a string")
            out[str(key)] = to_json(item)
        return out
    raise NotJSON(f"{type(value).__name__} value {value!r} has no JSON form")
