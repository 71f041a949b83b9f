"""Real aiohttp messages and real ASGI events, from servers on 127.0.0.1.

Nothing here is built by hand: aiohttp's messages come from its reader, on
both ends of a real connection, and the ASGI events are the ones uvicorn and
Starlette exchange while a real client talks to a Starlette app.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import WSMsgType as AioType, web
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ErrorMessage,
    PayloadError,
    PingMessage,
    PongMessage,
    TextMessage,
    WSCloseCode,
    WSMessage,
)
from wsmessage.aiohttp import from_aiohttp, to_aiohttp
from wsmessage.asgi import from_asgi, to_asgi

from .conftest import AsgiRecorder, within

pytestmark = pytest.mark.slow

ENDS = (AioType.CLOSE, AioType.CLOSING, AioType.CLOSED, AioType.ERROR)
ServerScript = Callable[[web.WebSocketResponse], Awaitable[None]]
StartServer = Callable[[Any], Awaitable[str]]  # the aiohttp_server and asgi_server fixtures


class Recording:
    """An aiohttp handler, ``handle``, that runs a script, then keeps what ``receive()`` gives."""

    def __init__(self, script: ServerScript | None = None) -> None:
        self.script = script
        self.seen: list[Any] = []
        self.done = asyncio.Event()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=False)
        try:
            await ws.prepare(request)
            if self.script is not None:
                await self.script(ws)
            while not ws.closed:
                raw = await ws.receive()
                self.seen.append(raw)
                if raw.type in ENDS:
                    break
        finally:
            self.done.set()
        return ws


async def receive_all(ws: aiohttp.ClientWebSocketResponse[bool]) -> list[Any]:
    """Everything the client's ``receive()`` gives, up to CLOSED."""
    seen: list[Any] = []
    while True:
        raw = await ws.receive()
        seen.append(raw)
        if raw.type is AioType.CLOSED:
            return seen


# --- aiohttp ----------------------------------------------------------------------


