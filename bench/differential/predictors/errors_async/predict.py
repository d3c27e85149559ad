"""An async predict that fails."""

import asyncio

from cog import BasePredictor, Input


class UpstreamError(Exception):
    pass


class Predictor(BasePredictor):
    async def setup(self) -> None:
        self.ready = True

    async def predict(self, kind: str = Input(default="ok")) -> str:
        if kind == "raise":
            await asyncio.sleep(0.01)
            raise UpstreamError("upstream returned 503")
        if kind == "raise_immediately":
            raise ValueError("bad value, raised synchronously in the coroutine")
        if kind == "timeout":
            await asyncio.wait_for(asyncio.sleep(10), timeout=0.01)
        if kind == "task_error":
            async def child():
                raise KeyError("from child task")
            await asyncio.gather(child())
        if kind == "non_ascii":
            print("début")
            raise ValueError("échec — 失敗")
        if kind == "cancelled_error":
            raise asyncio.CancelledError()
        if kind == "cancelled_message":
            # An upstream client's error text that happens to mention cancellation.
            await asyncio.sleep(0)
            raise RuntimeError("request was cancelled by upstream")
        if kind == "keyboard_interrupt":
            raise KeyboardInterrupt
        if kind == "print_then_ok":
            print("async print")
            await asyncio.sleep(0)
            return "ok"
        return "ok"
