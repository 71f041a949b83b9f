"""aiohttp's messages: as its reader makes them, as from_aiohttp reads them, and back."""

from __future__ import annotations

import copy
from typing import Any, Literal, NamedTuple, Union

import aiohttp
import pytest
from aiohttp import WSMsgType as AioType

import wsmessage.aiohttp as wsaiohttp
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
    WSMsgType,
)
from wsmessage.aiohttp import from_aiohttp, to_aiohttp

BOOM = ConnectionResetError("reset")
TEXT_BYTES: Any = getattr(aiohttp.http_websocket, "WSMessageTextBytes", aiohttp.WSMessage)


def aio(kind: AioType, data: Any, extra: str | None) -> aiohttp.WSMessage:
    return aiohttp.WSMessage(kind, data, extra)


# (aiohttp's message as its reader or its WebSocket classes make it, the message it reads as)
READS: list[tuple[Any, WSMessage]] = [
    (aio(AioType.TEXT, "hi", ""), TextMessage("hi")),
    (aio(AioType.BINARY, b"\x00\xff", ""), BinaryMessage(b"\x00\xff")),
    (aio(AioType.PING, bytearray(b"p"), ""), PingMessage(b"p")),
    (aio(AioType.PONG, b"", ""), PongMessage()),
    (aio(AioType.CLOSE, 1000, ""), CloseMessage(1000)),
    (aio(AioType.CLOSE, 1001, "going away"), CloseMessage(1001, "going away")),
    (aio(AioType.CLOSE, 4000, "é"), CloseMessage(4000, "é")),
    (aio(AioType.CLOSE, 0, ""), CloseMessage(1005)),  # an empty close frame
    (aio(AioType.CLOSING, None, None), ClosingMessage()),
    (aio(AioType.CLOSED, None, None), ClosedMessage()),
    (aio(AioType.ERROR, BOOM, None), ErrorMessage(BOOM)),
    (aio(AioType.CONTINUATION, b"frag", ""), ContinuationMessage(b"frag")),
    # Made by hand, as users and tests do: extra None.
    (aio(AioType.TEXT, "hi", None), TextMessage("hi")),
    (aio(AioType.CLOSE, 1000, None), CloseMessage(1000)),
    # decode_text=False, in aiohttp versions that have it: text arrives as bytes.
    (TEXT_BYTES(AioType.TEXT, b"caf\xc3\xa9", ""), TextMessage("café")),
    # Our own numbers, or plain ints, work as well as aiohttp's enum.
    (aio(WSMsgType.TEXT, "hi", ""), TextMessage("hi")),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    (aio(1, "hi", ""), TextMessage("hi")),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
]


@pytest.mark.parametrize(("given", "message"), READS)
def test_from_aiohttp_reads_each_type(given: Any, message: WSMessage) -> None:
    assert from_aiohttp(given) == message


def test_from_aiohttp_keeps_the_error_itself() -> None:
    assert from_aiohttp(aio(AioType.ERROR, BOOM, None)).data is BOOM


# (message, what aiohttp's reader would have given for it)
WRITES: list[tuple[WSMessage, tuple[AioType, Any, str | None]]] = [
    (TextMessage("hi"), (AioType.TEXT, "hi", "")),
    (BinaryMessage(b"\x00"), (AioType.BINARY, b"\x00", "")),
    (ContinuationMessage(b"f"), (AioType.CONTINUATION, b"f", "")),
    (PingMessage(b"p"), (AioType.PING, b"p", "")),
    (PongMessage(), (AioType.PONG, b"", "")),
    (CloseMessage(1000), (AioType.CLOSE, 1000, "")),
    (CloseMessage(4000, "bye"), (AioType.CLOSE, 4000, "bye")),
    (CloseMessage(1005), (AioType.CLOSE, 0, "")),
    (CloseMessage(1006), (AioType.CLOSE, 1006, "")),
    (ClosingMessage(), (AioType.CLOSING, None, None)),
    (ClosedMessage(), (AioType.CLOSED, None, None)),
    (ErrorMessage(BOOM), (AioType.ERROR, BOOM, None)),
]


@pytest.mark.parametrize(("message", "fields"), WRITES, ids=lambda v: repr(v)[:30])
def test_to_aiohttp_writes_what_aiohttps_reader_would(
    message: WSMessage, fields: tuple[AioType, Any, str | None]
) -> None:
    written = to_aiohttp(message)
    assert type(written) is aiohttp.WSMessage
    assert (written.type, written.data, written.extra) == fields
    assert type(written.type) is AioType
    assert type(written.data) is type(fields[1])
    assert from_aiohttp(written) == message


def test_to_aiohttp_keeps_text_that_cannot_be_encoded() -> None:
    # Nothing is encoded here: the message stays in the process.
    assert to_aiohttp(TextMessage("\ud800")).data == "\ud800"


@pytest.mark.parametrize("value", [None, "x", aio(AioType.TEXT, "hi", "")])
def test_to_aiohttp_takes_only_messages(value: Any) -> None:
    with pytest.raises(TypeError, match="takes a message"):
        to_aiohttp(value)


class Partial:
    type = AioType.TEXT
    data = "x"


