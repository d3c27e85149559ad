"""`cog.types`: Path, URLPath, File, URLFile and get_filename (data: URLs only, no network)."""

import io
import os
import pathlib
import pickle
import subprocess
import sys
import types

import pytest

from cog import File, Path, URLFile, URLPath
from cog.types import get_filename

from conftest import PYTHON_DIR

HELLO = "data:text/plain;base64,aGVsbG8="


@pytest.mark.parametrize(
    "url, expected",
    [
        (HELLO, "file.txt"),
        ("data:,hello", "file.txt"),
        ("data:image/png;base64,AA==", "file.png"),
        ("data:application/x-cog-unknown;base64,AA==", "file"),
        ("https://example.com/dir/my%20image.png?size=2#frag", "my image.png"),
        ("https://example.com/a+b.png", "a b.png"),
        ("https://example.com/dir/a%2Fb%00c.png", "a_b_c.png"),
        ("https://example.com/", ""),
    ],
)
def test_get_filename(url, expected):
    assert get_filename(url) == expected


def test_get_filename_truncates_to_200_bytes_keeping_the_extension():
    name = get_filename("https://example.com/" + "a" * 250 + ".png")
    assert name == "a" * 195 + "~.png"
    accented = get_filename("https://example.com/" + "é" * 150 + ".txt")
    assert accented == "é" * 97 + "~.txt" and len(accented.encode()) <= 200


def test_path_is_a_posix_path():
    p = Path("some/file.txt")
    assert isinstance(p, pathlib.PosixPath) and p.name == "file.txt"
    assert (p.parent / "x").name == "x"


def test_path_validate_passes_paths_and_wraps_strings():
    existing = pathlib.Path("/tmp/x")
    assert Path.validate(existing) is existing
    local = Path.validate("relative/file.bin")
    assert type(local) is Path and str(local) == "relative/file.bin"


def test_path_validate_defers_data_urls(tmp_path):
    url_path = Path.validate(HELLO)
    assert isinstance(url_path, URLPath) and isinstance(url_path, pathlib.Path)
    assert str(url_path) == HELLO
    assert url_path.filename == "file.txt" and url_path.source == HELLO
    local = url_path.convert()
    assert type(local) is Path and local.name.endswith("file.txt")
    assert local.read_bytes() == b"hello"
    assert url_path.convert() is local  # idempotent
    url_path.unlink()
    assert not local.exists()
    url_path.unlink(missing_ok=True)
    with pytest.raises(FileNotFoundError):
        url_path.unlink()


def test_urlpath_clips_long_file_names():
    path = URLPath(source="https://x/y", filename="b" * 205 + ".bin", fileobj=io.BytesIO(b""))
    assert path.filename == "b" * 195 + "~.bin"
    assert str(path) == "https://x/y"


def test_urlpath_unlink_before_convert_does_nothing():
    URLPath(source=HELLO, filename="f", fileobj=io.BytesIO(b"")).unlink()


def test_file_validate():
    stream = io.BytesIO(b"x")
    assert File.validate(stream) is stream
    data = File.validate(HELLO)
    assert isinstance(data, io.BytesIO) and data.read() == b"hello"
    remote = File.validate("https://example.com/a.bin")
    assert isinstance(remote, URLFile) and remote.name == "a.bin"
    with pytest.raises(ValueError) as info:
        File.validate("/tmp/local.txt")
    assert str(info.value) == "'' is not a valid URL scheme. 'data', 'http', or 'https' is supported."
    with pytest.raises(ValueError, match=r"^'ftp' is not a valid URL scheme\."):
        File.validate("ftp://host/file")


def test_urlfile_without_opening():
    with pytest.raises(ValueError, match=r"^URLFile requires URL to conform to HTTP or HTTPS protocol$"):
        URLFile("ftp://host/file")
    f = URLFile("https://example.com/my%20image.png?x=1")
    assert f.name == "my%20image.png"
    assert URLFile("https://example.com/a", filename="b.txt").name == "b.txt"
    assert repr(f) == f"<URLFile at 0x{id(f):x} for 'https://example.com/my%20image.png?x=1'>"
    assert isinstance(f, io.IOBase)
    copy = pickle.loads(pickle.dumps(f))
    assert copy.name == f.name and repr(copy).endswith("for 'https://example.com/my%20image.png?x=1'>")


def test_urlfile_opens_lazily_through_requests(monkeypatch):
    calls = []

    class Response:
        raw = io.BytesIO(b"remote bytes")

        def raise_for_status(self):
            pass

    def get(url, **kwargs):
        calls.append((url, kwargs))
        return Response()

    monkeypatch.setitem(sys.modules, "requests", types.SimpleNamespace(get=get))
    monkeypatch.setenv("COG_USER_AGENT", "cog-host-test")
    f = URLFile("https://example.com/file.bin")
    assert calls == []
    assert f.read() == b"remote bytes"
    assert calls == [
        ("https://example.com/file.bin",
         {"stream": True, "timeout": 10, "headers": {"User-Agent": "cog-host-test"}}),
    ]  # fmt: skip
    assert Response.raw.decode_content is True
    assert "wrapping" in repr(f)


def test_requests_stays_unimported_until_a_urlfile_is_read():
    code = (
        "import sys, cog\n"
        "f = cog.URLFile('https://example.com/x.png')\n"
        "p = cog.Path.validate('data:,hi').convert(); p.unlink()\n"
        "print(f.name, 'requests' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env=dict(os.environ, PYTHONPATH=PYTHON_DIR),
    )  # fmt: skip
    assert out.stdout.split() == ["x.png", "False"]


def test_iterator_markers():
    from typing import get_args, get_origin

    from cog import AsyncConcatenateIterator, ConcatenateIterator

    assert get_origin(ConcatenateIterator[str]) is ConcatenateIterator
    assert get_args(AsyncConcatenateIterator[str]) == (str,)

    def gen():
        yield "a"

    assert not isinstance(gen(), ConcatenateIterator)  # only an annotation marker
