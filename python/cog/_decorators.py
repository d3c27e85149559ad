"""The `@streaming` and `@concurrent` decorators for run()/predict() methods."""

from typing import Any, Callable, Optional, TypeVar, overload

F = TypeVar("F", bound=Callable[..., Any])


@overload
def streaming(fn: F) -> F: ...
@overload
def streaming(fn: None = None) -> Callable[[F], F]: ...


def streaming(fn: Optional[F] = None) -> Any:
    """Mark a handler as streaming its output; use as ``@streaming`` or ``@streaming()``.

    The function is returned unchanged apart from a ``__cog_streaming__ = True``
    attribute that the host reads.
    """

    def mark(inner: F) -> F:
        try:
            inner.__cog_streaming__ = True  # type: ignore[attr-defined]
        except (AttributeError, TypeError):
            pass  # objects without a __dict__ cannot carry the marker
        return inner

    return mark if fn is None else mark(fn)


@overload
def concurrent(fn: F) -> F: ...
@overload
def concurrent(fn: None = None, *, max: int = 1) -> Callable[[F], F]: ...  # noqa: A002


def concurrent(fn: Optional[F] = None, *, max: int = 1) -> Any:  # noqa: A002
    """Declare how many predictions an async handler may serve at once.

    Use as ``@concurrent`` or ``@concurrent(max=N)``. The function gets a
    ``__cog_concurrent_max__`` attribute; ``max > 1`` requires ``async def``.
    """
    if isinstance(max, bool) or not isinstance(max, int):
        raise TypeError("concurrent max must be an integer")
    if max < 1:
        raise ValueError("concurrent max must be at least 1")

    def mark(inner: F) -> F:
        import inspect  # here: `inspect` is slow to import, and most predictors never get here

        is_async = inspect.iscoroutinefunction(inner) or inspect.isasyncgenfunction(inner)
        if max > 1 and not is_async:
            raise TypeError("concurrent max greater than 1 requires an async function")
        inner.__cog_concurrent_max__ = max  # type: ignore[attr-defined]
        return inner

    if fn is None:
        return mark
    if not callable(fn):
        raise TypeError("concurrent must be used as @concurrent or @concurrent(max=...)")
    return mark(fn)
