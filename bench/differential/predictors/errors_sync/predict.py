"""A synchronous predictor that fails in the ways model code fails."""

import sys

from cog import BasePredictor, Input


class ModerationError(Exception):
    """Raised when the prompt is flagged."""


class QuotaError(RuntimeError):
    def __init__(self, used, limit):
        super().__init__(f"quota exceeded: {used}/{limit}")
        self.used = used
        self.limit = limit


class Predictor(BasePredictor):
    def predict(self, kind: str = Input(default="custom")) -> str:
        if kind == "custom":
            print("checking prompt")
            raise ModerationError("NSFW content detected")
        if kind == "value_error":
            raise ValueError("width must be a multiple of 8, got 513")
        if kind == "custom_init":
            raise QuotaError(11, 10)
        if kind == "empty_message":
            raise RuntimeError()
        if kind == "multiline_message":
            raise ValueError("first line\nsecond line")
        if kind == "non_ascii":
            raise ValueError("Ungültige Eingabe — 無効な入力 🚫")
        if kind == "keyerror":
            return {"a": 1}["missing"]
        if kind == "chained":
            try:
                1 / 0
            except ZeroDivisionError as e:
                raise RuntimeError("could not normalise") from e
        if kind == "keyboard_interrupt":
            print("about to interrupt")
            raise KeyboardInterrupt
        if kind == "system_exit":
            sys.exit(3)
        if kind == "assertion":
            assert 1 + 1 == 3, "math is broken"
        if kind == "exception_group":
            raise ExceptionGroup("several", [ValueError("a"), TypeError("b")])
        if kind == "wrong_return_type":
            return 42
        if kind == "after_output_printed":
            print("step 1 done")
            print("step 2 failing", file=sys.stderr)
            raise ValueError("boom after logs")
        if kind == "ok":
            return "fine"
        raise ValueError(f"unknown kind {kind!r}")
