"""One small adapter per framework's WebSocket: read a message, send text or bytes, close.

The handlers (:mod:`wsmessage.aiohttp`, :mod:`wsmessage.starlette`,
:mod:`wsmessage.websockets`, :class:`~wsmessage.Endpoint`) are written once
against :class:`Socket`; each adapter keeps its framework's quirks to
itself. An adapter is stateless: its methods take the framework's own
socket, so sending needs no object per call. A framework is imported only
if the application has imported it already (it must have, to hold one of
its sockets).

Reading is in three parts, so that the receive loop awaits the framework's
own coroutine and nothing of ours: ``reader(ws)`` reads the next frame (or
event), ``text_of`` gives the text of a text frame that holds exactly a
str, the common case, decoded without making a message, and
``message_of`` reads every other frame into what the loop needs: a TEXT or
BINARY message, :class:`Ended` with the code and reason the connection
closed with, or None for a frame the loop skips. Pings and pongs are the
framework's business and never come out.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, cast

from .asgi import from_asgi
from .enums import WSCloseCode, WSMsgType, is_valid_close_code
from .messages import BinaryMessage, TextMessage, make_message

__all__ = [
    "ADAPTERS",
    "Ended",
    "Socket",
    "UnknownSocketError",
    "adapter_for",
    "peer_close",
    "read_failure",
]

# Reasons for a framework's own read failures, by the code it closed with:
# fixed phrases, since its messages may quote the peer's bytes.
_READ_FAILURES: dict[int, str] = {
    WSCloseCode.PROTOCOL_ERROR: "websocket protocol error",
    WSCloseCode.INVALID_TEXT: "text data is not valid UTF-8",
    WSCloseCode.MESSAGE_TOO_BIG: "message is over the size limit",
}
_INVALID_CLOSE_CODE = "invalid close code"


class Ended:
    """How a connection ended, as far as the reading side can tell."""

    __slots__ = ("code", "reason")

    def __init__(self, code: int, reason: str = "") -> None:
        self.code = code
        self.reason = reason

    def __repr__(self) -> str:
        return f"Ended({self.code}, {self.reason!r})"


def peer_close(code: object, reason: object) -> Ended:
    """The peer's close frame as an end: its own code, unless that code may not be sent.

    ``code`` is None for a close frame without one (1005). A code no close
    frame may carry (1004-1006, 1015, under 1000, 1016-2999, 5000 and up:
    aiohttp lets some through) is the peer's protocol error, as websockets
    and wsproto read it.
    """
    if code is None:
        return Ended(WSCloseCode.NO_STATUS_RECEIVED)
    if not is_valid_close_code(code):
        return Ended(WSCloseCode.PROTOCOL_ERROR, _INVALID_CLOSE_CODE)
    return Ended(_as_code(code), str(reason or ""))


_CODES = {int(code): code for code in WSCloseCode}


def _as_code(code: Any) -> int:
    """``code`` as a WSCloseCode member where there is one, else a plain int."""
    number = int(code)
    return _CODES.get(number, number)


def read_failure(code: object) -> Ended:
    """The end when the framework itself refused a frame and closed with ``code``.

    Anything but a code that may be sent (a lost connection, a timeout) is an
    abnormal closure.
    """
    if not isinstance(code, int) or not is_valid_close_code(code):
        return Ended(WSCloseCode.ABNORMAL_CLOSURE)
    close_code = _as_code(code)
    return Ended(close_code, _READ_FAILURES.get(close_code, "websocket protocol error"))


class UnknownSocketError(TypeError):
    """Raised for an object that is no WebSocket the handlers know."""


class Socket:
    """What the handlers do with one framework's WebSocket ``ws``."""

    __slots__ = ()

    @staticmethod
    def reader(ws: Any) -> Callable[[], Awaitable[Any]]:
        """What reads ``ws``'s next frame: the framework's own coroutine function if it can be."""
        raise NotImplementedError

    @staticmethod
    def text_of(frame: Any) -> str | None:
        """The text of a text frame whose data is exactly a str; None for any other frame."""
        raise NotImplementedError

    @staticmethod
    def message_of(ws: Any, frame: Any) -> TextMessage | BinaryMessage | Ended | None:
        """A frame of ``ws`` that ``text_of`` did not take: a message, an end, or None to skip it.

        What a peer sent is checked as every message is: a
        :class:`~wsmessage.PayloadError` for what breaks its type's rules.
        """
        raise NotImplementedError

    # Sending returns the framework's own awaitable rather than awaiting it:
    # one coroutine fewer on every message sent.
    @staticmethod
    def send_text(ws: Any, data: str) -> Awaitable[object]:
        raise NotImplementedError

    @staticmethod
    def send_utf8(ws: Any, payload: bytes) -> Awaitable[object]:
        """Send a TEXT frame of ``payload``, UTF-8 that an encoder of the library's wrote.

        Only such bytes: they are sent as they are where the framework allows.
        """
        raise NotImplementedError

    @staticmethod
    def send_bytes(ws: Any, data: bytes) -> Awaitable[object]:
        raise NotImplementedError

    @staticmethod
    async def close(ws: Any, code: int, reason: str) -> None:
        """Close with ``code`` and ``reason``; nothing if it is closed or gone already."""
        raise NotImplementedError


