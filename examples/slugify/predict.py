"""Turns a title into a URL slug with python-slugify, which requirements.txt pins: cog-host makes
the environment from cog.yaml's build: section on the first run and reuses it afterwards."""

from cog import BaseRunner, Input
from slugify import slugify


class Runner(BaseRunner):
    def run(
        self,
        text: str = Input(description="A title, in any script"),
        separator: str = Input(default="-", description="What goes between words"),
    ) -> str:
        print(f"slugifying {text!r}")
        return slugify(text, separator=separator)
