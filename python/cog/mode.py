"""The `Mode` enum (predict or train) kept importable as `cog.mode`."""

from enum import Enum


class Mode(Enum):
    """Which entry point the runtime serves."""

    PREDICT = "predict"
    TRAIN = "train"

    def __str__(self) -> str:
        return str(self.value)
