"""`cog_host.loader.load`: picking, validating and instantiating the predictor of a file."""

import os
import sys
import textwrap
import warnings

import pytest

from cog import FieldInfo
from cog_host.callables import Parameter
from cog_host.errors import PredictorDefinitionError
from cog_host.loader import load

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


@pytest.fixture(autouse=True)
def in_fixtures(monkeypatch):
    monkeypatch.chdir(FIXTURES)


def load_recording(ref, mode="predict"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = load(ref, mode)
    return loaded, [(w.category, str(w.message)) for w in caught]


def write(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return str(path)


def test_runner_class():
    loaded, caught = load_recording("run_runner.py")
    assert caught == []
    assert (loaded.kind, loaded.method_name, loaded.target_name) == ("class", "run", "Runner")
    assert loaded.module_name == "run_runner" and sys.modules["run_runner"].Runner
    assert type(loaded.instance_or_function).__name__ == "Runner"
    assert loaded.method() == "HI"  # Input(default=...) was unwrapped
    assert loaded.method.__func__ is type(loaded.instance_or_function).run
    assert loaded.setup_takes_weights is True
    loaded.setup("w")
    assert loaded.instance_or_function.weights == "w"
    assert loaded.healthcheck() is True
    # Taken before Input() defaults were unwrapped: the default is still the FieldInfo.
    assert [(p.name, p.kind, p.annotation, p.default) for p in loaded.signature.parameters.values()] == [
        ("text", Parameter.POSITIONAL_OR_KEYWORD, str, FieldInfo(default="hi", description="Text"))
    ]


def test_legacy_predictor_class():
    loaded, caught = load_recording("predict_predictor.py")
    assert caught == [
        (DeprecationWarning, "Predictor is deprecated; use Runner instead"),
        (DeprecationWarning, "Predictor.predict() is deprecated; use run() instead"),
        (DeprecationWarning, "BasePredictor is deprecated; use BaseRunner instead"),
    ]
    assert (loaded.method_name, loaded.target_name) == ("predict", "Predictor")
    assert loaded.method(n=4) == 8
    assert loaded.setup_takes_weights is False and loaded.healthcheck is None


def test_class_without_cog_base():
    loaded, _ = load_recording("non_base.py:Predictor")
    assert loaded.method_name == "predict" and loaded.method("abc") == "cba"
    assert loaded.setup is None and loaded.setup_takes_weights is False


def test_function_predictor():
    loaded, caught = load_recording("functions.py:run")
    assert caught == []
    assert (loaded.kind, loaded.method_name, loaded.target_name) == ("function", "run", "run")
    assert loaded.method is loaded.instance_or_function
    assert loaded.method() == 2 and loaded.setup is None and loaded.healthcheck is None


def test_function_trainer():
    loaded = load("functions.py:train", mode="train")
    assert (loaded.kind, loaded.method_name) == ("function", "train")


def test_class_trainer():
    loaded = load("trainer.py:Trainer", mode="train")
    assert (loaded.kind, loaded.method_name, loaded.method()) == ("class", "train", 5)
    assert loaded.setup is not None


def test_trainer_without_train():
    with pytest.raises(PredictorDefinitionError, match=r"^run_runner\.py: train method not found: Runner$"):
        load("run_runner.py:Runner", mode="train")


def test_runner_is_preferred_over_predictor():
    loaded, caught = load_recording("both_classes.py")
    assert loaded.target_name == "Runner" and loaded.method() == "runner"
    assert caught == [
        (UserWarning, "Both Runner and Predictor are defined; using Runner. "
                      "Specify a class name explicitly if this is not intended."),
    ]  # fmt: skip
    explicit, _ = load_recording("both_classes.py:Predictor")
    assert explicit.method() == "predictor"


def test_invalid_runner_falls_back_to_predictor(tmp_path):
    path = write(tmp_path, "fallback.py", """
        class Runner:
            pass
        class Predictor:
            def run(self):
                return "p"
    """)  # fmt: skip
    loaded, caught = load_recording(path)
    assert loaded.target_name == "Predictor" and loaded.method() == "p"
    assert caught == [(DeprecationWarning, "Predictor is deprecated; use Runner instead")]


def test_function_runner(tmp_path):
    path = write(tmp_path, "runner_fn.py", "def Runner(x: int) -> int:\n    return x\n")
    loaded = load(path)
    assert loaded.kind == "function" and loaded.method(x=3) == 3


def test_relative_path_and_module_name(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    write(tmp_path, "mylib.py", "def shout(s):\n    return s + '!'\n")
    write(tmp_path / "sub", "my.py.predict.py", """
        from mylib import shout
        def run(s: str) -> str:
            return shout(s)
    """)  # fmt: skip
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # the project root is on sys.path, as in Cog
    loaded = load("sub/my.py.predict.py:run")
    assert loaded.module_name == "my.predict" and loaded.path == "sub/my.py.predict.py"
    assert loaded.method("a") == "a!"


@pytest.mark.parametrize(
    "source, message",
    [
        ("class Runner:\n    def run(self): pass\n    def predict(self): pass\n",
         "Runner must define either run() or predict(), not both"),
        ("class Runner:\n    def setup(self): pass\n",
         "run or predict method not found: Runner"),
        ("Runner = 3\n", "Runner exists but is not a class or callable"),
        ("x = 1\n", "module 'bad' has no Runner or Predictor"),
    ],
)  # fmt: skip
def test_default_name_errors(tmp_path, monkeypatch, source, message):
    write(tmp_path, "bad.py", source)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PredictorDefinitionError) as info:
        load("bad.py")
    assert str(info.value) == f"bad.py: {message}"


def test_explicit_name_errors(tmp_path, monkeypatch):
    write(tmp_path, "predict.py", """
        from cog import BaseRunner
        class Both(BaseRunner):
            def run(self): pass
            def predict(self): pass
        class Neither:
            pass
        class Mixin:
            def run(self): pass
        class LateMixin(BaseRunner, Mixin):
            pass
        VALUE = 1
    """)  # fmt: skip
    monkeypatch.chdir(tmp_path)
    cases = {
        "Both": "predict.py: Both must define either run() or predict(), not both",
        "Neither": "predict.py: run or predict method not found: Neither",
        "LateMixin": "predict.py: run or predict method not found: LateMixin",
        "VALUE": "predict.py: VALUE is not a class or function",
        "Missing": "predict.py: module 'predict' has no attribute 'Missing'",
    }
    for name, message in cases.items():
        with pytest.raises(PredictorDefinitionError) as info:
            load(f"predict.py:{name}")
        assert str(info.value) == message


def test_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PredictorDefinitionError, match=r"^predict\.py: file not found$"):
        load("predict.py:Predictor")


def test_user_errors_propagate_unchanged(tmp_path):
    with pytest.raises(ModuleNotFoundError, match="no_such_module_xyz"):
        load(write(tmp_path, "imports.py", "import no_such_module_xyz\n"))
    with pytest.raises(SyntaxError):
        load(write(tmp_path, "syntax.py", "def run(:\n"))
    with pytest.raises(RuntimeError, match="boom"):
        load(write(tmp_path, "ctor.py", """
            class Runner:
                def __init__(self):
                    raise RuntimeError("boom")
                def run(self):
                    pass
        """))  # fmt: skip


def test_bad_mode():
    with pytest.raises(ValueError):
        load("run_runner.py", mode="serve")


def test_warnings_point_at_the_caller_of_load():
    for ref in ("predict_predictor.py", "both_classes.py"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            load(ref)
        assert caught and {w.filename for w in caught} == {__file__}


def test_default_train_target(tmp_path, monkeypatch):
    write(tmp_path, "train.py", """
        class Runner:
            def run(self): pass
        class Predictor:
            def train(self): return "t"
    """)  # fmt: skip
    monkeypatch.chdir(tmp_path)
    loaded, caught = load_recording("train.py", mode="train")
    assert (loaded.target_name, loaded.method_name, loaded.method()) == ("Predictor", "train", "t")
    assert caught == [(DeprecationWarning, "Predictor is deprecated; use Runner instead")]
