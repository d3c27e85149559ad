"""`BaseRunner`/`BasePredictor`: method owners, run/predict forwarding, scope helpers."""

import warnings

import pytest

from cog import BasePredictor, BaseRunner
from cog._scope import _enter_scope, _exit_scope
from cog.predictor import extract_setup_weights, has_setup_weights


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
