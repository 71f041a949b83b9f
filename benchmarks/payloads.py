"""The schemas and payloads the benchmarks decode: a chat app's events.

Each schema exists twice, as msgspec Structs and as pydantic models, so both
backends decode the same bytes. Payloads come in three sizes: one event
(about 150 B), a page of events (about 2 KB) and a history (about 100 KB).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, cast

import msgspec
import pydantic


class User(msgspec.Struct):
    id: int
    name: str


class Chat(msgspec.Struct, tag_field="kind", tag="chat"):
    room: str
    user: User
    text: str
    sent_at: float
    tags: list[str]


class Join(msgspec.Struct, tag_field="kind", tag="join"):
    room: str
    user: User


class Leave(msgspec.Struct, tag_field="kind", tag="leave"):
    room: str
    user: User
    reason: str


Event = Chat | Join | Leave


class Page(msgspec.Struct):
    events: list[Chat]


class UserModel(pydantic.BaseModel):
    id: int
    name: str


class ChatModel(pydantic.BaseModel):
    kind: Literal["chat"] = "chat"
    room: str
    user: UserModel
    text: str
    sent_at: float
    tags: list[str]


class JoinModel(pydantic.BaseModel):
    kind: Literal["join"] = "join"
    room: str
    user: UserModel


class LeaveModel(pydantic.BaseModel):
    kind: Literal["leave"] = "leave"
    room: str
    user: UserModel
    reason: str


EventModel = Annotated[ChatModel | JoinModel | LeaveModel, pydantic.Field(discriminator="kind")]


class PageModel(pydantic.BaseModel):
    events: list[ChatModel]


def chat(index: int) -> dict[str, Any]:
    return {
        "kind": "chat",
        "room": "general",
        "user": {"id": 1000 + index, "name": f"user{index}"},
        "text": f"message number {index}, hello",
        "sent_at": 1_767_225_600.25 + index,
        "tags": ["greeting", "en"],
    }


def page(count: int) -> dict[str, Any]:
    return {"events": [chat(i) for i in range(count)]}


def dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


#: One chat event: about 150 B.
CHAT_150B = dumps(chat(7))
#: A page of events: about 2 KB.
PAGE_2KB = dumps(page(13))
#: A history: about 100 KB.
PAGE_100KB = dumps(page(660))
#: One event of each kind, for the union rows.
EVENTS = [
    CHAT_150B,
    dumps({"kind": "join", "room": "general", "user": {"id": 1, "name": "ada"}}),
    dumps({"kind": "leave", "room": "general", "user": {"id": 1, "name": "ada"}, "reason": "bye"}),
]


def check_chat(obj: Any) -> dict[str, Any]:
    """What a handler author writes today without a schema library."""
    if not isinstance(obj, dict):
        raise ValueError("not a chat event")
    event = cast("dict[str, Any]", obj)
    if event.get("kind") != "chat":
        raise ValueError("not a chat event")
    user: Any = event.get("user")
    if not (
        isinstance(event.get("room"), str)
        and isinstance(user, dict)
        and isinstance(user.get("id"), int)  # pyright: ignore[reportUnknownMemberType]
        and isinstance(user.get("name"), str)  # pyright: ignore[reportUnknownMemberType]
        and isinstance(event.get("text"), str)
        and isinstance(event.get("sent_at"), (int, float))
        and isinstance(event.get("tags"), list)
        and all(isinstance(tag, str) for tag in event["tags"])
    ):
        raise ValueError("bad chat event")
    return event


def sizes() -> dict[str, int]:
    """The payload sizes in bytes, for the report."""
    return {
        "150 B": len(CHAT_150B.encode()),
        "2 KB": len(PAGE_2KB.encode()),
        "100 KB": len(PAGE_100KB.encode()),
    }


# Fail early if a payload no longer fits its schema.
msgspec.json.decode(PAGE_100KB, type=Page)
PageModel.model_validate_json(PAGE_2KB)
for _event in EVENTS:
    msgspec.json.decode(_event, type=Event)
    pydantic.TypeAdapter(EventModel).validate_json(_event)
