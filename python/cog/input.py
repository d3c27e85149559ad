"""`Input()` and the `FieldInfo` record it returns, describing one predictor parameter."""

from typing import Any, Callable, List, Optional, Union

# The one table of Input()'s keyword arguments: name (in Cog's FieldInfo order) and the kind of
# value the host accepts for it. FieldInfo's fields, its repr and equality, and the host's reading
# of them (cog_host/introspect.py) all come from here; the constraint names are also the coding
# keys of Swift's InputConstraints (Sources/CogCore/InputParameter.swift).
FIELD_KINDS = (
    ("default", "any"),
    ("description", "string"),
    ("ge", "number"),
    ("le", "number"),
    ("min_length", "integer"),
    ("max_length", "integer"),
    ("regex", "string"),
    ("choices", "choices"),
    ("deprecated", "bool"),
    ("accept", "string"),
)
_FIELDS = tuple(name for name, _ in FIELD_KINDS)
# The fields that constrain an input's value (checked against each request's value).
CONSTRAINTS = ("ge", "le", "min_length", "max_length", "regex", "choices")


class FieldInfo:
    """Metadata attached to a parameter through ``param: T = Input(...)``.

    Behaves like Cog's ``@dataclass(frozen=True)`` record (same fields in the same order, same
    ``repr``, ``==``, ``hash`` and ``FrozenInstanceError`` on assignment) but is a plain class:
    ``dataclasses`` imports ``inspect``, milliseconds on every start of a predictor.
    """

    __match_args__ = _FIELDS

    default: Any
    description: Optional[str]
    ge: Optional[Union[int, float]]
    le: Optional[Union[int, float]]
    min_length: Optional[int]
    max_length: Optional[int]
    regex: Optional[str]
    choices: Optional[List[Union[str, int]]]
    deprecated: Optional[bool]
    accept: Optional[str]

    def __init__(
        self,
        default: Any = None,
        description: Optional[str] = None,
        ge: Optional[Union[int, float]] = None,
        le: Optional[Union[int, float]] = None,
        min_length: Optional[int] = None,
        max_length: Optional[int] = None,
        regex: Optional[str] = None,
        choices: Optional[List[Union[str, int]]] = None,
        deprecated: Optional[bool] = None,
        accept: Optional[str] = None,
    ) -> None:
        arguments = locals()
        for name in _FIELDS:
            object.__setattr__(self, name, arguments[name])

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __repr__(self) -> str:
        return "FieldInfo(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS) + ")"

    def __eq__(self, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise _frozen(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise _frozen(f"cannot delete field {name!r}")


def _frozen(message: str) -> Exception:
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(message)


class _NoDefault:
    """Marks an ``Input()`` call without ``default``; the FieldInfo still reads ``None``."""

    def __repr__(self) -> str:
        return "None"


_NO_DEFAULT: Any = _NoDefault()

# Set on FieldInfo objects from an Input() call that gave no default: like Cog's schema
# generator, the host then treats the parameter as having no default at all (a bare
# `key: Secret = Input(description=...)` is required; `Optional[str] = Input()` has no default).
DEFAULT_OMITTED = "__cog_default_omitted__"


_NO_FACTORY_MESSAGE = (
    "default_factory is not supported in Input(). "
    "Use a literal default value instead: Input(default=...). "
    "Mutable defaults like lists should use immutable alternatives "
    "(e.g. a comma-separated string) or be constructed in predict()."
)


def Input(  # noqa: N802 - public name fixed by the Cog API
    default: Any = _NO_DEFAULT,
    *,
    default_factory: Optional[Callable[..., Any]] = None,
    description: Optional[str] = None,
    ge: Optional[Union[int, float]] = None,
    le: Optional[Union[int, float]] = None,
    min_length: Optional[int] = None,
    max_length: Optional[int] = None,
    regex: Optional[str] = None,
    choices: Optional[List[Union[str, int]]] = None,
    deprecated: Optional[bool] = None,
    accept: Optional[str] = None,
) -> Any:
    """Describe a predictor input: its default, documentation and constraints.

    Nothing is validated here; the host reads the returned ``FieldInfo`` when it
    builds the predictor's interface. ``accept`` takes an HTML-style accept
    string (``"image/*"``, ``".safetensors,.bin"``) and applies to file inputs.
    """
    if default_factory is not None:
        raise TypeError(_NO_FACTORY_MESSAGE)
    omitted = default is _NO_DEFAULT
    info = FieldInfo(
        default=None if omitted else default,
        description=description,
        ge=ge,
        le=le,
        min_length=min_length,
        max_length=max_length,
        regex=regex,
        choices=choices,
        deprecated=deprecated,
        accept=accept,
    )
    if omitted:
        object.__setattr__(info, DEFAULT_OMITTED, True)
    return info
