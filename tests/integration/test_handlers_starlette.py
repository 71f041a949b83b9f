"""wsmessage.starlette's handlers in Starlette and FastAPI apps served by uvicorn on 127.0.0.1.

The client is aiohttp's; the same cases run against aiohttp's server in
test_handlers_aiohttp.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from wsmessage import CloseMessage, TextMessage, WSCloseCode
from wsmessage.aiohttp import from_aiohttp
from wsmessage.starlette import iter_decoded, send_encoded

from .conftest import within
from .scenarios import (
    CHAT,
    OTHER_CHAT,
    Case,
    Chat,
    EchoServer,
    Numbered,
    case_table,
    many_clients,
    play,
)

pytestmark = pytest.mark.slow

StartServer = Callable[[Any], Awaitable[str]]


def starlette_app(server: EchoServer) -> Starlette:
    return Starlette(routes=[WebSocketRoute("/ws", server.starlette)])


@case_table
async def test_cases(
    case: Case, asgi_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    server = case.server()
    url = await asgi_server(starlette_app(server))
    await play(case, client_session, f"{url}/ws", server)


async def test_a_client_that_leaves_ends_the_iteration(
    asgi_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    # Sending to a client that has left raises (Starlette's WebSocketDisconnect):
    # this server only listens.
    server = EchoServer(echo=False)
    url = await asgi_server(starlette_app(server))
    async with client_session.ws_connect(f"{url}/ws") as ws:
        await ws.send_str(CHAT)
        await ws.send_str(OTHER_CHAT)
        await ws.close(code=4000, message=b"gone")
    await within(server.ended.wait())
    assert server.values == [Chat("ada", "hi"), Chat("bob", "yo")]
    assert server.errors == []


@pytest.mark.parametrize("on_error", ["close", "raise"])
async def test_a_frame_uvicorn_refuses_ends_the_iteration(
    asgi_server: StartServer, client_session: aiohttp.ClientSession, on_error: str
) -> None:
    server = EchoServer(on_error=on_error, echo=False)
    url = await asgi_server(starlette_app(server))
    async with client_session.ws_connect(f"{url}/ws") as ws:
        await ws.send_str(CHAT)
        await ws.send_frame(b"\xff", aiohttp.WSMsgType.TEXT)  # not UTF-8
        assert from_aiohttp(await within(ws.receive())) == CloseMessage(WSCloseCode.INVALID_TEXT)
    await within(server.ended.wait())
    assert server.values == [Chat("ada", "hi")]
    assert server.errors == []  # uvicorn closed: the application saw a disconnect


async def test_a_fastapi_app(
    asgi_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    app = FastAPI()

    @app.websocket("/chat")
    async def chat(websocket: WebSocket) -> None:
        await websocket.accept()
        async for message in iter_decoded(websocket, Chat):
            await send_encoded(websocket, Chat(message.user, message.text.upper()))

    url = await asgi_server(app)
    async with client_session.ws_connect(f"{url}/chat") as ws:
        await ws.send_str(CHAT)
        assert from_aiohttp(await within(ws.receive())) == TextMessage('{"user":"ada","text":"HI"}')
        await ws.send_str("{}")
        assert from_aiohttp(await within(ws.receive())) == CloseMessage(
            1008, "user: Object missing required field `user`"
        )


async def test_many_clients(
    asgi_server: StartServer,
    client_session: aiohttp.ClientSession,
    record_property: Callable[[str, object], None],
) -> None:
    server = EchoServer(Numbered)
    url = await asgi_server(starlette_app(server))
    await many_clients(client_session, f"{url}/ws", server, record_property)
