"""sys.stdout and sys.stderr of a hosted predictor: text handed to the host in whole lines.

Each stream keeps one line buffer per thread, so lines that threads print at the same time are
never mixed (print() writes its text and its newline separately). Complete lines go to the host
as soon as they are written, a partial line when its thread flushes the stream (progress bars)
or when the prediction ends (`finish`). Both streams hand their text to the same host sink, at
the moment it is written, so the host sees stdout and stderr in the order the predictor wrote
them. Bytes written to `sys.stdout.buffer`, `sys.__stdout__`, or fds 1 and 2 directly are
captured by the host at the file descriptor level instead.
"""

import io
import sys
from _thread import get_ident as _get_ident

from .wire import StreamName

_installed = []


class HostStream(io.TextIOBase):
    """A text stream whose writes reach `sink.emit(source, text, thread_ident)` line by line
    (source: a `StreamName`)."""

    def __init__(self, original, source, sink):
        super().__init__()
        self._original = original
        self._source = source
        self._emit = sink.emit
        self._pending = {}

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        count = len(text)
        ident = _get_ident()
        end = text.rfind("\n") + 1
        if end == 0:
            if count:
                # A list, not a growing string: a line written a character at a time stays linear.
                parts = self._pending.get(ident)
                if parts is None:
                    self._pending[ident] = [text]
                else:
                    parts.append(text)
            return count
        parts = self._pending.pop(ident, None)
        if end < count:
            self._pending[ident] = [text[end:]]
        line = text[:end] if parts is None else "".join(parts) + text[:end]
        self._emit(self._source, line, ident)
        return count

    def flush(self):
        ident = _get_ident()
        parts = self._pending.pop(ident, None)
        if parts:
            self._emit(self._source, "".join(parts), ident)

    def finish(self):
        """Hands over every thread's partial line (the prediction or setup is over)."""
        while self._pending:
            ident, parts = self._pending.popitem()
            if parts:
                self._emit(self._source, "".join(parts), ident)

    def writable(self):
        return True

    def isatty(self):
        return self._original.isatty()

    def fileno(self):
        return self._original.fileno()

    @property
    def encoding(self):
        return self._original.encoding

    @property
    def errors(self):
        return self._original.errors

    @property
    def buffer(self):
        return self._original.buffer

    @property
    def line_buffering(self):
        return True

    @property
    def name(self):
        return getattr(self._original, "name", f"<{self._source}>")

    @property
    def mode(self):
        return "w"

    def __getattr__(self, name):
        return getattr(self._original, name)

    def __repr__(self):
        return f"<cog-host {self._source} stream>"


def install(sink):
    """Makes sys.stdout and sys.stderr host streams (once per process)."""
    if _installed:
        return
    for name in (StreamName.STDOUT, StreamName.STDERR):
        stream = HostStream(getattr(sys, name.value), name, sink)
        _installed.append(stream)
        setattr(sys, name.value, stream)


def finish():
    """Hands over what every thread left without a newline on either stream."""
    for stream in _installed:
        stream.finish()