# --- aiohttp ----------------------------------------------------------------------------

# Read on every message: a module constant is read in a few ns, an enum's
# member through its class in about a hundred (Python 3.11).
_TEXT = WSMsgType.TEXT


class AiohttpSocket(Socket):
    """aiohttp's ``web.WebSocketResponse`` and ``ClientWebSocketResponse``."""

    __slots__ = ()

    @staticmethod
    def reader(ws: Any) -> Callable[[], Awaitable[Any]]:
        return ws.receive  # type: ignore[no-any-return]

    @staticmethod
    def text_of(frame: Any) -> str | None:
        data = frame.data
        # Only TEXT holds a str; bytes with decode_text=False go to message_of.
        if data.__class__ is str and frame.type == _TEXT:
            return data
        return None

    @staticmethod
    def message_of(ws: Any, frame: Any) -> TextMessage | BinaryMessage | Ended | None:
        kind = frame.type
        if kind == WSMsgType.TEXT or kind == WSMsgType.BINARY:
            # bytes, or TEXT as bytes with decode_text=False: checked there
            return cast("TextMessage | BinaryMessage", make_message(kind, frame.data))
        if kind == WSMsgType.CLOSE:
            # aiohttp reads a close frame without a code as code 0.
            return peer_close(frame.data or None, frame.extra)
        if kind == WSMsgType.ERROR:
            # aiohttp refused a frame and closed, or lost the connection.
            return read_failure(getattr(frame.data, "code", None))
        if kind == WSMsgType.CLOSING or kind == WSMsgType.CLOSED:
            # Closed from this side, by another task or before this read.
            code = ws.close_code
            return Ended(WSCloseCode.ABNORMAL_CLOSURE if code is None else code)
        return None  # PING and PONG, when autoping=False lets them through

    @staticmethod
    def send_text(ws: Any, data: str) -> Awaitable[object]:
        return ws.send_str(data)  # type: ignore[no-any-return]

    @staticmethod
    def send_utf8(ws: Any, payload: bytes) -> Awaitable[object]:
        return ws.send_frame(payload, _TEXT)  # type: ignore[no-any-return]

    @staticmethod
    def send_bytes(ws: Any, data: bytes) -> Awaitable[object]:
        return ws.send_bytes(data)  # type: ignore[no-any-return]

    @staticmethod
    async def close(ws: Any, code: int, reason: str) -> None:
        await ws.close(code=code, message=reason.encode())  # a no-op once closed


class AiohttpSocketWithoutSendFrame(AiohttpSocket):
    """aiohttp's sockets before ``send_frame`` (3.11): text goes out through ``send_str``."""

    __slots__ = ()

    @staticmethod
    def send_utf8(ws: Any, payload: bytes) -> Awaitable[object]:
        return ws.send_str(payload.decode())  # type: ignore[no-any-return]


