"""Properties of the message model over generated payloads."""

from __future__ import annotations

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
    WSMsgType,
    is_valid_close_code,
    make_message,
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
def test_a_close_frame_that_is_read_is_written_back_the_same(payload: bytes) -> None:
    try:
        message = CloseMessage.from_payload(payload)
    except MessageError:
        return
    assert payload == b"" or message.to_payload() == payload


@given(
    st.sampled_from([code for code in range(5000) if is_valid_close_code(code)]),
    st.text(max_size=40).filter(lambda s: len(s.encode()) <= 123),
)
def test_close_payload_round_trips(code: int, reason: str) -> None:
    message = CloseMessage(code, reason)
    assert CloseMessage.from_payload(message.to_payload()) == message
