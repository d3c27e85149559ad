"""How the host calls a loaded predictor: setup, one prediction, and output normalisation."""

import dataclasses
import enum
import inspect
import os
import types

_loop = None


def _event_loop():
    """The one asyncio loop of this process, so clients made in setup() work in run()."""
    global _loop
    if _loop is None:
        import asyncio

        _loop = asyncio.new_event_loop()
        asyncio.set_event_loop(_loop)
    return _loop


def _settle(value):
    """Awaits a coroutine on the host loop; anything else is returned as is."""
    if inspect.iscoroutine(value):
        return _event_loop().run_until_complete(value)
    return value


def call_setup(loaded, weights):
    """Runs setup(), passing `weights` when setup() takes it; awaits an async setup()."""
    if loaded.setup is None:
        return
    if loaded.setup_takes_weights:
        _settle(loaded.setup(weights))
    else:
        _settle(loaded.setup())


def call_predict(loaded, kwargs):
    """Calls run()/predict()/train() with the coerced inputs and returns the raw result,
    with coroutines awaited and (async) generators collected into lists."""
    result = loaded.method(**kwargs)
    if inspect.iscoroutine(result):
        result = _event_loop().run_until_complete(result)
    if inspect.isasyncgen(result):
        async def collect():
            return [item async for item in result]

        return _event_loop().run_until_complete(collect())
    if isinstance(result, types.GeneratorType):
        return list(result)
    return result


def normalize_output(value):
    """Turns models, dataclasses, enums, tuples and paths into JSON-shaped containers.
    Strings, numbers, None and Secrets are left for the host to encode."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [normalize_output(item) for item in value]
    if isinstance(value, dict):
        return {key: normalize_output(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return normalize_output(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: normalize_output(getattr(value, field.name)) for field in dataclasses.fields(value)}
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump) and not isinstance(value, type):
        return normalize_output(model_dump())
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, types.GeneratorType):
        return [normalize_output(item) for item in value]
    return value
