"""How the host calls a loaded predictor: setup, one prediction (streaming iterators), outputs."""

import enum
import io
import sys
import types

from . import streams
from .files import output_file
from .wire import END_OF_ITERATION, Metric, ResultShape, Started

_loop = None


def _event_loop():
    """The one asyncio loop of this process, so clients made in setup() work in run()."""
    global _loop
    if _loop is None:
        import asyncio

        _loop = asyncio.new_event_loop()
        asyncio.set_event_loop(_loop)
    return _loop


def _settle(value):
    """Awaits a coroutine on the host loop; anything else is returned as is."""
    if isinstance(value, types.CoroutineType):
        return _event_loop().run_until_complete(value)
    return value


def call_setup(loaded, weights):
    """Runs setup(), passing `weights` when setup() takes it; awaits an async setup()."""
    if loaded.setup is None:
        return
    try:
        if loaded.setup_takes_weights:
            _settle(loaded.setup(weights))
        else:
            _settle(loaded.setup())
    finally:
        streams.finish()


def call_healthcheck(loaded):
    """Calls the predictor's healthcheck(); an async one runs on a loop of its own, since the
    host's loop may be busy with a prediction on the main thread."""
    result = loaded.healthcheck()
    if isinstance(result, types.CoroutineType):
        import asyncio

        loop = asyncio.new_event_loop()
        try:
            result = loop.run_until_complete(result)
        finally:
            loop.close()
    return result


def metric_sink():
    """A list and a listener for `_enter_scope(on_metric=...)` that appends `Metric(name, value,
    mode)`s."""
    events = []

    def listen(name, value, mode):
        events.append(Metric(name, value, mode))

    return events, listen


def take(events):
    """Empties a list and returns what it held."""
    taken = list(events)
    del events[:]
    return taken


def start_predict(loaded, kwargs):
    """Calls run()/predict()/train(). Returns `Started(shape, result)`: (VALUE, result),
    (ITERATOR, it) for a generator (or any iterator object), or (ASYNC_ITERATOR, steps) for an
    async generator, wrapped in `_AsyncSteps` so its steps share one context."""
    result = _settle(loaded.method(**kwargs))
    shape = result_shape(result)
    return Started(shape, _AsyncSteps(result) if shape is ResultShape.ASYNC_ITERATOR else result)


def result_shape(result):
    """How a predictor's (awaited) result is delivered (a `ResultShape`): ASYNC_ITERATOR for an
    async generator, ITERATOR for a generator or any other iterator object (map, filter,
    iter(...), ...), VALUE for everything else. Shared by one-at-a-time and concurrent
    predictions."""
    if isinstance(result, types.AsyncGeneratorType):
        return ResultShape.ASYNC_ITERATOR
    if isinstance(result, (types.GeneratorType, map, filter)) or (
        hasattr(result, "__next__") and hasattr(result, "__iter__") and not isinstance(result, (str, bytes, io.IOBase))
    ):
        return ResultShape.ITERATOR
    return ResultShape.VALUE


_DONE = END_OF_ITERATION  # the name Swift reads (HostHelpers.swift)


def next_item(iterator):
    """The next item of a sync iterator, or the `DONE` marker."""
    return next(iterator, _DONE)


class _AsyncSteps:
    """An async iterator and the one `contextvars` context all its steps run in."""

    __slots__ = ("iterator", "context")

    def __init__(self, iterator):
        import contextvars

        self.iterator = iterator
        self.context = contextvars.copy_context()


def next_async_item(steps):
    """The next item of an async iterator (`_AsyncSteps`, run on the host loop), or the `DONE`
    marker.

    Every step of one iterator runs in the same `contextvars` context, as `async for` in one
    task would: a context variable set before a `yield` (an OpenTelemetry span attached, say)
    can be reset after it."""
    iterator = steps.iterator

    async def step():
        try:
            return await iterator.__anext__()
        except StopAsyncIteration:
            return _DONE

    from cog_host.tasks import create_task

    loop = _event_loop()
    return loop.run_until_complete(create_task(loop, step(), steps.context))


def normalize_output(value):
    """Makes an output JSON-encodable the way Cog 0.23.1 does (coglet's make_encodeable), step
    for step and in its order, with files as `OutputFile` leaves. What is left is encoded by the
    host with `json.dumps`'s rules (keys, and which types fail), and Secrets are masked there.

    1. anything with a callable `model_dump()` (pydantic 2), then a non-dict with a callable
       `dict()` (pydantic 1, duck-typed), then a dataclass instance (cog.BaseModel too): their
       fields, recursively;
    2. an exact `dict`: its values (a dict subclass is left to json.dumps as it is);
    3. list, tuple, set, frozenset and generators: lists;
    4. an Enum: its value, not converted further;
    5. `datetime.datetime`: `isoformat()` (date, time, timedelta are not JSON, as in Cog);
    6. path-likes and binary file objects: files;
    7. numpy integers, floating-point numbers and arrays (when numpy is loaded): int, float,
       `tolist()`.
    """
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return value
    if not isinstance(value, type):
        model_dump = getattr(value, "model_dump", None)
        if callable(model_dump):
            return normalize_output(model_dump())
        if not isinstance(value, dict):
            legacy_dict = getattr(value, "dict", None)
            if callable(legacy_dict):
                return normalize_output(legacy_dict())
        if hasattr(kind, "__dataclass_fields__"):
            import dataclasses  # loaded already: it made the class

            return {field.name: normalize_output(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if kind is dict:
        return {key: normalize_output(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset, types.GeneratorType)):
        return [normalize_output(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    datetime = sys.modules.get("datetime")
    if datetime is not None and isinstance(value, datetime.datetime):
        return value.isoformat()
    file = output_file(value)
    if file is not None:
        return file
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if isinstance(value, numpy.integer):
            return int(value)
        if isinstance(value, numpy.floating):
            return float(value)
        if isinstance(value, numpy.ndarray):
            return value.tolist()
    return value
