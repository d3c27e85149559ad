"""Files in and out of a prediction: URL/data-URI inputs become local files, outputs become paths."""

import io
import os
from typing import Any, Dict, List

from cog.types import File, URLFile, get_filename

from .wire import InputFileKind

# mimetypes, shutil, tempfile and urllib.parse are imported where they are used: together they
# cost milliseconds, and a prediction without file inputs or outputs never needs them.

_DOWNLOAD_TIMEOUT = 30
_CHUNK = 1 << 20


class InputFileError(Exception):
    """A file input could not be fetched; names the input and the (credential-masked) URL."""

    def __init__(self, name: str, url: str, reason: str) -> None:
        super().__init__(f'input "{name}": cannot download {mask_url(url)}: {reason}')
        self.input_name = name


def mask_url(url: str) -> str:
    """The URL with any user:password replaced by ***, and data: URIs shortened."""
    if url.startswith("data:"):
        head = url.split(",", 1)[0]
        return head + ",…"
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    import urllib.parse

    return urllib.parse.urlsplit(value).scheme in ("http", "https", "data")


def _download(name: str, url: str) -> Any:
    """Fetches ``url`` into ``<tmp>/tmp<random><filename>`` (Cog's naming) and returns its path."""
    try:
        filename = get_filename(url)
    except Exception as error:  # a malformed data: URI
        raise InputFileError(name, url, str(error)) from None
    import shutil
    import tempfile
    import urllib.parse

    headers = {"User-Agent": os.environ.get("COG_USER_AGENT") or "cog-host"}
    parts = urllib.parse.urlsplit(url)
    fetch_url = url
    if parts.username is not None:  # user:password@host becomes a Basic Authorization header
        import base64

        credentials = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        fetch_url = urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    # Imported on the first download only: urllib.request costs ~40 ms at startup.
    import urllib.error as url_errors
    import urllib.request as url_requests

    request = url_requests.Request(fetch_url, headers=headers)
    try:
        with url_requests.urlopen(request, timeout=_DOWNLOAD_TIMEOUT) as response:  # noqa: S310 - scheme checked
            with tempfile.NamedTemporaryFile(suffix=filename, delete=False) as destination:
                shutil.copyfileobj(response, destination, _CHUNK)
    except url_errors.HTTPError as error:
        raise InputFileError(name, url, f"HTTP {error.code} {error.reason}") from None
    except url_errors.URLError as error:
        raise InputFileError(name, url, str(error.reason)) from None
    except (OSError, ValueError) as error:
        raise InputFileError(name, url, str(error)) from None
    from cog.types import Path as CogPath

    return CogPath(destination.name)


def prepare(arguments: Dict[str, Any], kinds: Dict[str, str]) -> List[str]:
    """Turns URL strings of Path/File inputs into local files or file objects, in place.

    ``kinds`` maps input names to an `InputFileKind` name (from Swift). Path URLs are
    downloaded (in parallel) to temporary files; File URLs become lazy URLFile objects (http)
    or BytesIO (data:). Other strings are left as Cog leaves them (plain ``str``). Returns the
    temporary files to delete after the prediction.
    """
    downloads = []  # (name, index or None, url)
    for name, kind in kinds.items():
        value = arguments.get(name)
        if value is None:
            continue
        if kind == InputFileKind.PATH and _is_url(value):
            downloads.append((name, None, value))
        elif kind == InputFileKind.PATH_LIST and isinstance(value, list) and value and all(_is_url(v) for v in value):
            downloads.extend((name, index, url) for index, url in enumerate(value))
        elif kind == InputFileKind.FILE and _is_url(value):
            arguments[name] = _file(name, value)
        elif kind == InputFileKind.FILE_LIST and isinstance(value, list):
            arguments[name] = [_file(name, v) if _is_url(v) else v for v in value]
    if not downloads:
        return []
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, len(downloads))) as pool:
        futures = [pool.submit(_download, name, url) for name, _, url in downloads]
        results = []
        first_error = None
        for future in futures:
            try:
                results.append(future.result())
            except InputFileError as error:
                results.append(None)
                first_error = first_error or error
    created = [str(path) for path in results if path is not None]
    if first_error is not None:
        cleanup(created)
        raise first_error
    for (name, index, _), path in zip(downloads, results):
        if index is None:
            arguments[name] = path
        else:
            arguments[name][index] = path
    return created


def _file(name: str, url: str) -> Any:
    if url.startswith("data:"):
        try:
            return File.validate(url)
        except Exception as error:
            raise InputFileError(name, url, str(error)) from None
    return URLFile(url)


def cleanup(paths: List[str]) -> None:
    """Deletes temporary input files; missing ones are fine."""
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass


class OutputFile:
    """A file a prediction returned: the host writes, uploads or inlines it."""

    __slots__ = ("path", "content_type", "temporary")

    def __init__(self, path: str, temporary: bool = False) -> None:
        import mimetypes

        self.path = path
        self.content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        self.temporary = temporary  # made by the host from a file object: delete once delivered


def output_file(value: Any) -> Any:
    """An ``OutputFile`` for path-like and binary file-like outputs; None for anything else."""
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        os.stat(path)  # a missing file fails the prediction here, as Cog's "Failed to process output"
        return OutputFile(os.path.abspath(path))
    if isinstance(value, io.IOBase) and not isinstance(value, io.TextIOBase):
        name = getattr(value, "name", None)
        if isinstance(name, str) and os.path.isfile(name):
            return OutputFile(os.path.abspath(name))
        suffix = os.path.basename(name) if isinstance(name, str) else ""
        if hasattr(value, "seek"):
            try:
                value.seek(0)
            except OSError:
                pass
        import shutil
        import tempfile

        with tempfile.NamedTemporaryFile(prefix="cog-output-", suffix=suffix, delete=False) as destination:
            shutil.copyfileobj(value, destination, _CHUNK)
        return OutputFile(destination.name, temporary=True)
    return None
