"""Round trips through every serializer, and junk that only ever raises MessageError."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import msgspec
from hypothesis import given, strategies as st

from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    ErrorMessage,
    MessageError,
    PingMessage,
    PongMessage,
    RemoteError,
    TextMessage,
    WSCloseCode,
    WSMessage,
    WSMsgType,
    from_dict,
    from_json,
    from_msgpack,
    is_valid_close_code,
    to_dict,
    to_json,
    to_msgpack,
)
from wsmessage.serialize import exception_text

from .test_messages_properties import junk

CLOSE_CODES = [code for code in range(5000) if is_valid_close_code(code)] + [1005, 1006, 1015]
EXCEPTIONS = [RuntimeError, ValueError, OSError, TimeoutError, KeyError, RemoteError]

reasons = st.text(max_size=40).filter(lambda text: len(text.encode()) <= 123)
exceptions = st.builds(lambda cls, text: cls(text), st.sampled_from(EXCEPTIONS), st.text())

messages: st.SearchStrategy[WSMessage] = st.one_of(
    st.binary().map(ContinuationMessage),
    st.text().map(TextMessage),
    st.binary().map(BinaryMessage),
    st.binary(max_size=125).map(PingMessage),
    st.binary(max_size=125).map(PongMessage),
    st.builds(CloseMessage, st.sampled_from(CLOSE_CODES), reasons),
    st.just(ClosingMessage()),
    st.just(ClosedMessage()),
    exceptions.map(ErrorMessage),
)


def dict_in_json_mode(message: WSMessage) -> WSMessage:
    return from_dict(to_dict(message, mode="json"))


def via_json(message: WSMessage) -> WSMessage:
    return from_json(to_json(message))


def via_json_text(message: WSMessage) -> WSMessage:
    return from_json(to_json(message).decode())


def via_msgpack(message: WSMessage) -> WSMessage:
    return from_msgpack(to_msgpack(message))


TEXT_ROUND_TRIPS: list[Callable[[WSMessage], WSMessage]] = [
    dict_in_json_mode,
    via_json,
    via_json_text,
    via_msgpack,
]


@given(messages)
def test_python_dicts_round_trip_every_message(message: WSMessage) -> None:
    # An ERROR's exception itself travels in a Python dict.
    assert from_dict(to_dict(message)) == message


@given(messages, st.sampled_from(TEXT_ROUND_TRIPS))
def test_every_serializer_round_trips(
    message: WSMessage, round_trip: Callable[[WSMessage], WSMessage]
) -> None:
    back = round_trip(message)
    if isinstance(message, ErrorMessage):
        assert back == ErrorMessage(RemoteError(exception_text(message.data)))
        assert type(back.data) is RemoteError
    else:
        assert back == message
        assert type(back.data) is type(message.data)


@given(exceptions)
def test_error_text_names_the_class_and_keeps_the_message(exc: BaseException) -> None:
    text = via_json(ErrorMessage(exc)).data
    assert isinstance(text, RemoteError)
    if isinstance(exc, RemoteError):
        assert text == exc
    else:
        assert text.text.split(":")[0] == type(exc).__name__
        assert text == RemoteError(exception_text(exc))


@given(messages)
def test_to_json_is_the_json_mode_dict(message: WSMessage) -> None:
    assert json.loads(to_json(message)) == to_dict(message, mode="json")


@given(messages)
def test_to_msgpack_is_the_python_dict_with_bytes_kept(message: WSMessage) -> None:
    decoded = msgspec.msgpack.decode(to_msgpack(message))
    expected = to_dict(message, mode="json")
    if isinstance(message.data, bytes):
        expected["data"] = message.data
    assert decoded == expected


# --- junk -----------------------------------------------------------------------------

type_names = st.sampled_from([t.name.lower() for t in WSMsgType]) | st.sampled_from(list(WSMsgType))
envelopes = st.dictionaries(
    st.sampled_from(["type", "data", "extra"]) | st.text(max_size=6),
    junk | type_names,
    max_size=4,
) | st.fixed_dictionaries(
    {"type": type_names, "data": junk},
    optional={"extra": junk},
)


def encoded_with(encode: Callable[[Any], bytes]) -> Callable[[Any], bytes]:
    """``encode``, or b"" for what it cannot encode (ints past 64 bits in msgpack)."""

    def encode_or_empty(value: Any) -> bytes:
        try:
            return encode(value)
        except OverflowError:
            return b""

    return encode_or_empty


def reads_or_refuses(read: Callable[[Any], object], value: Any) -> None:
    """``read(value)`` returns, or raises a MessageError fit to send; ``value`` is left alone."""
    before = copy.deepcopy(value)
    try:
        read(value)
    except MessageError as err:
        assert isinstance(err.close_code, WSCloseCode)
        assert len(err.reason.encode("utf-8")) <= 123
    assert value == before


@given(envelopes | junk)
def test_from_dict_raises_only_message_errors(value: Any) -> None:
    reads_or_refuses(from_dict, value)


@given(st.binary() | envelopes.map(encoded_with(msgspec.json.encode)))
def test_from_json_raises_only_message_errors(document: bytes) -> None:
    reads_or_refuses(from_json, document)
    reads_or_refuses(from_json, bytearray(document))


@given(st.text())
def test_from_json_of_any_str_raises_only_message_errors(document: str) -> None:
    reads_or_refuses(from_json, document)


@given(st.binary() | envelopes.map(encoded_with(msgspec.msgpack.encode)))
def test_from_msgpack_raises_only_message_errors(document: bytes) -> None:
    reads_or_refuses(from_msgpack, document)
    reads_or_refuses(from_msgpack, bytearray(document))
