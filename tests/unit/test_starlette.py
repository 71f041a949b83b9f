"""wsmessage.starlette over Starlette's own WebSocket, fed ASGI events in memory.

The same calls against uvicorn and a real client run in
tests/integration/test_handlers_starlette.py; here each ASGI event the
server would pass is written out, so what the module sends back, and when,
is seen event by event.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

import fastapi
import msgspec
import pytest
from starlette.websockets import WebSocket, WebSocketDisconnect

from wsmessage import JsonCodec, MsgpackCodec, ValidationError, WSCloseCode
from wsmessage.starlette import iter_decoded, send_encoded


class Chat(msgspec.Struct):
    room: str
    text: str


CHAT = Chat("lobby", "hi")


class Channel:
    """The server's side of one connection: the events it passes in, and those it got."""

    def __init__(self, events: Iterable[dict[str, Any]]) -> None:
        self.incoming = [{"type": "websocket.connect"}, *events]
        self.sent: list[MutableMapping[str, Any]] = []
        self.refuse_sends = False

    async def receive(self) -> MutableMapping[str, Any]:
        return self.incoming.pop(0)

    async def send(self, event: MutableMapping[str, Any]) -> None:
        if self.refuse_sends:
            # What uvicorn does once it has closed the connection itself.
            raise RuntimeError("Unexpected ASGI message 'websocket.send'")
        self.sent.append(event)


async def accepted(*events: dict[str, Any]) -> tuple[WebSocket, Channel]:
    channel = Channel(events)
    websocket = WebSocket({"type": "websocket"}, receive=channel.receive, send=channel.send)
    await websocket.accept()
    channel.sent.clear()
    return websocket, channel


def text(data: str) -> dict[str, Any]:
    return {"type": "websocket.receive", "text": data}


def binary(data: bytes) -> dict[str, Any]:
    return {"type": "websocket.receive", "bytes": data}


def disconnect(code: int = 1000, reason: str = "") -> dict[str, Any]:
    return {"type": "websocket.disconnect", "code": code, "reason": reason}


async def test_values_until_the_client_disconnects_then_how_it_closed() -> None:
    websocket, channel = await accepted(
        text('{"room": "lobby", "text": "hi"}'),
        text('{"room": "lobby", "text": "bye"}'),
        disconnect(1001, "going"),
    )
    receiver = iter_decoded(websocket, Chat)
    assert [value async for value in receiver] == [CHAT, Chat("lobby", "bye")]
    assert (receiver.close_code, receiver.close_reason) == (1001, "going")
    assert channel.sent == []  # the client closed: nothing to answer


async def test_a_disconnect_without_a_code_reads_as_1005() -> None:
    websocket, _ = await accepted(disconnect(1005))
    receiver = iter_decoded(websocket, Chat)
    assert [value async for value in receiver] == []
    assert (receiver.close_code, receiver.close_reason) == (1005, "")


async def test_a_msgpack_codec_reads_binary_frames() -> None:
    websocket, _ = await accepted(binary(msgspec.msgpack.encode(CHAT)), disconnect())
    assert [value async for value in iter_decoded(websocket, MsgpackCodec(Chat))] == [CHAT]


@pytest.mark.parametrize(
    ("codec", "event", "code", "reason"),
    [
        (JsonCodec(Chat), text('{"room": "x"'), WSCloseCode.INVALID_TEXT, "JSON: truncated"),
        (JsonCodec(Chat), binary(b"\xff{"), WSCloseCode.INVALID_TEXT, "not valid UTF-8"),
        (JsonCodec(Chat), text('{"room": "x"}'), WSCloseCode.POLICY_VIOLATION, "field `text`"),
        (MsgpackCodec(Chat), text("x"), WSCloseCode.UNSUPPORTED_DATA, "from a text message"),
    ],
    ids=["malformed", "not-utf8", "mismatch", "wrong-frame"],
)
async def test_a_bad_message_closes_the_connection_with_its_code(
    codec: Any, event: dict[str, Any], code: WSCloseCode, reason: str
) -> None:
    websocket, channel = await accepted(event)
    receiver = iter_decoded(websocket, codec)
    assert [value async for value in receiver] == []
    (close,) = channel.sent
    assert close["type"] == "websocket.close"
    assert close["code"] == code
    assert reason in close["reason"]
    assert (receiver.close_code, receiver.close_reason) == (code, close["reason"])


async def test_on_error_raise_leaves_the_connection_open() -> None:
    websocket, channel = await accepted(
        text("[]"), text('{"room": "a", "text": "b"}'), disconnect()
    )
    receiver = iter_decoded(websocket, Chat, on_error="raise")
    with pytest.raises(ValidationError) as info:
        await receiver.__anext__()
    assert info.value.close_code == WSCloseCode.POLICY_VIOLATION
    assert await receiver.__anext__() == Chat("a", "b")
    assert channel.sent == []


@pytest.mark.parametrize(
    ("codec", "event"),
    [
        (None, {"type": "websocket.send", "text": '{"room":"lobby","text":"hi"}'}),
        (JsonCodec(Chat), {"type": "websocket.send", "text": '{"room":"lobby","text":"hi"}'}),
        (MsgpackCodec(Chat), {"type": "websocket.send", "bytes": msgspec.msgpack.encode(CHAT)}),
    ],
    ids=["no-codec", "json", "msgpack"],
)
async def test_send_encoded_sends_text_for_json_and_bytes_for_msgpack(
    codec: Any, event: dict[str, Any]
) -> None:
    websocket, channel = await accepted()
    await send_encoded(websocket, CHAT, codec)
    assert channel.sent == [event]


async def test_a_send_the_server_refuses_is_a_disconnect() -> None:
    # Starlette's send_text promises WebSocketDisconnect when the client has
    # gone; the server's RuntimeError must not reach the application.
    websocket, channel = await accepted()
    channel.refuse_sends = True
    with pytest.raises(WebSocketDisconnect) as info:
        await send_encoded(websocket, CHAT)
    assert info.value.code == WSCloseCode.ABNORMAL_CLOSURE


async def test_a_send_after_the_application_closed_is_starlettes_own_error() -> None:
    websocket, _ = await accepted()
    await websocket.close()
    with pytest.raises(RuntimeError, match="once a close message has been sent"):
        await send_encoded(websocket, CHAT)


def test_fastapis_websocket_is_starlettes() -> None:
    # The module serves FastAPI because the class is the same one.
    assert fastapi.WebSocket is WebSocket
