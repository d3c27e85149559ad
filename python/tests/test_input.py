"""`Input()` and `FieldInfo`."""

import dataclasses

import pytest

from cog import FieldInfo, Input

FIELDS = ["default", "description", "ge", "le", "min_length", "max_length", "regex",
          "choices", "deprecated", "accept"]  # fmt: skip


def test_fieldinfo_is_frozen_with_fields_in_order():
    # Cog's FieldInfo is a frozen dataclass; ours behaves the same without importing
    # `dataclasses` (and `inspect`) at start: same fields, order, defaults, freezing.
    assert list(FieldInfo.__match_args__) == FIELDS
    info = FieldInfo()
    assert [getattr(info, name) for name in FIELDS] == [None] * len(FIELDS)
    assert FieldInfo(*range(10)) == FieldInfo(**dict(zip(FIELDS, range(10))))
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.default = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del info.description
    assert hash(FieldInfo(1)) == hash(FieldInfo(1)) and FieldInfo(1) != FieldInfo(2)


def test_repr():
    assert repr(Input()) == (
        "FieldInfo(default=None, description=None, ge=None, le=None, min_length=None, "
        "max_length=None, regex=None, choices=None, deprecated=None, accept=None)"
    )


def test_input_keywords_land_in_fieldinfo():
    info = Input(default=2, description="d", ge=1, le=5, min_length=0, max_length=9,
                 regex="^a", choices=[1, 2], deprecated=True, accept="image/*")  # fmt: skip
    assert info == FieldInfo(2, "d", 1, 5, 0, 9, "^a", [1, 2], True, "image/*")


def test_default_is_the_only_positional_parameter():
    assert Input(5).default == 5
    with pytest.raises(TypeError):
        Input(5, "description")  # type: ignore[misc]


def test_default_factory_is_refused():
    with pytest.raises(TypeError) as info:
        Input(default_factory=list)
    assert str(info.value) == (
        "default_factory is not supported in Input(). Use a literal default value instead: "
        "Input(default=...). Mutable defaults like lists should use immutable alternatives "
        "(e.g. a comma-separated string) or be constructed in predict()."
    )


def test_input_without_default_is_marked_so_the_host_sees_no_default():
    from cog.input import DEFAULT_OMITTED

    assert getattr(Input(description="x"), DEFAULT_OMITTED, False) is True
    assert Input(description="x").default is None
    assert getattr(Input(default=None), DEFAULT_OMITTED, False) is False
    assert getattr(Input(5), DEFAULT_OMITTED, False) is False
    assert repr(Input()) == repr(Input(default=None))
