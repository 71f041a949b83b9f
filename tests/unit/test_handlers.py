"""What every handler shares (wsmessage._handlers), without a real socket.

:class:`~wsmessage.Receiver` is driven here by a script of what an adapter
hands out (messages, ends, errors), through an adapter registered for the
script's class; tests/unit/test_sockets.py holds the frameworks' adapters,
and tests/integration runs the same loop over real servers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Annotated, Any

import msgspec
import pytest
from aiohttp import web
from starlette.websockets import WebSocket
from websockets.asyncio.client import ClientConnection
from websockets.client import ClientProtocol
from websockets.uri import parse_uri

import wsmessage._handlers as handlers
import wsmessage._sockets as sockets
import wsmessage.aiohttp
import wsmessage.starlette
import wsmessage.websockets
from wsmessage import (
    BinaryMessage,
    CloseMessage,
    ContinuationMessage,
    DecodeError,
    Endpoint,
    JsonCodec,
    MessageError,
    MsgpackCodec,
    PayloadError,
    Receiver,
    TextMessage,
    ValidationError,
    WSCloseCode,
    WSMessage,
)
from wsmessage._decoding.cache import MAX_CACHED_SCHEMAS, schema_key
from wsmessage._handlers import (
    INTERNAL_ERROR_REASON,
    answer,
    closes_on_error,
    codec_for_schema,
    encode,
)
from wsmessage._sockets import Ended, Socket


class Chat(msgspec.Struct):
    user: str
    text: str


CHAT = Chat("ada", "hi")
CHAT_JSON = '{"user":"ada","text":"hi"}'
CHAT_CODEC = JsonCodec(Chat)


Item = TextMessage | BinaryMessage | ContinuationMessage | Ended | Exception


class Script:
    """A socket whose frames are what an adapter makes of them: messages, ends, errors."""

    def __init__(self, *items: Item) -> None:
        self.items = list(items)
        self.closes: list[tuple[int, str]] = []

    def decoded(self, codec: Any = CHAT_CODEC, *, close_on_error: bool = True) -> Receiver[Any]:
        """The receiver a handler gets for ``codec``: text frames take the codec's text path."""
        return handlers.iter_decoded(self, codec, "close" if close_on_error else "raise")


class ScriptSocket(Socket):
    """The adapter for a Script: a TextMessage is a text frame, anything else is as it is."""

    @staticmethod
    def reader(ws: Any) -> Callable[[], Awaitable[Any]]:
        async def read() -> Any:
            return ws.items.pop(0)

        return read

    @staticmethod
    def text_of(frame: Any) -> str | None:
        return frame.data if type(frame) is TextMessage else None

    @staticmethod
    def message_of(ws: Any, frame: Any) -> Any:
        if isinstance(frame, Exception):
            raise frame  # as an adapter does with a frame that breaks its type's rules
        return frame

    @staticmethod
    async def close(ws: Any, code: int, reason: str) -> None:
        ws.closes.append((code, reason))


@pytest.fixture(autouse=True)
def script_adapter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sockets.ADAPTERS, Script, ScriptSocket)


async def collect(decoded: Receiver[Any]) -> list[Any]:
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
    assert schema_key(schemas[-1]) in handlers._CODECS
    assert schema_key(schemas[0]) not in handlers._CODECS  # the oldest went first


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


# --- the loop ------------------------------------------------------------------------

END_OF_STREAM = [
    Ended(1000, "bye"),
    Ended(WSCloseCode.NO_STATUS_RECEIVED),
    Ended(WSCloseCode.ABNORMAL_CLOSURE),  # the connection was lost
    Ended(1009, "message is over the size limit"),  # the framework refused a frame
]


def chats_then(end: Ended) -> Script:
    """Two chats, ``end``, then a message that must not be read."""
    return Script(
        TextMessage(CHAT_JSON), BinaryMessage(CHAT_JSON.encode()), end, TextMessage("never read")
    )


