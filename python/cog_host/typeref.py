"""Classify Python type annotations into the TypeRef dicts `describe()` reports."""

import collections.abc
import sys
import types
import typing
from typing import Any, Dict, List, Optional, Set

import cog.types
from cog._opaque import Opaque
from cog.model import BaseModel

from .jsonvalue import NotJSON, to_json

TypeRef = Dict[str, Any]

SUPPORTED_INPUTS = (
    "str, int, float, bool, cog.Path, cog.File, cog.Secret, dict, Any, list[T], "
    "Optional[T], Literal[...], TypedDict, and unions of JSON types"
)

_NONE_TYPES = (None, type(None))
_UNION_ORIGINS = (typing.Union, types.UnionType)
_SCALARS = {str: "str", int: "int", float: "float", bool: "bool"}
_SYNC_ITERATORS = (collections.abc.Iterator, collections.abc.Generator)
_ASYNC_ITERATORS = (collections.abc.AsyncIterator, collections.abc.AsyncGenerator)
_WRAPPERS = tuple(
    w for w in (getattr(typing, "Required", None), getattr(typing, "NotRequired", None)) if w
)


class Unsupported(Exception):
    """The annotation is outside what the host supports; ``str()`` says why."""


def ref(kind: str, *, item: Optional[TypeRef] = None, members: Optional[List[TypeRef]] = None,
        name: Optional[str] = None, fields: Optional[List[Dict[str, Any]]] = None,
        values: Optional[List[Any]] = None) -> TypeRef:  # fmt: skip
    """A TypeRef with every key present."""
    return {"kind": kind, "item": item, "members": members, "name": name,
            "fields": fields, "values": values}  # fmt: skip


def type_repr(tp: Any) -> str:
    """How a type reads in error messages: ``int``, ``set[int]``, ``Color``."""
    if isinstance(tp, type) and typing.get_origin(tp) is None:
        return tp.__qualname__
    if tp is None:
        return "None"
    return repr(tp)


def _unsupported(tp: Any) -> Unsupported:
    return Unsupported(f"unsupported type {type_repr(tp)}")


def _strip(tp: Any) -> Any:
    """Drop Required[]/NotRequired[] and Annotated[] without Opaque."""
    while True:
        origin = typing.get_origin(tp)
        if _WRAPPERS and origin in _WRAPPERS:
            tp = typing.get_args(tp)[0]
        elif origin is typing.Annotated and not _is_opaque(tp):
            tp = typing.get_args(tp)[0]
        else:
            return tp


def _is_opaque(tp: Any) -> bool:
    return typing.get_origin(tp) is typing.Annotated and any(
        meta is Opaque for meta in getattr(tp, "__metadata__", ())
    )


def _opaque(tp: Any) -> TypeRef:
    """``Annotated[T, Opaque]``: T becomes "any", keeping list/Optional shape around it."""
    inner = _strip(typing.get_args(tp)[0])
    origin = typing.get_origin(inner)
    if origin is list:
        return ref("list", item=ref("any"))
    if origin in _UNION_ORIGINS:
        args = typing.get_args(inner)
        rest = [a for a in args if a not in _NONE_TYPES]
        if len(rest) == 1 and len(args) == 2:
            return ref("optional", item=_opaque(typing.Annotated[rest[0], Opaque]))
    return ref("any")


def _union_parts(tp: Any) -> "tuple[list, bool]":
    """The non-None members of a union, and whether None was one of them."""
    args = typing.get_args(tp)
    members = [a for a in args if a not in _NONE_TYPES]
    return members, len(members) != len(args)


# `cog.Path` and `pathlib` are imported only by predictors that use them, so an annotation can
# only be one of their paths once its module is loaded.


def _is_cog_path(tp: Any) -> bool:
    # getattr with a default: another thread may be importing the module right now.
    return tp is getattr(sys.modules.get("cog._paths"), "Path", _NOT_LOADED)


def _is_pathlib_path(tp: Any) -> bool:
    pathlib = sys.modules.get("pathlib")
    return tp is getattr(pathlib, "Path", _NOT_LOADED) or tp is getattr(pathlib, "PosixPath", _NOT_LOADED)


_NOT_LOADED = object()


def _leaf(tp: Any) -> Optional[TypeRef]:
    """Types that mean the same in inputs and outputs; None if ``tp`` is not one."""
    if tp is typing.Any:
        return ref("any")
    if isinstance(tp, type) and tp in _SCALARS:
        return ref(_SCALARS[tp])
    if tp is cog.types.Secret:
        return ref("secret")
    if _is_cog_path(tp):
        return ref("path")
    if _is_pathlib_path(tp):
        # Cog's runtime hands such parameters a plain str; the name lets the host tell.
        return ref("path", name="pathlib.Path")
    if tp is cog.types.File:
        return ref("file")
    if tp is dict or tp is typing.Dict:
        return ref("dict")
    if typing.get_origin(tp) is dict:
        args = typing.get_args(tp)
        return ref("dict", item=_dict_value(args[1]) if len(args) == 2 else None)
    if typing.get_origin(tp) is typing.Literal:
        return _literal(tp)
    return None


