"""`cog_host.callables`: the host's reading of signatures and code flags agrees with `inspect`'s."""

import functools
import inspect
import subprocess
import sys
import textwrap

import pytest

from cog_host import callables


def plain(a, b: int = 1, *args: str, c, d: float = 2.0, **kwargs: bool) -> str: ...
def positional_only(a, /, b=3): ...
def keyword_only(*, a: int, b="x"): ...
def nothing(): ...
async def coroutine(a: int) -> int: ...
async def async_generator(a: int):
    yield a
def generator(a: int):
    yield a


class Runner:
    def run(self, text: str = "hi", count: int = 2) -> str: ...
    def star(*args, flag: bool = False): ...
    async def arun(self, text: str) -> str: ...
    def stream(self, n: int):
        yield n

    @staticmethod
    def static(a: int, b: str = "s"): ...

    @classmethod
    def klass(cls, a: int): ...


def wrapped_by(decorator):
    @decorator
    def inner(x: int, y: str = "y") -> str: ...
    return inner


def logging_decorator(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


class CallableObject:
    def __call__(self, prompt: str) -> str: ...


CASES = [
    plain, positional_only, keyword_only, nothing, coroutine, async_generator, generator,
    Runner().run, Runner().star, Runner().arun, Runner().stream, Runner.static, Runner.klass, Runner.run,
    wrapped_by(logging_decorator), functools.partial(plain, 1), CallableObject(), len,
]  # fmt: skip


def described(signature):
    return [(p.name, int(p.kind), p.annotation, p.default) for p in signature.parameters.values()]


def without_empty(entries):
    empties = (callables.Parameter.empty, inspect.Parameter.empty)
    return [tuple("<empty>" if any(value is e for e in empties) else value for value in entry) for entry in entries]


@pytest.mark.parametrize("fn", CASES, ids=lambda fn: getattr(fn, "__name__", type(fn).__name__))
def test_signature_matches_inspect(fn):
    ours = described(callables.signature(fn))
    theirs = described(inspect.signature(fn))
    assert without_empty(ours) == without_empty(theirs)
    for parameter in callables.signature(fn).parameters.values():  # `.empty` is the parameter's own
        assert (parameter.default is parameter.empty) == any(
            parameter.default is e for e in (callables.Parameter.empty, inspect.Parameter.empty))


@pytest.mark.parametrize("fn", CASES, ids=lambda fn: getattr(fn, "__name__", type(fn).__name__))
def test_code_flags_match_inspect(fn):
    assert callables.is_coroutine_function(fn) == inspect.iscoroutinefunction(fn)
    assert callables.is_generator_function(fn) == inspect.isgeneratorfunction(fn)
    assert callables.is_async_generator_function(fn) == inspect.isasyncgenfunction(fn)
    assert callables.is_routine(fn) == inspect.isroutine(fn)


def test_a_method_without_a_self_parameter_raises_like_inspect():
    class Broken:
        def run(): ...

    with pytest.raises(ValueError):
        inspect.signature(Broken().run)
    with pytest.raises(ValueError):
        callables.signature(Broken().run)


def test_starting_a_predictor_imports_neither_inspect_nor_dataclasses_nor_pathlib(tmp_path):
    """What a plain predictor costs at start: the host's modules, `cog`, the predictor and its
    description must not pull in `inspect`, `dataclasses` (which imports it), `pathlib` (with
    `urllib.parse` and `ipaddress`) or `json`; each is milliseconds of every one-shot run."""
    (tmp_path / "predict.py").write_text(textwrap.dedent('''
        from typing import Optional
        from cog import BaseRunner, Input, Secret

        class Runner(BaseRunner):
            def run(self, text: str = Input(default="x", description="d"), token: Optional[Secret] = None) -> str:
                return text
    '''))
    script = textwrap.dedent('''
        import sys
        import _cog_native_stub  # stands in for the host's native Secret
        from cog_host import files, introspect, invoke, loader
        loaded = loader.load("predict.py:Runner")
        introspect.describe(loaded)
        invoke.normalize_output(loaded.method(text="y"))
        print(" ".join(sorted(m for m in ("inspect", "dataclasses", "pathlib", "urllib.parse", "json") if m in sys.modules)))
    ''')
    (tmp_path / "_cog_native_stub.py").write_text(textwrap.dedent('''
        import sys, types
        native = types.ModuleType("_cog_native")
        class Secret:
            def __init__(self, value=None):
                self._value = value
        native.Secret = Secret
        sys.modules["_cog_native"] = native
    '''))
    # -S: no site-packages, whose .pth files may import anything before the code under test runs.
    package_root = str(__import__("pathlib").Path(callables.__file__).resolve().parent.parent)
    result = subprocess.run([sys.executable, "-S", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": f"{package_root}:{tmp_path}", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2**70, 1.5, -0.0, 1e300, 5e-324, "", "plain", "quote \" back \\ nl \n tab \t", "é漢😀\u2028\x00\x1f",
    [], [1, "a", None, [True, {"k": 2.25}]], {}, {"a": {"b": []}, "c": [1, 2.0]}, (1, 2), {1: "int key", 2.5: "float key", True: "bool", None: "none"},
])  # fmt: skip
def test_the_description_text_is_what_json_dumps_writes(value):
    import json

    from cog_host.introspect import _json_text

    assert _json_text(value) == json.dumps(value, allow_nan=False)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), [float("-inf")], {"x": object()}, {(1, 2): "tuple key"}])
def test_the_description_text_refuses_what_json_dumps_refuses(value):
    import json

    from cog_host.introspect import _json_text

    with pytest.raises((ValueError, TypeError)) as ours:
        _json_text(value)
    with pytest.raises(type(ours.value)):
        json.dumps(value, allow_nan=False)
