"""Legacy custom-type `Coder` registry; kept importable, not used by the runtime."""

from typing import Any, Dict, Optional, Set, Type


class Coder:
    """Base class for a pair of encode/decode hooks for one custom type.

    Subclasses implement ``factory(tpe)`` (return an instance when they handle
    ``tpe``), ``encode`` and ``decode``, and are made known with
    ``Coder.register``. The runtime never consults this registry; it exists
    so that predictors written against older Cog versions still import.
    """

    _coders: Set[Type["Coder"]] = set()

    @staticmethod
    def register(coder: Type["Coder"]) -> None:
        Coder._coders.add(coder)

    @staticmethod
    def lookup(tpe: Any) -> Optional["Coder"]:
        for candidate in Coder._coders:
            found = candidate.factory(tpe)
            if found is not None:
                return found
        return None

    @staticmethod
    def factory(tpe: Type[Any]) -> Optional["Coder"]:
        return None

    def encode(self, x: Any) -> Dict[str, Any]:
        raise NotImplementedError

    def decode(self, x: Dict[str, Any]) -> Any:
        raise NotImplementedError
