"""`BaseRunner`/`BasePredictor` and Cog's helpers for loading and validating runner classes."""

import os
import sys
import warnings
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

# `importlib.util`'s two loading functions, taken from the import system's own modules, which
# every interpreter has loaded at start (`importlib.util` itself costs milliseconds to import).
try:
    from _frozen_importlib import module_from_spec
    from _frozen_importlib_external import spec_from_file_location
except ImportError:  # pragma: no cover - an interpreter without the frozen import system
    from importlib.util import module_from_spec, spec_from_file_location

from ._scope import Scope, current_scope
if TYPE_CHECKING:  # at run time `cog.Path` is imported on first use (it brings in `pathlib`)
    from .types import Path


class BaseRunner:
    """Base class for a model: load it in ``setup()``, serve requests from ``run()``.

    Subclasses override ``run`` (or, deprecated, ``predict``); whichever one a
    subclass defines is also reachable under the other name.
    """

    # The first class in the MRO (before the framework bases) defining each
    # method; set for every subclass by __init_subclass__.
    _run_owner: Optional[type] = None
    _predict_owner: Optional[type] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__module__ == __name__:
            return  # BasePredictor itself: a framework base, owns nothing
        cls._run_owner = _user_method_owner(cls, "run")
        cls._predict_owner = _user_method_owner(cls, "predict")

    def setup(self, weights: "Optional[Union[Path, str]]" = None) -> None:
        """Load the model. Called once; ``weights`` is ``$COG_WEIGHTS`` or ``None``."""

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Produce one output. Subclasses override this."""
        cls = type(self)
        if cls._predict_owner is not None and cls._run_owner is None:
            return self.predict(*args, **kwargs)
        raise NotImplementedError("run has not been implemented by parent class.")

    def predict(self, *args: Any, **kwargs: Any) -> Any:
        """Deprecated name for ``run``."""
        warnings.warn(
            f"{type(self).__name__}.predict() is deprecated; use run() instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.run(*args, **kwargs)

    @property
    def scope(self) -> Scope:
        """The current prediction's scope (an inactive one outside predictions)."""
        return current_scope()

    def record_metric(self, key: str, value: Any, mode: str = "replace") -> None:
        """Record a metric on the current prediction; ignored outside predictions."""
        self.scope.record_metric(key, value, mode=mode)


class BasePredictor(BaseRunner):
    """Deprecated alias of ``BaseRunner``."""


_FRAMEWORK_BASES = (BaseRunner, BasePredictor, object)


def _user_method_owner(cls: type, method_name: str) -> Optional[type]:
    """The user class that defines ``method_name``, looking no further than the framework bases.

    Stopping at ``BaseRunner`` means a mixin listed after it in the bases does
    not count as the user's implementation.
    """
    for owner in cls.__mro__:
        if owner in _FRAMEWORK_BASES:
            return None
        if callable(owner.__dict__.get(method_name)):
            return owner
    return None


def _class_problem(cls: type, name: str, mode: str = "predict") -> Optional[str]:
    """Why ``cls`` cannot serve ``mode`` ("predict" or "train") in Cog's wording, else None."""
    if mode == "train":
        if _user_method_owner(cls, "train") is None:
            return f"train method not found: {name}"
        return None
    defines_run = _user_method_owner(cls, "run") is not None
    defines_predict = _user_method_owner(cls, "predict") is not None
    if defines_run and defines_predict:
        return f"{name} must define either run() or predict(), not both"
    if not defines_run and not defines_predict:
        return f"run or predict method not found: {name}"
    return None


