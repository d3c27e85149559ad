"""`cog.File` (deprecated) and `cog.URLFile`, the file-object input types of Cog's SDK (served
by `cog.types`, where pickles and reprs name them)."""

import io
import os
from typing import Any, Dict, Iterator, Optional

from ._filenames import _open_data_url


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


# Both classes are part of `cog.types`: pickles and reprs name them there.
File.__module__ = URLFile.__module__ = "cog.types"
