"""Subclasses that lie or raise, at every entry point that reads a peer's value.

Each entry point is handed impostors (tests/impostors.py) where a str,
bytes, int or dict goes. It either refuses with a clean MessageError or
builds a message that holds the exact builtin, checked against the rules
as the builtin's own code reads it; no impostor's method decides anything.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any, cast

import aiohttp
import pytest
from hypothesis import given, strategies as st

from wsmessage import (
    BinaryMessage,
    CloseMessage,
    ContinuationMessage,
    MessageError,
    PingMessage,
    PongMessage,
    TextMessage,
    WSCloseCode,
    WSMessage,
    from_dict,
    from_json,
    from_msgpack,
    is_valid_close_code,
    make_message,
)
from wsmessage.aiohttp import from_aiohttp
from wsmessage.asgi import from_asgi

from ..impostors import (
    ImpostorBytearray,
    ImpostorBytes,
    ImpostorDict,
    ImpostorInt,
    ImpostorKey,
    ImpostorStr,
    impostors,
)
from ..strategies import check_error, refuses_cleanly

LOCAL_ONLY = {1005, 1006, 1015}


def holds_builtins(msg: WSMessage) -> None:
    """The message holds exact builtins, which meet its type's rules."""
    data, extra = msg.data, msg.extra
    if isinstance(msg, TextMessage):
        assert type(data) is str
    elif isinstance(msg, CloseMessage):
        assert type(data) is int or type(data) is WSCloseCode
        assert is_valid_close_code(data) or data in LOCAL_ONLY
        assert type(extra) is str
        assert len(extra.encode("utf-8")) <= 123  # raises if not UTF-8
    elif isinstance(msg, BinaryMessage | ContinuationMessage | PingMessage | PongMessage):
        assert type(data) is bytes
        if isinstance(msg, PingMessage | PongMessage):
            assert len(data) <= 125
    assert extra is None or type(extra) is str


def read(call: Callable[[Any], object], value: Any) -> None:
    result = refuses_cleanly(call, value)
    if result is not None:
        assert isinstance(result, WSMessage)
        holds_builtins(result)


ENTRY_POINTS: dict[str, Callable[[Any], object]] = {
    "TextMessage(data)": TextMessage,
    "BinaryMessage(data)": BinaryMessage,
    "PingMessage(data)": PingMessage,
    "CloseMessage(code)": CloseMessage,
    "CloseMessage(1000, reason)": lambda reason: CloseMessage(1000, reason),
    "CloseMessage.from_payload": CloseMessage.from_payload,
    "make_message(type, b'x')": lambda kind: make_message(cast(int, kind), b"x"),
    "make_message(TEXT, data)": lambda data: make_message(1, data),
    "make_message(CLOSE, code, reason)": lambda code: make_message(8, code, ImpostorStr("bye")),
    "from_dict": from_dict,
    "from_dict({type: ...})": lambda kind: from_dict({"type": kind, "data": "x"}),
    "from_dict({data: ...})": lambda data: from_dict({"type": "binary", "data": data}),
    "from_json": from_json,
    "from_msgpack": from_msgpack,
    "from_asgi": from_asgi,
    "from_asgi({type: ...})": lambda kind: from_asgi({"type": kind, "text": "x"}),
    "from_asgi(close)": lambda code: from_asgi({"type": "websocket.close", "code": code}),
    "from_aiohttp": lambda data: from_aiohttp(aiohttp.WSMessage(aiohttp.WSMsgType.TEXT, data, "")),
    "from_aiohttp(type)": lambda kind: from_aiohttp(aiohttp.WSMessage(kind, 1000, "")),
}

# The examples the issue names, and their kin, against each entry point.
VALUES = [
    ImpostorStr("é" * 300),  # says it is 1 ASCII character
    ImpostorStr("\ud800"),  # says it encodes
    ImpostorStr("text"),
    ImpostorStr("websocket.receive"),
    ImpostorBytes(b"p" * 200),  # says it is empty
    ImpostorBytes(b'{"type": "text", "data": "x"}'),
    ImpostorBytearray(b"\x03\xe8bye"),
    ImpostorInt(5),  # says it is 1000
    ImpostorInt(1),
    ImpostorInt(8),
    ImpostorInt(70_000),
    ImpostorDict({"type": "text", "data": "x"}),
    {ImpostorKey("type"): "text", "data": "x"},
    {"data": "x", ImpostorKey("type"): 1},
    pickle.PickleBuffer(b'{"type": "text", "data": "x"}'),
]


@pytest.mark.parametrize("name", ENTRY_POINTS)
@pytest.mark.parametrize("value", VALUES, ids=lambda value: type(value).__name__)
def test_an_impostor_is_read_as_the_builtin_it_holds(name: str, value: object) -> None:
    read(ENTRY_POINTS[name], value)


@pytest.mark.parametrize("name", ENTRY_POINTS)
@given(value=impostors)
def test_any_impostor_is_read_as_the_builtin_it_holds(name: str, value: object) -> None:
    read(ENTRY_POINTS[name], value)


@pytest.mark.parametrize(
    ("made", "data", "extra"),
    [
        (lambda: CloseMessage(ImpostorInt(4000), ImpostorStr("bye")), 4000, "bye"),
        (lambda: CloseMessage(1000, ImpostorStr("é" * 61)), 1000, "é" * 61),
        (lambda: TextMessage(ImpostorStr("hi")), "hi", None),
        (lambda: BinaryMessage(ImpostorBytes(b"hi")), b"hi", None),
        (lambda: BinaryMessage(ImpostorBytearray(b"hi")), b"hi", None),
        (lambda: make_message(ImpostorInt(2), b"hi"), b"hi", None),
    ],
)
def test_what_is_stored_is_the_builtin_the_impostor_holds(
    made: Callable[[], WSMessage], data: object, extra: object
) -> None:
    msg = made()
    holds_builtins(msg)
    assert (msg.data, msg.extra) == (data, extra)


@pytest.mark.parametrize(
    ("made", "code", "reason"),
    [
        # 600 bytes that said they were 1: refused, not sent in 502 bytes of payload.
        (lambda: CloseMessage(1000, ImpostorStr("é" * 300)), 1002, "close reason is 600 bytes"),
        (lambda: CloseMessage(1000, ImpostorStr("\ud800")), 1007, "close reason is not valid"),
        # An int that says 1000 to int() but holds 5.
        (lambda: CloseMessage(ImpostorInt(5)), 1002, "close code 5 is not allowed"),
        (lambda: PingMessage(ImpostorBytes(b"p" * 200)), 1002, "ping data is 200 bytes"),
    ],
)
def test_an_impostor_that_breaks_a_rule_is_refused(
    made: Callable[[], object], code: int, reason: str
) -> None:
    with pytest.raises(MessageError) as info:
        made()
    check_error(info.value)
    assert info.value.close_code == code
    assert info.value.reason.startswith(reason)


@given(st.binary(max_size=200).map(ImpostorBytes) | st.binary(max_size=200).map(ImpostorBytearray))
def test_close_payloads_are_read_from_the_buffer_itself(payload: bytes) -> None:
    read(CloseMessage.from_payload, payload)
