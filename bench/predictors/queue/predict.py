# The queue benchmark's model: `seconds` of waiting (an upstream call, a GPU kernel) and a short answer.
import time

from cog import BaseRunner, Input


class Runner(BaseRunner):
    def run(self, text: str = Input(default="x"), seconds: float = Input(default=0.0, ge=0)) -> str:
        if seconds:
            time.sleep(seconds)
        return f"done: {text}"
