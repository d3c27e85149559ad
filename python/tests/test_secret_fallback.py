"""The pure-Python `Secret` used when the host's native `_cog_native.Secret` is absent."""

import copy
import dataclasses
import json
import pickle

import pytest

import cog
import cog.types
from cog._secret_fallback import Secret


def test_cog_uses_the_native_secret_when_hosted_else_the_fallback():
    try:
        from _cog_native import Secret as native
    except ImportError:  # stock Python
        assert cog.Secret is Secret and cog.types.Secret is Secret
    else:  # inside cog-host
        assert cog.Secret is native and cog.types.Secret is native
        assert native.__name__ == "Secret" and native.__module__ == "cog.types"
    assert Secret.__name__ == "Secret" and Secret.__module__ == "cog.types"


def test_constructors():
    assert Secret("v").get_secret_value() == "v"
    assert Secret(secret_value="v").get_secret_value() == "v"
    assert Secret().get_secret_value() is None
    assert Secret(None).get_secret_value() is None
    assert Secret("").get_secret_value() == ""


@pytest.mark.parametrize("value, type_name", [(5, "int"), (b"x", "bytes"), (["a"], "list")])
def test_only_str_or_none(value, type_name):
    with pytest.raises(TypeError) as info:
        Secret(value)
    assert str(info.value) == f"Secret value must be a str or None, got {type_name}"


def test_masking():
    s = Secret("hunter2")
    assert str(s) == "**********" and f"{s}" == "**********" and "%s" % s == "**********"
    assert format(s) == "**********" and f"{s:>12}" == "  **********"
    assert repr(s) == "Secret(**********)"
    assert str(Secret("")) == "**********"
    assert str(Secret()) == "" and repr(Secret()) == "Secret()"
    assert "hunter2" not in repr([s, {"k": s}])


def test_secret_value_is_read_only():
    s = Secret("v")
    assert s.secret_value == "v"
    with pytest.raises(dataclasses.FrozenInstanceError) as info:
        s.secret_value = "w"  # type: ignore[misc]
    assert str(info.value) == "cannot assign to field 'secret_value'"
    with pytest.raises(dataclasses.FrozenInstanceError, match=r"^cannot assign to field 'other'$"):
        s.other = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError, match=r"^cannot delete field 'secret_value'$"):
        del s.secret_value
    s.__init__("changed")  # re-running __init__ must not change the value
    assert s.get_secret_value() == "v"


def test_not_a_dataclass_and_no_dict():
    s = Secret("v")
    assert not dataclasses.is_dataclass(s)
    with pytest.raises(TypeError):
        dataclasses.asdict(s)
    with pytest.raises(TypeError):
        vars(s)
    assert not hasattr(s, "__dict__")


def test_equality_and_hash_follow_the_value():
    assert Secret("a") == Secret("a") and hash(Secret("a")) == hash(Secret("a"))
    assert Secret("a") != Secret("b")
    assert Secret() == Secret(None) and Secret() != Secret("")
    assert Secret("é") == Secret("é")
    assert Secret("a") != "a" and "a" != Secret("a")
    assert len({Secret("a"), Secret("a"), Secret("b")}) == 2


def test_always_truthy():
    assert bool(Secret()) and bool(Secret(""))


def test_copy_and_deepcopy():
    s = Secret("v")
    assert copy.copy(s) == s and copy.deepcopy(s).get_secret_value() == "v"
    assert copy.deepcopy({"k": s})["k"] == s


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_is_refused(protocol):
    with pytest.raises(TypeError) as info:
        pickle.dumps(Secret("v"), protocol=protocol)
    assert str(info.value) == (
        "cog.Secret cannot be pickled: pass secret.get_secret_value() explicitly "
        "if you really mean to send the raw value"
    )


def test_not_json_serializable():
    with pytest.raises(TypeError):
        json.dumps(Secret("v"))
