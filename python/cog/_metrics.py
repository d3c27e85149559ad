"""`MetricRecorder`: validates user metrics and accumulates them the way Cog's server does."""

import math
from typing import Any, Callable, Dict, Optional

MetricListener = Callable[[str, Any, str], None]  # (name, JSON value, wire mode)

_MAX_NAME_BYTES = 128
_MAX_SEGMENTS = 4
_MODES = {None: "replace", "replace": "replace", "incr": "increment",
          "increment": "increment", "append": "append"}  # fmt: skip
_I64_MIN, _I64_SPAN = -(2**63), 2**64


def _parse_mode(mode: Optional[str]) -> str:
    wire = _MODES.get(mode) if mode is None or isinstance(mode, str) else None
    if wire is None:
        raise TypeError(
            f"Invalid metric mode: '{mode}'. Expected 'replace', 'incr', or 'append'."
        )
    return wire


def _check_name_structure(key: str) -> None:
    """Rules every metric name follows (also checked on delete)."""
    if not isinstance(key, str):
        raise TypeError(f"metric name must be a str, got {type(key).__name__}")
    if not key:
        raise ValueError("metric name must not be empty")
    size = len(key.encode("utf-8"))
    if size > _MAX_NAME_BYTES:
        raise ValueError(
            f"metric name must be {_MAX_NAME_BYTES} characters or fewer (got {size} characters)"
        )
    segments = key.split(".")
    if len(segments) > _MAX_SEGMENTS:
        raise ValueError(
            f"metric name must have at most {_MAX_SEGMENTS} dot-separated segments "
            f"(got {len(segments)})"
        )
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        if not segment:
            if index == 0:
                raise ValueError("metric name must not start with a dot")
            if index == last:
                raise ValueError("metric name must not end with a dot")
            raise ValueError("metric name must not contain empty segments (consecutive dots)")
        _check_segment(segment)


def _check_segment(segment: str) -> None:
    if not (segment[0].isascii() and segment[0].isalpha()):
        raise ValueError(f"metric name segment '{segment}' must start with a letter")
    after_underscore = False
    for char in segment[1:]:
        if char == "_":
            if after_underscore:
                raise ValueError(
                    f"metric name segment '{segment}' must not contain consecutive underscores"
                )
            after_underscore = True
        elif char.isascii() and char.isalnum():
            after_underscore = False
        else:
            raise ValueError(
                f"metric name segment '{segment}' contains invalid character '{char}'"
            )
    if after_underscore:
        raise ValueError(f"metric name segment '{segment}' must end with a letter or digit")


def _check_name(key: str) -> None:
    """Full rules for recording: reserved names, then structure."""
    if key == "predict_time":
        raise ValueError("'predict_time' is reserved by the runtime")
    if isinstance(key, str) and key.startswith("cog."):
        raise ValueError("the 'cog.' prefix is reserved for system metrics")
    _check_name_structure(key)


def _type_tag(value: Any) -> str:
    for tag, kind in (("bool", bool), ("int", int), ("float", float),
                      ("str", str), ("list", list), ("dict", dict)):  # fmt: skip
        if isinstance(value, kind):
            return tag
    raise TypeError(
        f"Unsupported metric value type: {type(value).__name__}. "
        "Expected bool, int, float, str, list, or dict."
    )


def _to_json(value: Any) -> Any:
    """Copy a metric value into plain JSON data (big ints become floats, NaN/inf null)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        as_int = int(value)
        return as_int if _I64_MIN <= as_int < _I64_MIN + _I64_SPAN else float(as_int)
    if isinstance(value, float):
        as_float = float(value)
        return as_float if math.isfinite(as_float) else None
    if isinstance(value, list):
        return [_to_json(item) for item in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"metric dict keys must be str, got {type(key).__name__}")
            out[str(key)] = _to_json(item)
        return out
    raise TypeError(f"Cannot convert {type(value).__name__} to JSON metric value")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return _is_int(value) or isinstance(value, float)


def _apply(container: Dict[str, Any], leaf: str, value: Any, mode: str) -> None:
    """Apply one metric update to ``container[leaf]`` with server semantics."""
    if mode == "replace":
        if value is None:
            container.pop(leaf, None)
        else:
            container[leaf] = value
    elif mode == "increment":
        current = container.setdefault(leaf, 0)
        if _is_int(current) and _is_int(value):
            container[leaf] = (current + value - _I64_MIN) % _I64_SPAN + _I64_MIN
        elif _is_number(current) and _is_number(value):
            container[leaf] = float(current) + float(value)
        # anything else: ignored, as the server does
    else:
        current = container.setdefault(leaf, [])
        if isinstance(current, list):
            current.append(value)
        else:
            container[leaf] = [current, value]


def accumulate(metrics: Dict[str, Any], key: str, value: Any, mode: str) -> None:
    """Fold one update into ``metrics``; dotted keys address nested objects."""
    parts = key.split(".")
    node = metrics
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    _apply(node, parts[-1], value, mode)


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


class MetricRecorder:
    """``scope.metrics``: record, delete and dict-style access to prediction metrics.

    An inactive recorder (outside a prediction, or after the prediction ended)
    accepts every call and does nothing, apart from rejecting an unknown mode.
    """

    __slots__ = ("_active", "_types", "_values", "_listener", "_lock")

    def __init__(self, active: bool = True, listener: Optional[MetricListener] = None):
        import _thread

        self._active = active
        self._types: Dict[str, str] = {}
        self._values: Dict[str, Any] = {}
        self._listener = listener
        self._lock = _thread.RLock()

    def record(self, key: str, value: Any, mode: Optional[str] = None) -> None:
        """Record ``value`` under ``key``; mode is replace (default), incr or append."""
        wire_mode = _parse_mode(mode)
        with self._lock:
            if not self._active:
                return
            _check_name(key)
            tag = _type_tag(value)
            previous = self._types.get(key)
            if previous is not None and previous != tag:
                raise TypeError(
                    f"Metric '{key}' has type {previous}, cannot set to {tag} "
                    "without deleting first"
                )
            if wire_mode == "increment" and tag not in ("int", "float"):
                raise TypeError(f"Increment mode requires int or float, got {tag}")
            data = _to_json(value)
            self._types[key] = tag
            self._emit(key, data, wire_mode)

    def delete(self, key: str) -> None:
        """Remove ``key``; needed before recording a value of another type."""
        with self._lock:
            if not self._active:
                return
            _check_name_structure(key)
            self._types.pop(key, None)
            self._emit(key, None, "replace")

    def __setitem__(self, key: str, value: Any) -> None:
        if value is None:
            self.delete(key)
        else:
            self.record(key, value)

    def __delitem__(self, key: str) -> None:
        self.delete(key)

    def __repr__(self) -> str:
        if not self._active:
            return "MetricRecorder(inactive)"
        return f"MetricRecorder(keys={len(self._types)})"

    def _emit(self, key: str, data: Any, wire_mode: str) -> None:
        accumulate(self._values, key, data, wire_mode)
        if self._listener is not None:
            self._listener(key, _deep_copy(data), wire_mode)

    def _deactivate(self) -> None:
        with self._lock:
            self._active = False
            self._types.clear()

    def _snapshot(self) -> Dict[str, Any]:
        with self._lock:
            return _deep_copy(self._values)
