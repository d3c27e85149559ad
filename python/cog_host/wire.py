"""What the Python half hands to Swift, and the names Swift hands to it, each written once here.

The names are `str` enums (`WireName`): a member is a `str` whose text is the name Swift reads
(`str()`, formatting and `==` give that text on every supported Python). The events are
NamedTuples, so Swift reads them by position as before (`arrayValue()`, `stringValue()`):

- ``invoke.start_predict`` returns ``Started(shape, result)`` (PythonPredictor.swift);
- ``invoke.next_item``/``next_async_item`` return an item or ``END_OF_ITERATION``, which Swift
  knows as ``cog_host.invoke._DONE`` (HostHelpers.swift, PythonPredictor.swift);
- ``invoke.metric_sink`` collects ``Metric(name, value, mode)`` (PythonPredictor.swift);
- ``streams.HostStream`` calls ``sink.emit(source, text, writer)`` with a ``StreamName``
  (PredictorStreams.swift);
- ``concurrent.take_events`` returns ``JobEvent(job, kind, payload)`` (ConcurrentPredictions.swift);
- Swift passes ``files.prepare`` an ``InputFileKind`` name per file input (PythonPredictor.swift).
"""

import enum
from typing import Any, Dict, NamedTuple


class WireName(str, enum.Enum):
    """A name that crosses between Python and Swift; its value is the text on the wire."""

    __str__ = str.__str__
    __format__ = str.__format__


class ResultShape(WireName):
    """How a prediction's (awaited) result is delivered."""

    VALUE = "value"
    ITERATOR = "iterator"  # a generator or any other iterator object
    ASYNC_ITERATOR = "async_iterator"  # an async generator


class StreamName(WireName):
    """Which of the predictor's text streams wrote a log line."""

    STDOUT = "stdout"
    STDERR = "stderr"


class EventKind(WireName):
    """What a concurrent job's event says (the second field of a `JobEvent`)."""

    # progress: the job goes on
    LOG = "log"  # payload: Log
    METRIC = "metric"  # payload: Metric
    ITEM = "item"  # payload: one normalized output item
    # the end: payload Finished
    VALUE = "value"  # returned a value: Finished(normalized output, metrics)
    ITERATED = "iterated"  # an iterator ran out: Finished(None, metrics)
    CANCELED = "canceled"  # Finished(None, metrics)
    ERROR = "error"  # raised: Finished(exception, metrics)
    ITERATION_ERROR = "iteration_error"  # a sync iterator raised: Finished(exception, metrics)


FINISHING_KINDS = frozenset(
    (EventKind.VALUE, EventKind.ITERATED, EventKind.CANCELED, EventKind.ERROR, EventKind.ITERATION_ERROR)
)


class InputFileKind(WireName):
    """Swift → Python: which inputs hold URLs for `files.prepare` to fetch."""

    PATH = "path"
    FILE = "file"
    PATH_LIST = "path_list"
    FILE_LIST = "file_list"


class Started(NamedTuple):
    """A prediction once called: how its result comes, and the result (an iterator, an
    `invoke._AsyncSteps` for async iterators, or the value)."""

    shape: ResultShape
    result: Any


class Metric(NamedTuple):
    """A metric update, as Cog's SSE ``metric`` event: mode is "replace", "increment" or
    "append" (cog._metrics), a delete is ``(name, None, "replace")``."""

    name: str
    value: Any
    mode: str


class Log(NamedTuple):
    """Text a concurrent job printed."""

    text: str
    source: StreamName


class Finished(NamedTuple):
    """How a concurrent job ended: its output, None or the exception; its metrics snapshot."""

    result: Any
    metrics: Dict[str, Any]


class JobEvent(NamedTuple):
    """One event of a concurrent job, in the order the job produced it."""

    job: str
    kind: EventKind
    payload: Any  # Log, Metric, an output item or Finished, by kind

    @classmethod
    def log(cls, job: str, text: str, source: StreamName) -> "JobEvent":
        return cls(job, EventKind.LOG, Log(text, source))

    @classmethod
    def metric(cls, job: str, name: str, value: Any, mode: str) -> "JobEvent":
        return cls(job, EventKind.METRIC, Metric(name, value, mode))

    @classmethod
    def item(cls, job: str, value: Any) -> "JobEvent":
        return cls(job, EventKind.ITEM, value)

    @classmethod
    def finished(cls, job: str, kind: EventKind, result: Any, metrics: Dict[str, Any]) -> "JobEvent":
        if kind not in FINISHING_KINDS:
            raise ValueError(f"{kind!r} does not end a job")
        return cls(job, kind, Finished(result, metrics))


class _EndOfIteration:
    """The marker `invoke.next_item`/`next_async_item` return when an iterator is exhausted."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "cog_host.wire.END_OF_ITERATION"


END_OF_ITERATION = _EndOfIteration()