# --- Starlette --------------------------------------------------------------------------


class StarletteSocket(Socket):
    """Starlette's ``WebSocket``, and so FastAPI's; accepted already."""

    __slots__ = ()

    @staticmethod
    def reader(ws: Any) -> Callable[[], Awaitable[Any]]:
        return ws.receive  # type: ignore[no-any-return]

    @staticmethod
    def text_of(frame: Any) -> str | None:
        if frame["type"] == "websocket.receive":
            text = frame.get("text")
            if text.__class__ is str and frame.get("bytes") is None:
                return text
        return None

    @staticmethod
    def message_of(ws: Any, frame: Any) -> TextMessage | BinaryMessage | Ended | None:
        if frame["type"] == "websocket.receive":
            # Read, and checked, as every ASGI event is.
            return cast("TextMessage | BinaryMessage", from_asgi(frame))
        # websocket.disconnect: the peer's close, or the server's own (uvicorn
        # passes on the code and reason it closed with).
        return peer_close(_no_status_as_none(frame.get("code")), frame.get("reason"))

    @staticmethod
    def send_text(ws: Any, data: str) -> Awaitable[object]:
        return _starlette_send(ws, {"type": "websocket.send", "text": data})

    # Every message send_encoded sends: its own coroutine, not a function
    # that makes _starlette_send's (a Python call fewer per message).
    @staticmethod
    async def send_utf8(ws: Any, payload: bytes) -> None:
        try:
            # ASGI takes text as a str only.
            await ws.send({"type": "websocket.send", "text": payload.decode()})
        except RuntimeError as exc:
            _refused(ws, exc)

    @staticmethod
    def send_bytes(ws: Any, data: bytes) -> Awaitable[object]:
        return _starlette_send(ws, {"type": "websocket.send", "bytes": data})

    @staticmethod
    async def close(ws: Any, code: int, reason: str) -> None:
        from starlette.websockets import WebSocketDisconnect, WebSocketState

        if ws.application_state is not WebSocketState.CONNECTED:
            return  # the application has closed it already
        # If the client has gone there is no one to tell: Starlette says so with
        # WebSocketDisconnect, older versions by passing on the server's OSError,
        # and the server with a RuntimeError when it closed the connection itself.
        with contextlib.suppress(WebSocketDisconnect, OSError, RuntimeError):
            await ws.close(code, reason)


async def _starlette_send(ws: Any, event: dict[str, Any]) -> None:
    """Send ``event``; WebSocketDisconnect if the server has closed the connection.

    When the server closes a connection itself (uvicorn does on text that is
    not UTF-8, or a message over its size limit) the application learns it
    from its next receive; a send before that is refused by the server with
    a RuntimeError, where Starlette promises WebSocketDisconnect.
    """
    try:
        await ws.send(event)
    except RuntimeError as exc:
        _refused(ws, exc)


def _refused(ws: Any, exc: RuntimeError) -> NoReturn:
    """Raise what a send of data that raised ``exc`` should: see :func:`_starlette_send`."""
    # The state is read only when a send fails: a send of data leaves it as
    # it was, and on every message the read would cost two lookups.
    if ws.application_state is not _starlette_connected():
        raise exc  # Starlette's own error for its own state
    from starlette.websockets import WebSocketDisconnect

    # Every send until the application reads the disconnect says so; the
    # code is Starlette's own for a connection gone under it.
    raise WebSocketDisconnect(WSCloseCode.ABNORMAL_CLOSURE) from exc


@functools.cache
def _starlette_connected() -> object:
    """Starlette's CONNECTED state, imported once: an import statement per message costs ~1 µs."""
    from starlette.websockets import WebSocketState

    return WebSocketState.CONNECTED


