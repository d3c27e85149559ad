"""Cancelation of a running prediction in the worker: a SIGUSR1 that raises CancelationException."""

import signal

from cog import CancelationException

_requested = False


def install() -> None:
    """Installs the handler (main thread only). The signal only raises when a cancel was requested,
    so a stray SIGUSR1 does nothing."""
    signal.signal(signal.SIGUSR1, _handle)


def request() -> None:
    global _requested
    _requested = True


def clear() -> None:
    global _requested
    _requested = False


def _handle(signum, frame):
    global _requested
    if _requested:
        _requested = False
        raise CancelationException("prediction canceled")
