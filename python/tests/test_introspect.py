"""`cog_host.introspect.describe`: the exact JSON description of predictor signatures."""

import importlib.util
import json
import textwrap

import pytest

from cog_host.errors import PredictorDefinitionError
from cog_host.introspect import describe
from cog_host.loader import load

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def T(kind, item=None, members=None, name=None, fields=None, values=None):  # noqa: N802
    return {"kind": kind, "item": item, "members": members, "name": name,
            "fields": fields, "values": values}  # fmt: skip


def field(name, type_ref, has_default=False, default=None):
    return {"name": name, "type": type_ref, "has_default": has_default, "default": default}


def inp(name, type_ref, has_default=False, default=None, **fields):
    # Spelled out here on purpose (not read from cog.input's table): the document's shape is
    # what Swift decodes (IntrospectionDocument.Input, InputConstraints' coding keys).
    entry = {"name": name, "type": type_ref, "has_default": has_default, "default": default}
    for key in ("description", "deprecated", "accept"):
        entry[key] = fields.pop(key, None)
    entry["constraints"] = {key: fields.pop(key, None) for key in ("ge", "le", "min_length", "max_length", "regex", "choices")}
    assert not fields
    return entry


def describe_source(tmp_path, monkeypatch, source, ref="predict.py", mode="predict"):
    (tmp_path / "predict.py").write_text(textwrap.dedent(source))
    monkeypatch.chdir(tmp_path)
    return json.loads(describe(load(ref, mode)))


def error_for(tmp_path, monkeypatch, source, ref="predict.py"):
    with pytest.raises(PredictorDefinitionError) as info:
        describe_source(tmp_path, monkeypatch, source, ref)
    return str(info.value)


def test_class_runner_complete(tmp_path, monkeypatch):
    described = describe_source(tmp_path, monkeypatch, """
        from typing import Any, Optional
        from cog import BaseRunner, Input, Path, Secret

        class Runner(BaseRunner):
            def setup(self, weights=None):
                pass

            def healthcheck(self):
                return True

            def run(
                self,
                prompt: str = Input(description="Prompt", min_length=1, max_length=10, regex="^a"),
                n: int = Input(default=3, ge=1, le=10),
                temperature: float = 0.5,
                flag: bool = False,
                image: Path = Input(description="Image", accept="image/*"),
                key: Secret = Input(default=None),
                choice: str = Input(default="a", choices=["a", "b"], deprecated=True),
                tags: list[str] = ("x", "y"),
                maybe: Optional[int] = None,
                data: dict = {"k": [1, 2]},
                anything: Any = None,
                required: str = None,
                *args,
                **kwargs,
            ) -> str:
                return prompt
    """)  # fmt: skip
    assert described == {
        "method": "run",
        "kind": "class",
        "is_async": False,
        "is_generator": False,
        "is_async_generator": False,
        "setup": {"present": True, "takes_weights": True, "is_async": False},
        "has_healthcheck": True,
        "streaming": False,
        "concurrency_max": None,
        "inputs": [
            inp("prompt", T("str"), False, None, description="Prompt", min_length=1,
                max_length=10, regex="^a"),
            inp("n", T("int"), True, 3, ge=1, le=10),
            inp("temperature", T("float"), True, 0.5),
            inp("flag", T("bool"), True, False),
            inp("image", T("path"), False, None, description="Image", accept="image/*"),
            inp("key", T("secret"), True, None),
            inp("choice", T("str"), True, "a", choices=["a", "b"], deprecated=True),
            inp("tags", T("list", item=T("str")), True, ["x", "y"]),
            inp("maybe", T("optional", item=T("int")), True, None),
            inp("data", T("dict"), True, {"k": [1, 2]}),
            inp("anything", T("any"), True, None),
            inp("required", T("str"), True, None),
        ],
        "output": T("str"),
    }  # fmt: skip


