"""A sync generator predictor that fails before and after yielding."""

from typing import Iterator

from cog import BasePredictor, Input


class GenerationError(Exception):
    pass


class Predictor(BasePredictor):
    def predict(self, kind: str = Input(default="ok")) -> Iterator[str]:
        if kind == "before_first":
            print("warming up")
            raise GenerationError("CUDA out of memory (before first token)")
        yield "Hello"
        yield " world"
        if kind == "after_two":
            print("third token failing")
            raise ValueError("stream broke after two tokens")
        if kind == "non_ascii_after":
            raise ValueError("généré — 生成失敗")
        if kind == "keyboard_interrupt":
            raise KeyboardInterrupt
        yield "!"
