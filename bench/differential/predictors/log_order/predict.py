"""Writes to stdout and stderr mixed, the way model code does: the order and the line joins."""

import logging
import os
import subprocess
import sys
import threading
import time

from cog import BasePredictor, Input

log = logging.getLogger("pipeline")


class Predictor(BasePredictor):
    def setup(self) -> None:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")

    def predict(self, kind: str = Input(default="logging_then_print")) -> str:
        if kind == "logging_then_print":
            log.info("loading weights")
            print("step 1", end="", flush=True)
            print(" rest")
            log.info("weights loaded")
            return "ok"
        if kind == "stderr_interleaved":
            for i in range(3):
                print(f"out {i}")
                sys.stderr.write(f"err {i}\n")
            return "ok"
        if kind == "stderr_interleaved_flushed":
            for i in range(3):
                print(f"out {i}", flush=True)
                sys.stderr.write(f"err {i}\n")
                sys.stderr.flush()
            return "ok"
        if kind == "thread":
            def worker():
                for i in range(3):
                    print(f"thread line {i}")
                    time.sleep(0.01)
            t = threading.Thread(target=worker)
            t.start()
            time.sleep(0.005)
            for i in range(3):
                print(f"main line {i}")
                time.sleep(0.01)
            t.join()
            return "ok"
        if kind == "thread_joined":
            # Deterministic: the thread finishes before the main thread prints.
            t = threading.Thread(target=lambda: [print(f"worker {i}") for i in range(3)])
            t.start()
            t.join()
            print("main after join")
            return "ok"
        if kind == "os_write":
            os.write(1, b"fd1 first\n")
            os.write(2, b"fd2 second\n")
            os.write(1, b"fd1 third\n")
            return "ok"
        if kind == "os_write_mixed":
            print("py print 1", flush=True)
            os.write(1, b"os write 2\n")
            print("py print 3", flush=True)
            os.write(2, b"os stderr 4\n")
            print("py print 5")
            return "ok"
        if kind == "fragment_then_stderr":
            print("progress: 50%", end="", flush=True)
            print("warning on stderr", file=sys.stderr)
            print(" ... 100%")
            return "ok"
        if kind == "fragment_only":
            print("no newline at the end", end="", flush=True)
            return "ok"
        if kind == "fragment_unflushed":
            sys.stdout.write("unflushed tail")
            return "ok"
        if kind == "after_unflushed":
            # Runs right after fragment_unflushed (cases.json keeps them together): where does
            # the previous prediction's unflushed tail end up?
            print("next prediction")
            return "ok"
        if kind == "subprocess_both":
            subprocess.run([sys.executable, "-c",
                            "import sys\n"
                            "print('child out 1', flush=True)\n"
                            "print('child err 1', file=sys.stderr, flush=True)\n"
                            "print('child out 2', flush=True)\n"],
                           check=True)
            print("parent after child")
            return "ok"
        if kind == "subprocess_captured":
            r = subprocess.run([sys.executable, "-c",
                                "import sys; print('o'); print('e', file=sys.stderr)"],
                               capture_output=True, text=True)
            print("captured:", r.stdout.strip(), r.stderr.strip())
            return "ok"
        if kind == "blank_lines":
            print("a")
            print()
            print()
            print("b\n\nc")
            return "ok"
        if kind == "crlf":
            sys.stdout.write("windows line\r\nnext\r\n")
            return "ok"
        if kind == "long_line":
            print("x" * 20000)
            return "ok"
        if kind == "many_lines":
            for i in range(500):
                print(f"line {i:04d}")
            return "ok"
        if kind == "print_sep":
            print("a", "b", 3, sep=" | ", end=" <end>\n")
            print("multi\nline\nstring", file=sys.stderr)
            return "ok"
        if kind == "warnings":
            import warnings
            warnings.warn("this API is deprecated", DeprecationWarning, stacklevel=1)
            warnings.warn("user facing warning")
            return "ok"
        raise ValueError(f"unknown kind {kind!r}")
