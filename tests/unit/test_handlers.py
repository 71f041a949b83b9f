"""What the aiohttp and Starlette handlers share (wsmessage._handlers), without a socket.

:class:`Decoded` is driven here by a script of messages, as a framework
module drives it with its socket's messages; tests/integration runs the
same loop over real servers.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Annotated, Any

import msgspec
import pytest
from aiohttp import web
from starlette.websockets import WebSocket

import wsmessage._handlers as handlers
import wsmessage.aiohttp
import wsmessage.starlette
from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    DecodeError,
    ErrorMessage,
    JsonCodec,
    MessageError,
    MsgpackCodec,
    PayloadError,
    PingMessage,
    PongMessage,
    TextMessage,
    ValidationError,
    WSCloseCode,
    WSMessage,
)
from wsmessage._decoding.cache import MAX_CACHED_SCHEMAS
from wsmessage._handlers import (
    Decoded,
    answer,
    closes_on_error,
    codec_for_schema,
    encode,
    read_failure,
)


class Chat(msgspec.Struct):
    user: str
    text: str


CHAT = Chat("ada", "hi")
CHAT_JSON = '{"user":"ada","text":"hi"}'
CHAT_CODEC: JsonCodec[Chat] = JsonCodec(Chat)


class FrameError(Exception):
    """An exception like aiohttp's WebSocketError: it carries the code aiohttp closed with."""

    def __init__(self, code: object) -> None:
        super().__init__("frame error")
        self.code = code


class Script:
    """A socket as Decoded sees it: the messages it will hand out, and the closes sent."""

    def __init__(self, *messages: WSMessage | MessageError) -> None:
        self.messages = list(messages)
        self.closes: list[CloseMessage] = []

    async def receive(self) -> WSMessage:
        item = self.messages.pop(0)
        if isinstance(item, MessageError):
            raise item  # as from_aiohttp and from_asgi do
        return item

    async def close(self, msg: CloseMessage) -> None:
        self.closes.append(msg)

    def decoded(self, codec: Any = CHAT_CODEC, *, close_on_error: bool = True) -> Decoded[Any]:
        return Decoded(self.receive, self.close, codec, close_on_error)


async def collect(decoded: Decoded[Any]) -> list[Any]:
    return [value async for value in decoded]


# --- on_error ------------------------------------------------------------------------


@pytest.mark.parametrize(("on_error", "closes"), [("close", True), ("raise", False)])
def test_on_error_values(on_error: str, closes: bool) -> None:
    assert closes_on_error(on_error) is closes


@pytest.mark.parametrize(
    ("on_error", "error"),
    [
        ("clos", ValueError),
        ("CLOSE", ValueError),
        ("", ValueError),
        (None, TypeError),
        (True, TypeError),
        (1, TypeError),
        (["close"], TypeError),
    ],
)
def test_other_on_error_values_are_refused(on_error: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="on_error must be 'close' or 'raise'"):
        closes_on_error(on_error)


# --- codecs --------------------------------------------------------------------------


@pytest.mark.parametrize("codec", [CHAT_CODEC, MsgpackCodec(Chat), JsonCodec(Chat, max_size=9)])
def test_a_codec_is_used_as_given(codec: Any) -> None:
    assert codec_for_schema(codec) is codec


def test_a_schema_gets_a_json_codec_made_once() -> None:
    codec = codec_for_schema(Chat)
    assert isinstance(codec, JsonCodec)
    assert codec.schema is Chat
    assert codec.max_size is None
    assert codec_for_schema(Chat) is codec
    assert codec_for_schema(list[Chat]) is codec_for_schema(list[Chat])


def test_the_codec_cache_is_bounded() -> None:
    schemas = [Annotated[int, msgspec.Meta(ge=-i)] for i in range(MAX_CACHED_SCHEMAS + 20)]
    for schema in schemas:
        codec_for_schema(schema)
        assert len(handlers._CODECS) <= MAX_CACHED_SCHEMAS
    assert schemas[-1] in handlers._CODECS
    assert schemas[0] not in handlers._CODECS  # the oldest went first


def test_an_unhashable_schema_gets_a_codec_that_is_not_kept() -> None:
    schema = Annotated[int, msgspec.Meta(ge=0), {"unhashable": []}]
    before = dict(handlers._CODECS)
    codec = codec_for_schema(schema)
    assert isinstance(codec, JsonCodec)
    assert codec.decode(TextMessage("3")) == 3
    assert before == handlers._CODECS


def test_a_schema_no_codec_can_handle_is_a_type_error() -> None:
    class Unknown:
        pass

    with pytest.raises(TypeError, match="Unknown"):
        codec_for_schema(Unknown)


