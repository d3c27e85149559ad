"""`cog_host.wire`: the names and events Swift reads, exactly as it reads them (by position, as
strings and sequences), from every Python sender."""

import asyncio
import contextvars
import io
import types

import pytest

from cog_host import concurrent, invoke, streams, wire
from cog_host.wire import EventKind, InputFileKind, JobEvent, ResultShape, StreamName


def test_wire_names_are_the_texts_swift_reads():
    assert [m.value for m in ResultShape] == ["value", "iterator", "async_iterator"]
    assert [m.value for m in StreamName] == ["stdout", "stderr"]
    assert [m.value for m in EventKind] == [
        "log", "metric", "item", "value", "iterated", "canceled", "error", "iteration_error",
    ]  # fmt: skip
    assert [m.value for m in InputFileKind] == ["path", "file", "path_list", "file_list"]
    for enum in (ResultShape, StreamName, EventKind, InputFileKind):
        for member in enum:
            assert isinstance(member, str) and member == member.value
            assert str(member) == f"{member}" == "%s" % member == member.value
            assert str.__str__(member) == member.value  # what PyUnicode_AsUTF8 sees


def test_job_events_keep_their_tuple_layout():
    assert tuple(JobEvent.log("j", "hi\n", StreamName.STDERR)) == ("j", "log", ("hi\n", "stderr"))
    assert tuple(JobEvent.metric("j", "n", 1, "replace")) == ("j", "metric", ("n", 1, "replace"))
    assert tuple(JobEvent.item("j", [1])) == ("j", "item", [1])
    error = ValueError("x")
    assert tuple(JobEvent.finished("j", EventKind.ERROR, error, {"a": 1})) == ("j", "error", (error, {"a": 1}))
    with pytest.raises(ValueError):
        JobEvent.finished("j", EventKind.ITEM, None, {})


def test_start_predict_reports_the_shape():
    def loaded(result):
        return types.SimpleNamespace(method=lambda: result)

    def gen():
        yield 1

    async def agen():
        yield 1

    assert tuple(invoke.start_predict(loaded(3), {})) == ("value", 3)
    assert invoke.start_predict(loaded(iter([1])), {})[0] == "iterator"
    started = invoke.start_predict(loaded(gen()), {})
    assert started.shape is ResultShape.ITERATOR and invoke.next_item(started.result) == 1
    assert invoke.next_item(started.result) is invoke._DONE is wire.END_OF_ITERATION
    assert invoke.start_predict(loaded(agen()), {}).shape is ResultShape.ASYNC_ITERATOR


def test_metric_sink_collects_name_value_mode():
    events, listen = invoke.metric_sink()
    listen("tokens", 3, "increment")
    assert invoke.take(events) == [("tokens", 3, "increment")] and events == []


def test_host_stream_emits_source_text_writer():
    calls = []
    sink = types.SimpleNamespace(emit=lambda *args: calls.append(args))
    stream = streams.HostStream(io.StringIO(), StreamName.STDOUT, sink)
    stream.write("a\nb")
    stream.finish()
    assert [(source, text) for source, text, _ in calls] == [("stdout", "a\n"), ("stdout", "b")]
    assert isinstance(calls[0][2], int) and stream.name == "<stdout>"


def _run_jobs(*jobs):
    """Runs concurrent jobs (id, method) to their end; returns their events as plain tuples."""
    loop = invoke._event_loop()
    for job_id, method in jobs:
        concurrent.start(types.SimpleNamespace(method=method), {}, job_id, {})
    while concurrent.active():
        loop.run_until_complete(asyncio.sleep(0))
    events = concurrent.take_events()
    assert all(isinstance(event, JobEvent) for event in events)
    return events


def test_concurrent_jobs_send_typed_events_in_the_old_layout():
    from cog import current_scope

    async def value():
        current_scope().record_metric("m", 2)
        return {"x": 1}

    async def agen():
        yield "a"
        yield "b"

    def sync_gen():
        yield 1
        raise RuntimeError("boom")

    async def fails():
        raise KeyError("k")

    events = _run_jobs(("v", value), ("a", agen), ("s", sync_gen), ("f", fails))
    by_job = {}
    for event in events:
        by_job.setdefault(event.job, []).append(event)
    assert [tuple(e) for e in by_job["v"]] == [("v", "metric", ("m", 2, "replace")), ("v", "value", ({"x": 1}, {"m": 2}))]
    assert [tuple(e) for e in by_job["a"]] == [("a", "item", "a"), ("a", "item", "b"), ("a", "iterated", (None, {}))]
    assert [e.kind for e in by_job["s"]] == ["item", "iteration_error"]
    assert isinstance(by_job["s"][1].payload.result, RuntimeError)
    assert by_job["f"][0].kind is EventKind.ERROR and isinstance(by_job["f"][0].payload[0], KeyError)


def test_concurrent_log_events_name_their_stream():
    router = concurrent._StreamRouter(io.StringIO(), StreamName.STDERR)
    context = contextvars.copy_context()
    context.run(concurrent._job.set, "j")
    context.run(router.write, "hello\n")
    assert [tuple(e) for e in concurrent.take_events()] == [("j", "log", ("hello\n", "stderr"))]


def test_prepare_reads_the_input_file_kinds_swift_sends(tmp_path):
    from cog_host import files

    arguments = {"f": "data:text/plain;base64,aGk=", "fl": ["data:text/plain;base64,aGk="], "s": "x"}
    assert files.prepare(arguments, {"f": "file", "fl": "file_list", "s": "path"}) == []
    assert arguments["f"].read() == b"hi" and arguments["fl"][0].read() == b"hi" and arguments["s"] == "x"
