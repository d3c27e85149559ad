"""`describe()`: the JSON interface description of a loaded predictor that the Swift side decodes."""

import functools
import math
import re
import sys
import typing
from typing import Any, Dict, List, Optional

from cog.input import CONSTRAINTS, DEFAULT_OMITTED, FIELD_KINDS, FieldInfo

from . import callables
from .errors import PredictorDefinitionError
from .jsonvalue import NotJSON, to_json
from .loader import LoadedPredictor
from .typeref import SUPPORTED_INPUTS, Unsupported, input_ref, output_ref, ref



def describe(loaded: LoadedPredictor) -> str:
    """Describe the predictor's method: kind, async-ness, inputs and output, as JSON text."""
    method = loaded.method
    label = _label(loaded)
    hints = _type_hints(method, loaded.path, label)
    setup = loaded.setup
    description = {
        "method": loaded.method_name,
        "kind": loaded.kind,
        "is_async": _is_async(method),
        "is_generator": callables.is_generator_function(_callable_code(method)),
        "is_async_generator": callables.is_async_generator_function(_callable_code(method)),
        "setup": {
            "present": setup is not None,
            "takes_weights": bool(loaded.setup_takes_weights),
            "is_async": setup is not None and callables.is_coroutine_function(setup),
        },
        "has_healthcheck": loaded.healthcheck is not None,
        "streaming": getattr(method, "__cog_streaming__", False) is True,
        "concurrency_max": _concurrency_max(method),
        "inputs": _inputs(loaded, hints, label),
        "output": _output(hints, loaded.path, label),
    }
    return _json_text(description)


try:  # the C string encoder the json package uses, without importing the package (and re)
    from _json import encode_basestring_ascii as _quote
except ImportError:  # pragma: no cover - an interpreter without the accelerator
    from json.encoder import py_encode_basestring_ascii as _quote


def _json_text(value: Any) -> str:
    """``json.dumps(value, allow_nan=False)`` for the description's plain values (dicts with
    string keys, lists, strings, numbers, booleans, None): the ``json`` package costs every
    start a millisecond to import, for this one document."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        return float.__repr__(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_json_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_quote(_key(key))}: {_json_text(item)}" for key, item in value.items()) + "}"
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        return _json_text(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _label(loaded: LoadedPredictor) -> str:
    name = loaded.method_name if loaded.kind == "class" else loaded.target_name
    return f"{name}()"


def _callable_code(fn: Any) -> Any:
    """For a callable object, the ``__call__`` that will actually run."""
    if callables.is_routine(fn) or isinstance(fn, functools.partial) or not callable(fn):
        return fn
    return getattr(fn, "__call__", fn)


def _is_async(fn: Any) -> bool:
    code = _callable_code(fn)
    return callables.is_coroutine_function(code) or callables.is_async_generator_function(code)


def _concurrency_max(fn: Any) -> Optional[int]:
    value = getattr(fn, "__cog_concurrent_max__", None)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _AnnotationsOnly:
    """A function's annotations and globals without its defaults (Python 3.10, see below)."""

    def __init__(self, code: Any) -> None:
        self.__annotations__ = getattr(code, "__annotations__", {})
        self.__globals__ = getattr(code, "__globals__", {})


def _type_hints(fn: Any, path: str, label: str) -> Dict[str, Any]:
    code = _callable_code(fn)
    if sys.version_info < (3, 11):
        # 3.10's get_type_hints makes `x: str = None` Optional[str] (removed in 3.11); Cog reads
        # the annotation as written, so the hints are read without the defaults.
        code = _AnnotationsOnly(code)
    try:
        return typing.get_type_hints(code, include_extras=True)
    except Exception as error:  # noqa: BLE001 - NameError, TypeError, ... all mean the same
        raise PredictorDefinitionError(
            f"{path}: cannot resolve the type annotations of {label}: "
            f"{type(error).__name__}: {error}"
        ) from error


def _inputs(loaded: LoadedPredictor, hints: Dict[str, Any], label: str) -> List[Dict[str, Any]]:
    out = []
    for param in loaded.signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        where = f"{loaded.path}: parameter '{param.name}' of {label}"
        if param.kind == param.POSITIONAL_ONLY:
            raise PredictorDefinitionError(
                f"{where} is positional-only; inputs are passed by keyword"
            )
        if param.name not in hints:
            raise PredictorDefinitionError(f"{where} has no type annotation")
        out.append(_input(param, hints[param.name], where))
    return out


