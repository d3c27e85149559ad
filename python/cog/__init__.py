"""Cog SDK as seen by predictors: runner base classes, Input, file types and metrics.

This is cog-host's own implementation of the public Python surface of Cog
0.23.1. Importing it is cheap: nothing heavy (notably ``requests``) is loaded
until a feature needs it.
"""

import sys as _sys

from ._cancel import CancelationException
from ._decorators import concurrent, streaming
from ._opaque import Opaque
from ._scope import current_scope
from ._version import __version__
from .input import FieldInfo, Input
from .model import BaseModel
from .predictor import BasePredictor, BaseRunner
from .types import (
    AsyncConcatenateIterator,
    ConcatenateIterator,
    File,
    Secret,
    URLFile,
)

__all__ = [
    "__version__",
    "BaseRunner",
    "BasePredictor",
    "BaseModel",
    "Opaque",
    "Input",
    "FieldInfo",
    "Path",
    "Secret",
    "File",
    "URLFile",
    "URLPath",
    "ConcatenateIterator",
    "AsyncConcatenateIterator",
    "CancelationException",
    "current_scope",
    "streaming",
    "concurrent",
    "ExperimentalFeatureWarning",
    "emit_metric",
]


class _ExperimentalFeatureWarning(FutureWarning):
    """Deprecated and unused; served as ``cog.ExperimentalFeatureWarning`` so old filters work."""



def _emit_metric(name: str, value: float) -> None:
    """Deprecated: use ``current_scope().record_metric(name, value)``."""
    current_scope().record_metric(name, value)


_emit_metric.__name__ = _emit_metric.__qualname__ = "emit_metric"

# Deprecated names, served lazily so that using them prints a notice once.
# The notice goes straight to stderr (not through `warnings`) so that warning
# filters cannot hide it.
_DEPRECATED = {
    "ExperimentalFeatureWarning": (
        _ExperimentalFeatureWarning,
        "cog: ExperimentalFeatureWarning is deprecated and will be removed in a "
        "future release. Remove `ExperimentalFeatureWarning` from your imports "
        "and any associated `warnings.filterwarnings(...)` calls.",
    ),
    "emit_metric": (
        _emit_metric,
        "cog: emit_metric() is deprecated and will be removed in a future release. "
        "Use current_scope().record_metric(name, value) instead.",
    ),
}


def __getattr__(name: str) -> object:
    if name in ("Path", "URLPath"):  # imported on first use; see cog.types.__getattr__
        from . import types

        value = getattr(types, name)
        globals()[name] = value
        return value
    if name in _DEPRECATED:
        value, notice = _DEPRECATED[name]
        print(notice, file=_sys.stderr)
        globals()[name] = value  # later lookups bypass __getattr__: one notice only
        return value
    raise AttributeError(f"module 'cog' has no attribute {name!r}")
