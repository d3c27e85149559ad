"""File, URL, secret and iterator types predictors annotate with (`cog.types`)."""

from abc import abstractmethod
from typing import Any, AsyncIterator, Iterator, TypeVar

# The pieces live in modules of their own, which import none of this module: file naming
# (`_filenames`), the file objects (`_files`) and, loaded on first use, the paths (`_paths`).
from ._filenames import (  # noqa: F401 - re-exported
    FILENAME_ILLEGAL_CHARS,
    FILENAME_MAX_LENGTH,
    _open_data_url,
    _shorten_filename,
    _utf8_len,
    get_filename,
)
from ._files import File, URLFile  # noqa: F401 - re-exported

try:  # The host provides the real Secret as a native type.
    from _cog_native import Secret
except ImportError:  # Plain Python (tests, subprocesses): same behaviour, no wiping.
    from ._secret_fallback import Secret  # noqa: F401 - re-exported


def __getattr__(name: str) -> Any:
    # Cog's module exposes `requests` as an attribute; import it only on demand.
    if name == "requests":
        import requests

        return requests
    # `Path` and `URLPath` live in `cog._paths`, imported on first use: `pathlib` brings
    # `urllib.parse` and `ipaddress` with it, milliseconds that a predictor without paths
    # should not pay at every start.
    if name in ("Path", "URLPath"):
        from . import _paths

        value = getattr(_paths, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


########################################
# Iterator markers
########################################

Item = TypeVar("Item")


class ConcatenateIterator(Iterator[Item]):
    """Return annotation for streamed text whose chunks are shown joined together."""

    @abstractmethod
    def __next__(self) -> Item: ...


class AsyncConcatenateIterator(AsyncIterator[Item]):
    """Async counterpart of ``ConcatenateIterator`` for ``async def`` generators."""

    @abstractmethod
    async def __anext__(self) -> Item: ...
