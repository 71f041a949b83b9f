"""How user code sees typed decoding: checked by mypy and basedpyright against the stubs.

A schema is a type form (PEP 747): a class, a union, ``list[...]``, an
``Annotated`` union with a pydantic discriminator, a ``Literal``. Decoding
gives exactly that type; no schema gives ``Any``, as aiohttp's ``json()``.
An annotation that disagrees with the schema is an error.
"""

from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional, TypedDict

import msgspec
from pydantic import BaseModel, Field
from typing_extensions import assert_never, assert_type

from wsmessage import (
    BinaryMessage,
    Codec,
    JsonCodec,
    MsgpackCodec,
    PingMessage,
    TextMessage,
    WSMessage,
    WSMsgType,
)


class Chat(msgspec.Struct, tag=True):
    user: str
    text: str


class Join(msgspec.Struct, tag=True):
    room: str


class Leave(msgspec.Struct, tag=True):
    room: str


class Ack(msgspec.Struct):
    ok: bool


class PJoin(BaseModel):
    kind: Literal["join"]
    room: str


class PSay(BaseModel):
    kind: Literal["say"]
    text: str


class Point(TypedDict):
    x: int
    y: int


@dataclass
class Pixel:
    x: int
    y: int


PEvent = Annotated[PJoin | PSay, Field(discriminator="kind")]


def json_with_a_schema(text: TextMessage, binary: BinaryMessage) -> None:
    assert_type(text.json(), Any)
    assert_type(text.json(loads=lambda s: s), Any)
    assert_type(text.json(None), Any)
    assert_type(text.json(Chat), Chat)
    assert_type(text.json(Chat).user, str)
    assert_type(binary.json(Chat), Chat)
    assert_type(text.json(PJoin), PJoin)
    assert_type(text.json(Point), Point)
    assert_type(text.json(Pixel), Pixel)
    assert_type(text.json(list[Chat]), list[Chat])
    assert_type(text.json(dict[str, int]), dict[str, int])
    assert_type(text.json(Chat | Join), Chat | Join)
    assert_type(binary.json(Chat | Join | Leave), Chat | Join | Leave)
    assert_type(text.json(Optional[Join]), Join | None)  # noqa: UP045 (the special form is the point)
    assert_type(text.json(PEvent), PJoin | PSay)
    assert_type(text.json(list[PEvent]), list[PJoin | PSay])
    assert_type(text.json(Literal["on", "off"]), Literal["on", "off"])
    assert_type(text.json(Chat | PJoin), Chat | PJoin)


def json_codec(text: TextMessage, binary: BinaryMessage, chat: Chat) -> None:
    codec = JsonCodec(Chat)
    assert_type(codec, JsonCodec[Chat])
    assert_type(JsonCodec(Chat, max_size=1024), JsonCodec[Chat])
    assert_type(codec.decode(text), Chat)
    assert_type(codec.decode(binary), Chat)
    assert_type(codec.encode(chat), TextMessage)
    assert_type(codec.encode_binary(chat), BinaryMessage)
    assert_type(codec.schema, object)
    assert_type(codec.max_size, int | None)
    assert_type(JsonCodec(list[PJoin]).decode(text), list[PJoin])
    assert_type(JsonCodec(Chat | Join), JsonCodec[Chat | Join])
    assert_type(JsonCodec(Chat | Join).decode(text), Chat | Join)
    assert_type(JsonCodec(PEvent), JsonCodec[PJoin | PSay])
    assert_type(JsonCodec(PEvent).decode(binary), PJoin | PSay)
    assert_type(JsonCodec(Point).decode(text), Point)


def msgpack_codec(binary: BinaryMessage, chat: Chat) -> None:
    codec = MsgpackCodec(Chat)
    assert_type(codec, MsgpackCodec[Chat])
    assert_type(codec.decode(binary), Chat)
    assert_type(codec.encode(chat), BinaryMessage)
    assert_type(MsgpackCodec(PJoin).encode(PJoin(kind="join", room="r")), BinaryMessage)
    assert_type(MsgpackCodec(Chat | Join).decode(binary), Chat | Join)
    assert_type(MsgpackCodec(PEvent), MsgpackCodec[PJoin | PSay])


def either_codec(codec: Codec[Chat], binary: BinaryMessage) -> None:
    assert_type(codec.decode(binary), Chat)
    assert_type(codec.encode(Chat("a", "b")), TextMessage | BinaryMessage)
    either_codec(JsonCodec(Chat), binary)
    either_codec(MsgpackCodec(Chat), binary)


def annotated_codec_variables(text: TextMessage) -> Chat | Join:
    codec: JsonCodec[Chat] = JsonCodec(Chat)
    events: JsonCodec[Chat | Join] = JsonCodec(Chat | Join)
    codec.decode(text)
    return events.decode(text)


def narrow_then_decode(msg: WSMessage) -> Chat | None:
    if msg.type is WSMsgType.TEXT or msg.type is WSMsgType.BINARY:
        return JsonCodec(Chat).decode(msg)
    return None


def route(text: TextMessage) -> str:
    event = JsonCodec(Chat | Join | Leave).decode(text)
    match event:
        case Chat(text=said):
            return said
        case Join(room=room) | Leave(room=room):
            return room
        case _:
            assert_never(event)


# --- must fail -------------------------------------------------------------------


def a_missing_kind_is_an_error(text: TextMessage) -> str:
    event = JsonCodec(Chat | Join | Leave).decode(text)
    match event:
        case Chat(text=said):
            return said
        case Join(room=room):
            return room
        case _:
            assert_never(event)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def annotations_that_disagree_with_the_schema() -> None:
    _wrong: JsonCodec[Ack] = JsonCodec(Join)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType]
    _fewer: JsonCodec[Chat | Join] = JsonCodec(Chat | Join | Leave)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType]
    _packed: MsgpackCodec[Ack] = MsgpackCodec(PEvent)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType]


def must_fail(msg: WSMessage, text: TextMessage, ping: PingMessage, binary: BinaryMessage) -> None:
    _wrong: str = text.json(Chat)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    _union: Chat = text.json(Chat | Join)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    ping.json(Chat)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    text.json(Chat).room  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    JsonCodec(Chat).decode(text).room  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    text.json(Chat, loads=lambda s: s)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    # loads is keyword-only, as aiohttp's is (the runtime also takes it by position).
    text.json(None, str)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    JsonCodec(Chat).encode("not a chat")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    JsonCodec(Chat | Join).encode(Leave("r"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    JsonCodec(Chat).encode_binary(PJoin(kind="join", room="r"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    MsgpackCodec(Chat).decode(text)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    JsonCodec(Chat).decode(ping)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    JsonCodec(Chat).decode(msg)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    JsonCodec(Chat, max_size="1 MB")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    _text_again: TextMessage = MsgpackCodec(Chat).encode(Chat("a", "b"))  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    # Under mypy only: pyright reports abstract classes only when made with ABCMeta.
    Codec(Chat)  # type: ignore[abstract]
