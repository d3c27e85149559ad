"""An async predictor for concurrent slots: returns at once, or after sleeping `sleep` seconds."""

import asyncio

from cog import BaseRunner


class Runner(BaseRunner):
    async def run(self, sleep: float = 0.0) -> str:
        if sleep:
            await asyncio.sleep(sleep)
        return "done"
