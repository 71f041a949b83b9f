"""Round trips through every serializer."""

from __future__ import annotations

import json
from collections.abc import Callable

import msgspec
from hypothesis import given, strategies as st

from wsmessage import (
    ErrorMessage,
    RemoteError,
    WSMessage,
    from_dict,
    from_json,
    from_msgpack,
    to_dict,
    to_json,
    to_msgpack,
)
from wsmessage.serialize import exception_text

from ..strategies import exceptions, messages


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
