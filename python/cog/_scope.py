"""Per-prediction `Scope` (metrics + request context) and the hooks the host uses to set it."""

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional

if TYPE_CHECKING:
    from ._metrics import MetricRecorder

# The recorder module is imported on first use: most predictors never record metrics.
MetricListener = Callable[[str, Any, str], None]

# Set on the thread (sync predictions) or inside the task (async ones) that
# runs a prediction. When it is unset, the most recently entered scope is used,
# so threads started by user code during a sync prediction still find it.
_current: "ContextVar[Optional[Scope]]" = ContextVar("_cog_metric_scope", default=None)
_process_scope: "Optional[Scope]" = None


class Scope:
    """What ``cog.current_scope()`` returns: ``metrics``, ``context`` and ``record_metric``."""

    __slots__ = ("_metrics", "_context", "_token")

    def __init__(self, recorder: "MetricRecorder", context: Dict[str, str]) -> None:
        self._metrics = recorder
        self._context = context
        self._token: Any = None

    @property
    def metrics(self) -> "MetricRecorder":
        """The recorder for this prediction's metrics."""
        return self._metrics

    @property
    def context(self) -> Dict[str, str]:
        """The request's ``context`` object (empty when the request had none)."""
        return self._context

    def record_metric(self, key: str, value: Any, mode: Optional[str] = None) -> None:
        """Same as ``self.metrics.record(key, value, mode)``."""
        self._metrics.record(key, value, mode)

    def metrics_snapshot(self) -> Dict[str, Any]:
        """For the host: the accumulated metrics as nested JSON-ready data (a copy)."""
        return self._metrics._snapshot()

    def __repr__(self) -> str:
        return f"Scope({self._metrics!r})"


def _noop_scope() -> Scope:
    from ._metrics import MetricRecorder

    return Scope(MetricRecorder(active=False), {})


def current_scope() -> Scope:
    """Return the running prediction's scope, or an inactive one outside predictions."""
    scope = _current.get()
    if scope is None:
        scope = _process_scope
    return scope if scope is not None else _noop_scope()


def _enter_scope(
    context: Optional[Dict[str, str]] = None, on_metric: Optional[MetricListener] = None
) -> Scope:
    """Host hook: start a prediction's scope in the calling thread/task.

    ``on_metric(name, value, mode)`` (optional) is called for every accepted
    update, with ``mode`` one of "replace", "increment", "append" and deletes
    reported as ``("name", None, "replace")`` -- the shape of Cog's SSE
    ``metric`` events. It runs while the recorder's lock is held.
    """
    global _process_scope
    from ._metrics import MetricRecorder

    scope = Scope(MetricRecorder(active=True, listener=on_metric), dict(context or {}))
    scope._token = _current.set(scope)
    _process_scope = scope
    return scope


def _exit_scope(scope: Scope) -> None:
    """Host hook: end a prediction's scope; later metric calls on it are ignored.

    ``scope.metrics_snapshot()`` keeps working after this.
    """
    global _process_scope
    scope._metrics._deactivate()
    if _process_scope is scope:
        _process_scope = None
    token, scope._token = scope._token, None
    if token is not None:
        try:
            _current.reset(token)
            return
        except ValueError:  # exited from another context than the one that entered
            pass
    if _current.get() is scope:
        _current.set(None)