def _warn_class_deprecations(
    cls: type, name: str, mode: str = "predict", *, stacklevel: int
) -> None:
    """Warn about a valid class's deprecated spellings: ``predict()`` and ``BasePredictor``.

    ``stacklevel`` is passed to ``warnings.warn`` as is, so 1 is this function
    and callers add one for every frame between them and the code to blame.
    """
    if mode == "predict" and _user_method_owner(cls, "run") is None:
        warnings.warn(
            f"{name}.predict() is deprecated; use run() instead",
            DeprecationWarning,
            stacklevel=stacklevel,
        )
    if BasePredictor in cls.__mro__[1:]:
        warnings.warn(
            "BasePredictor is deprecated; use BaseRunner instead",
            DeprecationWarning,
            stacklevel=stacklevel,
        )


def _validate_runner_class(
    cls: type, class_name: str, *, mode: str = "predict", stacklevel: int = 3
) -> None:
    """Require exactly one of run()/predict() (or train()); warn about deprecated spellings.

    Raises ``ValueError`` with Cog's message; ``stacklevel`` counts from here.
    """
    problem = _class_problem(cls, class_name, mode)
    if problem is not None:
        raise ValueError(problem)
    _warn_class_deprecations(cls, class_name, mode, stacklevel=stacklevel + 1)


def _runner_class_validation_error(cls: type, class_name: str) -> Optional[ValueError]:
    problem = _class_problem(cls, class_name)
    return None if problem is None else ValueError(problem)


def load_predictor_from_ref(ref: str) -> Union[BaseRunner, Callable[..., Any]]:
    """Import ``file.py[:Name]`` and return an instance of the class, or the function.

    Without a name, ``Runner`` is preferred over the deprecated ``Predictor``.
    """
    path, _, name = ref.partition(":")
    module_name = os.path.basename(path).replace(".py", "")
    spec = spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"Cannot load module from {path}")
    module = module_from_spec(spec)
    sys.modules[module_name] = module  # so pickle and friends can find it
    spec.loader.exec_module(module)

    if not name:
        name = _default_target_name(module, module_name)
    target = getattr(module, name)
    if isinstance(target, type):
        _validate_runner_class(target, name, stacklevel=3)
        return target()
    return target


def _default_target_name(
    module: Any, module_name: str, mode: str = "predict", *, stacklevel: int = 3
) -> str:
    """The target to use when the reference names none: a usable ``Runner``, else ``Predictor``.

    Warns (UserWarning) when both exist and Runner wins, and (DeprecationWarning)
    when falling back to Predictor; ``stacklevel`` counts from here. With neither
    usable, raises what Cog raises: ``ValueError`` for an invalid Runner class,
    ``TypeError`` for a Runner that is not callable, else ``AttributeError``.
    """
    runner = getattr(module, "Runner", None)
    problem: Optional[Exception] = None
    usable = False
    if isinstance(runner, type):
        message = _class_problem(runner, "Runner", mode)
        usable = message is None
        if message is not None:
            problem = ValueError(message)
    elif runner is not None:
        usable = callable(runner)
        if not usable:
            problem = TypeError("Runner exists but is not a class or callable")
    if usable:
        if hasattr(module, "Predictor"):
            warnings.warn(
                "Both Runner and Predictor are defined; using Runner. Specify a class "
                "name explicitly if this is not intended.",
                UserWarning,
                stacklevel=stacklevel,
            )
        return "Runner"
    if hasattr(module, "Predictor"):
        warnings.warn(
            "Predictor is deprecated; use Runner instead", DeprecationWarning, stacklevel=stacklevel
        )
        return "Predictor"
    if problem is not None:
        raise problem
    raise AttributeError(f"module {module_name!r} has no Runner or Predictor")


def has_setup_weights(predictor: Any) -> bool:
    """Whether the predictor's ``setup`` has a parameter named ``weights``."""
    if not hasattr(predictor, "setup"):
        return False
    import inspect

    return "weights" in inspect.signature(predictor.setup).parameters


def extract_setup_weights(predictor: Any) -> Optional[str]:
    """The value ``setup(weights)`` receives: ``$COG_WEIGHTS`` when non-empty, else None."""
    return os.environ.get("COG_WEIGHTS") or None
