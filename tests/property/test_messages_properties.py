"""Properties of the message model over generated payloads."""

from __future__ import annotations

import copy
from typing import Any

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
    TextMessage,
    WSCloseCode,
    WSMsgType,
    is_valid_close_code,
    make_message,
)

ALL_CLASSES = [
    ContinuationMessage,
    TextMessage,
    BinaryMessage,
    PingMessage,
    PongMessage,
    CloseMessage,
    ClosingMessage,
    ClosedMessage,
    ErrorMessage,
]

# Whatever a peer or a careless caller could hand over, nested.
junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary()
    | st.builds(bytearray, st.binary()),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.tuples(inner, inner)
    ),
    max_leaves=10,
)


@given(st.text())
def test_any_str_builds_a_text_message(text: str) -> None:
    message = TextMessage(text)
    assert message.data == text
    assert message.type is WSMsgType.TEXT


@given(st.binary())
def test_any_bytes_builds_binary_and_continuation(payload: bytes) -> None:
    assert BinaryMessage(payload).data == payload
    assert ContinuationMessage(bytearray(payload)).data == payload


@given(st.binary(max_size=125))
def test_small_bytes_build_ping_and_pong(payload: bytes) -> None:
    assert PingMessage(payload).data == payload
    assert PongMessage(memoryview(payload)).data == payload


@given(st.binary(min_size=126, max_size=4096))
def test_bytes_over_125_fail_for_ping_and_pong(payload: bytes) -> None:
    for cls in (PingMessage, PongMessage):
        try:
            cls(payload)
        except MessageError as err:
            assert err.close_code is WSCloseCode.PROTOCOL_ERROR
        else:
            raise AssertionError(f"{cls.__name__} took {len(payload)} bytes")


@given(st.integers())
def test_close_code_accepted_iff_sendable_or_local_only(code: int) -> None:
    allowed = is_valid_close_code(code) or code in (1005, 1006, 1015)
    try:
        message = CloseMessage(code)
    except MessageError:
        assert not allowed
    else:
        assert allowed
        assert message.data == code


@given(st.text(max_size=200))
def test_close_reason_accepted_iff_utf8_within_123_bytes(reason: str) -> None:
    try:
        size = len(reason.encode("utf-8"))
    except UnicodeEncodeError:
        size = None
    try:
        message = CloseMessage(1000, reason)
    except MessageError as err:
        if size is None:
            assert err.close_code is WSCloseCode.INVALID_TEXT
        else:
            assert size > 123
    else:
        assert size is not None
        assert size <= 123
        assert message.extra == reason


@given(st.sampled_from(ALL_CLASSES), junk, junk)
def test_constructors_raise_only_message_errors(cls: Any, data: Any, extra: Any) -> None:
    before = (copy.deepcopy(data), copy.deepcopy(extra))
    try:
        cls(data, extra)
    except MessageError as err:
        assert isinstance(err.close_code, WSCloseCode)
        assert len(err.reason.encode("utf-8")) <= 123
    assert (data, extra) == before


@given(st.integers(-5, 0x110) | st.sampled_from(list(WSMsgType)) | junk, junk, junk)
def test_make_message_raises_only_message_errors(kind: Any, data: Any, extra: Any) -> None:
    before = (copy.deepcopy(data), copy.deepcopy(extra))
    try:
        message = make_message(kind, data, extra)
    except MessageError as err:
        assert isinstance(err.close_code, WSCloseCode)
        assert len(err.reason.encode("utf-8")) <= 123
    else:
        assert message.type == kind
    assert (data, extra) == before


@given(st.binary())
def test_make_message_text_from_bytes_matches_strict_utf8(payload: bytes) -> None:
    try:
        expected = payload.decode("utf-8")
    except UnicodeDecodeError:
        expected = None
    try:
        message = make_message(WSMsgType.TEXT, payload)
    except MessageError as err:
        assert expected is None
        assert err.close_code is WSCloseCode.INVALID_TEXT
    else:
        assert message.data == expected


@given(st.binary(max_size=130))
def test_from_payload_raises_only_message_errors(payload: bytes) -> None:
    try:
        message = CloseMessage.from_payload(payload)
    except MessageError as err:
        assert isinstance(err.close_code, WSCloseCode)
    else:
        assert payload == b"" or message.to_payload() == payload


@given(
    st.sampled_from([code for code in range(5000) if is_valid_close_code(code)]),
    st.text(max_size=40).filter(lambda s: len(s.encode()) <= 123),
)
def test_close_payload_round_trips(code: int, reason: str) -> None:
    message = CloseMessage(code, reason)
    assert CloseMessage.from_payload(message.to_payload()) == message