@pytest.mark.parametrize("close_on_error", [True, False], ids=["close", "raise"])
@pytest.mark.parametrize("end", END_OF_STREAM, ids=repr)
async def test_values_until_the_connection_ends_then_how_it_closed(
    end: Ended, close_on_error: bool
) -> None:
    # Whatever on_error says: a closed connection leaves nothing to decide.
    script = chats_then(end)
    decoded = script.decoded(close_on_error=close_on_error)
    assert (decoded.close_code, decoded.close_reason) == (None, None)
    assert await collect(decoded) == [CHAT, CHAT]
    assert (decoded.close_code, decoded.close_reason) == (end.code, end.reason)
    assert script.closes == []  # the peer or the framework closed
    assert script.items == [TextMessage("never read")]
    assert await collect(decoded) == []  # ended for good


def good(codec: Any) -> TextMessage | BinaryMessage:
    """CHAT as a peer sends it to ``codec``."""
    if isinstance(codec, MsgpackCodec):
        return BinaryMessage(msgspec.msgpack.encode(CHAT))
    return TextMessage(CHAT_JSON)


# (what the peer sends, the codec, the close that answers it; its reason if it is fixed)
REFUSED: list[tuple[Item, Any, CloseMessage]] = [
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
    sent: Item, codec: Any, expected: CloseMessage
) -> None:
    script = Script(good(codec), sent, TextMessage("never read"))
    decoded = script.decoded(codec)
    assert await collect(decoded) == [CHAT]
    ((code, reason),) = script.closes
    assert code == expected.data
    assert reason == (expected.extra or reason)
    assert reason  # a reason, always
    assert (decoded.close_code, decoded.close_reason) == (code, reason)
    assert script.items == [TextMessage("never read")]
    with pytest.raises(StopAsyncIteration):
        await decoded.__anext__()  # ended for good


@pytest.mark.parametrize(("sent", "codec", "expected"), REFUSED)
async def test_a_bad_message_is_raised_and_the_iteration_goes_on(
    sent: Item, codec: Any, expected: CloseMessage
) -> None:
    script = Script(sent, good(codec), Ended(1000))
    decoded = script.decoded(codec, close_on_error=False)
    with pytest.raises(MessageError) as info:
        await decoded.__anext__()
    assert info.value.close_code == expected.data
    assert script.closes == []  # left open, for the handler to decide
    assert decoded.close_code is None
    # The same receiver goes on with the next message.
    assert await collect(decoded) == [CHAT]
    assert decoded.close_code == 1000


class AppBug(Exception):
    """An exception of the application's own, raised while decoding."""


def failing_decode(exc: BaseException) -> Callable[[Any], Any]:
    def decode(msg: Any) -> Any:
        raise exc

    return decode


@pytest.mark.parametrize("close_on_error", [True, False], ids=["close", "raise"])
@pytest.mark.parametrize(
    "exc", [KeyError("k"), TypeError("t"), AppBug("secret detail"), RecursionError()], ids=repr
)
async def test_an_exception_of_the_applications_own_closes_with_1011_and_propagates(
    exc: Exception, close_on_error: bool
) -> None:
    script = Script(TextMessage(CHAT_JSON), TextMessage("never read"))
    decoded = Receiver(script, failing_decode(exc), close_on_error=close_on_error)
    with pytest.raises(type(exc)) as info:
        await decoded.__anext__()
    assert info.value is exc
    assert script.closes == [(WSCloseCode.INTERNAL_ERROR, INTERNAL_ERROR_REASON)]
    assert decoded.close_code == WSCloseCode.INTERNAL_ERROR
    assert decoded.close_reason == "internal error"  # never the exception's text
    assert await collect(decoded) == []
    assert script.items == [TextMessage("never read")]


class Raising(msgspec.Struct):
    """A schema whose own check raises what ``RAISED`` holds: a bug of the application's."""

    n: int

    def __post_init__(self) -> None:
        raise RAISED[0]


RAISED: list[Exception] = []


