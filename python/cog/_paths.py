"""`cog.Path` and `URLPath`, the `pathlib` types of Cog's SDK (served lazily by `cog.types`,
which this module does not import)."""

import io
import pathlib
import sys
from typing import Any, Optional

from ._filenames import FILENAME_MAX_LENGTH, _shorten_filename, get_filename
from ._files import File

_PATH_TAKES_INIT_ARGS = sys.version_info >= (3, 12)


class URLPath(pathlib.PosixPath):
    """A path standing for a URL whose download is deferred until ``convert()``.

    It is a ``PosixPath`` (its path value is the file name) so it passes
    ``isinstance(x, pathlib.Path)`` checks, while ``str()`` gives back the URL.
    """

    _path: Optional["Path"]

    def __new__(cls, *, source: str, filename: str, fileobj: io.IOBase) -> "URLPath":
        if _PATH_TAKES_INIT_ARGS:
            return super().__new__(cls)
        return super().__new__(cls, _clip_name(filename))

    def __init__(self, *, source: str, filename: str, fileobj: io.IOBase) -> None:
        filename = _clip_name(filename)
        if _PATH_TAKES_INIT_ARGS:
            super().__init__(filename)
        self.source = source
        self.filename = filename
        self.fileobj = fileobj
        self._path = None

    def convert(self) -> "Path":
        """Copy the content into a named temporary file (once) and return its path."""
        if self._path is None:
            import shutil
            import tempfile

            with tempfile.NamedTemporaryFile(suffix=self.filename, delete=False) as dest:
                shutil.copyfileobj(self.fileobj, dest)
            self._path = Path(dest.name)
        return self._path

    def unlink(self, missing_ok: bool = False) -> None:
        """Delete the downloaded temporary file, if ``convert()`` made one."""
        if self._path:
            self._path.unlink(missing_ok=missing_ok)

    def __str__(self) -> str:
        return self.source


def _clip_name(filename: str) -> str:
    if len(filename) > FILENAME_MAX_LENGTH:
        return _shorten_filename(filename, FILENAME_MAX_LENGTH)
    return filename


class Path(pathlib.PosixPath):
    """A ``pathlib`` path that input coercion can also build from a URL."""

    @classmethod
    def validate(cls, value: Any) -> pathlib.Path:
        """Return paths unchanged, wrap URLs in a ``URLPath``, make other values a ``Path``."""
        if isinstance(value, pathlib.Path):
            return value
        import urllib.parse

        if urllib.parse.urlparse(value).scheme in ("data", "http", "https"):
            return URLPath(
                source=value,
                filename=get_filename(value),
                fileobj=File.validate(value),
            )
        return Path(value)


# Both classes are part of `cog.types`: pickles and reprs name them there.
Path.__module__ = URLPath.__module__ = "cog.types"
