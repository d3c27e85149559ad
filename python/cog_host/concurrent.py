"""Concurrent async predictions in the worker: each job is a task on the host's event loop.

The worker's main thread alternates between running the loop and handing the events the tasks
produced (outputs, logs, metrics, results) to the server. The loop runs until there is something
to hand over or a new request arrives (the host writes a byte to a wake-up pipe), so neither
waits for a timer. Prints inside a task are
attributed to its job through a context variable, as Cog does for async predictors.
"""

import asyncio
import contextvars
import os
import sys
import types

from . import invoke
from .tasks import create_task
from .wire import EventKind, JobEvent, ResultShape, StreamName

_job: "contextvars.ContextVar" = contextvars.ContextVar("cog_host_job", default=None)
_events = []  # JobEvent, in the order the tasks produced them
_tasks = {}
_wake = None  # the future that ends the current pump early


def _emit(event):
    _events.append(event)
    _notify()


def _notify():
    if _wake is not None and not _wake.done():
        _wake.set_result(None)


def install_wakeup(fd):
    """Ends a pump whenever the host writes to the (non-blocking) pipe `fd`."""
    invoke._event_loop().add_reader(fd, _drain_wakeup, fd)


def _drain_wakeup(fd):
    try:
        while os.read(fd, 4096):
            pass
    except BlockingIOError:
        pass
    _notify()


class _StreamRouter:
    """Replaces sys.stdout/sys.stderr: text written inside a concurrent job becomes that job's
    log event; anything else goes to the real stream (captured at the fd level)."""

    def __init__(self, stream, name):
        self._stream = stream
        self._name = name

    def write(self, text):
        job = _job.get()
        if job is None:
            return self._stream.write(text)
        if not isinstance(text, str):  # as the one-at-a-time stream (streams.HostStream) says
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        _emit(JobEvent.log(job, text, self._name))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def install_stream_routers():
    if not isinstance(sys.stdout, _StreamRouter):
        sys.stdout = _StreamRouter(sys.stdout, StreamName.STDOUT)
        sys.stderr = _StreamRouter(sys.stderr, StreamName.STDERR)


def start(loaded, kwargs, job_id, context):
    """Starts one prediction as a task; its events appear in `take_events()`."""
    loop = invoke._event_loop()
    _tasks[job_id] = create_task(loop, _run(loaded, kwargs, job_id, context), contextvars.copy_context())


async def _run(loaded, kwargs, job_id, context):
    from cog._scope import _enter_scope, _exit_scope

    _job.set(job_id)
    scope = _enter_scope(context, on_metric=lambda name, value, mode: _emit(JobEvent.metric(job_id, name, value, mode)))
    shape = ResultShape.VALUE
    try:
        result = loaded.method(**kwargs)
        if isinstance(result, types.CoroutineType):
            result = await result
        shape = invoke.result_shape(result)
        if shape is not ResultShape.VALUE:
            if shape is ResultShape.ASYNC_ITERATOR:
                async for item in result:
                    _emit(JobEvent.item(job_id, invoke.normalize_output(item)))
            else:
                for item in result:
                    _emit(JobEvent.item(job_id, invoke.normalize_output(item)))
                    await asyncio.sleep(0)
            kind, outcome = EventKind.ITERATED, None
        else:
            kind, outcome = EventKind.VALUE, invoke.normalize_output(result)
    except asyncio.CancelledError:
        kind, outcome = EventKind.CANCELED, None
    except BaseException as error:  # noqa: B902 - everything the predictor raises is a failed prediction
        # Cog: a sync generator's failure is a "Generator iteration error" (before or after its
        # first item), anything else of an async predictor an "Async prediction failed".
        kind = EventKind.ITERATION_ERROR if shape is ResultShape.ITERATOR else EventKind.ERROR
        outcome = error
    finally:
        _exit_scope(scope)
        _tasks.pop(job_id, None)
    _emit(JobEvent.finished(job_id, kind, outcome, scope.metrics_snapshot()))


def cancel(job_id):
    task = _tasks.get(job_id)
    if task is not None:
        task.cancel()


def pump(seconds):
    """Runs the loop for up to `seconds`, or until a task produced an event or the host woke it."""
    global _wake
    loop = invoke._event_loop()
    if not _tasks or _events:
        return
    _wake = loop.create_future()
    try:
        loop.run_until_complete(asyncio.wait([_wake], timeout=seconds))
    finally:
        _wake = None


def take_events():
    """The JobEvents produced since the last call, oldest first."""
    global _events
    events, _events = _events, []
    return events


def running(job_id):
    """Whether the task of this job has not ended yet."""
    return job_id in _tasks


def active():
    return len(_tasks)
