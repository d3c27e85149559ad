"""More `-> Any` outputs: containers and objects that model code returns without thinking much
about how they serialise (OrderedDicts from state dicts, namedtuples, result objects with a
`.dict()`, pydantic models with Decimal prices, deeply nested metadata)."""

import collections
import dataclasses
import datetime as dt
import enum
from decimal import Decimal
from typing import Any, NamedTuple

import pydantic

from cog import BasePredictor, Input

WHEN = dt.datetime(2024, 5, 17, 13, 45, 30, 123456)


class Release(enum.Enum):
    V1 = dt.date(2023, 1, 1)
    V2 = dt.date(2024, 6, 1)


class Segment(NamedTuple):
    start: float
    end: float
    at: dt.datetime


class Point(collections.namedtuple("Point", "x y")):
    pass


class Detections:
    """A result object in the style of older libraries: `.dict()` returns plain data."""

    def __init__(self, boxes):
        self.boxes = boxes

    def dict(self):
        return {"boxes": self.boxes, "count": len(self.boxes), "at": WHEN}


class Invoice(pydantic.BaseModel):
    item: str
    price: Decimal


class Tag(str):
    pass


class Count(int):
    pass


@dataclasses.dataclass
class Span:
    start: int
    end: int


class Predictor(BasePredictor):
    def predict(self, kind: str = Input(description="which output to return", default="range")) -> Any:
        if kind == "list_bad_item":
            return [1, b"x"]
        if kind == "list_bad_item_first":
            return [{"ok": 1}, object(), "never"]
        if kind == "tuple_keys":
            return {(0, 1): "edge", (1, 2): "edge"}
        if kind == "ordereddict":
            return collections.OrderedDict([("z", 1), ("a", [1, 2])])
        if kind == "ordereddict_datetime":
            return collections.OrderedDict(created=WHEN, n=1)
        if kind == "defaultdict":
            counts = collections.defaultdict(int)
            for word in "the cat the hat".split():
                counts[word] += 1
            return counts
        if kind == "counter":
            return collections.Counter("abracadabra")
        if kind == "namedtuple_datetime":
            return Segment(0.0, 1.5, WHEN)
        if kind == "namedtuple_in_dict":
            return {"segments": [Segment(0.0, 1.5, WHEN), Segment(1.5, 3.0, WHEN)], "point": Point(1, 2)}
        if kind == "enum_date_value":
            return {"release": Release.V2}
        if kind == "enum_date_value_top":
            return Release.V1
        if kind == "dict_method":
            return Detections([[0, 0, 10, 10], [5, 5, 20, 20]])
        if kind == "dict_method_in_list":
            return {"results": [Detections([[1, 2, 3, 4]])]}
        if kind == "pydantic_decimal":
            return Invoice(item="gpu-hour", price=Decimal("1.25"))
        if kind == "deep_nested":
            return {"l1": {"l2": [{"l3": {"l4": {"l5": [1, 2.5, None, True, "s", (3, 4), {5}, WHEN,
                                                          Span(1, 2), {"k": [dt.datetime(2020, 1, 1)]}]}}}]},
                    "meta": {"version": 2, "flags": frozenset(["x"])}}
        if kind == "deep_nested_bad":
            return {"l1": {"l2": [{"l3": {"l4": {"l5": [1, dt.date(2020, 1, 1)]}}}]}}
        if kind == "range":
            return range(3)
        if kind == "range_in_dict":
            return {"steps": range(3)}
        if kind == "class_object":
            return str
        if kind == "str_subclass":
            return Tag("portrait")
        if kind == "str_subclass_in_dict":
            return {"tag": Tag("landscape"), "count": Count(7)}
        if kind == "int_subclass":
            return Count(3)
        if kind == "bool_top":
            return True
        if kind == "generator_expression":
            return (i * i for i in range(4))
        if kind == "list_of_tuples":
            return [("cat", 0.9), ("dog", 0.1)]
        if kind == "list_datetimes":
            return [WHEN, dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)]
        if kind == "list_nested_bad":
            return [{"ok": WHEN}, {"bad": dt.date(2020, 1, 1)}]
        if kind == "empty_containers":
            return {"list": [], "tuple": (), "dict": {}, "set": set()}
        if kind == "dict_mixed_keys":
            return {"b": 1, "a": {"z": 1, "y": 2}, "10": 3, "9": 4, "B": 5}
        if kind == "dict_items_view":
            return {"keys": {"a": 1, "b": 2}.keys()}
        raise ValueError(f"unknown kind {kind!r}")