async def test_messages_an_aiohttp_server_receives(
    aiohttp_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    server = Recording()
    url = await aiohttp_server(server.handle)
    async with client_session.ws_connect(url, autoping=False) as ws:
        await ws.send_str("héllo")
        await ws.send_bytes(b"\x00\xff")
        await ws.ping(b"ping")
        await ws.pong(b"pong")
        await ws.close(code=4000, message=b"bye")
    await within(server.done.wait())

    assert [from_aiohttp(raw) for raw in server.seen] == [
        TextMessage("héllo"),
        BinaryMessage(b"\x00\xff"),
        PingMessage(b"ping"),
        PongMessage(b"pong"),
        CloseMessage(4000, "bye"),
    ]
    # The reader's habits, which from_aiohttp undoes and to_aiohttp redoes.
    assert [raw.extra for raw in server.seen] == ["", "", "", "", "bye"]
    for raw in server.seen:
        assert to_aiohttp(from_aiohttp(raw)) == raw


async def test_messages_an_aiohttp_client_receives(
    aiohttp_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    async def script(ws: web.WebSocketResponse) -> None:
        await ws.send_str("from the server")
        await ws.send_bytes(b"\x01")
        await ws.ping(b"are you there")
        await ws.close(code=4001, message=CloseMessage(4001, "done").extra.encode())

    server = Recording(script)
    url = await aiohttp_server(server.handle)
    async with client_session.ws_connect(url, autoping=False) as ws:
        seen = await within(receive_all(ws))
    await within(server.done.wait())

    assert [from_aiohttp(raw) for raw in seen] == [
        TextMessage("from the server"),
        BinaryMessage(b"\x01"),
        PingMessage(b"are you there"),
        CloseMessage(4001, "done"),
        ClosedMessage(),
    ]
    for raw in seen:
        assert to_aiohttp(from_aiohttp(raw)) == raw


async def send_raw_frame(
    ws: aiohttp.ClientWebSocketResponse[bool], payload: bytes, opcode: AioType
) -> None:
    """Send a frame aiohttp's own API would not build, such as an empty close."""
    if not hasattr(ws, "send_frame"):  # aiohttp before 3.11
        pytest.skip("this aiohttp cannot send a raw frame")
    await ws.send_frame(payload, opcode)


async def one_raw_frame(
    start: StartServer, session: aiohttp.ClientSession, payload: bytes, opcode: AioType
) -> tuple[Any, Any]:
    """What an aiohttp server receives for one raw frame, and what the client hears back."""
    server = Recording()
    url = await start(server.handle)
    async with session.ws_connect(url) as ws:
        await send_raw_frame(ws, payload, opcode)
        answer = await within(ws.receive())
    await within(server.done.wait())
    (raw,) = server.seen
    return raw, answer


async def test_an_empty_close_frame_reads_as_1005(
    aiohttp_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    raw, _ = await one_raw_frame(aiohttp_server, client_session, b"", AioType.CLOSE)
    assert (raw.type, raw.data, raw.extra) == (AioType.CLOSE, 0, "")
    assert from_aiohttp(raw) == CloseMessage(WSCloseCode.NO_STATUS_RECEIVED)
    assert to_aiohttp(from_aiohttp(raw)) == raw


async def test_text_that_is_not_utf8_is_aiohttps_error_message(
    aiohttp_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    raw, answer = await one_raw_frame(aiohttp_server, client_session, b"\xff", AioType.TEXT)
    assert raw.type is AioType.ERROR
    assert from_aiohttp(raw) == ErrorMessage(raw.data)  # aiohttp's WebSocketError, kept
    assert from_aiohttp(answer) == CloseMessage(WSCloseCode.INVALID_TEXT)


# --- Starlette, served by uvicorn -------------------------------------------------


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    text = await websocket.receive_text()
    await websocket.send_text(text.upper())
    data = await websocket.receive_bytes()
    await websocket.send_bytes(data[::-1])
    await websocket.send(to_asgi(TextMessage("sent with to_asgi")))
    await websocket.close(code=4000, reason="bye")


async def test_events_of_a_starlette_app_that_closes(
    asgi_server: StartServer, client_session: aiohttp.ClientSession
) -> None:
    recorder = AsgiRecorder(Starlette(routes=[WebSocketRoute("/echo", echo)]))
    url = await asgi_server(recorder)
    async with client_session.ws_connect(f"{url}/echo") as ws:
        await ws.send_str("hello")
        await ws.send_bytes(b"\x01\x02")
        seen = await within(receive_all(ws))
    await within(recorder.done.wait())

    received = recorder.received
    assert received[0]["type"] == "websocket.connect"
    assert [from_asgi(event) for event in received[1:3]] == [
        TextMessage("hello"),
        BinaryMessage(b"\x01\x02"),
    ]

    sent = recorder.sent
    assert sent[0]["type"] == "websocket.accept"
    messages = [from_asgi(event) for event in sent[1:]]
    assert messages == [
        TextMessage("HELLO"),
        BinaryMessage(b"\x02\x01"),
        TextMessage("sent with to_asgi"),
        CloseMessage(4000, "bye"),
    ]
    # Starlette writes these events exactly as to_asgi does.
    assert [to_asgi(message) for message in messages] == sent[1:]

    for event in (received[0], sent[0]):
        with pytest.raises(PayloadError) as info:
            from_asgi(event)
        assert info.value.close_code is WSCloseCode.UNSUPPORTED_DATA

    # And the client got them as frames.
    assert [from_aiohttp(raw) for raw in seen] == [*messages, ClosedMessage()]


async def wait_for_close(websocket: WebSocket) -> None:
    await websocket.accept()
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass


@pytest.mark.parametrize(
    ("close", "expected"),
    [
        ((4001, b"client bye"), CloseMessage(4001, "client bye")),
        ((1000, b""), CloseMessage(1000)),
        (None, CloseMessage(WSCloseCode.NO_STATUS_RECEIVED)),  # an empty close frame
    ],
)
async def test_disconnect_events_when_the_client_closes(
    asgi_server: StartServer,
    client_session: aiohttp.ClientSession,
    close: tuple[int, bytes] | None,
    expected: WSMessage,
) -> None:
    recorder = AsgiRecorder(Starlette(routes=[WebSocketRoute("/wait", wait_for_close)]))
    url = await asgi_server(recorder)
    async with client_session.ws_connect(f"{url}/wait") as ws:
        await ws.send_str("one")
        if close is None:
            await send_raw_frame(ws, b"", AioType.CLOSE)
            await within(ws.receive())
        else:
            code, reason = close
            await ws.close(code=code, message=reason)
    await within(recorder.done.wait())

    disconnect = recorder.received[-1]
    assert disconnect["type"] == "websocket.disconnect"
    assert from_asgi(recorder.received[1]) == TextMessage("one")
    assert from_asgi(disconnect) == expected