def _input(param: callables.Parameter, annotation: Any, where: str) -> Dict[str, Any]:
    try:
        type_ref = input_ref(annotation)
    except Unsupported as error:
        message = str(error)
        if message.startswith("unsupported type"):
            message += f"; supported types are {SUPPORTED_INPUTS}"
        raise PredictorDefinitionError(f"{where}: {message}") from None

    default = param.default
    info = default if isinstance(default, FieldInfo) else None
    has_default = default is not param.empty
    if info is not None:
        default = info.default
        has_default = not getattr(info, DEFAULT_OMITTED, False)
    try:
        default_json = to_json(default) if has_default else None
    except NotJSON as error:
        raise PredictorDefinitionError(
            f"{where}: default value cannot be represented in JSON ({error})"
        ) from None

    entry: Dict[str, Any] = {
        "name": param.name,
        "type": type_ref,
        "has_default": has_default,
        "default": default_json,
        "description": None,
        "deprecated": None,
        "accept": None,
        "constraints": {name: None for name in CONSTRAINTS},
    }
    if info is not None:
        values = _field_info(info, type_ref, where, param.name)
        entry["constraints"] = {name: values.pop(name) for name in CONSTRAINTS}
        entry.update(values)
    return entry


# What each kind of Input() field accepts (a bool is never a number), and in which order the
# kinds are checked, so that of two bad fields the same one is reported as always: strings,
# numbers, integers, bools, choices.
_KIND_CHECKS = {
    "string": (lambda value: isinstance(value, str), "a string"),
    "number": (lambda value: isinstance(value, (int, float)) and not isinstance(value, bool), "a number"),
    "integer": (lambda value: isinstance(value, int) and not isinstance(value, bool), "an integer"),
    "bool": (lambda value: isinstance(value, bool), "a bool"),
}
_CHECK_ORDER = ("string", "number", "integer", "bool", "choices")
# The checked fields (the default has its own handling), in that order.
if any(kind != "any" and kind not in _CHECK_ORDER for _, kind in FIELD_KINDS):  # a kind added without a check
    raise ImportError("cog.input.FIELD_KINDS has a kind cog_host.introspect does not check")
_CHECKED_FIELDS = sorted((field for field in FIELD_KINDS if field[1] in _CHECK_ORDER), key=lambda field: _CHECK_ORDER.index(field[1]))


def _field_info(info: FieldInfo, type_ref: Dict[str, Any], where: str, name: str) -> Dict[str, Any]:
    def fail(message: str) -> PredictorDefinitionError:
        return PredictorDefinitionError(f"{where}: {message}")

    values: Dict[str, Any] = {}
    for key, kind in _CHECKED_FIELDS:
        value = getattr(info, key)
        if kind == "choices":
            values[key] = _choices(value, fail)
            continue
        if value is not None:
            accepts, expected = _KIND_CHECKS[kind]
            if not accepts(value):
                raise fail(f"Input({key}=...) must be {expected}, got {type(value).__name__}")
            if kind == "number":
                try:
                    value = to_json(value)
                except NotJSON as error:
                    raise fail(f"Input({key}=...) must be a finite number ({error})") from None
        values[key] = value
    if values["regex"] is not None:
        try:
            re.compile(values["regex"])
        except re.error as error:
            raise fail(f"Input(regex=...) is not a valid regular expression: {error}") from None

    if _is_union(type_ref) and any(values[k] is not None for k in CONSTRAINTS):
        raise fail("constraints and choices are not supported on union inputs")
    if values["accept"] is not None and not _is_file_like(type_ref):
        raise fail(f"accept is only valid on Path or File inputs (parameter '{name}')")
    return values


def _choices(choices: Any, fail: Any) -> Optional[List[Any]]:
    if choices is None:
        return None
    if not isinstance(choices, (list, tuple)):
        raise fail(f"Input(choices=...) must be a list, got {type(choices).__name__}")
    try:
        return to_json(list(choices))
    except NotJSON as error:
        raise fail(f"Input(choices=...) must hold JSON values ({error})") from None


def _is_union(type_ref: Dict[str, Any]) -> bool:
    if type_ref["kind"] == "optional":
        type_ref = type_ref["item"]
    return type_ref["kind"] == "union"


def _is_file_like(type_ref: Dict[str, Any]) -> bool:
    while type_ref["kind"] in ("optional", "list"):
        type_ref = type_ref["item"]
    return type_ref["kind"] in ("path", "file")


def _output(hints: Dict[str, Any], path: str, label: str) -> Dict[str, Any]:
    if "return" not in hints:
        return ref("any")
    annotation = hints["return"]
    try:
        return output_ref(annotation)
    except Unsupported as error:
        raise PredictorDefinitionError(f"{path}: return type of {label}: {error}") from None
