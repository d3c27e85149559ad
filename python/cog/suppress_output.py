"""`suppress_output()`: silence file descriptors 1 and 2 for the duration of a block."""

import os
import sys
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def suppress_output() -> Iterator[None]:
    """Point fd 1 and fd 2 at /dev/null inside the block, then put them back."""
    saved = [(fd, os.dup(fd)) for fd in (sys.stdout.fileno(), sys.stderr.fileno())]
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            for fd, _ in saved:
                os.dup2(devnull, fd)
        finally:
            os.close(devnull)
        yield
    finally:
        for fd, copy in saved:
            os.dup2(copy, fd)
            os.close(copy)
