"""Generator predictors that yield structured items, not just tokens: progress records with
timestamps, sets of labels, dataclass frames, intermediate files."""

import dataclasses
import datetime as dt
import os
import tempfile
from typing import Any, Iterator

from cog import BasePredictor, Input, Path

WHEN = dt.datetime(2024, 5, 17, 13, 45, 30, 123456)


@dataclasses.dataclass
class Frame:
    index: int
    at: dt.datetime
    labels: set = dataclasses.field(default_factory=set)


class Predictor(BasePredictor):
    def predict(self, kind: str = Input(description="which stream to produce", default="mixed")) -> Iterator[Any]:
        if kind == "mixed":
            yield WHEN
            yield {"cat"}
            yield {"step": 1, "at": WHEN, "shape": (64, 64)}
            yield Frame(0, WHEN, {"dog"})
            yield None
        elif kind == "bad_item_after_two":
            print("streaming")
            yield WHEN
            yield {"cat"}
            yield b"\x00raw latent"
            yield "never reached"
        elif kind == "bad_item_first":
            yield dt.date(2024, 1, 1)
        elif kind == "files":
            out_dir = tempfile.mkdtemp()
            for i, ext in enumerate(["png", "wav"]):
                path = os.path.join(out_dir, f"step-{i}.{ext}")
                with open(path, "wb") as f:
                    f.write(f"step {i}".encode())
                yield Path(path)
            yield {"final": Path(path)}
        elif kind == "empty":
            return
        elif kind == "nan_item":
            yield 1.0
            yield float("nan")
        else:
            raise ValueError(f"unknown kind {kind!r}")