@pytest.mark.parametrize(
    ("value", "codec", "expected"),
    [
        (CHAT, None, TextMessage(CHAT_JSON)),
        ({"n": [1, 2]}, None, TextMessage('{"n":[1,2]}')),
        (CHAT, JsonCodec(Chat), TextMessage(CHAT_JSON)),
        (CHAT, MsgpackCodec(Chat), BinaryMessage(msgspec.msgpack.encode(CHAT))),
    ],
)
def test_encode(value: object, codec: Any, expected: WSMessage) -> None:
    assert encode(value, codec) == expected


def test_encode_keeps_a_json_codec_per_type() -> None:
    encode(CHAT)
    codec = handlers._CODECS[Chat]
    encode(Chat("bob", "yo"))
    assert handlers._CODECS[Chat] is codec


@pytest.mark.parametrize("codec", [Chat, "json", JsonCodec, CHAT_CODEC.encode])
def test_encode_with_something_that_is_not_a_codec_is_a_type_error(codec: object) -> None:
    with pytest.raises(TypeError, match="codec must be a JsonCodec or MsgpackCodec"):
        encode(CHAT, codec)


def test_encode_refuses_text_that_cannot_be_sent() -> None:
    with pytest.raises(PayloadError) as info:
        encode(Chat("ada", "\ud800"))
    assert info.value.close_code is WSCloseCode.INVALID_TEXT


# --- the close that answers an error ------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        ValidationError("text: Expected `str`, got `int`"),
        DecodeError("invalid JSON"),
        PayloadError("payload is over the 9 bytes allowed", WSCloseCode.MESSAGE_TOO_BIG),
        MessageError("no", WSCloseCode(1011)),
        ValidationError("é" * 200),  # shortened by the error itself
    ],
)
def test_answer_is_the_errors_code_and_reason(error: MessageError) -> None:
    closing = answer(error)
    assert closing == CloseMessage(error.close_code, error.reason)
    assert closing.to_payload()  # it may be sent


def test_answer_stays_sendable_when_an_error_was_changed() -> None:
    error = ValidationError("bad")
    error.close_code = WSCloseCode.ABNORMAL_CLOSURE
    error.reason = "x" * 200 + "\ud800"
    closing = answer(error)
    assert closing.data is WSCloseCode.POLICY_VIOLATION
    assert len(closing.extra.encode()) <= 123
    assert closing.to_payload()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (WSCloseCode.PROTOCOL_ERROR, PayloadError("websocket protocol error")),
        (1007, PayloadError("text data is not valid UTF-8", WSCloseCode.INVALID_TEXT)),
        (1009, PayloadError("message is over the size limit", WSCloseCode.MESSAGE_TOO_BIG)),
        (1011, PayloadError("websocket protocol error", WSCloseCode.INTERNAL_ERROR)),
    ],
)
def test_a_read_failure_with_a_code_is_the_peers_fault(code: int, expected: PayloadError) -> None:
    error = read_failure(FrameError(code))
    assert repr(error) == repr(expected)


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionResetError("reset"),
        TimeoutError(),
        FrameError(None),
        FrameError(1006),  # local only
        FrameError(4000),  # an application's code: never aiohttp's
        FrameError("1002"),
        FrameError(True),
    ],
)
def test_a_read_failure_without_a_code_that_may_be_sent_is_not(exc: BaseException) -> None:
    assert read_failure(exc) is None


# --- the loop ------------------------------------------------------------------------

REFUSED_FRAME = ErrorMessage(FrameError(1009))  # aiohttp's max_msg_size, say
END_OF_STREAM: list[WSMessage] = [
    CloseMessage(1000),
    CloseMessage(WSCloseCode.NO_STATUS_RECEIVED),
    ClosingMessage(),
    ClosedMessage(),
    ErrorMessage(ConnectionResetError("reset")),
    REFUSED_FRAME,
]


def chats_then(end: WSMessage) -> Script:
    """Two chats among pings and pongs, ``end``, then a message that must not be read."""
    return Script(
        TextMessage(CHAT_JSON),
        PingMessage(b"skipped"),
        BinaryMessage(CHAT_JSON.encode()),
        PongMessage(),
        end,
        TextMessage("never read"),
    )


@pytest.mark.parametrize("end", END_OF_STREAM)
async def test_values_until_the_stream_ends(end: WSMessage) -> None:
    script = chats_then(end)
    assert await collect(script.decoded()) == [CHAT, CHAT]
    assert script.closes == []  # the peer or the framework closed
    assert script.messages == [TextMessage("never read")]


@pytest.mark.parametrize("end", [end for end in END_OF_STREAM if end is not REFUSED_FRAME])
async def test_values_until_the_stream_ends_with_on_error_raise(end: WSMessage) -> None:
    script = chats_then(end)
    assert await collect(script.decoded(close_on_error=False)) == [CHAT, CHAT]
    assert script.closes == []


