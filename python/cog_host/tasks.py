"""Creating an asyncio task that runs in a given `contextvars` context, on every supported Python.

`loop.create_task(coro, context=...)` is Python 3.11+. On 3.10 a task always runs in a copy of
the context current when it is created, so a context variable set in one step of an async
iterator and reset in the next would fail (`Token ... was created in a different Context`). There
the coroutine is driven through `_InContext`, which runs each of its steps with `context.run`,
as a 3.11 task does."""

import sys


def create_task(loop, coroutine, context):
    """A task of `coroutine` on `loop` whose every step runs in `context`."""
    if sys.version_info >= (3, 11):
        return loop.create_task(coroutine, context=context)
    return loop.create_task(_await_in(coroutine, context))  # 3.10


async def _await_in(coroutine, context):
    return await _InContext(coroutine, context)


class _InContext:
    """An awaitable that advances `coroutine` inside `context` (3.10 only)."""

    __slots__ = ("coroutine", "context")

    def __init__(self, coroutine, context):
        self.coroutine = coroutine
        self.context = context

    def __await__(self):
        coroutine, run = self.coroutine, self.context.run
        sent, thrown = None, None
        while True:
            try:
                if thrown is None:
                    yielded = run(coroutine.send, sent)
                else:
                    yielded = run(coroutine.throw, thrown)
            except StopIteration as stop:
                return stop.value
            try:
                sent, thrown = (yield yielded), None
            except BaseException as error:  # a cancellation or an error thrown into the task
                sent, thrown = None, error
