"""Load a predictor from a `file.py[:Name]` reference the way Cog's runtime does."""

import os
import sys
from typing import Any, Callable, Optional

from cog.input import FieldInfo
from cog.predictor import (
    _class_problem,
    _default_target_name,
    _user_method_owner,
    _warn_class_deprecations,
    module_from_spec,
    spec_from_file_location,
)

from . import callables
from .errors import PredictorDefinitionError


class LoadedPredictor:
    """A loaded predictor and the pieces of it the host calls.

    (A plain class: `dataclasses` imports `inspect`, which a one-shot start should not pay for.)
    """

    __slots__ = (
        "path",  # the file part of the reference, as given
        "module_name",
        "target_name",  # attribute of the module that was used ("Runner", "train", ...)
        "mode",  # "predict" or "train"
        "kind",  # "class" or "function"
        "instance_or_function",
        "method",  # what to call with **inputs
        "method_name",  # "run", "predict" or "train"
        "setup",
        "setup_takes_weights",
        "healthcheck",
        "signature",  # a callables.Signature, taken before Input() defaults were unwrapped
    )

    def __init__(self, **fields: Any) -> None:
        for name in self.__slots__:
            setattr(self, name, fields.pop(name))
        if fields:
            raise TypeError(f"unexpected fields {sorted(fields)}")

    def __repr__(self) -> str:
        return f"LoadedPredictor({self.path}:{self.target_name}, {self.kind} {self.method_name}())"


def load(ref: str, mode: str = "predict") -> LoadedPredictor:
    """Import the file named by ``ref``, pick and validate the target, instantiate classes.

    Definition problems raise ``PredictorDefinitionError``; exceptions raised by
    the user's module while it is imported (ImportError, SyntaxError, ...) or by
    the class constructor propagate unchanged.
    """
    if mode not in ("predict", "train"):
        raise ValueError(f"mode must be 'predict' or 'train', not {mode!r}")
    path, _, name = ref.partition(":")
    module_name = os.path.basename(path).replace(".py", "")
    module = _import_file(path, module_name)
    if not name:
        try:
            # stacklevel 3: blame the caller of load(), as Cog blames its loader's caller.
            name = _default_target_name(module, module_name, mode, stacklevel=3)
        except (ValueError, TypeError, AttributeError) as error:
            raise PredictorDefinitionError(f"{path}: {error}") from None
    if not hasattr(module, name):
        raise PredictorDefinitionError(
            f"{path}: module {module_name!r} has no attribute {name!r}"
        )
    target = getattr(module, name)
    if isinstance(target, type):
        loaded = _load_class(target, name, path, module_name, mode)
    elif callable(target):
        loaded = _load_function(target, name, path, module_name, mode)
    else:
        raise PredictorDefinitionError(f"{path}: {name} is not a class or function")
    unwrap_input_defaults(loaded.method)
    return loaded


def _import_file(path: str, module_name: str) -> Any:
    if not os.path.isfile(path):
        raise PredictorDefinitionError(f"{path}: file not found")
    spec = spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PredictorDefinitionError(f"{path}: cannot be loaded as a Python module")
    module = module_from_spec(spec)
    sys.modules[module_name] = module  # as Cog does, so pickle can find the classes
    spec.loader.exec_module(module)
    return module


def _load_class(cls: type, name: str, path: str, module_name: str, mode: str) -> LoadedPredictor:
    problem = _class_problem(cls, name, mode)
    if problem is not None:
        raise PredictorDefinitionError(f"{path}: {problem}")
    if mode == "train":
        method_name = "train"
    else:
        method_name = "run" if _user_method_owner(cls, "run") is not None else "predict"
    # stacklevel 4: the helper, _load_class, load, then load()'s caller.
    _warn_class_deprecations(cls, name, mode, stacklevel=4)
    instance = cls()
    method = getattr(instance, method_name)
    setup = getattr(instance, "setup", None)
    setup = setup if callable(setup) else None
    healthcheck = getattr(instance, "healthcheck", None)
    return LoadedPredictor(
        path=path,
        module_name=module_name,
        target_name=name,
        mode=mode,
        kind="class",
        instance_or_function=instance,
        method=method,
        method_name=method_name,
        setup=setup,
        setup_takes_weights=setup is not None and _has_weights_parameter(setup),
        healthcheck=healthcheck if callable(healthcheck) else None,
        signature=_signature(method, path, method_name),
    )


def _load_function(
    fn: Callable[..., Any], name: str, path: str, module_name: str, mode: str
) -> LoadedPredictor:
    method_name = "train" if mode == "train" else "run"
    return LoadedPredictor(
        path=path,
        module_name=module_name,
        target_name=name,
        mode=mode,
        kind="function",
        instance_or_function=fn,
        method=fn,
        method_name=method_name,
        setup=None,
        setup_takes_weights=False,
        healthcheck=None,
        signature=_signature(fn, path, name),
    )


def _signature(fn: Callable[..., Any], path: str, label: str) -> callables.Signature:
    try:
        return callables.signature(fn)
    except (TypeError, ValueError) as error:
        raise PredictorDefinitionError(f"{path}: cannot read the signature of {label}(): {error}")


def _has_weights_parameter(setup: Callable[..., Any]) -> bool:
    try:
        return "weights" in callables.signature(setup).parameters
    except (TypeError, ValueError):
        return False


def unwrap_input_defaults(fn: Any) -> None:
    """Replace ``Input(...)`` defaults with their plain values so omitted inputs get them.

    Cog's runtime does this before the first call: without it an omitted
    ``x: int = Input(default=3)`` would arrive as the FieldInfo object itself.
    """
    fn = getattr(fn, "__func__", fn)
    defaults = getattr(fn, "__defaults__", None)
    if defaults and any(isinstance(d, FieldInfo) for d in defaults):
        fn.__defaults__ = tuple(d.default if isinstance(d, FieldInfo) else d for d in defaults)
    kwdefaults = getattr(fn, "__kwdefaults__", None)
    if kwdefaults:
        for key, value in kwdefaults.items():
            if isinstance(value, FieldInfo):
                kwdefaults[key] = value.default


def load_reporting_warnings(ref: str, mode: str = "predict") -> "tuple[LoadedPredictor, list]":
    """``load()``, also returning the texts of the warnings it raised (deprecated spellings,
    Runner/Predictor ambiguity) so the host can show them even where Python's filters hide them."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = load(ref, mode)
    return loaded, [str(w.message) for w in caught if issubclass(w.category, (DeprecationWarning, UserWarning))]
