"""The message classes and make_message, row by row of DESIGN.md's table."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Callable
from typing import Any, get_args

import aiohttp
import pytest

from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    ErrorMessage,
    JsonCodec,
    MessageError,
    PayloadError,
    PingMessage,
    PongMessage,
    TextMessage,
    WSCloseCode,
    WSMessage,
    WSMsgType,
    from_dict,
    is_valid_close_code,
    make_message,
)
from wsmessage.aiohttp import from_aiohttp
from wsmessage.asgi import from_asgi

BOOM = RuntimeError("boom")

# (class, its type, a valid data, the data it stores, the extra it stores)
ROWS: list[tuple[type[Any], WSMsgType, Any, Any, Any]] = [
    (ContinuationMessage, WSMsgType.CONTINUATION, b"frag", b"frag", None),
    (TextMessage, WSMsgType.TEXT, "hello", "hello", None),
    (BinaryMessage, WSMsgType.BINARY, b"\x00\xff", b"\x00\xff", None),
    (PingMessage, WSMsgType.PING, b"p" * 125, b"p" * 125, None),
    (PongMessage, WSMsgType.PONG, b"", b"", None),
    (CloseMessage, WSMsgType.CLOSE, 1000, WSCloseCode.OK, ""),
    (ClosingMessage, WSMsgType.CLOSING, None, None, None),
    (ClosedMessage, WSMsgType.CLOSED, None, None, None),
    (ErrorMessage, WSMsgType.ERROR, BOOM, BOOM, None),
]
ROW_IDS = [row[0].__name__ for row in ROWS]
ALL_CLASSES = [row[0] for row in ROWS]


@pytest.mark.parametrize(("cls", "msg_type", "given", "data", "extra"), ROWS, ids=ROW_IDS)
def test_each_class_has_its_type_data_and_extra(
    cls: type[Any], msg_type: WSMsgType, given: Any, data: Any, extra: Any
) -> None:
    message = cls(given)
    assert message.type is msg_type
    assert cls.type is msg_type
    assert message.data == data
    assert type(message.data) is type(data)
    assert message.extra == extra


@pytest.mark.parametrize(("cls", "msg_type", "given", "data", "extra"), ROWS, ids=ROW_IDS)
def test_make_message_dispatches_on_type_and_its_int(
    cls: type[Any], msg_type: WSMsgType, given: Any, data: Any, extra: Any
) -> None:
    for kind in (msg_type, int(msg_type)):
        message = make_message(kind, given)
        assert type(message) is cls
        assert message.data == data
        assert message.extra == extra


def test_wsmessage_is_the_union_of_the_nine() -> None:
    assert set(get_args(WSMessage)) == set(ALL_CLASSES)
    assert {cls.type for cls in ALL_CLASSES} == set(WSMsgType)
    for cls, _, given, _, _ in ROWS:
        assert isinstance(cls(given), get_args(WSMessage))


# --- payload types ------------------------------------------------------------

BYTES_CLASSES = [ContinuationMessage, BinaryMessage, PingMessage, PongMessage]


def view_of_a_copy(data: bytes) -> memoryview:
    return memoryview(bytearray(data))


@pytest.mark.parametrize("cls", BYTES_CLASSES)
@pytest.mark.parametrize("make", [bytearray, memoryview, view_of_a_copy])
def test_bytes_likes_become_bytes_and_are_left_alone(cls: type[Any], make: Any) -> None:
    given = make(b"abc")
    message = cls(given)
    assert type(message.data) is bytes
    assert message.data == b"abc"
    assert bytes(given) == b"abc"  # the caller's buffer is not touched
    if isinstance(given, bytearray):
        given[0] = ord("z")  # and the message holds a copy, not a view
        assert message.data == b"abc"


@pytest.mark.parametrize("cls", BYTES_CLASSES)
def test_released_memoryview_is_refused(cls: type[Any]) -> None:
    view = memoryview(b"abc")
    view.release()
    with pytest.raises(PayloadError) as info:
        cls(view)
    assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR


WRONG_DATA: list[tuple[type[Any], Any]] = [
    *[(cls, bad) for cls in BYTES_CLASSES for bad in ["text", 1, None, [1, 2], 1.5]],
    *[(TextMessage, bad) for bad in [b"x", bytearray(b"x"), 1, None, ["x"], 3.0]],
    *[(CloseMessage, bad) for bad in ["1000", 1000.0, None, b"\x03\xe8", True, False]],
    *[(cls, bad) for cls in (ClosingMessage, ClosedMessage) for bad in [0, "", b"", False]],
    *[(ErrorMessage, bad) for bad in ["boom", None, RuntimeError, 1]],
]


@pytest.mark.parametrize(("cls", "bad"), WRONG_DATA)
def test_wrong_payload_type_is_a_protocol_error(cls: type[Any], bad: Any) -> None:
    with pytest.raises(PayloadError) as info:
        cls(bad)
    assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR
    assert type(bad).__name__ in info.value.reason


@pytest.mark.parametrize("cls", [c for c in ALL_CLASSES if c is not CloseMessage])
@pytest.mark.parametrize("extra", ["", "x", 0, b""])
def test_only_close_takes_an_extra(cls: type[Any], extra: Any) -> None:
    given = next(row[2] for row in ROWS if row[0] is cls)
    with pytest.raises(PayloadError) as info:
        cls(given, extra)
    assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR


def test_str_subclass_is_stored_as_str() -> None:
    class Tagged(str):
        pass

    message = TextMessage(Tagged("hi"))
    assert type(message.data) is str
    assert message == TextMessage("hi")


def test_text_holds_any_str_even_lone_surrogates() -> None:
    # Refused where it is encoded, not here (DESIGN.md, Messages).
    assert TextMessage("\ud800").data == "\ud800"


# --- control frames -------------------------------------------------------------


@pytest.mark.parametrize("cls", [PingMessage, PongMessage])
@pytest.mark.parametrize(
    ("size", "ok"), [(0, True), (1, True), (125, True), (126, False), (10_000, False)]
)
def test_control_payload_limit(cls: type[Any], size: int, ok: bool) -> None:
    payload = b"x" * size
    if ok:
        assert cls(payload).data == payload
        assert cls(bytearray(payload)).data == payload
    else:
        with pytest.raises(PayloadError) as info:
            cls(payload)
        assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR
        assert "125" in info.value.reason
        with pytest.raises(PayloadError):
            cls(bytearray(payload))


@pytest.mark.parametrize("cls", [PingMessage, PongMessage])
def test_ping_and_pong_default_to_empty(cls: type[Any]) -> None:
    assert cls().data == b""


# --- close --------------------------------------------------------------------------

LOCAL_ONLY = {1005, 1006, 1015}


def test_close_codes_over_the_whole_range() -> None:
    for code in range(0, 6000):
        allowed = is_valid_close_code(code) or code in LOCAL_ONLY
        try:
            CloseMessage(code)
        except PayloadError:
            assert not allowed, code
        else:
            assert allowed, code


def test_huge_int_close_code_is_refused_without_formatting_it() -> None:
    with pytest.raises(PayloadError) as info:
        CloseMessage(10**5000)
    assert len(info.value.reason) < 60


def test_int_subclass_close_code_is_normalized() -> None:
    import enum

    class AppCode(enum.IntEnum):
        KICKED = 4001
        NORMAL = 1000

    assert type(CloseMessage(AppCode.KICKED).data) is int
    assert CloseMessage(AppCode.NORMAL).data is WSCloseCode.OK


@pytest.mark.parametrize(
    ("reason", "ok"),
    [
        ("", True),
        ("a" * 123, True),
        ("a" * 124, False),
        ("é" * 61, True),  # 122 bytes
        ("é" * 62, False),  # 124 bytes
        ("€" * 41, True),  # 123 bytes
        ("€" * 41 + "a", False),
        ("😀" * 30 + "abc", True),  # 123 bytes
        ("😀" * 31, False),  # 124 bytes, only 31 characters
    ],
)
def test_close_reason_limit_counts_utf8_bytes(reason: str, ok: bool) -> None:
    if ok:
        assert CloseMessage(1000, reason).extra == reason
    else:
        with pytest.raises(PayloadError) as info:
            CloseMessage(1000, reason)
        assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR


@pytest.mark.parametrize("reason", ["\ud800", "ok\udfff"])
def test_close_reason_that_is_not_utf8_is_invalid_text(reason: str) -> None:
    with pytest.raises(PayloadError) as info:
        CloseMessage(1000, reason)
    assert info.value.close_code is WSCloseCode.INVALID_TEXT


@pytest.mark.parametrize("reason", [None, b"bye", 1, ["bye"]])
def test_close_reason_must_be_str(reason: Any) -> None:
    with pytest.raises(PayloadError) as info:
        CloseMessage(1000, reason)
    assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR


# --- close frames: from_payload, to_payload -------------------------------------


@pytest.mark.parametrize(
    ("payload", "code", "reason"),
    [
        (b"", WSCloseCode.NO_STATUS_RECEIVED, ""),
        (b"\x03\xe8", WSCloseCode.OK, ""),
        (b"\x03\xe9going", WSCloseCode.GOING_AWAY, "going"),
        (b"\x0f\xa0bye", 4000, "bye"),
        (b"\x0b\xb8", 3000, ""),
        (b"\x13\x87", 4999, ""),
        (b"\x03\xe8" + "é".encode() * 61 + b"a", WSCloseCode.OK, "é" * 61 + "a"),
        (b"\x03\xe8" + b"a" * 123, WSCloseCode.OK, "a" * 123),
    ],
)
def test_from_payload_reads_code_and_reason(payload: bytes, code: int, reason: str) -> None:
    for given in (payload, bytearray(payload), memoryview(payload)):
        message = CloseMessage.from_payload(given)
        assert message == CloseMessage(code, reason)
        assert type(message.data) is type(CloseMessage(code).data)


@pytest.mark.parametrize(
    ("payload", "close_code"),
    [
        (b"\x03", WSCloseCode.PROTOCOL_ERROR),  # one byte: half a code
        (b"\x03\xe8" + b"a" * 124, WSCloseCode.PROTOCOL_ERROR),  # 126 bytes
    ],
)
def test_from_payload_refuses_bad_frames(payload: bytes, close_code: WSCloseCode) -> None:
    with pytest.raises(PayloadError) as info:
        CloseMessage.from_payload(payload)
    assert info.value.close_code is close_code
    assert len(info.value.reason.encode()) <= 123


@pytest.mark.parametrize("payload", ["\x03\xe8", None, 1000, [3, 232], b"\x03\xe8".hex()])
def test_from_payload_takes_only_bytes_likes(payload: Any) -> None:
    with pytest.raises(PayloadError) as info:
        CloseMessage.from_payload(payload)
    assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR


def test_from_payload_leaves_its_input_alone() -> None:
    payload = bytearray(b"\x03\xe8bye")
    CloseMessage.from_payload(payload)
    assert payload == bytearray(b"\x03\xe8bye")


@pytest.mark.parametrize(
    ("message", "payload"),
    [
        (CloseMessage(1000), b"\x03\xe8"),
        (CloseMessage(1001, "restart"), b"\x03\xe9restart"),
        (CloseMessage(4000, "é"), b"\x0f\xa0\xc3\xa9"),
        (CloseMessage(1000, "a" * 123), b"\x03\xe8" + b"a" * 123),
    ],
)
def test_to_payload_writes_code_and_reason(message: CloseMessage, payload: bytes) -> None:
    assert message.to_payload() == payload
    assert CloseMessage.from_payload(payload) == message


# --- the model's contract ---------------------------------------------------------

SAMPLES: list[WSMessage] = [
    ContinuationMessage(b"c"),
    TextMessage("t"),
    BinaryMessage(b"b"),
    PingMessage(b"p"),
    PongMessage(b"p"),
    CloseMessage(4000, "bye"),
    ClosingMessage(),
    ClosedMessage(),
    ErrorMessage(BOOM),
]


@pytest.mark.parametrize("message", SAMPLES, ids=lambda m: type(m).__name__)
def test_messages_are_frozen(message: WSMessage) -> None:
    with pytest.raises(AttributeError):
        message.data = None  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    with pytest.raises(AttributeError):
        message.extra = None  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    with pytest.raises(AttributeError):
        message.other = 1  # type: ignore[union-attr]  # pyright: ignore[reportAttributeAccessIssue]


@pytest.mark.parametrize("message", SAMPLES, ids=lambda m: type(m).__name__)
def test_messages_are_hashable_and_equal_by_value(message: WSMessage) -> None:
    twin = type(message)(message.data, message.extra)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert twin == message
    assert hash(twin) == hash(message)
    assert len({message, twin}) == 1


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (PingMessage(b"x"), PongMessage(b"x")),
        (BinaryMessage(b"x"), ContinuationMessage(b"x")),
        (ClosingMessage(), ClosedMessage()),
        (TextMessage("x"), TextMessage("y")),
        (CloseMessage(1000, "a"), CloseMessage(1000, "b")),
    ],
)
def test_messages_differ_by_class_and_value(left: WSMessage, right: WSMessage) -> None:
    assert left != right


@pytest.mark.parametrize("message", SAMPLES, ids=lambda m: type(m).__name__)
def test_messages_pickle(message: WSMessage) -> None:
    copy = pickle.loads(pickle.dumps(message))
    assert type(copy) is type(message)
    if isinstance(message, ErrorMessage):
        # Exceptions compare by identity; the copy holds an equal one.
        assert repr(copy.data) == repr(message.data)
    else:
        assert copy == message


@pytest.mark.parametrize("message", SAMPLES, ids=lambda m: type(m).__name__)
def test_messages_are_slotted(message: WSMessage) -> None:
    assert not hasattr(message, "__dict__")


def test_only_error_messages_are_tracked_by_the_garbage_collector() -> None:
    for message in SAMPLES:
        assert gc.is_tracked(message) is isinstance(message, ErrorMessage)


@pytest.mark.parametrize(
    ("message", "text"),
    [
        (TextMessage("hi"), "TextMessage(data='hi')"),
        (BinaryMessage(b"\x01"), "BinaryMessage(data=b'\\x01')"),
        (PingMessage(), "PingMessage()"),
        (CloseMessage(1000), "CloseMessage(data=<WSCloseCode.OK: 1000>)"),
        (CloseMessage(4000, "bye"), "CloseMessage(data=4000, extra='bye')"),
        (ClosedMessage(), "ClosedMessage()"),
    ],
)
def test_repr_is_readable(message: WSMessage, text: str) -> None:
    assert repr(message) == text


def test_match_args() -> None:
    assert TextMessage.__match_args__ == ("data", "extra")
    assert CloseMessage.__match_args__ == ("data", "extra")

    def describe(message: WSMessage) -> str:
        match message:
            case TextMessage(text):
                return f"text {text}"
            case CloseMessage(code, reason):
                return f"close {int(code)} {reason}"
            case BinaryMessage(data=payload):
                return f"binary {len(payload)}"
            case _:
                return "other"

    assert describe(TextMessage("hi")) == "text hi"
    assert describe(CloseMessage(1001, "later")) == "close 1001 later"
    assert describe(BinaryMessage(b"abc")) == "binary 3"
    assert describe(PingMessage()) == "other"


# --- make_message -------------------------------------------------------------


@pytest.mark.parametrize(
    "given", [b"caf\xc3\xa9", bytearray(b"caf\xc3\xa9"), memoryview(b"caf\xc3\xa9"), "café"]
)
def test_make_message_decodes_text_bytes_as_utf8(given: Any) -> None:
    assert make_message(WSMsgType.TEXT, given) == TextMessage("café")


def test_make_message_decodes_text_from_any_memoryview() -> None:
    spaced = memoryview(b"h.i.")[::2]  # not contiguous
    assert make_message(WSMsgType.TEXT, spaced) == TextMessage("hi")
    view = memoryview(b"hi")
    view.release()
    with pytest.raises(PayloadError) as info:
        make_message(WSMsgType.TEXT, view)
    assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR


def test_make_message_close_reason() -> None:
    assert make_message(WSMsgType.CLOSE, 1001, None) == CloseMessage(1001, "")
    assert make_message(WSMsgType.CLOSE, 1001, "later") == CloseMessage(1001, "later")
    with pytest.raises(PayloadError):
        make_message(WSMsgType.CLOSE, 1004, "")


@pytest.mark.parametrize(
    "kind",
    [3, 7, 0xB, 0xF, 0x103, -1, 2**70, "text", "1", b"\x01", None, 1.0, True, False, [1], {1: 2}],
)
def test_make_message_refuses_unknown_types(kind: Any) -> None:
    with pytest.raises(PayloadError) as info:
        make_message(kind, b"x")
    assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR


def test_make_message_does_not_quote_long_unknown_types() -> None:
    with pytest.raises(PayloadError) as info:
        make_message("x" * 10_000, b"")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    assert "x" * 20 not in info.value.reason


def test_make_message_refuses_extra_on_data_messages() -> None:
    with pytest.raises(PayloadError):
        make_message(WSMsgType.TEXT, "x", "")


def test_payload_errors_are_message_errors() -> None:
    with pytest.raises(MessageError):
        TextMessage(b"x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


# --- text the library made itself, and everything else ---------------------------------


def test_encoded_text_is_the_message_the_constructor_makes() -> None:
    # JsonCodec.encode makes its message without checking its own output again.
    made = JsonCodec(dict[str, str]).encode({"user": "ada"})
    checked = TextMessage('{"user":"ada"}')
    assert type(made) is TextMessage
    assert type(made.data) is str
    assert made == checked
    assert hash(made) == hash(checked)
    assert repr(made) == repr(checked)
    assert made.extra is None
    assert pickle.loads(pickle.dumps(made)) == checked
    # Each is a message of its own.
    again = JsonCodec(dict[str, str]).encode({"user": "ada"})
    assert again is not made
    assert JsonCodec(str).encode("") == TextMessage('""')


class Text(str):
    pass


class Data(bytes):
    pass


class Code(int):
    pass


def _aiohttp_message(kind: int, data: object) -> aiohttp.WSMessage:
    return aiohttp.WSMessage(aiohttp.WSMsgType(kind), data, "")


# Every public way to build a TEXT, BINARY or CLOSE message from data that
# comes from outside: each still runs the checks that the copy of a blank text
# (BLANK_TEXT, for the encoder's own text) skips.
BUILDERS: list[tuple[str, Callable[[Any], WSMessage], type, Any]] = [
    # (name, build, the type data must have, a value that must be refused)
    ("TextMessage", TextMessage, str, 1),
    ("make_message TEXT", lambda d: make_message(WSMsgType.TEXT, d), str, 1),
    ("from_dict text", lambda d: from_dict({"type": "text", "data": d}), str, 1),
    ("from_asgi text", lambda d: from_asgi({"type": "websocket.receive", "text": d}), str, 1),
    ("from_aiohttp TEXT", lambda d: from_aiohttp(_aiohttp_message(1, d)), str, 1),
    ("BinaryMessage", BinaryMessage, bytes, "x"),
    ("make_message BINARY", lambda d: make_message(WSMsgType.BINARY, d), bytes, "x"),
    ("from_dict binary", lambda d: from_dict({"type": "binary", "data": d}), bytes, "x"),
    ("from_asgi bytes", lambda d: from_asgi({"type": "websocket.receive", "bytes": d}), bytes, "x"),
    ("from_aiohttp BINARY", lambda d: from_aiohttp(_aiohttp_message(2, d)), bytes, "x"),
    ("CloseMessage", CloseMessage, int, 1000.0),
    ("make_message CLOSE", lambda d: make_message(WSMsgType.CLOSE, d), int, 1000.0),
    ("from_dict close", lambda d: from_dict({"type": "close", "data": d}), int, "1000"),
    ("from_asgi close", lambda d: from_asgi({"type": "websocket.close", "code": d}), int, "1000"),
    ("from_aiohttp CLOSE", lambda d: from_aiohttp(_aiohttp_message(8, d)), int, 1000.0),
]
SUBCLASSED = {str: Text("hi"), bytes: Data(b"hi"), int: Code(4000)}


@pytest.mark.parametrize(
    ("build", "kind", "bad"),
    [row[1:] for row in BUILDERS],
    ids=[row[0] for row in BUILDERS],
)
def test_every_public_builder_still_checks_its_data(
    build: Callable[[Any], WSMessage], kind: type, bad: Any
) -> None:
    with pytest.raises(PayloadError):
        build(bad)
    given = SUBCLASSED[kind]
    try:
        message = build(given)
    except PayloadError:
        return  # refused: checked
    # Taken: as the base type itself (a close code may become its WSCloseCode), never
    # the subclass a caller or a peer handed in.
    assert type(message.data) is kind or type(message.data) is WSCloseCode
    assert message.data == given
