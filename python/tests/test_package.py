"""The top-level `cog` namespace: names, order, lazy deprecated attributes, import cost."""

import os
import subprocess
import sys

import pytest

import cog

from conftest import PYTHON_DIR

EXPECTED_ALL = [
    "__version__", "BaseRunner", "BasePredictor", "BaseModel", "Opaque", "Input", "FieldInfo",
    "Path", "Secret", "File", "URLFile", "URLPath", "ConcatenateIterator",
    "AsyncConcatenateIterator", "CancelationException", "current_scope", "streaming",
    "concurrent", "ExperimentalFeatureWarning", "emit_metric",
]  # fmt: skip


def run_python(code: str, *flags: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=PYTHON_DIR)
    return subprocess.run(
        [sys.executable, *flags, "-c", code], capture_output=True, text=True, env=env, check=True
    )


def test_all_in_exact_order():
    assert cog.__all__ == EXPECTED_ALL


def test_version():
    assert cog.__version__ == "0.23.1"
    from cog._version import __version__

    assert __version__ == "0.23.1"


def test_import_is_cheap_and_does_not_load_requests():
    out = run_python(
        "import sys, cog, cog.types\n"
        "print('requests' in sys.modules, 'urllib.request' in sys.modules,"
        " 'hmac' in sys.modules, 'tempfile' in sys.modules)",
        "-S",  # without site: .pth files may import some of these themselves
    )
    assert out.stdout.split() == ["False", "False", "False", "False"]


def test_star_import_prints_both_deprecation_notices_once():
    out = run_python("from cog import *\nimport cog\ncog.emit_metric\ncog.ExperimentalFeatureWarning")
    assert out.stderr.splitlines() == [
        "cog: ExperimentalFeatureWarning is deprecated and will be removed in a future "
        "release. Remove `ExperimentalFeatureWarning` from your imports and any associated "
        "`warnings.filterwarnings(...)` calls.",
        "cog: emit_metric() is deprecated and will be removed in a future release. "
        "Use current_scope().record_metric(name, value) instead.",
    ]


def test_plain_import_prints_nothing():
    out = run_python("import cog\nprint(sorted(cog.__all__)[0])")
    assert out.stderr == ""


def test_experimental_feature_warning_is_a_future_warning():
    out = run_python(
        "import warnings, cog\n"
        "w = cog.ExperimentalFeatureWarning\n"
        "warnings.filterwarnings('ignore', category=w)\n"
        "print(issubclass(w, FutureWarning), w.__name__)"
    )
    assert out.stdout.split() == ["True", "_ExperimentalFeatureWarning"]  # Cog's class name


def test_emit_metric_records_on_current_scope():
    out = run_python(
        "import cog\nfrom cog._scope import _enter_scope, _exit_scope\n"
        "s = _enter_scope({})\ncog.emit_metric('tokens', 3)\n_exit_scope(s)\n"
        "print(s.metrics_snapshot())"
    )
    assert out.stdout.strip() == "{'tokens': 3}"


def test_unknown_attribute():
    with pytest.raises(AttributeError, match=r"^module 'cog' has no attribute 'nope'$"):
        cog.nope  # noqa: B018


def test_names_not_at_top_level():
    for name in ("Coder", "Mode", "CogError"):
        assert not hasattr(cog, name)


def test_submodules_import():
    import cog.coder
    import cog.errors
    import cog.input
    import cog.mode
    import cog.model
    import cog.predictor
    import cog.suppress_output
    import cog.types

    assert cog.input.Input is cog.Input and cog.input.FieldInfo is cog.FieldInfo
    assert cog.predictor.BaseRunner is cog.BaseRunner
    assert cog.model.BaseModel is cog.BaseModel
    assert str(cog.mode.Mode.TRAIN) == "train" and cog.mode.Mode("predict") is cog.mode.Mode.PREDICT
    assert issubclass(cog.errors.PredictorNotSet, cog.errors.CogError)
    assert issubclass(cog.errors.ConfigDoesNotExist, Exception)
    assert callable(cog.predictor.load_predictor_from_ref)
    assert cog.types.FILENAME_MAX_LENGTH == 200
    assert cog.types.FILENAME_ILLEGAL_CHARS == {"\0", "/"}


def test_no_exceptions_module_and_no_warning_in_types():
    with pytest.raises(ModuleNotFoundError):
        import cog.exceptions  # noqa: F401
    with pytest.raises(ImportError):
        from cog.types import ExperimentalFeatureWarning  # noqa: F401


def test_cancelation_exception_is_a_base_exception():
    assert cog.CancelationException.__mro__ == (
        cog.CancelationException, BaseException, object,
    )  # fmt: skip
    assert not issubclass(cog.CancelationException, Exception)


def test_opaque_marker():
    assert repr(cog.Opaque) == "cog.Opaque"


def test_coder_registry():
    from cog.coder import Coder

    class IntCoder(Coder):
        @staticmethod
        def factory(tpe):
            return IntCoder() if tpe is int else None

    Coder.register(IntCoder)
    assert isinstance(Coder.lookup(int), IntCoder)
    assert Coder.lookup(str) is None


def test_suppress_output_silences_fds_1_and_2():
    out = run_python(
        "import os\nfrom cog.suppress_output import suppress_output\n"
        "with suppress_output():\n"
        "    os.write(1, b'hidden out\\n'); os.write(2, b'hidden err\\n')\n"
        "os.write(1, b'shown\\n')"
    )
    assert (out.stdout, out.stderr) == ("shown\n", "")
