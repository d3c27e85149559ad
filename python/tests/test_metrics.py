"""`current_scope()`, `Scope` and `MetricRecorder`: validation messages and accumulation."""

import asyncio
import threading

import pytest

import cog
from cog._scope import _enter_scope, _exit_scope


@pytest.fixture
def scope():
    entered = _enter_scope({"replicate_api_token": "t"})
    yield entered
    _exit_scope(entered)


def test_outside_a_prediction_everything_is_a_no_op():
    s = cog.current_scope()
    assert repr(s) == "Scope(MetricRecorder(inactive))" and repr(s.metrics) == "MetricRecorder(inactive)"
    assert s.context == {}
    s.record_metric("predict_time", None)  # not even validated
    s.metrics["bad name"] = object()
    del s.metrics["x"]
    s.metrics.delete("..")
    assert s.metrics_snapshot() == {}


def test_invalid_mode_is_rejected_even_outside_a_prediction():
    with pytest.raises(TypeError) as info:
        cog.current_scope().record_metric("a", 1, mode="sum")
    assert str(info.value) == "Invalid metric mode: 'sum'. Expected 'replace', 'incr', or 'append'."


def test_inside_a_prediction(scope):
    assert cog.current_scope() is scope
    assert scope.context == {"replicate_api_token": "t"}
    assert repr(scope) == "Scope(MetricRecorder(keys=0))"
    scope.record_metric("a", 1)
    scope.metrics.record("b", "x")
    assert repr(scope.metrics) == "MetricRecorder(keys=2)"


@pytest.mark.parametrize(
    "name, message",
    [
        ("predict_time", "'predict_time' is reserved by the runtime"),
        ("cog.x", "the 'cog.' prefix is reserved for system metrics"),
        ("", "metric name must not be empty"),
        ("a" * 129, "metric name must be 128 characters or fewer (got 129 characters)"),
        ("é" * 65, "metric name must be 128 characters or fewer (got 130 characters)"),
        ("a.b.c.d.e", "metric name must have at most 4 dot-separated segments (got 5)"),
        (".a", "metric name must not start with a dot"),
        ("a.", "metric name must not end with a dot"),
        ("a..b", "metric name must not contain empty segments (consecutive dots)"),
        ("1a", "metric name segment '1a' must start with a letter"),
        ("a._b", "metric name segment '_b' must start with a letter"),
        ("a__b", "metric name segment 'a__b' must not contain consecutive underscores"),
        ("a-b", "metric name segment 'a-b' contains invalid character '-'"),
        ("aé", "metric name segment 'aé' contains invalid character 'é'"),
        ("éa", "metric name segment 'éa' must start with a letter"),
        ("ab_", "metric name segment 'ab_' must end with a letter or digit"),
    ],
)
def test_name_rules(scope, name, message):
    with pytest.raises(ValueError) as info:
        scope.record_metric(name, 1)
    assert str(info.value) == message


@pytest.mark.parametrize("name", ["x", "TTFT", "T2I_latency", "timing.a_b.c1.d", "a" * 128, "cognitive"])
def test_valid_names(scope, name):
    scope.record_metric(name, 1)


def test_delete_checks_structure_but_not_reserved_names(scope):
    scope.metrics.delete("predict_time")
    del scope.metrics["cog.anything"]
    with pytest.raises(ValueError, match=r"^metric name must not be empty$"):
        scope.metrics.delete("")


@pytest.mark.parametrize("value, type_name", [(None, "NoneType"), ((1, 2), "tuple"), ({1}, "set")])
def test_unsupported_value_types(scope, value, type_name):
    with pytest.raises(TypeError) as info:
        scope.record_metric("k", value)
    assert str(info.value) == (
        f"Unsupported metric value type: {type_name}. Expected bool, int, float, str, list, or dict."
    )


def test_nested_values_must_be_json(scope):
    with pytest.raises(TypeError, match=r"^Cannot convert tuple to JSON metric value$"):
        scope.record_metric("k", [1, (2, 3)])


