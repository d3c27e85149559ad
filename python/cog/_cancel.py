"""The exception the host raises inside a synchronous prediction to cancel it."""


class CancelationException(BaseException):
    """Raised in the thread running a sync prediction when it is canceled.

    It derives from BaseException (not Exception) so that a broad
    ``except Exception`` in user code does not swallow a cancellation.
    """


CancelationException.__module__ = "cog"
