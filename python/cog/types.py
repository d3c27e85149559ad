"""File, URL, secret and iterator types predictors annotate with (`cog.types`)."""

import io
import os
import sys
from abc import abstractmethod
from typing import Any, AsyncIterator, Dict, Iterator, Optional, TypeVar

try:  # The host provides the real Secret as a native type.
    from _cog_native import Secret
except ImportError:  # Plain Python (tests, subprocesses): same behaviour, no wiping.
    from ._secret_fallback import Secret  # noqa: F401 - re-exported

FILENAME_ILLEGAL_CHARS = set("\u0000/")
FILENAME_MAX_LENGTH = 200


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


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _shorten_filename(filename: str, limit: int) -> str:
    """Cut ``filename`` to ``limit`` UTF-8 bytes, keeping its extension: ``name~.ext``."""
    if _utf8_len(filename) <= limit:
        return filename
    stem, ext = os.path.splitext(filename)
    room = limit - _utf8_len(ext) - 1
    stem = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return f"{stem}~{ext}"


def _open_data_url(url: str) -> Any:
    # urllib.request is costly to import; only data: URLs need it.
    import urllib.request

    return urllib.request.urlopen(url)  # noqa: S310 - callers checked the scheme


def get_filename(url: str) -> str:
    """Derive a local file name from a URL (``file.<ext>`` for ``data:`` URLs)."""
    import urllib.parse

    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "data":
        import mimetypes

        with _open_data_url(url) as response:
            extension = mimetypes.guess_extension(response.headers.get_content_type())
        return "file" if extension is None else "file" + extension

    name = urllib.parse.unquote_plus(os.path.basename(parsed.path))
    if _utf8_len(name) > FILENAME_MAX_LENGTH:
        name = _shorten_filename(name, FILENAME_MAX_LENGTH)
    for char in FILENAME_ILLEGAL_CHARS:
        name = name.replace(char, "_")
    return name


########################################
# URLFile
########################################


class URLFile(io.IOBase):
    """File-like view of an HTTP(S) URL; the request is made on first use.

    Every attribute other than ``name`` (and iteration) is forwarded to the
    streaming response body, so the object can be handed to code expecting an
    open binary file. Pickling keeps only the URL and name.
    """

    __slots__ = ("__target__", "__url__", "name")

    def __init__(self, url: str, filename: Optional[str] = None) -> None:
        import urllib.parse

        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https"):
            raise ValueError("URLFile requires URL to conform to HTTP or HTTPS protocol")
        object.__setattr__(self, "name", filename or os.path.basename(parsed.path))
        object.__setattr__(self, "__url__", url)

    def __del__(self) -> None:
        try:
            object.__getattribute__(self, "__target__")
        except AttributeError:
            return  # never opened: nothing to close, and no request to trigger
        super().__del__()

    def __getstate__(self) -> Dict[str, Any]:
        return {
            "name": object.__getattribute__(self, "name"),
            "url": object.__getattribute__(self, "__url__"),
        }

    def __setstate__(self, state: Dict[str, Any]) -> None:
        object.__setattr__(self, "name", state["name"])
        object.__setattr__(self, "__url__", state["url"])

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(type(self), name):
            object.__setattr__(self, name, value)
        else:
            setattr(self.__wrapped__, name, value)

    def __delattr__(self, name: str) -> None:
        if hasattr(type(self), name):
            object.__delattr__(self, name)
        else:
            delattr(self.__wrapped__, name)

    def __getattr__(self, name: str) -> Any:
        if name in ("__target__", "__wrapped__", "__url__"):
            raise AttributeError(name)
        if name == "name":
            return object.__getattribute__(self, "name")
        return getattr(self.__wrapped__, name)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.__wrapped__)

    @property
    def __wrapped__(self) -> Any:
        try:
            return object.__getattribute__(self, "__target__")
        except AttributeError:
            pass
        headers = {}
        user_agent = os.getenv("COG_USER_AGENT")
        if user_agent:
            headers["User-Agent"] = user_agent
        url = object.__getattribute__(self, "__url__")
        try:
            import requests  # deferred: importing requests is slow and rarely needed
        except ImportError:  # not installed: the standard library's client does the same job
            import urllib.request

            target = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)  # noqa: S310
        else:
            response = requests.get(url, stream=True, timeout=10, headers=headers)
            response.raise_for_status()
            response.raw.decode_content = True
            target = response.raw
        object.__setattr__(self, "__target__", target)
        return target

    def __repr__(self) -> str:
        kind = type(self).__name__
        try:
            target = object.__getattribute__(self, "__target__")
        except AttributeError:
            url = object.__getattribute__(self, "__url__")
            return f"<{kind} at 0x{id(self):x} for {url!r}>"
        return f"<{kind} at 0x{id(self):x} wrapping {target!r}>"


########################################
# File (deprecated)
########################################


class File(io.IOBase):
    """Deprecated file input type (use ``Path``); ``validate`` yields a file object."""

    @classmethod
    def validate(cls, value: Any) -> io.IOBase:
        """Turn a ``data:`` or ``http(s)`` URL into a readable file object."""
        if isinstance(value, io.IOBase):
            return value
        import urllib.parse

        scheme = urllib.parse.urlparse(value).scheme
        if scheme == "data":
            with _open_data_url(value) as response:
                return io.BytesIO(response.read())
        if scheme in ("http", "https"):
            return URLFile(value)
        raise ValueError(
            f"'{scheme}' is not a valid URL scheme. "
            "'data', 'http', or 'https' is supported."
        )


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
