"""How user code sees typed decoding: checked by mypy against the shipped stubs.

As msgspec's decoders do: a class as the schema gives its instances, no
schema gives ``Any``, and any other schema (a union, an Annotated alias)
gives ``Any`` too.
"""

from typing import Annotated, Any, Optional, TypedDict

import msgspec
from pydantic import BaseModel, Field
from typing_extensions import assert_type

from wsmessage import (
    BinaryMessage,
    JsonCodec,
    MsgpackCodec,
    PingMessage,
    TextMessage,
    WSMessage,
    WSMsgType,
)


class Chat(msgspec.Struct):
    user: str
    text: str


class Join(BaseModel):
    kind: str
    room: str


class Point(TypedDict):
    x: int
    y: int


Event = Annotated[Chat | Join, Field(discriminator="kind")]


def json_with_a_schema(text: TextMessage, binary: BinaryMessage) -> None:
    assert_type(text.json(), Any)
    assert_type(text.json(loads=lambda s: s), Any)
    assert_type(text.json(Chat), Chat)
    assert_type(text.json(Chat).user, str)
    assert_type(binary.json(Chat), Chat)
    assert_type(text.json(Join), Join)
    assert_type(text.json(list[Chat]), list[Chat])
    assert_type(text.json(dict[str, int]), dict[str, int])
    assert_type(text.json(Point), Point)
    assert_type(text.json(Optional[Join]), Any)  # noqa: UP045 (the special form is the point)
    assert_type(text.json(Event), Any)
    # mypy reads `A | B` in an expression as `UnionType | type[A]`, so a union
    # schema gives `Any | A`; msgspec's decoders give the same.
    assert_type(text.json(Chat | Join), Any | Chat)


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
    assert_type(JsonCodec(list[Join]).decode(text), list[Join])
    assert_type(JsonCodec(Event), JsonCodec[Any])
    assert_type(JsonCodec(Event).decode(text), Any)


def msgpack_codec(binary: BinaryMessage, chat: Chat) -> None:
    codec = MsgpackCodec(Chat)
    assert_type(codec, MsgpackCodec[Chat])
    assert_type(codec.decode(binary), Chat)
    assert_type(codec.encode(chat), BinaryMessage)
    assert_type(MsgpackCodec(Join).encode(Join(kind="join", room="r")), BinaryMessage)


def annotated_codec_variable(text: TextMessage) -> Chat:
    codec: JsonCodec[Chat] = JsonCodec(Chat)
    return codec.decode(text)


def narrow_then_decode(msg: WSMessage) -> Chat | None:
    if msg.type is WSMsgType.TEXT or msg.type is WSMsgType.BINARY:
        return JsonCodec(Chat).decode(msg)
    return None


# --- must fail -------------------------------------------------------------------


def must_fail(msg: WSMessage, text: TextMessage, ping: PingMessage, binary: BinaryMessage) -> None:
    wrong: str = text.json(Chat)  # type: ignore[assignment]
    ping.json(Chat)  # type: ignore[attr-defined]
    text.json(Chat).room  # type: ignore[attr-defined]
    JsonCodec(Chat).decode(text).room  # type: ignore[attr-defined]
    text.json(Chat, loads=lambda s: s)  # type: ignore[call-overload]
    JsonCodec(Chat).encode("not a chat")  # type: ignore[arg-type]
    JsonCodec(Chat).encode_binary(Join(kind="join", room="r"))  # type: ignore[arg-type]
    MsgpackCodec(Chat).decode(text)  # type: ignore[arg-type]
    JsonCodec(Chat).decode(ping)  # type: ignore[arg-type]
    JsonCodec(Chat).decode(msg)  # type: ignore[arg-type]
    JsonCodec(Chat, max_size="1 MB")  # type: ignore[call-overload]
    text_again: TextMessage = MsgpackCodec(Chat).encode(Chat("a", "b"))  # type: ignore[assignment]
