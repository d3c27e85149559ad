"""Cog's file naming rules (`cog.types` re-exports them): the longest name, the characters a name
may not hold, shortening a name to fit, and the local name of a URL's file.

`cog._files` (File, URLFile) and `cog._paths` (Path, URLPath) both build on this module, which
imports neither of them nor `cog.types`.
"""

import os
from typing import Any

FILENAME_ILLEGAL_CHARS = set("\u0000/")
FILENAME_MAX_LENGTH = 200


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


get_filename.__module__ = "cog.types"  # a public name of `cog.types`, as in Cog