def _no_status_as_none(code: object) -> object:
    """``code`` as the ASGI server or websockets gives it, with 1005 (no code) as None."""
    return None if code == WSCloseCode.NO_STATUS_RECEIVED else code


# --- websockets -------------------------------------------------------------------------


class WebsocketsSocket(Socket):
    """The ``websockets`` library's asyncio connections, client and server."""

    __slots__ = ()

    @staticmethod
    def reader(ws: Any) -> Callable[[], Awaitable[Any]]:
        return functools.partial(_websockets_read, ws)

    @staticmethod
    def text_of(frame: Any) -> str | None:
        return frame if frame.__class__ is str else None

    @staticmethod
    def message_of(ws: Any, frame: Any) -> TextMessage | BinaryMessage | Ended | None:
        if isinstance(frame, Ended):
            return frame
        return BinaryMessage(frame)

    @staticmethod
    def send_text(ws: Any, data: str) -> Awaitable[object]:
        return ws.send(data)  # type: ignore[no-any-return]

    @staticmethod
    def send_utf8(ws: Any, payload: bytes) -> Awaitable[object]:
        return ws.send(payload.decode())  # type: ignore[no-any-return]

    @staticmethod
    def send_bytes(ws: Any, data: bytes) -> Awaitable[object]:
        return ws.send(data)  # type: ignore[no-any-return]

    @staticmethod
    async def close(ws: Any, code: int, reason: str) -> None:
        await ws.close(code, reason)  # waits for the handshake; a no-op once closed


async def _websockets_read(ws: Any) -> str | bytes | Ended:
    """The next message's data, or how the connection ended: websockets raises for that."""
    try:
        return await ws.recv()  # type: ignore[no-any-return]
    except Exception as exc:
        # Imported only here: an import statement per message costs ~1 µs.
        from websockets.exceptions import ConnectionClosed

        if not isinstance(exc, ConnectionClosed):
            raise
        return _websockets_end(exc)


def _websockets_end(exc: Any) -> Ended:
    """How a websockets connection ended, from the close frames it saw."""
    received, sent = exc.rcvd, exc.sent
    if received is not None and (sent is None or exc.rcvd_then_sent):
        return peer_close(_no_status_as_none(received.code), received.reason)
    if sent is not None:  # this side closed first: the application, or the library
        if sent.code in _READ_FAILURES:
            return read_failure(sent.code)
        return Ended(sent.code, sent.reason)
    return Ended(WSCloseCode.ABNORMAL_CLOSURE)


# --- which adapter ----------------------------------------------------------------------

#: The adapter of every socket class met so far: the senders look here first.
ADAPTERS: dict[type, type[Socket]] = {}


def _known_sockets() -> list[tuple[type, type[Socket]]]:
    """The socket classes of the frameworks the application has imported."""
    known: list[tuple[type, type[Socket]]] = []
    if "aiohttp" in sys.modules:
        import aiohttp
        from aiohttp import web

        for socket_class in (web.WebSocketResponse, aiohttp.ClientWebSocketResponse):
            has_send_frame = hasattr(socket_class, "send_frame")
            known.append(
                (socket_class, AiohttpSocket if has_send_frame else AiohttpSocketWithoutSendFrame)
            )
    if "starlette.websockets" in sys.modules:
        from starlette.websockets import WebSocket

        known.append((WebSocket, StarletteSocket))
    if "websockets.asyncio.connection" in sys.modules:
        from websockets.asyncio.connection import Connection

        known.append((Connection, WebsocketsSocket))
    return known


def adapter_for(ws: object) -> type[Socket]:
    """The adapter for ``ws``'s framework; UnknownSocketError (a TypeError) for anything else."""
    cls = ws.__class__
    adapter = ADAPTERS.get(cls)
    if adapter is not None:
        return adapter
    for socket_class, candidate in _known_sockets():
        if issubclass(cls, socket_class):
            ADAPTERS[cls] = candidate
            return candidate
    raise UnknownSocketError(
        f"expected an aiohttp, Starlette or websockets WebSocket, not {cls.__name__}"
    )
