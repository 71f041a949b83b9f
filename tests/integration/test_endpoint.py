"""Endpoint on every server and client it supports, on 127.0.0.1.

Servers: aiohttp; the websockets library's; Starlette and FastAPI under uvicorn, on both of its
WebSocket implementations (websockets' and wsproto). Clients: aiohttp's and
websockets', sending raw frames (the bad-peer table runs on every pair),
and typed clients written with ``endpoint.client``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import aiohttp
import msgspec
import pydantic
import pytest
from aiohttp import web
from fastapi import FastAPI, WebSocket
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket as StarletteWebSocket, WebSocketDisconnect
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from wsmessage import Endpoint
from wsmessage.starlette import send_encoded

from .conftest import within
from .endpoint_scenarios import CASES, CHAT, Case, ChatServer, Failed, Join, Said, Say, play

pytestmark = pytest.mark.slow

SERVERS = [
    "aiohttp",
    "websockets",
    "starlette-websockets",
    "starlette-wsproto",
    "fastapi-websockets",
    "fastapi-wsproto",
]
CLIENTS = ["aiohttp", "websockets"]

Serve = Callable[[ChatServer, Endpoint[Any, Any]], Awaitable[str]]


@pytest.fixture(params=SERVERS)
def serve(
    request: pytest.FixtureRequest,
    aiohttp_server: Callable[..., Awaitable[str]],
    asgi_server: Callable[..., Awaitable[str]],
    websockets_server: Callable[..., Awaitable[str]],
) -> Serve:
    """Start a ChatServer on one of the servers; returns the URL of the lobby."""
    kind: str = request.param

    async def start(server: ChatServer, endpoint: Endpoint[Any, Any]) -> str:
        if kind == "aiohttp":
            url = await aiohttp_server(server.aiohttp, endpoint.path)
            return url.replace("{room}", "lobby")
        if kind == "websockets":
            base = await websockets_server(server.websockets)
            return base + endpoint.path.replace("{room}", "lobby")
        framework, implementation = kind.split("-")
        ws = "wsproto" if implementation == "wsproto" else "websockets-sansio"
        app: Starlette | FastAPI
        if framework == "starlette":
            app = Starlette(routes=[WebSocketRoute(endpoint.path, server.starlette)])
        else:
            fastapi_app = FastAPI()

            @fastapi_app.websocket(endpoint.path)
            async def chat(websocket: WebSocket) -> None:
                await server.starlette(websocket)

            app = fastapi_app

        base = await asgi_server(app, ws)
        return base + endpoint.path.replace("{room}", "lobby")

    return start


# Each case with each client that can send it (some frames only aiohttp's client sends).
PAIRS = [(case, client) for case in CASES for client in CLIENTS if client in case.clients]


@pytest.mark.parametrize(
    ("case", "client"), PAIRS, ids=[f"{case.id}-{client}" for case, client in PAIRS]
)
async def test_bad_peers(
    case: Case, client: str, serve: Serve, request: pytest.FixtureRequest
) -> None:
    server = case.server()
    url = await serve(server, case.endpoint)
    await play(case, client, url, server, wsproto="wsproto" in request.node.callspec.id)


# --- typed clients, written with endpoint.client -------------------------------------


async def converse(ws: Any) -> tuple[list[Said | Failed], int | None]:
    """Talk as a client written against CHAT.client, on either library's connection."""
    client = CHAT.client
    await client.send(ws, Join("ada"))
    await client.send(ws, Say("hi"))
    heard: list[Said | Failed] = []
    replies = client.receive(ws)
    async for reply in replies:
        heard.append(reply)
        if len(heard) == 2:
            await client.send(ws, Say("x" * 300))  # over the server's max_size
    return heard, replies.close_code


async def typed_aiohttp_client(url: str) -> tuple[list[Said | Failed], int | None]:
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        return await converse(ws)


async def typed_websockets_client(url: str) -> tuple[list[Said | Failed], int | None]:
    async with connect(url) as ws:
        return await converse(ws)


TYPED_CLIENTS = {"aiohttp": typed_aiohttp_client, "websockets": typed_websockets_client}


