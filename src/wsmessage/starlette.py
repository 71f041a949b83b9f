"""Handlers for Starlette's WebSocket, and so for FastAPI's, which is the same class.

:func:`iter_decoded` and :func:`send_encoded` exchange values of the
application's own schema over an accepted ``starlette.websockets.WebSocket``.
They read and write the raw ASGI events through :mod:`wsmessage.asgi`.
Import this module explicitly: ``import wsmessage`` never imports Starlette.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any, Literal

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from ._handlers import Decoded, closes_on_error, codec_for_schema, encode
from .asgi import from_asgi
from .messages import CloseMessage, TextMessage, WSMessage

__all__ = ["iter_decoded", "send_encoded"]


def iter_decoded(
    websocket: WebSocket[Any],
    schema_or_codec: object,
    *,
    on_error: Literal["close", "raise"] = "close",
) -> AsyncIterator[Any]:
    """Iterate over the values the client sends on ``websocket``, decoded into a schema.

    ``websocket`` must have been accepted. A schema is decoded with a
    :class:`~wsmessage.JsonCodec` made for it on first use and kept; a
    :class:`~wsmessage.JsonCodec` or :class:`~wsmessage.MsgpackCodec` is
    used as given, with its ``max_size``.

    The iteration ends when the client disconnects, including when the
    server refuses a frame itself (uvicorn closes on text that is not UTF-8,
    or a message over its ``ws_max_size``): the application sees only the
    disconnect. When a message does not decode, ``on_error="close"`` closes
    the socket with the :class:`~wsmessage.MessageError`'s ``close_code``
    and ``reason`` and ends the iteration; ``on_error="raise"`` raises the
    error and leaves the socket open, and iterating again goes on with the
    next message. A bad ``on_error``, or a schema no codec can handle,
    fails here, before any message is read.
    """
    codec = codec_for_schema(schema_or_codec)
    close_on_error = closes_on_error(on_error)

    async def receive() -> WSMessage:
        return from_asgi(await websocket.receive())

    async def close(answer: CloseMessage) -> None:
        if websocket.application_state is not WebSocketState.CONNECTED:
            return  # the application has closed it already
        # If the client has gone there is no one to tell: Starlette says so with
        # WebSocketDisconnect, older versions by passing on the server's OSError.
        with contextlib.suppress(WebSocketDisconnect, OSError):
            await websocket.close(answer.data, answer.extra)

    return Decoded(receive, close, codec, close_on_error)


async def send_encoded(websocket: WebSocket[Any], value: object, codec: object = None) -> None:
    """Send ``value`` on ``websocket``, encoded by ``codec``: text for JSON, bytes for msgpack.

    Without a codec, ``value`` is sent as JSON text by a
    :class:`~wsmessage.JsonCodec` for ``type(value)``, made on first use and
    kept. Errors are those of the codec's ``encode``; anything but a codec
    or None as ``codec`` is a ``TypeError``.
    """
    msg = encode(value, codec)
    if isinstance(msg, TextMessage):
        await websocket.send_text(msg.data)
    else:
        await websocket.send_bytes(msg.data)
