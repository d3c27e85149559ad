"""Cancelation of a running prediction: a SIGUSR1 that raises CancelationException (worker), and
Ctrl-C told apart from a KeyboardInterrupt the predictor raises itself (a failure, as in Cog)."""

import signal

from cog import CancelationException

_requested = False
_interrupted = False


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


def watch_interrupts() -> None:
    """Keeps Python's Ctrl-C behaviour (KeyboardInterrupt) but remembers that SIGINT arrived.
    Only on the main thread, and only while SIGINT has Python's default handler."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        try:
            signal.signal(signal.SIGINT, _interrupt)
        except ValueError:  # not the main thread: Ctrl-C is not ours to watch
            pass


def _interrupt(signum, frame):
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def take_interrupt() -> bool:
    """Whether SIGINT arrived since the last call."""
    global _interrupted
    interrupted, _interrupted = _interrupted, False
    return interrupted
