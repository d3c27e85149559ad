"""`Input()` and the `FieldInfo` record it returns, describing one predictor parameter."""

from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Union


@dataclass(frozen=True)
class FieldInfo:
    """Metadata attached to a parameter through ``param: T = Input(...)``."""

    default: Any = None
    description: Optional[str] = None
    ge: Optional[Union[int, float]] = None
    le: Optional[Union[int, float]] = None
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    regex: Optional[str] = None
    choices: Optional[List[Union[str, int]]] = None
    deprecated: Optional[bool] = None
    accept: Optional[str] = None


_NO_FACTORY_MESSAGE = (
    "default_factory is not supported in Input(). "
    "Use a literal default value instead: Input(default=...). "
    "Mutable defaults like lists should use immutable alternatives "
    "(e.g. a comma-separated string) or be constructed in predict()."
)


def Input(  # noqa: N802 - public name fixed by the Cog API
    default: Any = None,
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
    return FieldInfo(
        default=default,
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
