"""wsmessage._json_schema: JSON Schema whichever backend decodes a schema, and a union's members.

The AsyncAPI generator builds on both; tests/unit/test_endpoint.py checks
them through Endpoint.json_schema.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal, Union

import msgspec
import pydantic
import pytest
from typing_extensions import TypedDict

from wsmessage._json_schema import json_schema, members


class Join(msgspec.Struct, tag="join"):
    name: str


class Say(msgspec.Struct, tag_field="kind", tag=2):
    text: str


class Plain(msgspec.Struct):
    x: int


class Login(pydantic.BaseModel):
    kind: Literal["login"]


class Logout(pydantic.BaseModel):
    kind: Annotated[Literal["logout"], pydantic.Field(description="the tag")]


@pydantic.dataclasses.dataclass
class Refresh:
    kind: Literal["refresh"]


@dataclasses.dataclass
class Point:
    x: int


class Tick(TypedDict):
    n: int


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (Join | Say, [("join", Join), ("2", Say)]),
        (Union[Join, Plain], [("join", Join), ("Plain", Plain)]),  # noqa: UP007
        (Annotated[Login | Logout | Refresh, pydantic.Field(discriminator="kind")],
         [("login", Login), ("logout", Logout), ("refresh", Refresh)]),
        (Login | Logout, [("Login", Login), ("Logout", Logout)]),  # no discriminator: names
        (Point | Tick, [("Point", Point), ("Tick", Tick)]),
        (Join, [("join", Join)]),
        (Point, [("Point", Point)]),
        (Annotated[Join | Annotated[Say | Plain, "inner"], "outer"],
         [("join", Join), ("2", Say), ("Plain", Plain)]),
        (list[Join], [("list[tests.unit.test_json_schema.Join]", list[Join])]),
    ],
)  # fmt: skip
def test_members_with_their_message_names(schema: object, expected: object) -> None:
    assert members(schema) == expected


@pytest.mark.parametrize(
    ("schema", "title"),
    [(Plain, "Plain"), (Login, "Login"), (Point, "Point"), (Tick, "Tick")],
)
def test_json_schema_for_each_backend(schema: object, title: str) -> None:
    result = json_schema(schema)
    assert "$schema" not in result
    definition = result["$defs"][title] if "$defs" in result else result
    assert definition["title"] == title
    assert definition["type"] == "object"


def test_pydantic_modes() -> None:
    class Stamp(pydantic.BaseModel):
        n: int = 0

        @pydantic.computed_field  # type: ignore[prop-decorator]
        @property
        def double(self) -> int:
            return 2 * self.n

    assert "double" not in json_schema(Stamp, "validation")["properties"]
    assert "double" in json_schema(Stamp, "serialization")["properties"]


def test_a_schema_with_no_json_schema_is_a_type_error() -> None:
    class Opaque:
        pass

    with pytest.raises(TypeError, match=r"no JSON schema for list\[.*Opaque\]"):
        json_schema(list[Opaque])
