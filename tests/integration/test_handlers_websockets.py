"""wsmessage.websockets' handlers on the websockets library's server and client, on 127.0.0.1.

The same cases run against aiohttp's server in test_handlers_aiohttp.py,
with aiohttp's client; the client here reads with iter_decoded too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection

from wsmessage import CloseMessage, TextMessage
from wsmessage.aiohttp import from_aiohttp
from wsmessage.websockets import iter_decoded, send_encoded

from .conftest import within
from .scenarios import CHAT, Case, Chat, EchoServer, Numbered, case_table, many_clients, play

pytestmark = pytest.mark.slow

StartServer = Callable[[Callable[[ServerConnection], Awaitable[None]]], Awaitable[str]]


@case_table
async def test_cases(
    case: Case, websockets_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    server = case.server()
    await play(case, client_session, await websockets_server(server.websockets), server)


async def test_a_client_reads_with_iter_decoded_and_answers_a_bad_server(
    websockets_server: StartServer,
) -> None:
    heard: list[object] = []

    async def bad_server(connection: ServerConnection) -> None:
        await send_encoded(connection, Chat("server", "welcome"))
        await connection.send('{"user": "server"}')
        async for value in iter_decoded(connection, Chat):
            heard.append(value)

    url = await websockets_server(bad_server)
    async with connect(url) as ws:
        chats = iter_decoded(ws, Chat)
        assert [chat async for chat in chats] == [Chat("server", "welcome")]
        # The client closed on the bad message, with its code and reason.
        assert (chats.close_code, chats.close_reason) == (
            1008,
            "text: Object missing required field `text`",
        )
    assert heard == []  # the server's loop saw only the close


async def test_an_aiohttp_client_and_a_websockets_server(
    websockets_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    server = EchoServer()
    url = await websockets_server(server.websockets)
    async with client_session.ws_connect(url) as ws:
        await ws.send_str(CHAT)
        assert from_aiohttp(await within(ws.receive())) == TextMessage(CHAT)
        await ws.send_str("{}")
        assert from_aiohttp(await within(ws.receive())) == CloseMessage(
            1008, "user: Object missing required field `user`"
        )
    await within(server.ended.wait())


async def test_many_clients(
    websockets_server: StartServer,
    client_session: aiohttp.ClientSession,
    record_property: Callable[[str, object], None],
) -> None:
    server = EchoServer(Numbered)
    await many_clients(
        client_session, await websockets_server(server.websockets), server, record_property
    )
