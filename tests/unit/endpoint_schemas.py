"""Schemas of every kind the codecs take, and an endpoint made of them, for the Endpoint tests."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

import msgspec
import pydantic
from typing_extensions import TypedDict

from wsmessage import Endpoint


class Join(msgspec.Struct, tag="join"):
    name: str


class Say(msgspec.Struct, tag="say"):
    text: str


class Said(msgspec.Struct, tag="said"):
    name: str
    text: str


class Login(pydantic.BaseModel):
    kind: Literal["login"]
    user: str


class Logout(pydantic.BaseModel):
    kind: Literal["logout"]


Session = Annotated[Login | Logout, pydantic.Field(discriminator="kind")]


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Tick(TypedDict):
    n: int


CHAT = Endpoint("/ws/chat/{room}", receives=Join | Say, sends=Said, max_size=64)
