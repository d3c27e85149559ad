"""File outputs, written the way model code writes them: into a temporary directory, then
returned as a `cog.Path` (or an open file / an in-memory buffer).

Cog sends a top-level file (and a list item) to the parent by path and names its MIME type
there; a file nested in a dict or a model is encoded in the worker. Both end up as data URLs
here (no --upload-url).
"""

import io
import json
import os
import struct
import tempfile
from typing import Any, Optional

from cog import BaseModel, BasePredictor, Input, Path

WAV = (b"RIFF" + struct.pack("<I", 36 + 4) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
       + b"data" + struct.pack("<I", 4) + b"\x00\x00\x01\x00")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4d50000000049454e44ae426082")


class Result(BaseModel):
    caption: str
    audio: Path
    score: Optional[float] = None


class Predictor(BasePredictor):
    def setup(self) -> None:
        self.sample_rate = 8000

    def _write(self, name: str, data: bytes) -> Path:
        out_dir = tempfile.mkdtemp()
        path = os.path.join(out_dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return Path(path)

    def predict(self, kind: str = Input(description="which file output to return", default="wav")) -> Any:
        if kind == "wav":
            return self._write("output.wav", WAV)
        if kind == "mp3":
            return self._write("speech.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00fake mp3 frames")
        if kind == "png":
            return self._write("out-0.png", PNG)
        if kind == "txt":
            return self._write("transcript.txt", "hello — world\n".encode())
        if kind == "json":
            return self._write("result.json", json.dumps({"labels": ["cat", "dog"], "n": 2}).encode())
        if kind == "webp":
            return self._write("image.webp", b"RIFF\x0c\x00\x00\x00WEBPVP8 ")
        if kind == "m4a":
            return self._write("audio.m4a", b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00")
        if kind == "yaml":
            return self._write("config.yaml", b"steps: 20\nscheduler: ddim\n")
        if kind == "npy":
            return self._write("embedding.npy", b"\x93NUMPY\x01\x00v\x00{'descr': '<f4'}")
        if kind == "no_extension":
            return self._write("output", b"opaque bytes")
        if kind == "upper_extension":
            return self._write("IMAGE.PNG", PNG)
        if kind == "str_path":
            # A path as a plain string is not a file output. (A fixed folder, so that both
            # runtimes return the same string.)
            out_dir = os.path.join(tempfile.gettempdir(), "cog-differential-files")
            os.makedirs(out_dir, exist_ok=True)
            path = os.path.join(out_dir, "plain.txt")
            with open(path, "wb") as f:
                f.write(b"not a file output")
            return str(path)
        if kind == "list_two":
            return [self._write("a.wav", WAV), self._write("b.png", PNG)]
        if kind == "list_mixed":
            return [self._write("c.txt", b"text"), "caption", 3]
        if kind == "dict_nested":
            return {"audio": self._write("x.wav", WAV)}
        if kind == "dict_nested_types":
            return {"png": self._write("p.png", PNG), "m4a": self._write("m.m4a", b"m4a"),
                    "yaml": self._write("c.yaml", b"a: 1\n"), "txt": self._write("t.txt", b"t")}
        if kind == "basemodel_field":
            return Result(caption="a short beep", audio=self._write("beep.wav", WAV), score=0.5)
        if kind == "bytesio":
            buf = io.BytesIO()
            buf.write(PNG)
            return buf
        if kind == "bytesio_in_dict":
            return {"mask": io.BytesIO(b"mask bytes")}
        if kind == "open_rb":
            path = self._write("take.wav", WAV)
            return open(path, "rb")
        if kind == "open_text":
            path = self._write("notes.txt", b"text mode")
            return open(path, "r")
        if kind == "missing":
            return Path(os.path.join(tempfile.mkdtemp(), "never-written.png"))
        raise ValueError(f"unknown kind {kind!r}")
