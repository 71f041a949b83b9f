"""What the handlers of ``wsmessage.aiohttp`` and ``wsmessage.starlette`` share.

A framework module reads and closes its own kind of socket; everything
else is here: which codec a schema or a value gets, what ``on_error``
means, which close answers a bad message, and the loop of
:class:`Decoded`, which the framework drives with two coroutines: one
that reads the next message, one that sends a close.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar, cast

from ._decoding.cache import cached
from ._safe_text import fit_reason
from .codecs import Codec, JsonCodec
from .enums import WSCloseCode, is_valid_close_code
from .errors import MessageError, PayloadError
from .messages import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ErrorMessage,
    PingMessage,
    PongMessage,
    TextMessage,
    WSMessage,
)

__all__ = [
    "Decoded",
    "answer",
    "closes_on_error",
    "codec_for_schema",
    "encode",
    "read_failure",
]

T = TypeVar("T")

_ON_ERROR: dict[object, bool] = {"close": True, "raise": False}

_CODECS: dict[Any, JsonCodec[Any]] = {}

# Ping and pong are the framework's business; the rest of these end the iteration.
_SKIPPED = frozenset({PingMessage, PongMessage})
_ENDS = frozenset({CloseMessage, ClosingMessage, ClosedMessage, ErrorMessage})

_SENDABLE_CODES = {int(code): code for code in WSCloseCode if is_valid_close_code(code)}
# Reasons for the framework's own read failures, by the code it closed with:
# fixed phrases, since its messages may quote the peer's bytes.
_READ_FAILURES = {
    WSCloseCode.INVALID_TEXT: "text data is not valid UTF-8",
    WSCloseCode.MESSAGE_TOO_BIG: "message is over the size limit",
}


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


def encode(value: object, codec: object = None) -> TextMessage | BinaryMessage:
    """``value`` encoded by ``codec``, or by the kept ``JsonCodec`` for its type."""
    if codec is None:
        return cached(_CODECS, type(value), JsonCodec).encode(value)
    if not isinstance(codec, Codec):
        raise TypeError(f"codec must be a JsonCodec or MsgpackCodec, not {type(codec).__name__}")
    given: Codec[Any] = cast(Any, codec)  # of Unknown, to pyright
    return given.encode(value)


def answer(err: MessageError) -> CloseMessage:
    """The close that answers ``err``: its code and reason, as they may be sent.

    A MessageError makes sure of both; this holds even for one whose
    attributes were changed after, falling back to POLICY_VIOLATION and a
    shortened reason.
    """
    code = err.close_code if is_valid_close_code(err.close_code) else WSCloseCode.POLICY_VIOLATION
    return CloseMessage(code, fit_reason(err.reason))


def read_failure(exc: BaseException) -> MessageError | None:
    """The peer's fault in a read the framework gave up on, if it was the peer's.

    aiohttp closes the connection itself when a frame breaks the protocol or
    its ``max_msg_size``, and hands over an exception that carries the code
    it closed with (``WebSocketError.code``). An exception without a code
    that may be sent (a lost connection, a timeout) is no fault of the
    peer's: None.
    """
    code = getattr(exc, "code", None)
    close_code = _SENDABLE_CODES.get(code) if isinstance(code, int) else None
    if close_code is None:
        return None
    return PayloadError(_READ_FAILURES.get(close_code, "websocket protocol error"), close_code)


class Decoded(Generic[T]):
    """The async iterator ``iter_decoded`` returns: decoded values until the peer closes.

    ``receive`` reads the next message from the socket (a
    :class:`~wsmessage.MessageError` if it breaks its type's rules);
    ``close`` sends a close and must not fail if the socket is already
    closed or gone.
    """

    __slots__ = ("_close", "_close_on_error", "_codec", "_done", "_receive")

    def __init__(
        self,
        receive: Callable[[], Awaitable[WSMessage]],
        close: Callable[[CloseMessage], Awaitable[None]],
        codec: Codec[T],
        close_on_error: bool,
    ) -> None:
        self._receive = receive
        self._close = close
        self._codec = codec
        self._close_on_error = close_on_error
        self._done = False

    def __aiter__(self) -> Decoded[T]:
        return self

    async def __anext__(self) -> T:
        while not self._done:
            try:
                msg = await self._receive()
                kind = type(msg)
                if kind not in _ENDS:
                    if kind in _SKIPPED:
                        continue
                    # TEXT and BINARY; any other type is the codec's to refuse.
                    return self._codec.decode(msg)
                self._done = True
                if type(msg) is ErrorMessage and not self._close_on_error:
                    error = read_failure(msg.data)
                    if error is not None:
                        raise error from msg.data
            except MessageError as err:
                if not self._close_on_error:
                    raise
                self._done = True
                await self._close(answer(err))
        raise StopAsyncIteration
