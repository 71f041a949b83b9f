"""wsmessage.Endpoint without a socket: the declaration, the path, the codecs, the schema, routing.

tests/integration/test_endpoint.py runs it on real servers and clients.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

import msgspec
import pydantic
import pytest
from typing_extensions import TypedDict

from wsmessage import (
    BinaryMessage,
    ContinuationMessage,
    DecodeError,
    Endpoint,
    PayloadError,
    PingMessage,
    Router,
    TextMessage,
    ValidationError,
    WSMessage,
)

# --- schemas of every kind the codecs take -----------------------------------------


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
        "Endpoint('/ws/chat/{room}/{user}', receives=tests.unit.test_endpoint.Join"
        " | tests.unit.test_endpoint.Say, sends=Said, format='json', max_size=100)"
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


# --- the path ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "path", "expected"),
    [
        ("/ws/chat/{room}", "/ws/chat/lobby", {"room": "lobby"}),
        ("/ws/chat/{room}", "/ws/chat/a%20b", {"room": "a%20b"}),  # as given
        ("/ws/chat/{room}", "/ws/chat/", None),
        ("/ws/chat/{room}", "/ws/chat/a/b", None),
        ("/ws/chat/{room}", "/ws/chat/lobby/", None),
        ("/ws/chat/{room}", "/ws/chat/lobby?x=1", {"room": "lobby?x=1"}),
        ("/ws/{a}/{b}", "/ws/1/2", {"a": "1", "b": "2"}),
        ("/ws/{name}.json", "/ws/ada.json", {"name": "ada"}),
        ("/ws", "/ws", {}),
        ("/ws", "/WS", None),
        ("/ws.v1", "/wsxv1", None),  # a dot is a dot
        ("/ws/(x)+", "/ws/(x)+", {}),
    ],
)
def test_match(template: str, path: str, expected: dict[str, str] | None) -> None:
    assert Endpoint(template, receives=Join, sends=Said).match(path) == expected


@pytest.mark.parametrize("path", [None, b"/ws/chat/lobby", 7])
def test_match_takes_only_a_str(path: Any) -> None:
    assert CHAT.match(path) is None


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


# --- routing -------------------------------------------------------------------------


async def test_a_router_runs_the_handler_for_the_kind() -> None:
    heard: list[object] = []

    async def on_join(join: Join, room: str) -> str:
        heard.append((join, room))
        return "joined"

    def on_say(say: Say, room: str) -> None:  # a plain function does as well
        heard.append((say, room))

    router = CHAT.router({Join: on_join, Say: on_say})
    assert isinstance(router, Router)
    assert await router(Join("ada"), "lobby") == "joined"
    assert await router(Say("hi"), room="lobby") is None
    assert heard == [(Join("ada"), "lobby"), (Say("hi"), "lobby")]
    assert router.handlers == {Join: on_join, Say: on_say}


async def test_a_router_for_pydantic_members() -> None:
    async def handle(value: object) -> object:
        return value

    router = Endpoint("/ws", receives=Session, sends=Login).router({Login: handle, Logout: handle})
    assert await router(Logout(kind="logout")) == Logout(kind="logout")


async def noop(value: object) -> None:
    return None


@pytest.mark.parametrize(
    ("handlers", "error", "match"),
    [
        ({Join: noop}, ValueError, "no handler for Say"),
        ({}, ValueError, "no handler for Join, Say"),
        (
            {Join: noop, Say: noop, Said: noop},
            ValueError,
            "kinds the endpoint does not receive: Said",
        ),
        ({Join: noop, Say: "noop"}, TypeError, "the handler for Say is not callable"),
        ([(Join, noop), (Say, noop)], TypeError, "handlers must be a mapping, not list"),
    ],
)
def test_a_handler_table_is_checked_when_it_is_built(
    handlers: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        CHAT.router(handlers)


def test_a_schema_with_members_that_are_no_classes_cannot_be_routed() -> None:
    with pytest.raises(TypeError, match="cannot route list"):
        Endpoint("/ws", receives=list[Join] | Say, sends=Said).router({Say: noop})


async def test_a_router_refuses_a_value_of_no_kind_it_knows() -> None:
    router = CHAT.router({Join: noop, Say: noop})
    with pytest.raises(TypeError, match="no handler for Said"):
        await router(Said("a", "b"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
