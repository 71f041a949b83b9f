"""Properties of the codecs over generated values and payloads."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Annotated, Any, Literal

import msgspec
from hypothesis import given, strategies as st
from pydantic import BaseModel, Field

from wsmessage import (
    BinaryMessage,
    DecodeError,
    JsonCodec,
    MessageError,
    MsgpackCodec,
    PayloadError,
    TextMessage,
    ValidationError,
    WSCloseCode,
)

# --- schemas ------------------------------------------------------------------------


class User(msgspec.Struct):
    id: int
    name: str


class Chat(msgspec.Struct, tag=True):
    user: User
    text: str
    score: float
    tags: list[str]
    reply_to: int | None = None


class Join(msgspec.Struct, tag=True):
    room: str


class PUser(BaseModel):
    id: int
    name: str


class PChat(BaseModel):
    kind: Literal["chat"] = "chat"
    user: PUser
    text: str
    score: float
    tags: list[str]
    reply_to: int | None = None


class PJoin(BaseModel):
    kind: Literal["join"] = "join"
    room: str


PEvent = Annotated[PChat | PJoin, Field(discriminator="kind")]


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Paint(msgspec.Struct, forbid_unknown_fields=True):
    color: Color
    shade: Literal["light", "dark"] = "light"


# --- strategies ---------------------------------------------------------------------

# What msgspec and pydantic read back exactly from both formats: 64-bit
# ints and finite floats.
ints = st.integers(-(2**63), 2**63 - 1)
floats = st.floats(allow_nan=False, allow_infinity=False)


def chats_of(chat: type[Any], user: type[Any]) -> st.SearchStrategy[Any]:
    """Chats, as msgspec Structs or as pydantic models: the same fields."""
    return st.builds(
        chat,
        user=st.builds(user, id=ints, name=st.text()),
        text=st.text(),
        score=floats,
        tags=st.lists(st.text(), max_size=4),
        reply_to=st.none() | ints,
    )


chats = chats_of(Chat, User)
events = chats | st.builds(Join, room=st.text())
p_events = chats_of(PChat, PUser) | st.builds(PJoin, room=st.text())

json_values = st.recursive(
    st.none() | st.booleans() | ints | floats | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)

# Schemas for both backends, for the junk properties.
SCHEMAS = [
    Chat,
    Chat | Join,
    list[Chat],
    dict[str, int],
    Paint,
    PChat,
    PEvent,
    list[PEvent],
    dict[str, PUser],
]
schemas = st.sampled_from(SCHEMAS)


def check_peer_error(err: MessageError) -> None:
    assert isinstance(err, DecodeError | ValidationError | PayloadError)
    assert isinstance(err.close_code, WSCloseCode)
    assert len(err.reason.encode("utf-8")) <= 123


# --- round trips --------------------------------------------------------------------


@given(st.lists(events, max_size=3))
def test_structs_round_trip_through_json_and_msgpack(values: list[Chat | Join]) -> None:
    json_codec = JsonCodec(list[Chat | Join])
    msgpack_codec = MsgpackCodec(list[Chat | Join])
    assert json_codec.decode(json_codec.encode(values)) == values
    assert json_codec.decode(json_codec.encode_binary(values)) == values
    assert msgpack_codec.decode(msgpack_codec.encode(values)) == values


@given(st.lists(p_events, max_size=3))
def test_pydantic_models_round_trip_through_json_and_msgpack(values: list[PChat | PJoin]) -> None:
    json_codec = JsonCodec(list[PEvent])
    msgpack_codec = MsgpackCodec(list[PEvent])
    assert json_codec.decode(json_codec.encode(values)) == values
    assert json_codec.decode(json_codec.encode_binary(values)) == values
    assert msgpack_codec.decode(msgpack_codec.encode(values)) == values


@given(chats)
def test_json_of_a_struct_reads_the_same_into_either_codec_and_json(value: Chat) -> None:
    message = JsonCodec(Chat).encode(value)
    assert message.json(Chat) == value
    assert BinaryMessage(message.data.encode()).json(Chat) == value


# --- junk -------------------------------------------------------------------------------


@given(schemas, st.text() | st.binary())
def test_junk_raises_only_peer_errors(schema: Any, payload: str | bytes) -> None:
    message = TextMessage(payload) if isinstance(payload, str) else BinaryMessage(payload)
    attempts: list[Callable[[], object]] = [
        lambda: JsonCodec(schema).decode(message),
        lambda: message.json(schema),
    ]
    if isinstance(message, BinaryMessage):
        attempts.append(lambda: MsgpackCodec(schema).decode(message))
    for attempt in attempts:
        try:
            attempt()
        except MessageError as err:
            check_peer_error(err)


@given(schemas, json_values)
def test_valid_json_is_a_value_or_a_validation_error(schema: Any, value: Any) -> None:
    encoded = msgspec.json.encode(value)
    for message in (TextMessage(encoded.decode()), BinaryMessage(encoded)):
        try:
            JsonCodec(schema).decode(message)
        except ValidationError as err:
            check_peer_error(err)
            assert err.errors
            for detail in err.errors:
                assert type(detail["loc"]) is tuple
                assert all(isinstance(step, str | int) for step in detail["loc"])
    try:
        MsgpackCodec(schema).decode(BinaryMessage(msgspec.msgpack.encode(value)))
    except ValidationError as err:
        check_peer_error(err)


@given(st.text(), st.integers(0, 64))
def test_max_size_refuses_exactly_the_payloads_over_it(text: str, max_size: int) -> None:
    payload = msgspec.json.encode(text)
    codec = JsonCodec(str, max_size=max_size)
    for message in (TextMessage(payload.decode()), BinaryMessage(payload)):
        try:
            decoded = codec.decode(message)
        except PayloadError as err:
            assert err.close_code is WSCloseCode.MESSAGE_TOO_BIG
            assert len(payload) > max_size
        else:
            assert len(payload) <= max_size
            assert decoded == text


# Any name msgspec allows for a field: no backslash, quote or control character.
field_names = st.text(
    st.characters(exclude_categories=["Cs", "Cc"], exclude_characters='\\"'), min_size=1
)


def without_separators(text: str) -> str:
    return text.replace(".", "").replace("[", "").replace("]", "")


@given(field_names)
def test_any_field_name_gives_a_location(name: str) -> None:
    odd = msgspec.defstruct("Odd", [("value", int, msgspec.field(name=name))])
    payload = msgspec.json.encode({name: "not an int"}).decode()
    try:
        JsonCodec(odd).decode(TextMessage(payload))
    except ValidationError as err:
        check_peer_error(err)
        (detail,) = err.errors
        assert type(detail["loc"]) is tuple
        # Dots and brackets in a name may read as steps; nothing else is
        # lost or made up.
        joined = "".join(map(str, detail["loc"]))
        assert without_separators(joined) == without_separators(name)
    else:
        raise AssertionError("a str was taken for an int")


@given(st.text(min_size=40))
def test_reasons_quote_at_most_an_excerpt_of_the_peers_text(peer: str) -> None:
    payloads = [
        msgspec.json.encode({"color": peer}),
        msgspec.json.encode({"color": "red", "shade": peer}),
        msgspec.json.encode({"color": "red", peer: 1}),
        msgspec.json.encode({"kind": peer}),
        msgspec.json.encode([{"kind": "join", "room": "r"}, {peer: [{"kind": peer}]}]),
    ]
    for payload in payloads:
        for schema in (Paint, PEvent, list[PEvent | dict[str, list[PEvent]]]):
            try:
                JsonCodec(schema).decode(BinaryMessage(payload))
            except MessageError as err:
                check_peer_error(err)
                assert peer[:40] not in err.reason