def _dict_value(tp: Any) -> Optional[TypeRef]:
    try:
        return output_ref(tp, top=False)
    except Unsupported:
        return None


def _literal(tp: Any) -> TypeRef:
    values = []
    for value in typing.get_args(tp):
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise _unsupported(tp)
        try:
            values.append(to_json(value))
        except NotJSON:
            raise _unsupported(tp) from None
    return ref("literal", values=values)


########################################
# Inputs
########################################


def input_ref(tp: Any) -> TypeRef:
    """TypeRef of a parameter annotation, or Unsupported."""
    if _is_opaque(tp):
        return _opaque(tp)
    tp = _strip(tp)
    if typing.get_origin(tp) in _UNION_ORIGINS:
        members, has_none = _union_parts(tp)
        if len(members) == 1:
            return ref("optional", item=_input_single(members[0], tp))
        union = ref("union", members=[_union_member(m) for m in members])
        return ref("optional", item=union) if has_none else union
    return _input_single(tp, tp)


def _input_single(tp: Any, whole: Any) -> TypeRef:
    if _is_opaque(tp):
        return _opaque(tp)
    tp = _strip(tp)
    if typing.get_origin(tp) in _UNION_ORIGINS:
        raise Unsupported("nested union inputs are not supported")
    if typing.get_origin(tp) is list and typing.get_args(tp):
        return ref("list", item=_list_item(typing.get_args(tp)[0]))
    if tp is typing.List:
        raise _unsupported(whole)
    return _input_leaf(tp, whole)


def _input_leaf(tp: Any, whole: Any) -> TypeRef:
    found = _leaf(tp)
    if found is not None:
        return found
    if _is_typeddict(tp):
        return _typeddict(tp, set())
    raise _unsupported(whole)


def _list_item(tp: Any) -> TypeRef:
    if _is_opaque(tp):
        return ref("any")
    tp = _strip(tp)
    if typing.get_origin(tp) in _UNION_ORIGINS or typing.get_origin(tp) is list or tp in (
        list,
        typing.List,
    ):
        raise Unsupported("nested generics like List[Optional[X]] are not supported")
    return _input_leaf(tp, tp)


def _union_member(tp: Any) -> TypeRef:
    if _is_opaque(tp):
        return ref("any")
    tp = _strip(tp)
    if typing.get_origin(tp) in _UNION_ORIGINS:
        raise Unsupported("nested union inputs are not supported")
    if _is_cog_path(tp) or _is_pathlib_path(tp):
        raise Unsupported("Path is not supported in union inputs")
    for special, label in ((cog.types.File, "File"), (cog.types.Secret, "Secret")):
        if tp is special:
            raise Unsupported(f"{label} is not supported in union inputs")
    if typing.get_origin(tp) is list and typing.get_args(tp):
        item = _list_item(typing.get_args(tp)[0])
        if item["kind"] in ("path", "file", "secret"):
            raise Unsupported(f"{item['kind'].capitalize()} is not supported in union inputs")
        return ref("list", item=item)
    found = _leaf(tp)
    if found is not None and found["kind"] in ("str", "int", "float", "bool", "dict", "any"):
        return found
    raise _unsupported(tp)


########################################
# Outputs
########################################


def output_ref(tp: Any, *, top: bool = True, seen: Optional[Set[type]] = None) -> TypeRef:
    """TypeRef of a return annotation (``top``) or of a field inside one."""
    seen = seen if seen is not None else set()
    if _is_opaque(tp):
        return _opaque(tp)
    tp = _strip(tp)
    if tp in _NONE_TYPES:
        return ref("none")
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in _UNION_ORIGINS:
        members, has_none = _union_parts(tp)
        inner = [output_ref(m, top=False, seen=seen) for m in members]
        result = inner[0] if len(inner) == 1 else ref("union", members=inner)
        return ref("optional", item=result) if has_none else result
    if origin is list or tp in (list, typing.List):
        return ref("list", item=output_ref(args[0], top=False, seen=seen) if args else ref("any"))
    iterator_kind = _iterator_kind(tp, origin)
    if iterator_kind is not None:
        if not top:
            raise _unsupported(tp)
        item = output_ref(args[0], top=False, seen=seen) if args else ref("any")
        return ref(iterator_kind, item=item)
    found = _leaf(tp)
    if found is not None:
        return found
    if _is_typeddict(tp):
        return _typeddict(tp, seen)
    if _is_model(tp):
        return _model(tp, seen)
    raise _unsupported(tp)


