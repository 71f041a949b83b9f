"""wsmessage._sockets: each framework's quirks, read into one shape.

The adapters' reads of real sockets run in tests/integration; here are the
rules they share: how a close frame, a framework's own refusal and a lost
connection become an end, and which adapter a socket gets.
"""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiohttp import web
from starlette.websockets import WebSocket
from websockets.asyncio.client import ClientConnection
from websockets.client import ClientProtocol
from websockets.exceptions import ConnectionClosedError
from websockets.frames import Close
from websockets.uri import parse_uri

import wsmessage._sockets as sockets
from wsmessage import BinaryMessage, PayloadError, Receiver, TextMessage, WSCloseCode, WSMsgType
from wsmessage._sockets import (
    AiohttpSocket,
    AiohttpSocketWithoutSendFrame,
    Ended,
    Socket,
    StarletteSocket,
    UnknownSocketError,
    WebsocketsSocket,
    _websockets_end as websockets_end,
    adapter_for,
    peer_close,
    read_failure,
)


def end(result: Ended) -> tuple[int, str]:
    return (result.code, result.reason)


@pytest.mark.parametrize(
    ("code", "reason", "expected"),
    [
        (1000, "bye", (1000, "bye")),
        (4000, "", (4000, "")),
        (4999, None, (4999, "")),
        (None, "", (1005, "")),  # a close frame without a code
        (1001, "going", (1001, "going")),
        # Codes no close frame may carry: the peer broke the protocol.
        (5000, "x", (1002, "invalid close code")),
        (65535, "", (1002, "invalid close code")),
        (1004, "", (1002, "invalid close code")),
        (1005, "", (1002, "invalid close code")),  # sent as a code, not left out
        (1006, "", (1002, "invalid close code")),
        (1015, "", (1002, "invalid close code")),
        (999, "", (1002, "invalid close code")),
        (2999, "", (1002, "invalid close code")),
        (0, "", (1002, "invalid close code")),
        ("1000", "", (1002, "invalid close code")),
    ],
)
def test_peer_close(code: object, reason: object, expected: tuple[int, str]) -> None:
    result = peer_close(code, reason)
    assert end(result) == expected
    assert type(result.code) is WSCloseCode or 3000 <= result.code < 5000


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (1002, (1002, "websocket protocol error")),
        (1007, (1007, "text data is not valid UTF-8")),
        (1009, (1009, "message is over the size limit")),
        (1011, (1011, "websocket protocol error")),
        (None, (1006, "")),  # a lost connection, a timeout: no code
        (1006, (1006, "")),
        ("1009", (1006, "")),
        (5000, (1006, "")),
    ],
)
def test_read_failure(code: object, expected: tuple[int, str]) -> None:
    assert end(read_failure(code)) == expected


def closed(
    received: Close | None, sent: Close | None, received_first: bool | None = None
) -> ConnectionClosedError:
    """What websockets raises from recv() once the connection has closed."""
    return ConnectionClosedError(received, sent, received_first)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (closed(Close(4000, "done"), Close(4000, "done"), True), (4000, "done")),
        (closed(Close(1000, ""), None), (1000, "")),
        (closed(Close(1005, ""), Close(1005, ""), True), (1005, "")),  # no code
        (closed(None, Close(1007, "invalid start byte")), (1007, "text data is not valid UTF-8")),
        (closed(None, Close(1009, "over 16 bytes")), (1009, "message is over the size limit")),
        (closed(Close(1000, ""), Close(1008, "ours"), False), (1008, "ours")),  # we closed first
        (closed(None, None), (1006, "")),  # lost
    ],
)
def test_how_a_websockets_connection_ended(exc: Any, expected: tuple[int, str]) -> None:
    assert end(websockets_end(exc)) == expected


async def refuse(*args: object) -> Any:
    raise AssertionError("the socket was used")


async def test_each_framework_gets_its_adapter() -> None:
    assert adapter_for(web.WebSocketResponse()) is AiohttpSocket
    # Made without a connection: only its class matters here.
    client = aiohttp.ClientWebSocketResponse.__new__(aiohttp.ClientWebSocketResponse)
    assert adapter_for(client) is AiohttpSocket
    assert adapter_for(WebSocket({"type": "websocket"}, refuse, refuse)) is StarletteSocket
    connection = ClientConnection(ClientProtocol(parse_uri("ws://127.0.0.1/")))
    assert adapter_for(connection) is WebsocketsSocket

    class Subclass(web.WebSocketResponse):
        pass

    assert adapter_for(Subclass()) is AiohttpSocket


@pytest.mark.parametrize("ws", [object(), "ws", {"type": "websocket"}, None, WebSocket])
def test_anything_else_is_a_type_error(ws: object) -> None:
    with pytest.raises(UnknownSocketError, match="expected an aiohttp, Starlette or websockets"):
        adapter_for(ws)
    assert issubclass(UnknownSocketError, TypeError)


class ScriptedAiohttp:
    """An object read as aiohttp's sockets are: it hands out aiohttp's own messages."""

    def __init__(self, *messages: aiohttp.WSMessage, close_code: int | None = None) -> None:
        self.messages = list(messages)
        self.close_code = close_code

    async def receive(self) -> aiohttp.WSMessage:
        return self.messages.pop(0)


def aio(kind: aiohttp.WSMsgType, data: object, extra: str | None = "") -> aiohttp.WSMessage:
    return aiohttp.WSMessage(kind, data, extra)


class FrameError(Exception):
    """As aiohttp's WebSocketError: it carries the code aiohttp closed with."""

    def __init__(self, code: object) -> None:
        super().__init__("frame error")
        self.code = code


AIO = aiohttp.WSMsgType


