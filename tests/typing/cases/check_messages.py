"""How user code sees the message model: checked by mypy against the shipped stubs.

Each ``assert_type`` is something that must type-check; each line with a
``# type: ignore[code]`` is something that must be rejected, and fails the
run (under warn_unused_ignores) if mypy starts accepting it.
"""

from typing import Any, Literal

from typing_extensions import assert_type

from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    ErrorMessage,
    PingMessage,
    PongMessage,
    TextMessage,
    WSMessage,
    WSMsgType,
    make_message,
)


def narrow_by_type(msg: WSMessage) -> None:
    if msg.type is WSMsgType.TEXT:
        assert_type(msg, TextMessage)
        assert_type(msg.data, str)
        assert_type(msg.extra, None)
        msg.data.upper()
    elif msg.type is WSMsgType.BINARY:
        assert_type(msg.data, bytes)
    elif msg.type is WSMsgType.CLOSE:
        assert_type(msg.data, int)
        assert_type(msg.extra, str)
    elif msg.type is WSMsgType.ERROR:
        assert_type(msg.data, BaseException)
    elif msg.type is WSMsgType.PING or msg.type is WSMsgType.PONG:
        assert_type(msg.data, bytes)
    elif msg.type is WSMsgType.CLOSING or msg.type is WSMsgType.CLOSED:
        assert_type(msg.data, None)
    else:
        assert_type(msg, ContinuationMessage)


def narrow_by_equality(msg: WSMessage) -> None:
    if msg.type == WSMsgType.TEXT:
        assert_type(msg.data, str)


def narrow_by_match(msg: WSMessage) -> None:
    match msg:
        case TextMessage(data=text):
            assert_type(text, str)
        case BinaryMessage(payload):
            assert_type(payload, bytes)
        case CloseMessage(code, reason):
            assert_type(code, int)
            assert_type(reason, str)
        case ErrorMessage(data=exc):
            assert_type(exc, BaseException)
        case _:
            pass


def unnarrowed(msg: WSMessage) -> None:
    _kind: WSMsgType = msg.type  # pyright says: the union of the nine literals
    assert_type(msg.data, bytes | str | int | BaseException | None)
    assert_type(msg.extra, str | None)


def types_are_literal() -> None:
    assert_type(TextMessage.type, Literal[WSMsgType.TEXT])
    assert_type(CloseMessage(1000).type, Literal[WSMsgType.CLOSE])


def constructors() -> None:
    assert_type(TextMessage("hi"), TextMessage)
    assert_type(BinaryMessage(bytearray(b"x")).data, bytes)
    assert_type(BinaryMessage(memoryview(b"x")), BinaryMessage)
    assert_type(ContinuationMessage(b"x"), ContinuationMessage)
    assert_type(PingMessage(), PingMessage)
    assert_type(PongMessage(b"x"), PongMessage)
    assert_type(CloseMessage(1000, "bye"), CloseMessage)
    assert_type(ClosingMessage(), ClosingMessage)
    assert_type(ClosedMessage(), ClosedMessage)
    assert_type(ErrorMessage(ValueError("x")), ErrorMessage)


def json_untyped(text: TextMessage, binary: BinaryMessage) -> None:
    assert_type(text.json(), Any)
    assert_type(binary.json(), Any)


def make_message_is_precise_for_literal_types(raw_type: int, data: Any) -> None:
    assert_type(make_message(WSMsgType.TEXT, b"hi"), TextMessage)
    assert_type(make_message(WSMsgType.CLOSE, 1000, None), CloseMessage)
    assert_type(make_message(WSMsgType.PING, b""), PingMessage)
    assert_type(make_message(WSMsgType.ERROR, OSError()), ErrorMessage)
    assert_type(make_message(raw_type, data), WSMessage)


def close_frames(close: CloseMessage, payload: bytes) -> None:
    assert_type(CloseMessage.from_payload(payload), CloseMessage)
    assert_type(CloseMessage.from_payload(bytearray(payload)), CloseMessage)
    assert_type(close.to_payload(), bytes)


# --- must fail -------------------------------------------------------------------


def must_fail(msg: WSMessage, text: TextMessage, ping: PingMessage) -> None:
    msg.data.upper()  # type: ignore[union-attr]  # pyright: ignore[reportAttributeAccessIssue, reportOptionalMemberAccess, reportUnknownMemberType]
    ping.json()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    msg.json()  # type: ignore[union-attr]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    text.data = "changed"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    text.type = WSMsgType.TEXT  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    TextMessage(b"x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    TextMessage("x", "extra")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    BinaryMessage("x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    CloseMessage("1000")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    CloseMessage(1000, None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ErrorMessage("boom")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    size: int = text.data  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    CloseMessage.from_payload("\x03\xe8")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    text.to_payload()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    if msg.type is WSMsgType.CLOSE:
        msg.data.upper()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
