"""`cog.BaseModel`: base class for structured outputs, turned into dataclasses automatically."""

from typing import Any


class BaseModel:
    """Subclass this to declare an output object; every subclass becomes a dataclass.

    ``class Output(BaseModel): text: str`` gets a generated ``__init__``,
    ``__repr__`` and ``__eq__``. Pass ``auto_dataclass=False`` in the class
    statement to handle dataclass decoration yourself; any other class keyword
    (``init=False``, ``frozen=True``, ...) is forwarded to ``dataclass()``.
    """

    def __init_subclass__(
        cls, *, auto_dataclass: bool = True, init: bool = True, **kwargs: Any
    ) -> None:
        super().__init_subclass__()
        from dataclasses import dataclass, is_dataclass  # here: `dataclasses` is slow to import

        primary = cls.__bases__[0]
        if not issubclass(primary, BaseModel):
            raise TypeError(
                f'Primary base class of "{cls.__name__}" must inherit from BaseModel'
            )
        if not auto_dataclass and primary is not BaseModel:
            try:
                parent_auto = primary._BaseModel__auto_dataclass  # type: ignore[attr-defined]
            except AttributeError:
                raise RuntimeError(
                    f'Primary base class of "{cls.__name__}" is a child of a child '
                    "of `BaseModel`, but `auto_dataclass` tracking does not exist. "
                    "This is likely a bug or other programming error."
                ) from None
            if parent_auto is True:
                raise ValueError(
                    f'Primary base class of "{cls.__name__}" ("{primary.__name__}") '
                    f'has auto_dataclass=True, but "{cls.__name__}" has '
                    "auto_dataclass=False. This creates broken field inheritance."
                )
        for extra in cls.__bases__[1:]:
            if is_dataclass(extra):
                raise TypeError(
                    f'Cannot mixin dataclass "{extra.__name__}" while inheriting '
                    "from `BaseModel`"
                )
        # Once a class opts out, its descendants are the user's responsibility.
        cls._BaseModel__auto_dataclass = bool(auto_dataclass)  # type: ignore[attr-defined]
        if auto_dataclass:
            dataclass(init=init, **kwargs)(cls)