async def test_with_on_error_raise_a_frame_the_framework_refused_is_raised() -> None:
    script = chats_then(REFUSED_FRAME)
    decoded = script.decoded(close_on_error=False)
    with pytest.raises(PayloadError) as info:
        await collect(decoded)
    assert info.value.close_code is WSCloseCode.MESSAGE_TOO_BIG
    assert info.value.__cause__ is REFUSED_FRAME.data
    assert script.closes == []  # the framework has closed it
    assert await collect(decoded) == []


def good(codec: Any) -> WSMessage:
    """CHAT as a peer sends it to ``codec``."""
    if isinstance(codec, MsgpackCodec):
        return BinaryMessage(msgspec.msgpack.encode(CHAT))
    return TextMessage(CHAT_JSON)


# (what the peer sends, the codec, the close that answers it; its reason if it is fixed)
REFUSED: list[tuple[WSMessage | MessageError, Any, CloseMessage]] = [
    (TextMessage('{"user": "ada"}'), CHAT_CODEC,
     CloseMessage(1008, "text: Object missing required field `text`")),
    (TextMessage('{"user": 1, "text": "hi"}'), CHAT_CODEC, CloseMessage(1008)),
    (TextMessage("{not json"), CHAT_CODEC, CloseMessage(1007)),
    (BinaryMessage(b"\xff"), CHAT_CODEC, CloseMessage(1007)),
    (TextMessage(CHAT_JSON + " " * 10), JsonCodec(Chat, max_size=30), CloseMessage(1009)),
    (TextMessage(CHAT_JSON), MsgpackCodec(Chat), CloseMessage(1003)),
    (ContinuationMessage(b"x"), CHAT_CODEC, CloseMessage(1003)),
    (BinaryMessage(b"\xc1"), MsgpackCodec(Chat), CloseMessage(1007)),
    (PayloadError("text data is not valid UTF-8", WSCloseCode.INVALID_TEXT), CHAT_CODEC,
     CloseMessage(1007, "text data is not valid UTF-8")),
]  # fmt: skip


@pytest.mark.parametrize(("sent", "codec", "expected"), REFUSED)
async def test_a_bad_message_closes_with_its_errors_code(
    sent: WSMessage | MessageError, codec: Any, expected: CloseMessage
) -> None:
    script = Script(good(codec), sent, TextMessage("never read"))
    decoded = script.decoded(codec)
    assert await collect(decoded) == [CHAT]
    (closing,) = script.closes
    assert closing.data == expected.data
    assert closing.extra == (expected.extra or closing.extra)
    assert closing.extra  # a reason, always
    assert script.messages == [TextMessage("never read")]
    with pytest.raises(StopAsyncIteration):
        await decoded.__anext__()  # ended for good


@pytest.mark.parametrize(("sent", "codec", "expected"), REFUSED)
async def test_a_bad_message_is_raised_and_the_iteration_goes_on(
    sent: WSMessage | MessageError, codec: Any, expected: CloseMessage
) -> None:
    script = Script(sent, good(codec), CloseMessage(1000))
    decoded = script.decoded(codec, close_on_error=False)
    with pytest.raises(MessageError) as info:
        await decoded.__anext__()
    assert info.value.close_code == expected.data
    assert script.closes == []  # left open, for the handler to decide
    assert await collect(decoded) == [CHAT]


# --- the framework modules: their arguments are checked when they are called ----------


async def never_called(*args: object) -> Any:
    raise AssertionError("the socket was used")


def unprepared_aiohttp_socket() -> Any:
    return web.WebSocketResponse()  # reading or writing it raises


def starlette_socket_never_used() -> Any:
    return WebSocket({"type": "websocket"}, receive=never_called, send=never_called)


FRAMEWORKS = pytest.mark.parametrize(
    ("module", "socket"),
    [
        (wsmessage.aiohttp, unprepared_aiohttp_socket),
        (wsmessage.starlette, starlette_socket_never_used),
    ],
    ids=["aiohttp", "starlette"],
)


class Unknown:
    """No codec can decode this."""


@FRAMEWORKS
@pytest.mark.parametrize(
    ("schema", "on_error", "error", "match"),
    [
        (Chat, "clos", ValueError, "on_error must be"),
        (Chat, None, TypeError, "on_error must be"),
        (Unknown, "close", TypeError, "unsupported schema Unknown"),
    ],
)
def test_iter_decoded_checks_its_arguments_before_reading(
    module: ModuleType,
    socket: Callable[[], Any],
    schema: Any,
    on_error: Any,
    error: type[Exception],
    match: str,
) -> None:
    with pytest.raises(error, match=match):
        module.iter_decoded(socket(), schema, on_error=on_error)


@FRAMEWORKS
async def test_send_encoded_checks_its_codec_before_sending(
    module: ModuleType, socket: Callable[[], Any]
) -> None:
    with pytest.raises(TypeError, match="codec must be"):
        await module.send_encoded(socket(), CHAT, Chat)
