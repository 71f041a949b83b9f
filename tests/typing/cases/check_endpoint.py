"""How applications see Endpoint: checked against the stubs.

The schemas are inferred from ``receives`` and ``sends``, with no
annotation: a union, a pydantic discriminated union, a list. Only what the
endpoint sends type-checks in ``send``; what ``receive`` yields is what it
receives; ``client`` swaps the two; and a ``match`` that forgets a kind
fails at ``assert_never``.
"""

from typing import Annotated, Any, Literal

import aiohttp
import msgspec
from aiohttp import web
from pydantic import BaseModel, Field
from starlette.websockets import WebSocket
from typing_extensions import assert_never, assert_type
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.server import ServerConnection

from wsmessage import BinaryMessage, Endpoint, Receiver, Router, TextMessage


class Join(msgspec.Struct, tag=True):
    name: str


class Say(msgspec.Struct, tag=True):
    text: str


class Said(msgspec.Struct, tag=True):
    name: str
    text: str


class Failed(msgspec.Struct, tag=True):
    reason: str


class Login(BaseModel):
    kind: Literal["login"]


class Logout(BaseModel):
    kind: Literal["logout"]


chat = Endpoint("/ws/chat/{room}", receives=Join | Say, sends=Said | Failed)
assert_type(chat, Endpoint[Join | Say, Said | Failed])
assert_type(chat.client, Endpoint[Said | Failed, Join | Say])
assert_type(chat.client.client, Endpoint[Join | Say, Said | Failed])

single = Endpoint("/ws", receives=Join, sends=Said, format="msgpack", max_size=1024)
assert_type(single, Endpoint[Join, Said])

auth = Endpoint(
    "/auth", receives=Annotated[Login | Logout, Field(discriminator="kind")], sends=list[Said]
)
assert_type(auth, Endpoint[Login | Logout, list[Said]])

assert_type(chat.path, str)
assert_type(chat.path_parameters, tuple[str, ...])
assert_type(chat.match("/ws/chat/lobby"), dict[str, str] | None)
assert_type(chat.format, Literal["json", "msgpack"])
assert_type(chat.max_size, int | None)
assert_type(chat.title, str | None)
assert_type(chat.framework_max_size, int | None)
assert_type(chat.decode(TextMessage("{}")), Join | Say)
assert_type(chat.encode(Said("ada", "hi")), TextMessage | BinaryMessage)
assert_type(chat.json_schema("sends"), dict[str, Any])


async def reply(event: Join | Say) -> Said | Failed:
    # The way to route by kind: match, with assert_never for the kinds left.
    match event:
        case Join(name=name):
            return Said(name, "joined")
        case Say(text=text):
            return Said("?", text)
        case _:
            assert_never(event)


async def server(ws: web.WebSocketResponse, websocket: WebSocket, request: web.Request) -> None:
    received = chat.receive(ws)
    assert_type(received, Receiver[Join | Say])
    async for event in received:
        assert_type(event, Join | Say)
        await chat.send(ws, await reply(event))
    assert_type(received.close_code, int | None)
    assert_type(received.close_reason, str | None)
    async for event in chat.receive(websocket, on_error="raise"):
        assert_type(event, Join | Say)
        await chat.send(websocket, Failed("no"))
    prepared = await chat.prepare(request)
    assert_type(prepared, web.WebSocketResponse)
    await chat.send(prepared, Said("ada", "hi"))


async def server_on_websockets(connection: ServerConnection) -> None:
    async for event in chat.receive(connection):
        assert_type(event, Join | Say)
        await chat.send(connection, Said("ada", "hi"))


async def clients(session: aiohttp.ClientWebSocketResponse, connection: ClientConnection) -> None:
    client = chat.client
    await client.send(session, Join("ada"))
    await client.send(connection, Say("hi"))
    async for heard in client.receive(connection):
        assert_type(heard, Said | Failed)


async def on_join(join: Join, room: str) -> None: ...
async def on_say(say: Say, room: str) -> None: ...


router = chat.router({Join: on_join, Say: on_say})
assert_type(router, Router[Join | Say])


async def routed(event: Join | Say) -> None:
    await router(event, "lobby")


# --- must fail -------------------------------------------------------------------


async def must_fail(ws: web.WebSocketResponse, event: Join | Say) -> None:
    await chat.send(ws, Join("ada"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await chat.client.send(ws, Said("ada", "hi"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    chat.encode(Say("hi"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    _wrong: Endpoint[Said, Join] = chat  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    async for received in chat.receive(ws):
        received.reason  # type: ignore[union-attr]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    chat.receive(object())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    chat.receive(ws, on_error="ignore")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    Endpoint("/ws", receives=Join, sends=Said, format="xml")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    chat.json_schema("both")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await router(Said("a", "b"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def forgets_a_kind(event: Join | Say) -> str:
    match event:
        case Join(name=name):
            return name
        case _:
            assert_never(event)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
