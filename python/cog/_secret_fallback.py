"""Pure-Python `Secret`, used only when the host's native `_cog_native.Secret` is unavailable.

The host (cog-host) implements ``cog.Secret`` natively and keeps the raw value
outside of Python-visible attributes. This module is what a plain Python
process that imports ``cog`` gets instead: a subprocess, a multiprocessing
child started from ``sys.executable``, or the test suite. It reproduces the
native type's public behaviour, but it is a masking wrapper only: the value is
an ordinary Python ``str`` held in a slot, reachable by anyone who looks for
it, copied wherever Python copies strings, and it cannot be wiped from memory.
"""

from dataclasses import FrozenInstanceError
from typing import Any, Optional

_MASK = "**********"
_PICKLE_MESSAGE = (
    "cog.Secret cannot be pickled: pass secret.get_secret_value() "
    "explicitly if you really mean to send the raw value"
)


class Secret:
    """A string that prints as ``**********``; read it with ``get_secret_value()``."""

    __slots__ = ("_Secret__value",)

    def __new__(cls, secret_value: Optional[str] = None) -> "Secret":
        if secret_value is not None and not isinstance(secret_value, str):
            raise TypeError(
                "Secret value must be a str or None, got "
                f"{type(secret_value).__name__}"
            )
        self = object.__new__(cls)
        # The value is stored at construction only, so calling __init__ again
        # on an existing object cannot change it.
        object.__setattr__(self, "_Secret__value", secret_value)
        return self

    def get_secret_value(self) -> Optional[str]:
        """Return the raw value (``None`` for an empty secret)."""
        return self.__value

    @property
    def secret_value(self) -> Optional[str]:
        """The raw value; read-only."""
        return self.__value

    def __str__(self) -> str:
        return "" if self.__value is None else _MASK

    def __format__(self, format_spec: str) -> str:
        return format(str(self), format_spec)

    def __repr__(self) -> str:
        return f"Secret({self})"

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        mine, theirs = self.__value, other.__value
        if mine is None or theirs is None:
            return mine is theirs
        import hmac  # imported here: it pulls in OpenSSL, too slow for `import cog`

        return hmac.compare_digest(mine.encode("utf-8"), theirs.encode("utf-8"))

    def __hash__(self) -> int:
        return hash((Secret, self.__value))

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __copy__(self) -> "Secret":
        return self

    def __deepcopy__(self, memo: Any) -> "Secret":
        return self

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError(_PICKLE_MESSAGE)

    def __reduce__(self) -> Any:
        raise TypeError(_PICKLE_MESSAGE)


Secret.__module__ = "cog.types"