def _iterator_kind(tp: Any, origin: Any) -> Optional[str]:
    base = origin if origin is not None else tp
    if not isinstance(base, type):
        return None
    if issubclass(base, cog.types.AsyncConcatenateIterator):
        return "async_concatenate_iterator"
    if issubclass(base, cog.types.ConcatenateIterator):
        return "concatenate_iterator"
    if base in _ASYNC_ITERATORS:
        return "async_iterator"
    if base in _SYNC_ITERATORS:
        return "iterator"
    return None


########################################
# Object types: TypedDict, BaseModel
########################################


def _is_typeddict(tp: Any) -> bool:
    if typing.is_typeddict(tp):
        return True
    extensions = sys.modules.get("typing_extensions")
    return bool(extensions and extensions.is_typeddict(tp))


def _is_model(tp: Any) -> bool:
    if not isinstance(tp, type):
        return False
    if issubclass(tp, BaseModel) or hasattr(tp, "__dataclass_fields__"):
        # A plain dataclass output: Cog's runtime encodes it with asdict() (its build refuses it).
        return True
    return any(
        base.__name__ == "BaseModel" and base.__module__.split(".")[0] == "pydantic"
        for base in tp.__mro__[1:]
    )


def _hints(cls: type) -> Dict[str, Any]:
    try:
        return typing.get_type_hints(cls, include_extras=True)
    except Exception as error:  # noqa: BLE001 - any failure means "cannot resolve"
        raise Unsupported(f"cannot resolve the annotations of {cls.__qualname__}: {error}")


def _field(name: str, tp: Any, seen: Set[type], has_default: bool, default: Any) -> Dict[str, Any]:
    try:
        default = to_json(default) if has_default else None
    except NotJSON:
        default = None
    return {"name": name, "type": output_ref(tp, top=False, seen=seen),
            "has_default": has_default, "default": default}  # fmt: skip


def _typeddict(cls: Any, seen: Set[type]) -> TypeRef:
    if cls in seen:
        return ref("any")
    optional = getattr(cls, "__optional_keys__", frozenset())
    seen = seen | {cls}
    # For a TypedDict, has_default means "this key may be left out".
    fields = [_field(n, t, seen, n in optional, None) for n, t in _hints(cls).items()]
    return ref("typeddict", name=cls.__name__, fields=fields)


def _model(cls: type, seen: Set[type]) -> TypeRef:
    if cls in seen:
        return ref("any")  # a model that contains itself degrades to an object
    seen = seen | {cls}
    hints = _hints(cls)
    if issubclass(cls, BaseModel) or hasattr(cls, "__dataclass_fields__"):
        fields = [_dataclass_field(f, hints, seen) for f in _dataclass_fields(cls, hints)]
    else:
        fields = _pydantic_fields(cls, hints, seen)
    return ref("model", name=cls.__name__, fields=fields)


# `dataclasses` is imported where models are described, not with this module: it imports `inspect`,
# which a one-shot start should not pay for (a BaseModel subclass has imported it already).


def _dataclass_fields(cls: type, hints: Dict[str, Any]) -> List[Any]:
    import dataclasses

    if dataclasses.is_dataclass(cls):
        return [f for f in dataclasses.fields(cls)]
    return [_PlainField(name, getattr(cls, name, dataclasses.MISSING)) for name in hints]


class _PlainField:
    """A field of a model class that is not a dataclass (`auto_dataclass=False`)."""

    def __init__(self, name: str, default: Any) -> None:
        import dataclasses

        self.name = name
        self.default = default
        self.default_factory = dataclasses.MISSING


def _dataclass_field(f: Any, hints: Dict[str, Any], seen: Set[type]) -> Dict[str, Any]:
    import dataclasses

    if f.default is not dataclasses.MISSING:
        return _field(f.name, hints.get(f.name, Any), seen, True, f.default)
    has_factory = f.default_factory is not dataclasses.MISSING
    return _field(f.name, hints.get(f.name, Any), seen, has_factory, None)


def _pydantic_fields(cls: Any, hints: Dict[str, Any], seen: Set[type]) -> List[Dict[str, Any]]:
    out = []
    v2_fields = getattr(cls, "model_fields", None)
    if isinstance(v2_fields, dict):
        for name, info in v2_fields.items():
            required = info.is_required()
            default = None if required or info.default_factory is not None else info.default
            out.append(_field(name, hints.get(name, info.annotation), seen, not required, default))
        return out
    for name, info in getattr(cls, "__fields__", {}).items():  # pydantic v1
        required = bool(getattr(info, "required", True))
        default = None if required else getattr(info, "default", None)
        out.append(_field(name, hints.get(name, Any), seen, not required, default))
    return out