@pytest.mark.parametrize(
    "exc", [KeyError("k"), AppBug("secret detail"), RecursionError()], ids=repr
)
async def test_an_exception_of_the_applications_own_on_the_text_path_closes_with_1011(
    exc: Exception,
) -> None:
    # A text frame is decoded without its message; the answer is the same.
    RAISED.append(exc)
    try:
        script = Script(TextMessage('{"n": 1}'), TextMessage("never read"))
        decoded = script.decoded(JsonCodec(Raising), close_on_error=False)
        with pytest.raises(type(exc)) as info:
            await decoded.__anext__()
    finally:
        RAISED.clear()
    assert info.value is exc
    assert script.closes == [(WSCloseCode.INTERNAL_ERROR, INTERNAL_ERROR_REASON)]
    assert script.items == [TextMessage("never read")]


class Shouting(JsonCodec[Chat]):
    """A codec that decodes its own way: every text it reads is shouted."""

    def decode(self, msg: WSMessage, /) -> Chat:
        chat = super().decode(msg)
        return Chat(chat.user.upper(), chat.text.upper())


async def test_a_codec_class_that_decodes_its_own_way_reads_every_text_frame() -> None:
    script = Script(TextMessage(CHAT_JSON), BinaryMessage(CHAT_JSON.encode()), Ended(1000))
    assert await collect(script.decoded(Shouting(Chat))) == [Chat("ADA", "HI")] * 2


class ShoutingEndpoint(Endpoint[Chat, Chat]):
    """An endpoint that decodes its own way, as Shouting does."""

    def decode(self, msg: WSMessage) -> Chat:
        chat = super().decode(msg)
        return Chat(chat.user.upper(), chat.text.upper())


async def test_an_endpoint_class_that_decodes_its_own_way_reads_every_text_frame() -> None:
    script = Script(TextMessage(CHAT_JSON), TextMessage(CHAT_JSON), Ended(1000))
    endpoint = ShoutingEndpoint("/chat", receives=Chat, sends=Chat)
    assert await collect(endpoint.receive(script)) == [Chat("ADA", "HI")] * 2
    plain = Endpoint("/chat", receives=Chat, sends=Chat)
    assert await collect(plain.receive(Script(TextMessage(CHAT_JSON), Ended(1000)))) == [CHAT]


async def test_a_base_exception_is_no_application_error() -> None:
    # Cancellation, say: the socket is the caller's to close.
    script = Script(TextMessage(CHAT_JSON))
    decoded = Receiver(script, failing_decode(KeyboardInterrupt()), close_on_error=True)
    with pytest.raises(KeyboardInterrupt):
        await decoded.__anext__()
    assert script.closes == []


def test_an_object_that_is_no_websocket_is_refused_before_any_read() -> None:
    with pytest.raises(TypeError, match="expected an aiohttp, Starlette or websockets WebSocket"):
        Receiver(object(), CHAT_CODEC.decode, close_on_error=True)


# --- the framework modules: their arguments are checked when they are called ----------


async def never_called(*args: object) -> Any:
    raise AssertionError("the socket was used")


# --- sending: the encoder's bytes, as they are ----------------------------------------


class Outbox:
    """A socket that keeps what is sent on it, as its adapter is asked to send it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, object]] = []


async def _nothing() -> None:
    pass


class OutboxSocket(Socket):
    """The adapter for an Outbox: each send is kept with the adapter method that made it."""

    @staticmethod
    def send_text(ws: Any, data: str) -> Any:
        ws.sent.append(("text", data))
        return _nothing()

    @staticmethod
    def send_utf8(ws: Any, payload: bytes) -> Any:
        ws.sent.append(("utf8", payload))
        return _nothing()

    @staticmethod
    def send_bytes(ws: Any, data: bytes) -> Any:
        ws.sent.append(("bytes", data))
        return _nothing()


class ShoutingCodec(JsonCodec[Any]):
    """A codec of the application's own, which encodes its own way."""

    def encode(self, value: Any, /) -> TextMessage:
        return TextMessage(super().encode(value).data.upper())


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        (None, ("utf8", CHAT_JSON.encode())),
        (JsonCodec(Chat), ("utf8", CHAT_JSON.encode())),
        (MsgpackCodec(Chat), ("bytes", msgspec.msgpack.encode(CHAT))),
        # A subclass may encode its own way: its encode makes the message.
        (ShoutingCodec(Chat), ("text", CHAT_JSON.upper())),
    ],
    ids=["no codec", "JsonCodec", "MsgpackCodec", "a codec's own encode"],
)
async def test_send_encoded_sends_what_encode_makes(
    codec: Any, expected: tuple[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sockets.ADAPTERS, Outbox, OutboxSocket)
    outbox = Outbox()
    await handlers.send_encoded(outbox, CHAT, codec)
    assert outbox.sent == [expected]
    kind, data = expected
    made = encode(CHAT, codec)
    sent: object = made.data
    if kind == "utf8":
        assert isinstance(made.data, str)
        sent = made.data.encode()
    assert data == sent


async def test_send_encoded_refuses_text_that_cannot_be_sent_before_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sockets.ADAPTERS, Outbox, OutboxSocket)
    outbox = Outbox()
    with pytest.raises(PayloadError) as info:
        await handlers.send_encoded(outbox, Chat("ada", "\ud800"), None)
    assert info.value.close_code is WSCloseCode.INVALID_TEXT
    assert outbox.sent == []