async def read(ws: Any) -> TextMessage | BinaryMessage | Ended:
    """What the receive loop makes of ``ws``'s next frames: a message, or how it ended."""
    received: Receiver[Any] = Receiver(ws, lambda msg: msg, close_on_error=False)
    async for msg in received:
        return msg  # type: ignore[no-any-return]
    assert received.close_code is not None
    assert received.close_reason is not None
    return Ended(received.close_code, received.close_reason)


@pytest.fixture(autouse=True)
def scripted_aiohttp_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sockets.ADAPTERS, ScriptedAiohttp, AiohttpSocket)


@pytest.mark.parametrize(
    ("messages", "close_code", "expected"),
    [
        ([aio(AIO.PING, b""), aio(AIO.PONG, b""), aio(AIO.TEXT, "hi")], None, "hi"),
        ([aio(AIO.BINARY, b"\x00")], None, b"\x00"),
        ([aio(AIO.TEXT, b"caf\xc3\xa9")], None, "café"),  # decode_text=False
        ([aio(AIO.CLOSE, 4000, "bye")], None, (4000, "bye")),
        ([aio(AIO.CLOSE, 0, "")], None, (1005, "")),
        ([aio(AIO.CLOSE, 5000, "")], None, (1002, "invalid close code")),
        ([aio(AIO.ERROR, FrameError(1009), None)], 1009, (1009, "message is over the size limit")),
        ([aio(AIO.ERROR, ConnectionResetError(), None)], 1006, (1006, "")),
        ([aio(AIO.CLOSING, None, None)], 1000, (1000, "")),
        ([aio(AIO.CLOSED, None, None)], None, (1006, "")),
    ],
)
async def test_aiohttp_reads(
    messages: list[aiohttp.WSMessage], close_code: int | None, expected: object
) -> None:
    result = await read(ScriptedAiohttp(*messages, close_code=close_code))
    if isinstance(result, Ended):
        assert end(result) == expected
    else:
        assert result.data == expected


async def test_aiohttp_text_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(PayloadError) as info:
        await read(ScriptedAiohttp(aio(AIO.TEXT, b"\xff")))
    assert info.value.close_code == WSCloseCode.INVALID_TEXT


async def test_aiohttp_binary_that_holds_a_str_is_refused_not_read_as_text() -> None:
    with pytest.raises(PayloadError) as info:
        await read(ScriptedAiohttp(aio(AIO.BINARY, "hi")))
    assert "binary data must be bytes" in info.value.reason


class Text(str):
    pass


async def test_aiohttp_text_of_a_str_subclass_is_read_as_str() -> None:
    result = await read(ScriptedAiohttp(aio(AIO.TEXT, Text("hi"))))
    assert isinstance(result, TextMessage)
    assert type(result.data) is str


def starlette_socket(*events: dict[str, Any]) -> WebSocket:
    """An accepted Starlette WebSocket whose ASGI receive hands out ``events``."""
    queue = [{"type": "websocket.connect"}, *events]

    async def receive() -> dict[str, Any]:
        return queue.pop(0)

    async def send(message: object) -> None:
        pass

    return WebSocket({"type": "websocket", "path": "/ws"}, receive, send)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"text": "hi"}, TextMessage("hi")),
        ({"text": "hi", "bytes": None}, TextMessage("hi")),
        ({"text": Text("hi")}, TextMessage("hi")),
        ({"bytes": b"\x00"}, BinaryMessage(b"\x00")),
        ({"text": None, "bytes": b"\x00"}, BinaryMessage(b"\x00")),
    ],
)
async def test_starlette_reads(event: dict[str, Any], expected: object) -> None:
    websocket = starlette_socket({"type": "websocket.receive", **event})
    await websocket.accept()
    result = await read(websocket)
    assert result == expected
    assert type(result) is type(expected)
    assert type(getattr(result, "data", None)) is type(getattr(expected, "data", None))


@pytest.mark.parametrize(
    "event",
    [{"text": "hi", "bytes": b"hi"}, {}, {"text": 1}, {"bytes": "hi"}, {"text": b"hi"}],
)
async def test_starlette_refuses_what_from_asgi_refuses(event: dict[str, Any]) -> None:
    websocket = starlette_socket({"type": "websocket.receive", **event})
    await websocket.accept()
    with pytest.raises(PayloadError):
        await read(websocket)


# --- sending the encoder's bytes ---------------------------------------------------------


class Sent:
    """An object sent on as aiohttp's sockets are: it keeps each call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object, object]] = []

    async def send_frame(self, payload: bytes, opcode: object) -> None:
        self.calls.append(("send_frame", payload, opcode))

    async def send_str(self, data: str) -> None:
        self.calls.append(("send_str", data, None))


@pytest.mark.parametrize(
    ("adapter", "expected"),
    [
        (AiohttpSocket, ("send_frame", "café".encode(), WSMsgType.TEXT)),
        (AiohttpSocketWithoutSendFrame, ("send_str", "café", None)),
    ],
)
async def test_aiohttp_sends_utf8_as_a_text_frame(adapter: type[Socket], expected: object) -> None:
    ws = Sent()
    await adapter.send_utf8(ws, "café".encode())
    assert ws.calls == [expected]


async def test_aiohttp_without_send_frame_gets_the_adapter_that_does_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sockets, "ADAPTERS", {})
    monkeypatch.delattr(web.WebSocketResponse, "send_frame")
    assert adapter_for(web.WebSocketResponse()) is AiohttpSocketWithoutSendFrame
    client = aiohttp.ClientWebSocketResponse.__new__(aiohttp.ClientWebSocketResponse)
    assert adapter_for(client) is AiohttpSocket  # it still has send_frame
