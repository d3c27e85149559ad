"""Non-ASCII text in logs and outputs, as model code prints it."""

import locale
import logging
import os
import subprocess
import sys
import tempfile
import time

from cog import BasePredictor, Input
from tqdm import tqdm

logger = logging.getLogger("model")


class Predictor(BasePredictor):
    def setup(self) -> None:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s",
                            stream=sys.stderr)

    def predict(self, kind: str = Input(description="which case to run", default="dash")) -> str:
        if kind == "dash":
            print("em — dash and en – dash, “quotes”")
            return "done — ok"
        if kind == "tqdm":
            total = 0
            for i in tqdm(range(5), file=sys.stderr, desc="Denoising", ncols=60,
                          bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt}"):
                total += i
            print(f"sum={total}")
            return "tqdm finished"
        if kind == "handbar":
            for step in range(1, 6):
                bar = "█" * step + "░" * (5 - step)
                sys.stdout.write(f"\rloading |{bar}| {step * 20}%")
                sys.stdout.flush()
            sys.stdout.write("\n")
            print("loaded ✓")
            return "bar"
        if kind == "emoji":
            print("🚀 starting 🔥🔥 – done 🎉")
            print("flags: 🇩🇪 🇯🇵, family: 👨‍👩‍👧, skin: 👍🏽")
            return "🤖 beep"
        if kind == "cjk":
            print("中文：你好，世界")
            print("日本語：こんにちは世界、カタカナ")
            print("العربية: مرحبا بالعالم")
            print("한국어: 안녕하세요")
            return "世界 / こんにちは / مرحبا"
        if kind == "logging":
            logger.info("Ünïcödé log — température 25 °C, 東京")
            logger.warning("⚠️ low memory: 12 Mo")
            return "logged"
        if kind == "nonascii_return":
            return "Größe: 5 µm, naïve café, Ångström, ß, ﬁ ligature, \u00e9 vs e\u0301"
        if kind == "encodings":
            print("stdout.encoding", sys.stdout.encoding)
            print("stderr.encoding", sys.stderr.encoding)
            print("utf8_mode", sys.flags.utf8_mode)
            print("preferred", locale.getpreferredencoding(False))
            print("fsencoding", sys.getfilesystemencoding())
            print("stdin", type(sys.stdin).__name__)
            return f"{sys.stdout.encoding}/{sys.flags.utf8_mode}/{locale.getpreferredencoding(False)}"
        if kind == "stream_attributes":
            # Attributes of a real TextIOWrapper that libraries read (click, rich, tqdm).
            for name in ("encoding", "errors", "line_buffering", "isatty", "fileno", "buffer",
                         "reconfigure"):
                print(name, repr(getattr(sys.stdout, name, "<missing>"))[:40].split(" object at ")[0])
            print("isatty()", sys.stdout.isatty(), sys.stderr.isatty())
            return "ok"
        if kind == "subprocess":
            result = subprocess.run([sys.executable, "-c", "print('ü')"], capture_output=True, text=True)
            print("child stdout:", repr(result.stdout), "stderr:", repr(result.stderr), "rc:", result.returncode)
            return result.stdout
        if kind == "subprocess_inherit":
            # The child writes straight to the inherited fds 1 and 2.
            subprocess.run([sys.executable, "-c",
                            "import sys; print('kind ü child'); print('err ß child', file=sys.stderr)"],
                           check=True)
            return "ran"
        if kind == "open_file":
            path = os.path.join(tempfile.mkdtemp(), "notes.txt")
            with open(path, "w") as f:
                f.write("naïve — 日本 🚀\n")
            with open(path) as f:
                text = f.read()
            with open(path, "rb") as f:
                raw = f.read()
            print("read back:", text.strip(), len(raw), "bytes")
            return text
        if kind == "surrogate":
            # A lone surrogate can't be encoded to UTF-8: what each runtime's stdout does with it.
            print("bad \udcff char")
            return "after"
        if kind == "latin1_bytes":
            sys.stdout.buffer.write("caf\u00e9 latin-1: ".encode() + b"\xe9\n")
            sys.stdout.flush()
            return "bytes"
        raise ValueError(f"unknown kind {kind!r}")
