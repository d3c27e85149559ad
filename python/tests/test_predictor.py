"""`BaseRunner`/`BasePredictor`: method owners, run/predict forwarding, scope helpers."""

import textwrap
import warnings

import pytest

from cog import BasePredictor, BaseRunner
from cog._scope import _enter_scope, _exit_scope
from cog.predictor import (
    _class_problem,
    extract_setup_weights,
    has_setup_weights,
    load_predictor_from_ref,
)


def test_run_defined():
    class Runner(BaseRunner):
        def run(self, x):
            return x + 1

    assert Runner._run_owner is Runner and Runner._predict_owner is None
    assert Runner().run(1) == 2


def test_predict_only_is_reachable_through_run():
    class Predictor(BasePredictor):
        def predict(self, x):
            return x * 2

    assert Predictor._predict_owner is Predictor and Predictor._run_owner is None
    assert Predictor().run(4) == 8


def test_run_only_is_reachable_through_predict_with_a_warning():
    class Runner(BaseRunner):
        def run(self, x):
            return -x

    with pytest.warns(DeprecationWarning, match=r"^Runner\.predict\(\) is deprecated; use run\(\) instead$"):
        assert Runner().predict(3) == -3


def test_neither_raises_not_implemented():
    class Empty(BaseRunner):
        pass

    with pytest.raises(NotImplementedError, match=r"^run has not been implemented by parent class\.$"):
        Empty().run()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(NotImplementedError):
            Empty().predict()


def test_owner_is_inherited_from_user_parents_but_not_from_mixins_after_the_base():
    class Parent(BaseRunner):
        def run(self):
            return "parent"

    class Child(Parent):
        pass

    assert Child._run_owner is Parent

    class Mixin:
        def run(self):
            return "mixin"

    class Late(BaseRunner, Mixin):
        def predict(self):
            return "predict"

    assert Late._run_owner is None and Late._predict_owner is Late

    class Early(Mixin, BaseRunner):
        pass

    assert Early._run_owner is Mixin


def test_framework_classes_own_nothing():
    for cls in (BaseRunner, BasePredictor):
        assert cls._run_owner is None and cls._predict_owner is None
    assert issubclass(BasePredictor, BaseRunner)


def test_default_setup_takes_weights():
    assert BaseRunner().setup() is None
    assert has_setup_weights(BaseRunner())

    class NoWeights(BaseRunner):
        def setup(self):
            pass

    assert not has_setup_weights(NoWeights())
    assert not has_setup_weights(object())


def test_extract_setup_weights(monkeypatch):
    monkeypatch.delenv("COG_WEIGHTS", raising=False)
    assert extract_setup_weights(BaseRunner()) is None
    monkeypatch.setenv("COG_WEIGHTS", "")
    assert extract_setup_weights(BaseRunner()) is None
    monkeypatch.setenv("COG_WEIGHTS", "https://example.com/w.tar")
    assert extract_setup_weights(BaseRunner()) == "https://example.com/w.tar"


def test_scope_and_record_metric():
    runner = BaseRunner()
    assert repr(runner.scope) == "Scope(MetricRecorder(inactive))"
    runner.record_metric("ignored", 1)  # outside a prediction: no-op
    scope = _enter_scope({"k": "v"})
    try:
        assert runner.scope is scope
        runner.record_metric("count", 2, mode="incr")
        runner.record_metric("count", 3, mode="incr")
        runner.scope.metrics["name"] = "x"
    finally:
        _exit_scope(scope)
    assert scope.metrics_snapshot() == {"count": 5, "name": "x"}
    assert runner.scope is not scope


def _write(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return str(path)


def test_class_problem_is_mode_aware():
    class Runner(BaseRunner):
        def run(self):
            pass

    class Both(BaseRunner):
        def run(self):
            pass

        def predict(self):
            pass

    assert _class_problem(Runner, "Runner") is None
    assert _class_problem(Both, "Both") == "Both must define either run() or predict(), not both"
    assert _class_problem(BaseRunner, "X") == "run or predict method not found: X"
    assert _class_problem(Runner, "Runner", "train") == "train method not found: Runner"
    Runner.train = lambda self: None
    assert _class_problem(Runner, "Runner", mode="train") is None


def test_load_predictor_from_ref_prefers_runner_and_warns_at_the_caller(tmp_path):
    path = _write(tmp_path, "cog_both.py", """
        from cog import BasePredictor, BaseRunner
        class Runner(BaseRunner):
            def run(self): return "runner"
        class Predictor(BasePredictor):
            def predict(self): return "predictor"
    """)  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runner = load_predictor_from_ref(path)
        predictor = load_predictor_from_ref(path + ":Predictor")
    assert runner.run() == "runner" and predictor.run() == "predictor"
    assert [(w.category, str(w.message)) for w in caught] == [
        (UserWarning, "Both Runner and Predictor are defined; using Runner. "
                      "Specify a class name explicitly if this is not intended."),
        (DeprecationWarning, "Predictor.predict() is deprecated; use run() instead"),
        (DeprecationWarning, "BasePredictor is deprecated; use BaseRunner instead"),
    ]  # fmt: skip
    assert {w.filename for w in caught} == {__file__}


@pytest.mark.parametrize(
    "source, error, message",
    [
        ("class Runner:\n    def run(self): pass\n    def predict(self): pass\n",
         ValueError, "Runner must define either run() or predict(), not both"),
        ("class Runner:\n    pass\n", ValueError, "run or predict method not found: Runner"),
        ("Runner = 3\n", TypeError, "Runner exists but is not a class or callable"),
        ("x = 1\n", AttributeError, "module 'cog_bad' has no Runner or Predictor"),
    ],
)  # fmt: skip
def test_load_predictor_from_ref_errors(tmp_path, source, error, message):
    with pytest.raises(error) as info:
        load_predictor_from_ref(_write(tmp_path, "cog_bad.py", source))
    assert type(info.value) is error and str(info.value).strip("'\"") == message