def test_async_generator_function_with_decorators(tmp_path, monkeypatch):
    described = describe_source(tmp_path, monkeypatch, """
        from __future__ import annotations
        from typing import AsyncIterator
        from cog import concurrent, streaming

        @streaming
        @concurrent(max=4)
        async def generate(text: str, count: int = 2) -> AsyncIterator[str]:
            yield text
    """, ref="predict.py:generate")  # fmt: skip
    assert described == {
        "method": "run",
        "kind": "function",
        "is_async": True,
        "is_generator": False,
        "is_async_generator": True,
        "setup": {"present": False, "takes_weights": False, "is_async": False},
        "has_healthcheck": False,
        "streaming": True,
        "concurrency_max": 4,
        "inputs": [inp("text", T("str")), inp("count", T("int"), True, 2)],
        "output": T("async_iterator", item=T("str")),
    }


def test_legacy_predict_with_async_setup_and_sync_generator(tmp_path, monkeypatch):
    described = describe_source(tmp_path, monkeypatch, """
        from cog import BasePredictor, ConcatenateIterator

        class Predictor(BasePredictor):
            async def setup(self):
                pass

            def predict(self) -> ConcatenateIterator[str]:
                yield "a"
    """)  # fmt: skip
    assert (described["method"], described["is_generator"], described["is_async"]) == (
        "predict", True, False,
    )  # fmt: skip
    assert described["setup"] == {"present": True, "takes_weights": False, "is_async": True}
    assert described["output"] == T("concatenate_iterator", item=T("str"))
    assert described["inputs"] == []


def test_train_mode(tmp_path, monkeypatch):
    described = describe_source(tmp_path, monkeypatch, """
        class Trainer:
            def train(self, steps: int = 1) -> str:
                return "ok"
    """, ref="predict.py:Trainer", mode="train")  # fmt: skip
    assert (described["method"], described["kind"]) == ("train", "class")
    assert described["inputs"] == [inp("steps", T("int"), True, 1)]


UNION_AND_SPECIAL_INPUTS = [
    ("str | int", T("union", members=[T("str"), T("int")])),
    ("Union[str, float, None]", T("optional", item=T("union", members=[T("str"), T("float")]))),
    ("Optional[list[str]]", T("optional", item=T("list", item=T("str")))),
    ("List[Path]", T("list", item=T("path"))),
    ("list[Secret]", T("list", item=T("secret"))),
    ("Optional[File]", T("optional", item=T("file"))),
    ("Dict[str, int]", T("dict", item=T("int"))),
    ("dict[str, Any]", T("dict", item=T("any"))),
    ("Literal['a', 'b', 1]", T("literal", values=["a", "b", 1])),
    ("Annotated[int, 'meta']", T("int")),
    ("Annotated[dict, Opaque]", T("any")),
    ("Annotated[list[Row], Opaque]", T("list", item=T("any"))),
    ("Annotated[Optional[Row], Opaque]", T("optional", item=T("any"))),
    ("Row", T("typeddict", name="Row", fields=[field("a", T("int")),
                                                 field("b", T("optional", item=T("str")))])),
    ("Sparse", T("typeddict", name="Sparse", fields=[field("x", T("int"), True)])),
    ("pathlib.Path", T("path", name="pathlib.Path")),
]  # fmt: skip


@pytest.mark.parametrize("annotation, expected", UNION_AND_SPECIAL_INPUTS)
def test_input_types(tmp_path, monkeypatch, annotation, expected):
    described = describe_source(tmp_path, monkeypatch, f"""
        import pathlib
        from typing import Annotated, Any, Dict, List, Literal, Optional, TypedDict, Union
        from cog import File, Opaque, Path, Secret

        class Row(TypedDict):
            a: int
            b: Optional[str]

        class Sparse(TypedDict, total=False):
            x: int

        def run(value: {annotation}) -> str:
            return ""
    """, ref="predict.py:run")  # fmt: skip
    assert described["inputs"] == [inp("value", expected)]


