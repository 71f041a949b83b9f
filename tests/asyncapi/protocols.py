"""Endpoints whose AsyncAPI documents the tests check: every kind of schema a codec takes.

msgspec tagged unions, pydantic discriminated unions, dataclasses,
TypedDicts, nested and recursive models, tuples, optional fields, enums,
a msgpack endpoint, members that are no classes, and a class both received
and sent. Each schema's members are told apart by their payloads (a tag or
their JSON type), as AsyncAPI asks of a channel's messages.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Annotated, Any, Literal

import msgspec
import pydantic
from typing_extensions import NotRequired, TypedDict

from wsmessage import Endpoint

# --- msgspec: a tagged union, nested Structs, tuples, optional fields, enums ----------


class Mood(enum.Enum):
    HAPPY = "happy"
    GRUMPY = "grumpy"


class Priority(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Profile(msgspec.Struct):
    """Who a member is, as others see them."""

    nickname: str
    mood: Mood = Mood.HAPPY
    languages: list[str] = []


class Join(msgspec.Struct, tag_field="type", tag="join"):
    """Join the room under a name.

    A client's first message; anything else first closes the connection.
    """

    name: str
    profile: Profile | None = None


class Say(msgspec.Struct, tag_field="type", tag="say"):
    """Say something to everyone in the room."""

    text: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    priority: Priority = Priority.LOW
    position: tuple[int, int] | None = None


class Welcome(msgspec.Struct, tag_field="type", tag="welcome"):
    """The room greets a newcomer."""

    name: str
    members: Annotated[int, msgspec.Meta(ge=1)]
    profiles: dict[str, Profile] = {}


class Said(msgspec.Struct, tag_field="type", tag="said"):
    name: str
    text: str
    at: tuple[float, str]


chat = Endpoint(
    "/ws/chat/{room}",
    receives=Join | Say,
    sends=Welcome | Said,
    title="Chat",
    description="One room per path.",
)

# --- pydantic: a discriminated union, a computed field, examples on the class -------


class Address(pydantic.BaseModel):
    street: str
    city: str


class Login(pydantic.BaseModel):
    """Log in with a user name."""

    model_config = pydantic.ConfigDict(
        json_schema_extra={"examples": [{"kind": "login", "user": "ada", "home": None}]}
    )

    kind: Literal["login"]
    user: str = pydantic.Field(min_length=1)
    home: Address | None = None


class Logout(pydantic.BaseModel):
    kind: Literal["logout"]
    everywhere: bool = False


class Session(pydantic.BaseModel):
    """The session a login opened."""

    kind: Literal["session"] = "session"
    user: str
    mood: Mood
    pair: tuple[int, str]
    scopes: list[Literal["read", "write"]] = []

    @pydantic.computed_field  # type: ignore[prop-decorator]
    @property
    def shout(self) -> str:
        return self.user.upper()


class Denied(pydantic.BaseModel):
    kind: Literal["denied"] = "denied"
    reason: str


auth = Endpoint(
    "/ws/auth",
    receives=Annotated[Login | Logout, pydantic.Field(discriminator="kind")],
    sends=Annotated[Session | Denied, pydantic.Field(discriminator="kind")],
)

# --- dataclasses and TypedDicts ----------------------------------------------------------


@dataclasses.dataclass
class Move:
    """Move a piece."""

    piece: str
    to: tuple[int, int]
    promote: str | None = None


@dataclasses.dataclass
class Board:
    squares: list[list[str | None]]
    turn: Literal["white", "black"]


class Cursor(TypedDict):
    """Where a collaborator's cursor is."""

    line: int
    column: int
    selection: NotRequired[tuple[int, int]]


class Edit(TypedDict):
    line: int
    text: str


chess = Endpoint("/ws/chess/{game}/{player}", receives=Move, sends=Board)
editor = Endpoint("/ws/editor", receives=Cursor, sends=Edit)

# --- msgpack, recursion, members that are no classes, one class both ways ------------


class Subscribe(msgspec.Struct, tag_field="type", tag="subscribe"):
    symbols: list[str]


class Tick(msgspec.Struct, tag_field="type", tag="tick"):
    symbol: str
    price: float
    volume: Annotated[int, msgspec.Meta(ge=0)] = 0


class Tree(msgspec.Struct):
    """A tree of labels."""

    label: str
    children: list[Tree] = []


class Echo(msgspec.Struct, tag="echo"):
    text: str
    repeat: int = 1


ticks = Endpoint("/ws/ticks", receives=Subscribe, sends=Tick, format="msgpack")
trees = Endpoint("/ws/trees", receives=Tree, sends=list[Tree])
numbers = Endpoint("/ws/numbers", receives=int, sends=list[int])
echo = Endpoint("/ws/echo", receives=Echo, sends=Echo)


class Stamp(pydantic.BaseModel):
    """A stamp: read with ``n``, written with ``double`` as well."""

    n: int

    @pydantic.computed_field  # type: ignore[prop-decorator]
    @property
    def double(self) -> int:
        return 2 * self.n


stamps = Endpoint("/ws/stamps", receives=Stamp, sends=Stamp)

ALL: list[Endpoint[Any, Any]] = [chat, auth, chess, editor, ticks, trees, numbers, echo, stamps]
