"""wsmessage.Endpoint without a socket: the declaration, the codecs, the JSON Schema.

Its path is tested in test_path.py, its routing in test_router.py, and
tests/integration/test_endpoint.py runs it on real servers and clients.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from wsmessage import (
    BinaryMessage,
    ContinuationMessage,
    DecodeError,
    Endpoint,
    PayloadError,
    PingMessage,
    TextMessage,
    ValidationError,
    WSMessage,
)

from .endpoint_schemas import CHAT, Join, Login, Logout, Point, Said, Say, Session, Tick

# --- the declaration ---------------------------------------------------------------


def test_what_others_read() -> None:
    chat = Endpoint(
        "/ws/chat/{room}/{user}",
        receives=Join | Say,
        sends=Said,
        max_size=100,
        title="Chat",
        description="a room",
    )
    assert chat.path == "/ws/chat/{room}/{user}"
    assert chat.path_parameters == ("room", "user")
    assert chat.receives == Join | Say
    assert chat.sends is Said
    assert (chat.format, chat.max_size, chat.title, chat.description) == (
        "json",
        100,
        "Chat",
        "a room",
    )
    for name in ("receives", "sends", "format", "max_size", "title", "path"):
        with pytest.raises(AttributeError):
            setattr(chat, name, None)  # the codecs are built from them: read only
    assert repr(chat) == (
        "Endpoint('/ws/chat/{room}/{user}', receives=tests.unit.endpoint_schemas.Join"
        " | tests.unit.endpoint_schemas.Say, sends=Said, format='json', max_size=100)"
    )


@pytest.mark.parametrize(
    ("path", "match"),
    [
        ("ws/chat", "path must start with '/'"),
        ("", "path must start with '/'"),
        ("/ws/{room", "unbalanced brace"),
        ("/ws/room}", "unbalanced brace"),
        ("/ws/{{room}}", "unbalanced brace"),
        ("/ws/{}", "an empty {}"),
        ("/ws/{room}/{room}", "names {room} twice"),
        ("/ws/{1st}", "parameter {1st}: not an identifier"),
        ("/ws/{a-b}", "parameter {a-b}: not an identifier"),
        ("/ws/chat room", "whitespace or control characters"),
        ("/ws/\x00", "whitespace or control characters"),
    ],
)
def test_a_path_that_is_no_template_is_a_value_error(path: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Endpoint(path, receives=Join, sends=Said)


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"path": b"/ws"}, TypeError, "path must be a str, not bytes"),
        ({"format": "xml"}, ValueError, "format must be 'json' or 'msgpack', not 'xml'"),
        ({"format": "JSON"}, ValueError, "format must be 'json' or 'msgpack'"),
        ({"format": None}, TypeError, "format must be 'json' or 'msgpack', not NoneType"),
        ({"max_size": -1}, ValueError, "max_size must be at least 0"),
        ({"max_size": 1.5}, TypeError, "max_size must be an int or None"),
        ({"max_size": True}, TypeError, "max_size must be an int or None"),
        ({"title": 1}, TypeError, "title must be a str or None"),
        ({"description": b"x"}, TypeError, "description must be a str or None"),
        ({"receives": object}, TypeError, "unsupported schema object"),
        ({"sends": dict[str, object]}, TypeError, "unsupported schema"),
        ({"receives": Join, "format": "msgpack", "sends": object}, TypeError, "unsupported"),
    ],
)
def test_a_bad_declaration_fails_when_the_endpoint_is_made(
    arguments: dict[str, Any], error: type[Exception], match: str
) -> None:
    given: dict[str, Any] = {"path": "/ws", "receives": Join, "sends": Said, **arguments}
    with pytest.raises(error, match=match):
        Endpoint(given.pop("path"), **given)


# --- the peer's view ---------------------------------------------------------------


def test_client_swaps_receives_and_sends() -> None:
    client = CHAT.client
    assert client.receives is Said
    assert client.sends == Join | Say
    assert (client.path, client.format, client.max_size) == (CHAT.path, "json", 64)
    assert client.client is CHAT
    assert CHAT.client is client  # made once
    assert client.decode(CHAT.encode(Said("ada", "hi"))) == Said("ada", "hi")
    assert CHAT.decode(client.encode(Join("ada"))) == Join("ada")


# --- decode and encode -------------------------------------------------------------

MSGPACK = Endpoint("/ws", receives=Join | Say, sends=Said, format="msgpack", max_size=64)


def test_json_is_text_frames() -> None:
    assert CHAT.decode(TextMessage('{"type":"say","text":"hi"}')) == Say("hi")
    assert CHAT.encode(Said("ada", "hi")) == TextMessage('{"type":"said","name":"ada","text":"hi"}')


def test_msgpack_is_binary_frames() -> None:
    payload = msgspec.msgpack.encode(Join("ada"))
    assert MSGPACK.decode(BinaryMessage(payload)) == Join("ada")
    assert MSGPACK.encode(Said("a", "b")) == BinaryMessage(msgspec.msgpack.encode(Said("a", "b")))


# (endpoint, message, error, close code, reason)
REFUSED: list[tuple[Endpoint[Any, Any], WSMessage, type[Exception], int, str]] = [
    (CHAT, BinaryMessage(b'{"type":"say","text":"hi"}'), PayloadError, 1003,
     "cannot decode JSON from a binary message"),
    (CHAT, PingMessage(b""), PayloadError, 1003, "cannot decode JSON from a ping message"),
    (CHAT, ContinuationMessage(b"x"), PayloadError, 1003,
     "cannot decode JSON from a continuation message"),
    (MSGPACK, TextMessage("{}"), PayloadError, 1003, "cannot decode msgpack from a text message"),
    (CHAT, TextMessage('{"type":"say","text":"' + "x" * 64 + '"}'), PayloadError, 1009,
     "payload is over the 64 bytes allowed"),
    (MSGPACK, BinaryMessage(b"\x00" * 65), PayloadError, 1009,
     "payload is over the 64 bytes allowed"),
    (CHAT, TextMessage("{"), DecodeError, 1007, "invalid JSON: truncated"),
    (CHAT, TextMessage('{"type":"shout"}'), ValidationError, 1008,
     "type: unknown tag"),
    (MSGPACK, BinaryMessage(b"\xc1"), DecodeError, 1007,
     "invalid msgpack: invalid opcode '\\xc1' at byte 0"),
]  # fmt: skip


@pytest.mark.parametrize(("endpoint", "msg", "error", "code", "reason"), REFUSED)
def test_decode_refuses_as_the_codecs_do(
    endpoint: Endpoint[Any, Any], msg: WSMessage, error: type[Exception], code: int, reason: str
) -> None:
    with pytest.raises(error) as info:
        endpoint.decode(msg)
    assert isinstance(info.value, PayloadError | DecodeError | ValidationError)
    assert (info.value.close_code, info.value.reason) == (code, reason)


def test_decode_takes_only_messages() -> None:
    with pytest.raises(TypeError, match="expected a message, not str"):
        CHAT.decode("{}")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


@pytest.mark.parametrize(
    ("receives", "sends", "payload", "value"),
    [
        (Session, Login, '{"kind":"logout"}', Logout(kind="logout")),
        (Point, Point, '{"x":1,"y":2}', Point(1, 2)),
        (Tick, Tick, '{"n":3}', {"n": 3}),
        (list[Join], Said, '[{"type":"join","name":"a"}]', [Join("a")]),
        (Login | Point, Said, '{"kind":"login","user":"ada"}', Login(kind="login", user="ada")),
    ],
    ids=["pydantic union", "dataclass", "TypedDict", "list of Structs", "pydantic and dataclass"],
)
def test_every_schema_kind_the_codecs_take(
    receives: Any, sends: Any, payload: str, value: object
) -> None:
    endpoint = Endpoint("/ws", receives=receives, sends=sends)
    assert endpoint.decode(TextMessage(payload)) == value


# --- JSON Schema ---------------------------------------------------------------------

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def test_json_schema_of_a_tagged_msgspec_union() -> None:
    schema = CHAT.json_schema("receives")
    assert schema["$schema"] == DRAFT
    assert schema["anyOf"] == [{"$ref": "#/$defs/Join"}, {"$ref": "#/$defs/Say"}]
    assert schema["discriminator"]["mapping"] == {"join": "#/$defs/Join", "say": "#/$defs/Say"}
    assert set(schema["$defs"]) == {"Join", "Say"}
    assert CHAT.json_schema() == schema  # receives by default
    sends = CHAT.json_schema("sends")
    assert sends["$ref"] == "#/$defs/Said"


def test_json_schema_of_a_pydantic_discriminated_union() -> None:
    endpoint = Endpoint("/ws", receives=Session, sends=Login, title="auth", description="d")
    schema = endpoint.json_schema("receives")
    assert schema["$schema"] == DRAFT
    assert schema["discriminator"]["propertyName"] == "kind"
    assert set(schema["$defs"]) == {"Login", "Logout"}
    assert (schema["title"], schema["description"]) == ("auth", "d")
    assert endpoint.json_schema("sends")["properties"]["user"] == {
        "title": "User",
        "type": "string",
    }


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (Point, {"x": {"type": "integer"}, "y": {"type": "integer"}}),
        (Tick, {"n": {"type": "integer"}}),
    ],
)
def test_json_schema_of_dataclasses_and_typeddicts(schema: Any, expected: object) -> None:
    result = Endpoint("/ws", receives=schema, sends=schema).json_schema("receives")
    (definition,) = result["$defs"].values()
    assert definition["properties"] == expected


@pytest.mark.parametrize("direction", ["both", "", None, "RECEIVES"])
def test_json_schema_takes_a_direction(direction: Any) -> None:
    with pytest.raises(ValueError, match="direction must be 'receives' or 'sends'"):
        CHAT.json_schema(direction)


# --- the framework's own size limit --------------------------------------------------


def test_framework_max_size_leaves_room_for_the_endpoint_to_refuse() -> None:
    assert CHAT.framework_max_size == 2 * 64 + 64 * 1024
    assert Endpoint("/ws", receives=Join, sends=Said).framework_max_size is None