def test_type_is_fixed_until_deleted(scope):
    scope.record_metric("k", 1)
    with pytest.raises(TypeError) as info:
        scope.record_metric("k", "one")
    assert str(info.value) == "Metric 'k' has type int, cannot set to str without deleting first"
    with pytest.raises(TypeError, match=r"^Metric 'k' has type int, cannot set to bool"):
        scope.record_metric("k", True)
    scope.metrics.delete("k")
    scope.record_metric("k", "one")
    assert scope.metrics_snapshot() == {"k": "one"}


def test_increment_needs_a_number(scope):
    with pytest.raises(TypeError, match=r"^Increment mode requires int or float, got str$"):
        scope.record_metric("k", "x", mode="incr")
    with pytest.raises(TypeError, match=r"^Increment mode requires int or float, got bool$"):
        scope.record_metric("b", True, mode="increment")


def test_accumulation(scope):
    m = scope.metrics
    m.record("count", 1, mode="incr")
    m.record("count", 2, mode="increment")
    m.record("latency", 0.5, mode="incr")
    m.record("latency", 0.25, mode="incr")
    m.record("big", 2**63 - 1, mode="incr")
    m.record("big", 1, mode="incr")  # i64 wrap-around
    m.record("huge", 2**70)  # does not fit i64: becomes a float
    m.record("tokens", "a", mode="append")
    m.record("tokens", "b", mode="append")
    m.record("single", 1)
    m.record("single", 2, mode="append")  # non-list value is wrapped
    m.record("timing.pre", 0.1)
    m.record("timing.model.steps", 3, mode="incr")
    m["timing.model.steps"] = 4
    m["nested"] = {"a": [1, {"b": None}], "c": True}
    m["gone"] = "x"
    m["gone"] = None  # deletes
    m["nan"] = float("nan")  # no JSON form: recorded as null, i.e. deleted
    assert scope.metrics_snapshot() == {
        "count": 3,
        "latency": 0.75,
        "big": -(2**63),
        "huge": float(2**70),
        "tokens": ["a", "b"],
        "single": [1, 2],
        "timing": {"pre": 0.1, "model": {"steps": 4}},
        "nested": {"a": [1, {"b": None}], "c": True},
    }


def test_snapshot_is_a_copy(scope):
    scope.metrics["lst"] = [1]
    snap = scope.metrics_snapshot()
    snap["lst"].append(2)
    assert scope.metrics_snapshot() == {"lst": [1]}


def test_listener_sees_every_update():
    events = []
    s = _enter_scope({}, on_metric=lambda *event: events.append(event))
    try:
        s.record_metric("a", 1, mode="incr")
        s.record_metric("b", "x", mode="append")
        s.metrics["c"] = [1]
        del s.metrics["c"]
    finally:
        _exit_scope(s)
    assert events == [
        ("a", 1, "increment"), ("b", "x", "append"), ("c", [1], "replace"), ("c", None, "replace"),
    ]  # fmt: skip


def test_exit_deactivates_but_keeps_the_snapshot():
    s = _enter_scope({})
    s.record_metric("a", 1)
    _exit_scope(s)
    s.record_metric("a", 2)
    assert repr(s) == "Scope(MetricRecorder(inactive))"
    assert s.metrics_snapshot() == {"a": 1}
    assert repr(cog.current_scope()) == "Scope(MetricRecorder(inactive))"


def test_threads_started_during_a_prediction_see_its_scope(scope):
    seen = []
    thread = threading.Thread(target=lambda: seen.append(cog.current_scope()))
    thread.start()
    thread.join()
    assert seen == [scope]


def test_async_tasks_get_their_own_scope():
    async def prediction(n):
        s = _enter_scope({"n": str(n)})
        try:
            await asyncio.sleep(0)
            cog.current_scope().record_metric("n", n)
            await asyncio.sleep(0)
            return cog.current_scope() is s, s.metrics_snapshot()
        finally:
            _exit_scope(s)

    async def main():
        return await asyncio.gather(prediction(1), prediction(2))

    assert asyncio.run(main()) == [(True, {"n": 1}), (True, {"n": 2})]
