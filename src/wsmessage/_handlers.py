"""What every handler shares: the receive loop, ``on_error``, and the close that answers.

The framework modules (``wsmessage.aiohttp``, ``wsmessage.starlette``,
``wsmessage.websockets``) and :class:`~wsmessage.Endpoint` differ only in
how they decode and encode; the socket itself is read and closed through
the adapters of :mod:`._sockets`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar, cast

from ._decoding.cache import cached
from ._safe_text import fit_reason
from ._sockets import ADAPTERS, Ended, adapter_for
from .codecs import Codec, JsonCodec, MsgpackCodec, TextReader, text_reader_of
from .enums import WSCloseCode, is_valid_close_code
from .errors import MessageError
from .messages import BinaryMessage, CloseMessage, TextMessage

__all__ = [
    "INTERNAL_ERROR_REASON",
    "Receiver",
    "answer",
    "closes_on_error",
    "codec_for_schema",
    "codec_for_value",
    "encode",
    "iter_decoded",
    "send",
    "send_encoded",
]

V = TypeVar("V")

_ON_ERROR: dict[object, bool] = {"close": True, "raise": False}

_CODECS: dict[Any, JsonCodec[Any]] = {}

#: The reason sent with INTERNAL_ERROR: the exception itself stays on this side.
INTERNAL_ERROR_REASON = "internal error"


def closes_on_error(on_error: object) -> bool:
    """Check ``on_error``: True for ``"close"``, False for ``"raise"``."""
    try:
        return _ON_ERROR[on_error]
    except (KeyError, TypeError):
        pass
    if not isinstance(on_error, str):
        raise TypeError(f"on_error must be 'close' or 'raise', not {type(on_error).__name__}")
    raise ValueError(f"on_error must be 'close' or 'raise', not {on_error!r}")


def codec_for_schema(schema_or_codec: object) -> Codec[Any]:
    """The codec as given, or the ``JsonCodec`` for a schema, made once and kept."""
    if isinstance(schema_or_codec, Codec):
        codec: Codec[Any] = cast(Any, schema_or_codec)  # of Unknown, to pyright
        return codec
    return cached(_CODECS, schema_or_codec, JsonCodec)


def codec_for_value(value: object, codec: object = None) -> Codec[Any]:
    """``codec``, checked, or the kept ``JsonCodec`` for ``value``'s type."""
    if codec is None:
        return cached(_CODECS, type(value), JsonCodec)
    if not isinstance(codec, Codec):
        raise TypeError(f"codec must be a JsonCodec or MsgpackCodec, not {type(codec).__name__}")
    given: Codec[Any] = cast(Any, codec)  # of Unknown, to pyright
    return given


def encode(value: object, codec: object = None) -> TextMessage | BinaryMessage:
    """``value`` encoded by ``codec``, or by the kept ``JsonCodec`` for its type."""
    return codec_for_value(value, codec).encode(value)


def answer(err: MessageError) -> CloseMessage:
    """The close that answers ``err``: its code and reason, as they may be sent.

    A MessageError makes sure of both; this holds even for one whose
    attributes were changed after, falling back to POLICY_VIOLATION and a
    shortened reason.
    """
    code = err.close_code if is_valid_close_code(err.close_code) else WSCloseCode.POLICY_VIOLATION
    return CloseMessage(code, fit_reason(err.reason))


def send(ws: object, msg: TextMessage | BinaryMessage) -> Awaitable[object]:
    """Send ``msg`` on ``ws``, whichever framework's it is: text for TEXT, bytes for BINARY.

    Returns the framework's own awaitable, for the caller to await.
    """
    socket = adapter_for(ws)
    if isinstance(msg, TextMessage):
        return socket.send_text(ws, msg.data)
    return socket.send_bytes(ws, msg.data)


def iter_decoded(ws: object, schema_or_codec: object, on_error: object) -> Receiver[Any]:
    """What each framework module's ``iter_decoded`` does, checked before any read."""
    codec = codec_for_schema(schema_or_codec)
    return Receiver(
        ws,
        codec.decode,
        close_on_error=closes_on_error(on_error),
        text=codec._text_reader(),  # pyright: ignore[reportPrivateUsage]
    )


def send_encoded(ws: object, value: object, codec: Any = None) -> Awaitable[object]:
    """Send ``value`` on ``ws``, as each framework module's ``send_encoded`` does.

    Returns the framework's own awaitable, for the caller to await. The
    library's own codecs hand their encoder's bytes to the socket as they
    are: no message is made, and JSON goes out as a TEXT frame without a
    str in between where the framework takes UTF-8 bytes. A codec of
    another class (a subclass may encode its own way) makes its message
    with ``encode``.
    """
    own: JsonCodec[Any]
    if codec is None:
        try:  # the kept codec, looked up here: a call fewer on every message
            own = _CODECS[type(value)]
        except (KeyError, TypeError):  # not kept yet, or a type that cannot be
            own = cast(Any, codec_for_value(value))  # a JsonCodec, as every kept one is
    elif type(codec) is JsonCodec:
        own = codec  # pyright: ignore[reportUnknownVariableType]  # of Unknown, narrowed from Any
    else:
        return _send_encoded(ws, value, codec)
    # A JsonCodec of the library's: its encoder's UTF-8, sent as text. The
    # encoder is read into a local first: see JsonCodec.encode.
    encode_raw = own._encode_raw  # pyright: ignore[reportPrivateUsage]
    try:
        payload = encode_raw(value)
    except Exception as exc:
        own._encode_fail(exc, value)  # pyright: ignore[reportPrivateUsage]
    try:
        socket = ADAPTERS[ws.__class__]  # every socket class met before
    except KeyError:
        socket = adapter_for(ws)
    return socket.send_utf8(ws, payload)