@pytest.mark.parametrize("client", CLIENTS)
async def test_a_typed_client_written_with_endpoint_client(client: str, serve: Serve) -> None:
    server = ChatServer()
    url = await serve(server, CHAT)
    heard, close_code = await within(TYPED_CLIENTS[client](url))
    assert heard == [Said("ada", "joined lobby"), Said("ada", "hi")]
    assert close_code == 1009  # the server refused the third: the client saw why
    await within(server.ended.wait())
    assert server.ends == [(1009, "payload is over the 256 bytes allowed")]


# --- sending after the server closed the connection itself ---------------------------


SENDS: dict[str, Callable[[Any, Said], Awaitable[None]]] = {
    "endpoint.send": CHAT.send,
    "send_encoded": send_encoded,
}


@pytest.mark.parametrize("send", SENDS)
@pytest.mark.parametrize("ws", ["websockets-sansio", "wsproto"])
async def test_a_send_after_uvicorn_closed_raises_websocket_disconnect(
    asgi_server: Callable[..., Awaitable[str]], ws: str, send: str
) -> None:
    # uvicorn closes on text that is not UTF-8 and tells the application on
    # its next receive; a send before that is refused by uvicorn (with a
    # RuntimeError, on its websockets implementation), which the Starlette
    # adapter turns into what Starlette's docs promise.
    client_saw_the_close = asyncio.Event()
    outcome: list[object] = []

    async def chat(websocket: StarletteWebSocket) -> None:
        await websocket.accept()
        received = CHAT.receive(websocket)
        async for _ in received:
            await client_saw_the_close.wait()
            try:
                await SENDS[send](websocket, Said("ada", "late"))
            except WebSocketDisconnect as exc:
                outcome.append(exc.code)
        outcome.append(received.close_code)

    base = await asgi_server(Starlette(routes=[WebSocketRoute("/chat", chat)]), ws)
    async with aiohttp.ClientSession() as session, session.ws_connect(f"{base}/chat") as client:
        await client.send_str('{"type":"join","name":"ada"}')
        await client.send_frame(b"\xff", aiohttp.WSMsgType.TEXT)
        while (await within(client.receive())).type not in (
            aiohttp.WSMsgType.CLOSE,
            aiohttp.WSMsgType.CLOSED,
        ):
            pass
        client_saw_the_close.set()
    for _ in range(500):
        if len(outcome) == 2:
            break
        await asyncio.sleep(0.01)
    assert outcome == [1006, 1007]  # the send refused; then the disconnect's code


# --- the application's own exceptions --------------------------------------------------


class Strict(msgspec.Struct):
    n: int

    def __post_init__(self) -> None:
        if self.n < 0:
            raise KeyError("a bug in the application's check")


class Checked(pydantic.BaseModel):
    n: int

    @pydantic.field_validator("n")
    @classmethod
    def positive(cls, n: int) -> int:
        if n < 0:
            raise TypeError("a bug in the application's validator")
        return n


@pytest.mark.parametrize(
    ("schema", "error"), [(Strict, KeyError), (Checked, TypeError)], ids=["msgspec", "pydantic"]
)
@pytest.mark.parametrize("on_error", ["close", "raise"])
async def test_a_validator_that_raises_closes_with_1011(
    aiohttp_server: Callable[..., Awaitable[str]],
    schema: Any,
    error: type[Exception],
    on_error: Literal["close", "raise"],
) -> None:
    endpoint = Endpoint("/ws", receives=schema, sends=schema)
    raised: list[BaseException] = []
    ends: list[tuple[int | None, str | None]] = []

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = await endpoint.prepare(request)
        received = endpoint.receive(ws, on_error=on_error)
        try:
            async for value in received:
                await endpoint.send(ws, value)
        except Exception as exc:  # the application's own bug comes out, as it is
            raised.append(exc)
        ends.append((received.close_code, received.close_reason))
        return ws

    url = await aiohttp_server(handler)
    async with connect(url) as ws:
        await ws.send('{"n": 1}')
        assert await within(ws.recv()) == '{"n":1}'
        await ws.send('{"n": -1}')
        with pytest.raises(ConnectionClosed) as info:
            await within(ws.recv())
    assert info.value.rcvd is not None
    assert (info.value.rcvd.code, info.value.rcvd.reason) == (1011, "internal error")
    assert [type(exc) for exc in raised] == [error]
    assert ends == [(1011, "internal error")]
