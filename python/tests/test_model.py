"""`cog.BaseModel`: automatic dataclasses and the inheritance rules around them."""

import dataclasses

import pytest

from cog import BaseModel


def test_subclass_becomes_a_dataclass():
    class Output(BaseModel):
        text: str
        score: float = 0.5

    assert dataclasses.is_dataclass(Output)
    out = Output(text="hi")
    assert out == Output("hi", 0.5)
    assert repr(out).endswith("Output(text='hi', score=0.5)")


def test_dataclass_keywords_are_forwarded():
    class Frozen(BaseModel, frozen=True):
        a: int

    with pytest.raises(dataclasses.FrozenInstanceError):
        Frozen(1).a = 2  # type: ignore[misc]

    class NoInit(BaseModel, init=False):
        a: int = 1

    assert NoInit().a == 1
    with pytest.raises(TypeError):
        NoInit(2)  # type: ignore[call-arg]


def test_fields_are_inherited():
    class Parent(BaseModel):
        a: int

    class Child(Parent):
        b: str = "x"

    assert [f.name for f in dataclasses.fields(Child)] == ["a", "b"]


def test_primary_base_must_be_a_basemodel():
    class Other:
        pass

    with pytest.raises(TypeError) as info:

        class Bad(Other, BaseModel):
            pass

    assert str(info.value) == 'Primary base class of "Bad" must inherit from BaseModel'


def test_dataclass_mixins_are_refused():
    @dataclasses.dataclass
    class Mixin:
        z: int = 0

    with pytest.raises(TypeError) as info:

        class Bad(BaseModel, Mixin):
            pass

    assert str(info.value) == 'Cannot mixin dataclass "Mixin" while inheriting from `BaseModel`'


def test_opting_out():
    class Manual(BaseModel, auto_dataclass=False):
        a: int

    assert not dataclasses.is_dataclass(Manual)

    class ManualChild(Manual, auto_dataclass=False):
        pass

    assert not dataclasses.is_dataclass(ManualChild)


def test_opting_out_under_an_auto_parent_is_refused():
    class Parent(BaseModel):
        a: int

    with pytest.raises(ValueError) as info:

        class Child(Parent, auto_dataclass=False):
            pass

    assert str(info.value) == (
        'Primary base class of "Child" ("Parent") has auto_dataclass=True, but "Child" '
        "has auto_dataclass=False. This creates broken field inheritance."
    )


def test_auto_child_of_manual_parent_is_a_dataclass_again():
    class Manual(BaseModel, auto_dataclass=False):
        pass

    class Auto(Manual):
        a: int = 1

    assert dataclasses.is_dataclass(Auto) and Auto().a == 1
