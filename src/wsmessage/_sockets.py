"""One small adapter per framework's WebSocket: read a message, send text or bytes, close.

The handlers (:mod:`wsmessage.aiohttp`, :mod:`wsmessage.starlette`,
:mod:`wsmessage.websockets`, :class:`~wsmessage.Endpoint`) are written once
against :class:`Socket`; each adapter keeps its framework's quirks to
itself. An adapter is stateless: its methods take the framework's own
socket, so sending needs no object per call. A framework is imported only
if the application has imported it already (it must have, to hold one of
its sockets).

``receive`` gives only what the loop needs: a TEXT or BINARY message, or
:class:`Ended` with the code and reason the connection closed with. Pings
and pongs are the framework's business and never come out.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Awaitable
from typing import Any, cast

from .asgi import from_asgi
from .enums import WSCloseCode, WSMsgType, is_valid_close_code
from .messages import BinaryMessage, TextMessage, make_message

__all__ = [
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
    async def receive(ws: Any) -> TextMessage | BinaryMessage | Ended:
        """The next data message, or how the connection ended."""
        raise NotImplementedError

    # Sending returns the framework's own awaitable rather than awaiting it:
    # one coroutine fewer on every message sent.
    @staticmethod
    def send_text(ws: Any, data: str) -> Awaitable[object]:
        raise NotImplementedError

    @staticmethod
    def send_bytes(ws: Any, data: bytes) -> Awaitable[object]:
        raise NotImplementedError

    @staticmethod
    async def close(ws: Any, code: int, reason: str) -> None:
        """Close with ``code`` and ``reason``; nothing if it is closed or gone already."""
        raise NotImplementedError


# --- aiohttp ----------------------------------------------------------------------------


class AiohttpSocket(Socket):
    """aiohttp's ``web.WebSocketResponse`` and ``ClientWebSocketResponse``."""

    __slots__ = ()

    @staticmethod
    async def receive(ws: Any) -> TextMessage | BinaryMessage | Ended:
        while True:
            raw = await ws.receive()
            kind = raw.type
            if kind == WSMsgType.TEXT or kind == WSMsgType.BINARY:
                data = raw.data
                if data.__class__ is str:  # the common case, known to be TEXT
                    return TextMessage(data)
                # bytes, or TEXT as bytes with decode_text=False: checked there
                return cast("TextMessage | BinaryMessage", make_message(kind, data))
            if kind == WSMsgType.CLOSE:
                # aiohttp reads a close frame without a code as code 0.
                return peer_close(raw.data or None, raw.extra)
            if kind == WSMsgType.ERROR:
                # aiohttp refused a frame and closed, or lost the connection.
                return read_failure(getattr(raw.data, "code", None))
            if kind == WSMsgType.CLOSING or kind == WSMsgType.CLOSED:
                # Closed from this side, by another task or before this read.
                code = ws.close_code
                return Ended(WSCloseCode.ABNORMAL_CLOSURE if code is None else code)
            # PING and PONG, when autoping=False lets them through.

    @staticmethod
    def send_text(ws: Any, data: str) -> Awaitable[object]:
        return ws.send_str(data)  # type: ignore[no-any-return]

    @staticmethod
    def send_bytes(ws: Any, data: bytes) -> Awaitable[object]:
        return ws.send_bytes(data)  # type: ignore[no-any-return]

    @staticmethod
    async def close(ws: Any, code: int, reason: str) -> None:
        await ws.close(code=code, message=reason.encode())  # a no-op once closed


# --- Starlette --------------------------------------------------------------------------


class StarletteSocket(Socket):
    """Starlette's ``WebSocket``, and so FastAPI's; accepted already."""

    __slots__ = ()

    @staticmethod
    async def receive(ws: Any) -> TextMessage | BinaryMessage | Ended:
        event = await ws.receive()
        if event["type"] == "websocket.receive":
            return cast("TextMessage | BinaryMessage", from_asgi(event))
        # websocket.disconnect: the peer's close, or the server's own (uvicorn
        # passes on the code and reason it closed with).
        return peer_close(_no_status_as_none(event.get("code")), event.get("reason"))

    @staticmethod
    def send_text(ws: Any, data: str) -> Awaitable[object]:
        return _starlette_send(ws, {"type": "websocket.send", "text": data})

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
    from starlette.websockets import WebSocketDisconnect, WebSocketState

    if ws.application_state is not WebSocketState.CONNECTED:
        await ws.send(event)  # Starlette's own error for its own state
        return
    try:
        await ws.send(event)
    except RuntimeError as exc:
        # Every send until the application reads the disconnect says so; the
        # code is Starlette's own for a connection gone under it.
        raise WebSocketDisconnect(WSCloseCode.ABNORMAL_CLOSURE) from exc


def _no_status_as_none(code: object) -> object:
    """``code`` as the ASGI server or websockets gives it, with 1005 (no code) as None."""
    return None if code == WSCloseCode.NO_STATUS_RECEIVED else code


# --- websockets -------------------------------------------------------------------------


class WebsocketsSocket(Socket):
    """The ``websockets`` library's asyncio connections, client and server."""

    __slots__ = ()

    @staticmethod
    async def receive(ws: Any) -> TextMessage | BinaryMessage | Ended:
        from websockets.exceptions import ConnectionClosed

        try:
            data = await ws.recv()
        except ConnectionClosed as exc:
            return _websockets_end(exc)
        if type(data) is str:
            return TextMessage(data)
        return BinaryMessage(data)

    @staticmethod
    def send_text(ws: Any, data: str) -> Awaitable[object]:
        return ws.send(data)  # type: ignore[no-any-return]

    @staticmethod
    def send_bytes(ws: Any, data: bytes) -> Awaitable[object]:
        return ws.send(data)  # type: ignore[no-any-return]

    @staticmethod
    async def close(ws: Any, code: int, reason: str) -> None:
        await ws.close(code, reason)  # waits for the handshake; a no-op once closed


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

_ADAPTERS: dict[type, type[Socket]] = {}


def _known_sockets() -> list[tuple[type, type[Socket]]]:
    """The socket classes of the frameworks the application has imported."""
    known: list[tuple[type, type[Socket]]] = []
    if "aiohttp" in sys.modules:
        import aiohttp
        from aiohttp import web

        known.append((web.WebSocketResponse, AiohttpSocket))
        known.append((aiohttp.ClientWebSocketResponse, AiohttpSocket))
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
    adapter = _ADAPTERS.get(cls)
    if adapter is not None:
        return adapter
    for socket_class, candidate in _known_sockets():
        if issubclass(cls, socket_class):
            _ADAPTERS[cls] = candidate
            return candidate
    raise UnknownSocketError(
        f"expected an aiohttp, Starlette or websockets WebSocket, not {cls.__name__}"
    )
