"""ASGI WebSocket events: the four that carry messages, and everything else."""

from __future__ import annotations

import copy
import types
from typing import Any

import pytest

from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    ErrorMessage,
    MessageError,
    PayloadError,
    PingMessage,
    PongMessage,
    TextMessage,
    WSCloseCode,
    WSMessage,
)
from wsmessage.asgi import from_asgi, to_asgi

# (event, the message it reads as)
EVENTS: list[tuple[dict[str, Any], WSMessage]] = [
    ({"type": "websocket.receive", "text": "hi"}, TextMessage("hi")),
    ({"type": "websocket.receive", "text": "", "bytes": None}, TextMessage("")),
    ({"type": "websocket.receive", "bytes": b"\x00"}, BinaryMessage(b"\x00")),
    ({"type": "websocket.receive", "bytes": b"", "text": None}, BinaryMessage(b"")),
    ({"type": "websocket.receive", "bytes": bytearray(b"ab")}, BinaryMessage(b"ab")),
    ({"type": "websocket.send", "text": "é"}, TextMessage("é")),
    ({"type": "websocket.send", "bytes": b"\xff"}, BinaryMessage(b"\xff")),
    ({"type": "websocket.close"}, CloseMessage(1000)),
    ({"type": "websocket.close", "code": 4000}, CloseMessage(4000)),
    ({"type": "websocket.close", "code": 1001, "reason": "bye"}, CloseMessage(1001, "bye")),
    ({"type": "websocket.close", "code": 1000, "reason": None}, CloseMessage(1000)),
    ({"type": "websocket.disconnect"}, CloseMessage(1005)),
    ({"type": "websocket.disconnect", "code": 1006}, CloseMessage(1006)),
    ({"type": "websocket.disconnect", "code": 1000, "reason": ""}, CloseMessage(1000)),
    ({"type": "websocket.disconnect", "code": 3000, "reason": "x"}, CloseMessage(3000, "x")),
    ({"type": "websocket.receive", "text": "x", "future_key": 1}, TextMessage("x")),
]


@pytest.mark.parametrize(("event", "message"), EVENTS)
def test_from_asgi_reads_the_message_events(event: dict[str, Any], message: WSMessage) -> None:
    before = copy.deepcopy(event)
    assert from_asgi(event) == message
    assert from_asgi(types.MappingProxyType(event)) == message
    assert event == before


# (message, the event an application sends for it)
SENDS: list[tuple[WSMessage, dict[str, Any]]] = [
    (TextMessage("hi"), {"type": "websocket.send", "text": "hi"}),
    (TextMessage("é😀"), {"type": "websocket.send", "text": "é😀"}),
    (BinaryMessage(b"\x00"), {"type": "websocket.send", "bytes": b"\x00"}),
    (CloseMessage(1000), {"type": "websocket.close", "code": 1000, "reason": ""}),
    (CloseMessage(4000, "bye"), {"type": "websocket.close", "code": 4000, "reason": "bye"}),
]


@pytest.mark.parametrize(("message", "event"), SENDS)
def test_to_asgi_writes_send_and_close(message: WSMessage, event: dict[str, Any]) -> None:
    written = to_asgi(message)
    assert written == event
    if "code" in written:
        assert type(written["code"]) is int  # not a WSCloseCode: plain ASGI
    assert from_asgi(written) == message


@pytest.mark.parametrize(
    "message",
    [
        ContinuationMessage(b"x"),
        PingMessage(),
        PongMessage(),
        ClosingMessage(),
        ClosedMessage(),
        ErrorMessage(RuntimeError("x")),
    ],
    ids=lambda m: type(m).__name__,
)
def test_to_asgi_refuses_messages_asgi_cannot_send(message: WSMessage) -> None:
    with pytest.raises(PayloadError) as info:
        to_asgi(message)
    assert info.value.close_code is WSCloseCode.UNSUPPORTED_DATA
    assert message.type.name.lower() in info.value.reason


@pytest.mark.parametrize("text", ["\ud800", "ok\udfff"])
def test_to_asgi_refuses_text_that_cannot_be_encoded(text: str) -> None:
    with pytest.raises(PayloadError) as info:
        to_asgi(TextMessage(text))
    assert info.value.close_code is WSCloseCode.INVALID_TEXT


@pytest.mark.parametrize("value", [{"type": "websocket.send", "text": "x"}, "x", None])
def test_to_asgi_takes_only_messages(value: Any) -> None:
    with pytest.raises(TypeError, match="takes a message"):
        to_asgi(value)


