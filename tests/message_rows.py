"""Every message type with its to_dict shape in both modes, for the tests that convert them."""

from __future__ import annotations

from typing import Any

from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    ErrorMessage,
    PingMessage,
    PongMessage,
    RemoteError,
    TextMessage,
    WSCloseCode,
    WSMessage,
)

BOOM = RuntimeError("boom")

# (message, its dict in python mode, its dict in json mode)
ROWS: list[tuple[WSMessage, dict[str, Any], dict[str, Any]]] = [
    (
        ContinuationMessage(b"\x00frag"),
        {"type": "continuation", "data": b"\x00frag", "extra": None},
        {"type": "continuation", "data": "AGZyYWc=", "extra": None},
    ),
    (
        TextMessage("héllo"),
        {"type": "text", "data": "héllo", "extra": None},
        {"type": "text", "data": "héllo", "extra": None},
    ),
    (
        BinaryMessage(b"\x00\xff"),
        {"type": "binary", "data": b"\x00\xff", "extra": None},
        {"type": "binary", "data": "AP8=", "extra": None},
    ),
    (
        PingMessage(b"p" * 125),
        {"type": "ping", "data": b"p" * 125, "extra": None},
        {"type": "ping", "data": "cHBw" * 41 + "cHA=", "extra": None},
    ),
    (
        PongMessage(),
        {"type": "pong", "data": b"", "extra": None},
        {"type": "pong", "data": "", "extra": None},
    ),
    (
        CloseMessage(1001, "restart"),
        {"type": "close", "data": WSCloseCode.GOING_AWAY, "extra": "restart"},
        {"type": "close", "data": 1001, "extra": "restart"},
    ),
    (
        CloseMessage(4000),
        {"type": "close", "data": 4000, "extra": ""},
        {"type": "close", "data": 4000, "extra": ""},
    ),
    (
        ClosingMessage(),
        {"type": "closing", "data": None, "extra": None},
        {"type": "closing", "data": None, "extra": None},
    ),
    (
        ClosedMessage(),
        {"type": "closed", "data": None, "extra": None},
        {"type": "closed", "data": None, "extra": None},
    ),
    (
        ErrorMessage(BOOM),
        {"type": "error", "data": BOOM, "extra": None},
        {"type": "error", "data": "RuntimeError: boom", "extra": None},
    ),
]
ROW_IDS = [f"{type(row[0]).__name__}-{row[1]['data']!r}"[:40] for row in ROWS]


def read_back(message: WSMessage) -> WSMessage:
    """What a message reads back as from JSON: an ERROR holds a RemoteError of its text."""
    if isinstance(message, ErrorMessage):
        exc = message.data
        return ErrorMessage(RemoteError(f"{type(exc).__name__}: {exc}"))
    return message