@pytest.mark.parametrize("codec", [None, JsonCodec(Chat)], ids=["no codec", "JsonCodec"])
async def test_send_encoded_finds_the_adapter_of_a_socket_class_not_met_before(
    codec: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    class NewOutbox(Outbox):
        pass

    monkeypatch.setattr(sockets, "_known_sockets", lambda: [(NewOutbox, OutboxSocket)])
    outbox = NewOutbox()
    assert NewOutbox not in sockets.ADAPTERS
    await handlers.send_encoded(outbox, CHAT, codec)
    assert outbox.sent == [("utf8", CHAT_JSON.encode())]
    assert sockets.ADAPTERS.pop(NewOutbox) is OutboxSocket  # kept, for the next message


async def test_send_encoded_keeps_a_codec_for_a_type_not_met_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    @dataclass
    class Fresh:
        n: int

    monkeypatch.setitem(sockets.ADAPTERS, Outbox, OutboxSocket)
    outbox = Outbox()
    assert Fresh not in handlers._CODECS
    await handlers.send_encoded(outbox, Fresh(1), None)
    codec = handlers._CODECS.pop(Fresh)
    assert type(codec) is JsonCodec
    assert outbox.sent == [("utf8", b'{"n":1}')]


async def test_send_encoded_encodes_before_it_looks_at_the_socket() -> None:
    # What cannot be encoded is the error, whatever the socket.
    with pytest.raises(PayloadError):
        await handlers.send_encoded(object(), Chat("ada", "\ud800"), None)
    with pytest.raises(TypeError, match="expected an aiohttp"):
        await handlers.send_encoded(object(), CHAT, None)


def unprepared_aiohttp_socket() -> Any:
    return web.WebSocketResponse()  # reading or writing it raises


def starlette_socket_never_used() -> Any:
    return WebSocket({"type": "websocket"}, receive=never_called, send=never_called)


def websockets_connection_never_opened() -> Any:
    return ClientConnection(ClientProtocol(parse_uri("ws://127.0.0.1/")))


FRAMEWORKS = pytest.mark.parametrize(
    ("module", "socket"),
    [
        (wsmessage.aiohttp, unprepared_aiohttp_socket),
        (wsmessage.starlette, starlette_socket_never_used),
        (wsmessage.websockets, websockets_connection_never_opened),
    ],
    ids=["aiohttp", "starlette", "websockets"],
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
async def test_iter_decoded_checks_its_arguments_before_reading(
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
async def test_iter_decoded_refuses_another_object_than_a_websocket(
    module: ModuleType, socket: Callable[[], Any]
) -> None:
    with pytest.raises(TypeError, match="expected an aiohttp, Starlette or websockets WebSocket"):
        module.iter_decoded({"type": "websocket"}, Chat)


@FRAMEWORKS
async def test_send_encoded_checks_its_codec_before_sending(
    module: ModuleType, socket: Callable[[], Any]
) -> None:
    with pytest.raises(TypeError, match="codec must be"):
        await module.send_encoded(socket(), CHAT, Chat)