HAVE_PYDANTIC = importlib.util.find_spec("pydantic") is not None
PYDANTIC_MODEL = """
import pydantic

class Pyd(pydantic.BaseModel):
    a: int
    b: str = "x"
"""

OUTPUTS = [
    ("Iterator[int]", T("iterator", item=T("int"))),
    ("Generator[int, None, None]", T("iterator", item=T("int"))),
    ("AsyncConcatenateIterator[str]", T("async_concatenate_iterator", item=T("str"))),
    ("AsyncGenerator[Path, None]", T("async_iterator", item=T("path"))),
    ("list[Path]", T("list", item=T("path"))),
    ("list", T("list", item=T("any"))),
    ("list[list[int]]", T("list", item=T("list", item=T("int")))),
    ("dict", T("dict")),
    ("Any", T("any")),
    ("None", T("none")),
    ("Secret", T("secret")),
    ("Optional[str]", T("optional", item=T("str"))),
    ("Union[str, int]", T("union", members=[T("str"), T("int")])),
    ("Annotated[Row, Opaque]", T("any")),
    ("Output", T("model", name="Output", fields=[
        field("text", T("str")),
        field("files", T("list", item=T("path")), True, None),
        field("score", T("float"), True, 0.5),
        field("child", T("optional", item=T("any")), True, None),
    ])),
    pytest.param("Pyd", T("model", name="Pyd", fields=[
        field("a", T("int")), field("b", T("str"), True, "x"),
    ]), marks=pytest.mark.skipif(not HAVE_PYDANTIC, reason="pydantic is not installed")),
]  # fmt: skip


@pytest.mark.parametrize("annotation, expected", OUTPUTS)
def test_output_types(tmp_path, monkeypatch, annotation, expected):
    described = describe_source(tmp_path, monkeypatch, f"""
        from __future__ import annotations
        import dataclasses
        from typing import (Annotated, Any, AsyncGenerator, Generator, Iterator, Optional,
                            TypedDict, Union)
        from cog import AsyncConcatenateIterator, BaseModel, Opaque, Path, Secret

        class Row(TypedDict):
            a: int

        class Output(BaseModel):
            text: str
            files: list[Path] = dataclasses.field(default_factory=list)
            score: float = 0.5
            child: Optional[Output] = None

        def run() -> {annotation}:
            pass
    """ + textwrap.indent(PYDANTIC_MODEL if HAVE_PYDANTIC else "", " " * 8), ref="predict.py:run")  # fmt: skip
    assert described["output"] == expected


def test_missing_return_annotation_is_any(tmp_path, monkeypatch):
    described = describe_source(tmp_path, monkeypatch, "def run(x: int):\n    return x\n",
                                ref="predict.py:run")  # fmt: skip
    assert described["output"] == T("any")


SUPPORTED = (
    "supported types are str, int, float, bool, cog.Path, cog.File, cog.Secret, dict, Any, "
    "list[T], Optional[T], Literal[...], TypedDict, and unions of JSON types"
)