# (input, close code, text expected in the reason)
BAD: list[tuple[Any, WSCloseCode, str]] = [
    (None, WSCloseCode.PROTOCOL_ERROR, "not NoneType"),
    ("hi", WSCloseCode.PROTOCOL_ERROR, "not str"),
    ({"type": 1, "data": "x", "extra": None}, WSCloseCode.PROTOCOL_ERROR, "not dict"),
    ((AioType.TEXT, "x", ""), WSCloseCode.PROTOCOL_ERROR, "not tuple"),
    (Partial(), WSCloseCode.PROTOCOL_ERROR, "not Partial"),
    (aio(3, "x", ""), WSCloseCode.PROTOCOL_ERROR, "unknown message type 3"),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    (aio(None, "x", ""), WSCloseCode.PROTOCOL_ERROR, "unknown message type"),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    (aio("text", "x", ""), WSCloseCode.PROTOCOL_ERROR, "unknown message type"),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    (aio(AioType.TEXT, b"\xff", ""), WSCloseCode.INVALID_TEXT, "UTF-8"),
    (aio(AioType.TEXT, 1, ""), WSCloseCode.PROTOCOL_ERROR, "must be str"),
    (aio(AioType.TEXT, "x", "junk"), WSCloseCode.PROTOCOL_ERROR, "no extra"),
    (aio(AioType.BINARY, "x", ""), WSCloseCode.PROTOCOL_ERROR, "must be bytes"),
    (aio(AioType.PING, b"x" * 126, ""), WSCloseCode.PROTOCOL_ERROR, "125"),
    (aio(AioType.CLOSE, 1004, ""), WSCloseCode.PROTOCOL_ERROR, "1004"),
    (aio(AioType.CLOSE, "1000", ""), WSCloseCode.PROTOCOL_ERROR, "must be int"),
    (aio(AioType.CLOSE, None, ""), WSCloseCode.PROTOCOL_ERROR, "must be int"),
    (aio(AioType.CLOSE, False, ""), WSCloseCode.PROTOCOL_ERROR, "must be int"),
    (aio(AioType.CLOSE, 1000, "a" * 124), WSCloseCode.PROTOCOL_ERROR, "123"),
    (aio(AioType.CLOSE, 1000, b"bye"), WSCloseCode.PROTOCOL_ERROR, "must be str"),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    (aio(AioType.CLOSED, b"", None), WSCloseCode.PROTOCOL_ERROR, "no data"),
    (aio(AioType.ERROR, "boom", None), WSCloseCode.PROTOCOL_ERROR, "must be an exception"),
]


@pytest.mark.parametrize(("given", "close_code", "text"), BAD, ids=lambda v: repr(v)[:30])
def test_from_aiohttp_bad_input(given: Any, close_code: WSCloseCode, text: str) -> None:
    before = copy.deepcopy(given)
    with pytest.raises(MessageError) as info:
        from_aiohttp(given)
    err = info.value
    assert isinstance(err, PayloadError)
    assert err.close_code is close_code
    assert text in err.reason
    assert len(err.reason.encode()) <= 123
    if not isinstance(given, Partial):
        assert given == before


# --- later aiohttp: one named tuple per type -------------------------------------------
# aiohttp's master branch (4.0) replaces WSMessage with a union of per-type
# named tuples whose fields are (data, size, extra, type). No release has them
# yet, so these mirror its definitions to check that both directions work
# by attribute; the integration tests cover the installed aiohttp for real.


class TextV4(NamedTuple):
    data: str
    size: int
    extra: str | None = None
    type: Literal[AioType.TEXT] = AioType.TEXT


class BinaryV4(NamedTuple):
    data: bytes
    size: int
    extra: str | None = None
    type: Literal[AioType.BINARY] = AioType.BINARY


class CloseV4(NamedTuple):
    data: int
    size: int
    extra: str | None = None
    type: Literal[AioType.CLOSE] = AioType.CLOSE


class ClosedV4(NamedTuple):
    data: None = None
    size: int = 0
    extra: str | None = None
    type: Literal[AioType.CLOSED] = AioType.CLOSED


MessageV4 = Union[TextV4, BinaryV4, CloseV4, ClosedV4]  # noqa: UP007 - as aiohttp spells it

V4: list[tuple[Any, WSMessage]] = [
    (TextV4("hé", 3, ""), TextMessage("hé")),
    (BinaryV4(b"\x00", 1, ""), BinaryMessage(b"\x00")),
    (CloseV4(1001, 5, "bye"), CloseMessage(1001, "bye")),
    (CloseV4(0, 0, ""), CloseMessage(1005)),
    (ClosedV4(), ClosedMessage()),
]


@pytest.mark.parametrize(("given", "message"), V4)
def test_per_type_named_tuples_read_by_attribute(given: Any, message: WSMessage) -> None:
    assert from_aiohttp(given) == message


@pytest.mark.parametrize(("expected", "message"), V4)
def test_per_type_named_tuples_are_written_when_aiohttp_has_them(
    expected: Any, message: WSMessage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wsaiohttp, "_PER_TYPE", wsaiohttp._per_type_classes(MessageV4))
    written = to_aiohttp(message)
    assert written == expected
    assert type(written) is type(expected)


def test_aiohttp_3_has_a_single_class() -> None:
    assert wsaiohttp._per_type_classes(aiohttp.WSMessage) == {}
