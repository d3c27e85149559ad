"""Outputs of the kinds real predictors return from `-> Any`."""

import dataclasses
import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Any, Optional

import numpy as np
import pydantic

import cog
from cog import BasePredictor, Input


class Color(str, enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 3


class Plain(enum.Enum):
    A = "a-value"
    B = 2


@dataclasses.dataclass
class Box:
    x: int
    y: float


@dataclasses.dataclass
class Detection:
    label: str
    score: float
    box: Box
    tags: list = dataclasses.field(default_factory=list)


class Author(pydantic.BaseModel):
    name: str
    joined: dt.datetime


class Document(pydantic.BaseModel):
    title: str
    created: dt.datetime
    day: dt.date
    author: Author
    reviewers: list[Author] = []
    note: Optional[str] = None


class CogResult(cog.BaseModel):
    caption: str
    when: dt.datetime
    score: float


class Opaque:
    def __init__(self):
        self.value = 1


NAIVE = dt.datetime(2024, 5, 17, 13, 45, 30, 123456)
UTC = dt.datetime(2024, 5, 17, 13, 45, 30, tzinfo=dt.timezone.utc)
OFFSET = dt.datetime(2024, 5, 17, 13, 45, 30, 500000, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))


class Predictor(BasePredictor):
    def predict(self, kind: str = Input(description="which output to return", default="datetime_naive")) -> Any:
        if kind == "datetime_naive":
            return {"at": NAIVE}
        if kind == "datetime_utc":
            return {"at": UTC}
        if kind == "datetime_offset":
            return {"at": OFFSET, "negative": dt.datetime(2020, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-8)))}
        if kind == "datetime_top":
            return UTC
        if kind == "date":
            return {"date": dt.date(2024, 2, 29)}
        if kind == "time":
            return {"time": dt.time(7, 8, 9), "time_us": dt.time(23, 59, 59, 999)}
        if kind == "timedelta":
            return {"elapsed": dt.timedelta(seconds=90, microseconds=250000), "days": dt.timedelta(days=2, hours=3)}
        if kind == "decimal":
            return {"price": Decimal("19.99"), "tiny": Decimal("1E-10"), "big": Decimal("12345678901234567890.5")}
        if kind == "uuid":
            return {"id": uuid.UUID("12345678-1234-5678-1234-567812345678")}
        if kind == "set":
            return {"tags": {3, 1, 2}}
        if kind == "set_str":
            return {"tags": {"b"}}
        if kind == "frozenset":
            return {"tags": frozenset({"only"})}
        if kind == "tuple":
            return {"shape": (512, 512, 3), "pair": ("a", 1.5)}
        if kind == "tuple_top":
            return (1, "two", 3.0)
        if kind == "str_enum":
            return {"color": Color.RED, "list": [Color.GREEN]}
        if kind == "int_enum":
            return {"level": Level.HIGH}
        if kind == "plain_enum":
            return {"a": Plain.A, "b": Plain.B}
        if kind == "dict_keys":
            return {1: "int", 2.5: "float", None: "none", True: "bool"}
        if kind == "dict_int_keys":
            return {10: "ten", 2: "two"}
        if kind == "dataclass":
            return Detection(label="cat", score=0.97, box=Box(10, 20.5), tags=["pet", "animal"])
        if kind == "dataclass_list":
            return [Detection("a", 0.5, Box(1, 2.0)), Detection("b", 0.25, Box(3, 4.0))]
        if kind == "pydantic":
            return Author(name="Zoë", joined=OFFSET)
        if kind == "pydantic_nested":
            a = Author(name="Zoë", joined=UTC)
            return Document(title="Report", created=NAIVE, day=dt.date(2024, 1, 2), author=a,
                            reviewers=[Author(name="Li", joined=OFFSET)])
        if kind == "pydantic_in_dict":
            return {"doc": Author(name="Ana", joined=NAIVE), "n": 1}
        if kind == "cog_basemodel":
            return CogResult(caption="a dog on a beach", when=UTC, score=0.5)
        if kind == "numpy_scalars":
            return {"f32": np.float32(0.1), "i64": np.int64(42), "f64": np.float64(2.5)}
        if kind == "numpy_bool":
            return {"b": np.bool_(True)}
        if kind == "numpy_float32_array":
            return {"probs": np.array([0.1, 0.2], dtype=np.float32)}
        if kind == "numpy_array":
            return {"embedding": np.array([0.5, 1.5, 2.25])}
        if kind == "numpy_array_2d":
            return np.arange(6, dtype=np.int64).reshape(2, 3)
        if kind == "numpy_float32_top":
            return np.float32(3.25)
        if kind == "bytes":
            return {"data": b"\x89PNG\r\n"}
        if kind == "bytes_top":
            return b"raw bytes"
        if kind == "object":
            return {"thing": Opaque()}
        if kind == "nan":
            return {"nan": float("nan")}
        if kind == "inf":
            return {"inf": float("inf"), "ninf": float("-inf")}
        if kind == "big_int":
            return {"big": 2 ** 64 + 1, "bigger": 10 ** 30, "neg": -(2 ** 63) - 1}
        if kind == "float_forms":
            return {"third": 1 / 3, "tiny": 1e-300, "huge": 1.5e300, "whole": 2.0, "neg0": -0.0}
        if kind == "none":
            return None
        if kind == "nested_mix":
            return {"items": [{"t": (1, 2), "when": UTC}, Color.GREEN, None, True, Box(1, 2.0)]}
        if kind == "string_escapes":
            return {"s": "tab\tnl\nquote\" back\\ ctrl\x01 del\x7f <>&'", "u": "\u2028\u2029"}
        raise ValueError(f"unknown kind {kind!r}")