INPUT_ERRORS = [
    ("x: set[int]", f"unsupported type set[int]; {SUPPORTED}"),
    ("x: tuple", f"unsupported type tuple; {SUPPORTED}"),
    ("x: list", f"unsupported type list; {SUPPORTED}"),
    ("x: List", f"unsupported type typing.List; {SUPPORTED}"),
    ("x: Color", f"unsupported type Color; {SUPPORTED}"),
    ("x: Out", f"unsupported type Out; {SUPPORTED}"),
    ("x: Optional[set[int]]", f"unsupported type typing.Optional[set[int]]; {SUPPORTED}"),
    ("x: list[list[int]]", "nested generics like List[Optional[X]] are not supported"),
    ("x: list[Optional[int]]", "nested generics like List[Optional[X]] are not supported"),
    ("x: str | Path", "Path is not supported in union inputs"),
    ("x: Union[Secret, int]", "Secret is not supported in union inputs"),
    ("x: Optional[Union[File, str]]", "File is not supported in union inputs"),
    ("x: Union[list[Path], str]", "Path is not supported in union inputs"),
    ("x: Union[Annotated[Union[int, str], 1], float]", "nested union inputs are not supported"),
    ("x: Union[str, int] = Input(choices=['a'])",
     "constraints and choices are not supported on union inputs"),
    ("x: Optional[Union[str, int]] = Input(ge=1)",
     "constraints and choices are not supported on union inputs"),
    ("x: str = Input(accept='image/*')", "accept is only valid on Path or File inputs (parameter 'x')"),
    ("x: int = Input(ge='1')", "Input(ge=...) must be a number, got str"),
    ("x: str = Input(regex='(unclosed')",
     "Input(regex=...) is not a valid regular expression: missing ), unterminated subpattern at position 0"),
    # Of two bad fields, the one reported is the one it always was (strings are checked first).
    ("x: str = Input(regex=1, ge='x')", "Input(regex=...) must be a string, got int"),
    ("x: str = Input(choices='ab')", "Input(choices=...) must be a list, got str"),
    ("x: str = object()", "default value cannot be represented in JSON (object value"),
    ("x: float = float('nan')", "default value cannot be represented in JSON (nan is not a finite number)"),
    ("x: str = Input(default={1: 'a'})", "default value cannot be represented in JSON (dict key 1 is not a string)"),
    ("x", "has no type annotation"),
    ("x: int, /", "is positional-only; inputs are passed by keyword"),
]  # fmt: skip


@pytest.mark.parametrize("parameter, message", INPUT_ERRORS)
def test_input_errors(tmp_path, monkeypatch, parameter, message):
    text = error_for(tmp_path, monkeypatch, f"""
        import enum
        from typing import Annotated, List, Optional, Union
        from cog import BaseModel, File, Input, Path, Secret

        class Color(enum.Enum):
            RED = "red"

        class Out(BaseModel):
            a: int

        class Runner:
            def run(self, {parameter}) -> str:
                return ""
    """)  # fmt: skip
    prefix = "predict.py: parameter 'x' of run()"
    assert text.startswith(prefix)
    assert message in text[len(prefix):]


def test_unresolvable_annotation(tmp_path, monkeypatch):
    text = error_for(tmp_path, monkeypatch, """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from somewhere import Thing

        def run(x: "Thing") -> str:
            return ""
    """, ref="predict.py:run")  # fmt: skip
    assert text == (
        "predict.py: cannot resolve the type annotations of run(): "
        "NameError: name 'Thing' is not defined"
    )


def test_unsupported_return_type(tmp_path, monkeypatch):
    text = error_for(tmp_path, monkeypatch, """
        from typing import Iterator
        class Predictor:
            def predict(self) -> set[int]:
                return set()
    """)  # fmt: skip
    assert text == "predict.py: return type of predict(): unsupported type set[int]"
    nested = error_for(tmp_path, monkeypatch, """
        from typing import Iterator
        def run() -> list[Iterator[int]]:
            return []
    """, ref="predict.py:run")  # fmt: skip
    assert nested == "predict.py: return type of run(): unsupported type typing.Iterator[int]"


def test_function_label_uses_its_name(tmp_path, monkeypatch):
    text = error_for(tmp_path, monkeypatch, "def my_predict(x):\n    pass\n",
                     ref="predict.py:my_predict")  # fmt: skip
    assert text == "predict.py: parameter 'x' of my_predict() has no type annotation"


def test_describe_reads_fieldinfo_even_after_defaults_were_unwrapped(tmp_path, monkeypatch):
    (tmp_path / "predict.py").write_text(textwrap.dedent("""
        from cog import Input
        def run(x: int = Input(default=7, description="seven")) -> int:
            return x
    """))  # fmt: skip
    monkeypatch.chdir(tmp_path)
    loaded = load("predict.py:run")
    assert loaded.method() == 7  # the function's own default is now plain 7
    assert json.loads(describe(loaded))["inputs"] == [
        inp("x", T("int"), True, 7, description="seven"),
    ]
