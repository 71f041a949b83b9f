"""wsmessage.aiohttp's handlers on aiohttp's own server and client, on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

import aiohttp
import pytest
from aiohttp import web

import wsmessage.aiohttp
from wsmessage import CloseMessage, TextMessage, WSCloseCode
from wsmessage.aiohttp import from_aiohttp, iter_decoded, send_encoded

from .conftest import AiohttpHandler, within
from .scenarios import (
    CHAT,
    Case,
    Chat,
    EchoServer,
    Numbered,
    case_table,
    many_clients,
    play,
    talk,
)

pytestmark = pytest.mark.slow

StartServer = Callable[[AiohttpHandler], Awaitable[str]]


@case_table
async def test_cases(
    case: Case, aiohttp_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    server = case.server()
    await play(case, client_session, await aiohttp_server(server.aiohttp), server)


async def test_pings_are_left_to_aiohttp(
    aiohttp_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    server = EchoServer()

    async def no_autoping(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=False)  # pings reach the iteration, which skips them
        await ws.prepare(request)
        await server.serve(ws, wsmessage.aiohttp)
        return ws

    url = await aiohttp_server(no_autoping)
    async with client_session.ws_connect(url, autoping=False) as ws:
        await ws.ping(b"are you there")
        await ws.pong(b"unasked")
        await ws.send_str(CHAT)
        assert from_aiohttp(await within(ws.receive())) == TextMessage(CHAT)
    await within(server.ended.wait())
    assert server.values == [Chat("ada", "hi")]


@pytest.mark.parametrize("on_error", ["close", "raise"])
async def test_a_frame_over_aiohttps_own_limit_ends_the_iteration(
    aiohttp_server: StartServer,
    client_session: aiohttp.ClientSession,
    on_error: Literal["close", "raise"],
) -> None:
    # aiohttp has closed the connection itself: there is nothing left to
    # decide, with either on_error; close_code says why it ended.
    ends: list[tuple[int | None, str | None]] = []

    async def limited(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=64)
        await ws.prepare(request)
        chats = iter_decoded(ws, Chat, on_error=on_error)
        async for chat in chats:
            await send_encoded(ws, chat)
        ends.append((chats.close_code, chats.close_reason))
        return ws

    url = await aiohttp_server(limited)
    received = await talk(client_session, url, [CHAT, "x" * 100], 2)
    assert received == [TextMessage(CHAT), CloseMessage(WSCloseCode.MESSAGE_TOO_BIG)]
    assert ends == [(WSCloseCode.MESSAGE_TOO_BIG, "message is over the size limit")]


async def test_a_client_reads_with_iter_decoded_and_answers_a_bad_server(
    aiohttp_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    heard: list[object] = []  # what the server got back

    async def bad_server(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await send_encoded(ws, Chat("server", "welcome"))
        await ws.send_str('{"user": "server"}')
        heard.append(from_aiohttp(await within(ws.receive())))
        return ws

    url = await aiohttp_server(bad_server)
    async with client_session.ws_connect(url) as ws:
        chats = [chat async for chat in iter_decoded(ws, Chat)]
        assert ws.closed
    assert chats == [Chat("server", "welcome")]
    assert heard == [CloseMessage(1008, "text: Object missing required field `text`")]


async def test_many_clients(
    aiohttp_server: StartServer,
    client_session: aiohttp.ClientSession,
    record_property: Callable[[str, object], None],
) -> None:
    server = EchoServer(Numbered)
    url = await aiohttp_server(server.aiohttp)
    await many_clients(client_session, url, server, record_property)
