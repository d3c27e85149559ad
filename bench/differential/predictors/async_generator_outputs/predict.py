"""An async generator predictor that streams dataclass frames (`AsyncIterator[Any]`; see
async_generator_typed for the same with `AsyncIterator[Frame]`)."""

import asyncio
import dataclasses
import datetime as dt
from typing import Any, AsyncIterator

from cog import BasePredictor, Input

WHEN = dt.datetime(2024, 5, 17, 13, 45, 30, tzinfo=dt.timezone.utc)


@dataclasses.dataclass
class Box:
    x: int
    y: int


@dataclasses.dataclass
class Frame:
    index: int
    at: dt.datetime
    boxes: list
    scores: tuple = ()


class Predictor(BasePredictor):
    async def setup(self) -> None:
        self.frames = 3

    async def predict(self, kind: str = Input(default="frames")) -> AsyncIterator[Any]:
        if kind == "frames":
            for i in range(self.frames):
                await asyncio.sleep(0)
                yield Frame(i, WHEN + dt.timedelta(seconds=i), [Box(i, i + 1)], (0.5, 0.25))
        elif kind == "bad_field":
            print("frame 0")
            yield Frame(0, WHEN, [])
            yield Frame(1, WHEN, [dt.date(2024, 1, 1)])
        else:
            raise ValueError(f"unknown kind {kind!r}")