def _send_encoded(ws: object, value: object, codec: object) -> Awaitable[object]:
    """:func:`send_encoded` with a codec not a JsonCodec: checked, then as its class encodes."""
    own = codec_for_value(value, codec)
    if type(own) is not MsgpackCodec:  # a subclass may encode its own way
        return send(ws, own.encode(value))
    try:  # what encode() would put in its message, before the message is made
        payload = own._encode_raw(value)  # pyright: ignore[reportPrivateUsage]
    except Exception as exc:
        own._encode_fail(exc, value)  # pyright: ignore[reportPrivateUsage]
    return adapter_for(ws).send_bytes(ws, payload)


class Receiver(AsyncIterator[V]):
    """An async iterator of what the peer sends on a WebSocket, decoded; then how it closed.

    ``receive(ws)`` and :func:`~wsmessage.aiohttp.iter_decoded` (and its
    Starlette and websockets twins) return one. It ends when the connection
    closes, and then ``close_code`` and
    ``close_reason`` say how: the peer's code and reason (1005 and "" for a
    close frame without a code), the close this side sent for a bad
    message, the code the framework closed with when it refused a frame
    itself (1002, 1007, 1009, with a fixed reason), or 1006 when the
    connection was lost without a close. Both are None while it is open.

    A peer's close always ends the iteration, whatever ``on_error`` says; a
    close frame with a code no close frame may carry is read as
    PROTOCOL_ERROR. When a message does not decode, ``on_error="close"``
    closes the socket with the :class:`~wsmessage.MessageError`'s
    ``close_code`` and ``reason`` and ends the iteration;
    ``on_error="raise"`` raises the error and leaves the socket open, and
    the next ``async for`` over the same receiver goes on with the next
    message. Any other exception raised while reading or decoding (a
    validator of the application's that raises KeyError, say) is a bug on
    this side, not the peer's: the socket is closed with INTERNAL_ERROR
    (1011, reason "internal error") in either mode and the exception
    propagates.
    """

    __slots__ = (
        "_close_on_error",
        "_code",
        "_decode",
        "_decode_text",
        "_fail_text",
        "_message_of",
        "_read",
        "_reason",
        "_socket",
        "_text_of",
        "_ws",
    )

    def __init__(
        self,
        ws: object,
        decode: Callable[[TextMessage | BinaryMessage], V],
        *,
        close_on_error: bool,
        text: TextReader[V] | None = None,
    ) -> None:
        """``decode`` reads a message; ``text`` a text frame's str, as ``decode`` its message.

        Without ``text``, a text frame's str is handed to ``decode`` as a message.
        """
        socket = adapter_for(ws)
        self._socket = socket
        self._ws = ws
        self._read = socket.reader(ws)
        self._text_of = socket.text_of
        self._message_of = socket.message_of
        self._decode = decode
        self._decode_text, self._fail_text = text_reader_of(decode) if text is None else text
        self._close_on_error = close_on_error
        self._code: int | None = None
        self._reason: str | None = None

    def __repr__(self) -> str:
        state = "open" if self._code is None else f"closed {self._code}"
        return f"<{type(self).__name__} {state}>"

    @property
    def close_code(self) -> int | None:
        """The code the connection closed with; None until the iteration has ended."""
        return self._code

    @property
    def close_reason(self) -> str | None:
        """The reason the connection closed with ("" for none); None until it has ended."""
        return self._reason

    def __aiter__(self) -> Receiver[V]:
        return self

    async def __anext__(self) -> V:
        if self._code is not None:
            raise StopAsyncIteration
        # Into locals first, for the reason JsonCodec.encode gives.
        read, text_of, decode_text = self._read, self._text_of, self._decode_text
        try:
            while True:
                # The framework's own coroutine, awaited here: none of ours between.
                frame = await read()
                text = text_of(frame)
                if text is not None:  # the common case: no message is made
                    try:
                        return decode_text(text)
                    except Exception as exc:
                        self._fail_text(exc, text)
                msg = self._message_of(self._ws, frame)
                if msg is None:
                    continue
                if not isinstance(msg, Ended):
                    return self._decode(msg)
                self._ended(msg.code, msg.reason)
                break
        except MessageError as err:
            if not self._close_on_error:
                raise
            closing = answer(err)
            await self._close(closing.data, closing.extra)
        except Exception:
            await self._close(WSCloseCode.INTERNAL_ERROR, INTERNAL_ERROR_REASON)
            raise
        raise StopAsyncIteration

    def _ended(self, code: int, reason: str) -> None:
        self._code = code
        self._reason = reason

    async def _close(self, code: int, reason: str) -> None:
        self._ended(code, reason)
        await self._socket.close(self._ws, code, reason)
