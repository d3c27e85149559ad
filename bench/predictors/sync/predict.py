"""A trivial synchronous predictor: echoes `text`, optionally prints `lines` log lines."""

import sys
from typing import Optional

from cog import BaseRunner, Secret

LINE = "benchmark log line " + "x" * 80 + "\n"


class Runner(BaseRunner):
    def run(self, text: str = "x", token: Optional[Secret] = None, lines: int = 0) -> str:
        if lines:
            write = sys.stdout.write
            for _ in range(lines):
                write(LINE)
            sys.stdout.flush()
        return text
