"""Streams `n` short tokens."""

from typing import Iterator

from cog import BaseRunner


class Runner(BaseRunner):
    def run(self, n: int = 1000) -> Iterator[str]:
        for index in range(n):
            yield f"tok{index} "