# (event, close code, text expected in the reason)
BAD_EVENTS: list[tuple[Any, WSCloseCode, str]] = [
    (None, WSCloseCode.PROTOCOL_ERROR, "must be a dict"),
    ("websocket.receive", WSCloseCode.PROTOCOL_ERROR, "must be a dict"),
    ([("type", "websocket.receive")], WSCloseCode.PROTOCOL_ERROR, "must be a dict"),
    ({}, WSCloseCode.PROTOCOL_ERROR, "not NoneType"),
    ({"text": "x"}, WSCloseCode.PROTOCOL_ERROR, "not NoneType"),
    ({"type": 1, "text": "x"}, WSCloseCode.PROTOCOL_ERROR, "not int"),
    ({"type": b"websocket.receive", "text": "x"}, WSCloseCode.PROTOCOL_ERROR, "not bytes"),
    ({"type": ["websocket.receive"]}, WSCloseCode.PROTOCOL_ERROR, "not list"),
    ({"type": "websocket.connect"}, WSCloseCode.UNSUPPORTED_DATA, "'websocket.connect'"),
    ({"type": "websocket.accept"}, WSCloseCode.UNSUPPORTED_DATA, "'websocket.accept'"),
    ({"type": "websocket.http.response.start"}, WSCloseCode.UNSUPPORTED_DATA, "no message"),
    ({"type": "http.request", "body": b""}, WSCloseCode.UNSUPPORTED_DATA, "'http.request'"),
    ({"type": "lifespan.startup"}, WSCloseCode.UNSUPPORTED_DATA, "no message"),
    ({"type": "websocket." + "x" * 1000}, WSCloseCode.UNSUPPORTED_DATA, "no message"),
    ({"type": "x" * 25}, WSCloseCode.UNSUPPORTED_DATA, "no message"),
    ({"type": "WEBSOCKET.RECEIVE", "text": "x"}, WSCloseCode.UNSUPPORTED_DATA, "no message"),
    ({"type": "websocket.receive"}, WSCloseCode.PROTOCOL_ERROR, "exactly one"),
    (
        {"type": "websocket.receive", "text": None, "bytes": None},
        WSCloseCode.PROTOCOL_ERROR,
        "exactly one",
    ),
    (
        {"type": "websocket.receive", "text": "x", "bytes": b"x"},
        WSCloseCode.PROTOCOL_ERROR,
        "exactly one",
    ),
    (
        {"type": "websocket.send", "text": "", "bytes": b""},
        WSCloseCode.PROTOCOL_ERROR,
        "exactly one",
    ),
    ({"type": "websocket.receive", "text": b"x"}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "websocket.receive", "text": 1}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "websocket.receive", "bytes": "x"}, WSCloseCode.PROTOCOL_ERROR, "must be bytes"),
    ({"type": "websocket.receive", "bytes": [1, 2]}, WSCloseCode.PROTOCOL_ERROR, "must be bytes"),
    ({"type": "websocket.close", "code": "1000"}, WSCloseCode.PROTOCOL_ERROR, "must be int"),
    ({"type": "websocket.close", "code": None}, WSCloseCode.PROTOCOL_ERROR, "must be int"),
    ({"type": "websocket.close", "code": 1000.0}, WSCloseCode.PROTOCOL_ERROR, "must be int"),
    ({"type": "websocket.close", "code": True}, WSCloseCode.PROTOCOL_ERROR, "must be int"),
    ({"type": "websocket.close", "code": 1004}, WSCloseCode.PROTOCOL_ERROR, "1004"),
    ({"type": "websocket.close", "code": 10**400}, WSCloseCode.PROTOCOL_ERROR, "not allowed"),
    ({"type": "websocket.close", "reason": b"bye"}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "websocket.close", "reason": "a" * 124}, WSCloseCode.PROTOCOL_ERROR, "123"),
    ({"type": "websocket.close", "reason": "\ud800"}, WSCloseCode.INVALID_TEXT, "UTF-8"),
    ({"type": "websocket.disconnect", "code": 0}, WSCloseCode.PROTOCOL_ERROR, "0"),
    ({"type": "websocket.disconnect", "code": "x"}, WSCloseCode.PROTOCOL_ERROR, "must be int"),
]


@pytest.mark.parametrize(("event", "close_code", "text"), BAD_EVENTS)
def test_from_asgi_bad_events(event: Any, close_code: WSCloseCode, text: str) -> None:
    before = copy.deepcopy(event)
    with pytest.raises(MessageError) as info:
        from_asgi(event)
    err = info.value
    assert isinstance(err, PayloadError)
    assert err.close_code == close_code
    assert text in err.reason
    assert len(err.reason.encode()) <= 123
    assert "x" * 25 not in err.reason  # a reason quotes at most 24 characters of the input
    assert event == before
