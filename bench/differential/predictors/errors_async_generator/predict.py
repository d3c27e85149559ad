"""An async generator predictor that fails."""

import asyncio
from typing import AsyncIterator

from cog import BasePredictor, Input


class Predictor(BasePredictor):
    async def predict(self, kind: str = Input(default="ok")) -> AsyncIterator[str]:
        if kind == "before_first":
            raise RuntimeError("async stream failed before first item")
        yield "a"
        await asyncio.sleep(0)
        yield "b"
        if kind == "after_two":
            print("about to fail")
            raise ValueError("async stream failed after two items")
        if kind == "cancelled_message":
            raise ConnectionError("stream cancelled by the remote end")
        if kind == "cancelled_error":
            raise asyncio.CancelledError()
        yield "c"
