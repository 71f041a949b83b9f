"""Handlers for Starlette's WebSocket, and so for FastAPI's, which is the same class.

:func:`iter_decoded` and :func:`send_encoded` exchange values of the
application's own schema over an accepted ``starlette.websockets.WebSocket``.
Import this module explicitly: ``import wsmessage`` never imports Starlette.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Literal

from starlette.websockets import WebSocket

from . import _handlers
from ._handlers import Receiver

__all__ = ["iter_decoded", "send_encoded"]


def iter_decoded(
    websocket: WebSocket[Any],
    schema_or_codec: object,
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[Any]:
    """Iterate over the values the client sends on ``websocket``, decoded into a schema.

    ``websocket`` must have been accepted. A schema is decoded with a
    :class:`~wsmessage.JsonCodec` made for it on first use and kept; a
    :class:`~wsmessage.JsonCodec` or :class:`~wsmessage.MsgpackCodec` is
    used as given, with its ``max_size``.

    The result is a :class:`~wsmessage.Receiver`: what ``on_error`` does,
    how an exception of the application's own is answered, and how
    ``close_code`` and ``close_reason`` tell how the connection closed are
    described there. The iteration ends when the client disconnects,
    including when the server refuses a frame itself (uvicorn closes on text
    that is not UTF-8, or a message over its ``ws_max_size``): the
    application sees only the disconnect, whose code and reason become
    ``close_code`` and ``close_reason``. A bad ``on_error``, an object that
    is no WebSocket, or a schema no codec can handle fails here, before any
    message is read.
    """
    return _handlers.iter_decoded(websocket, schema_or_codec, on_error)


def send_encoded(
    websocket: WebSocket[Any], value: object, codec: object = None
) -> Awaitable[object]:
    """Send ``value`` on ``websocket``, encoded by ``codec``: text for JSON, bytes for msgpack.

    Without a codec, ``value`` is sent as JSON text by a
    :class:`~wsmessage.JsonCodec` for ``type(value)``, made on first use and
    kept. Errors are those of the codec's ``encode``; anything but a codec
    or None as ``codec`` is a ``TypeError``. When the client has gone, or
    the server has closed the connection itself (uvicorn does on a frame it
    refuses), it raises ``WebSocketDisconnect``, as Starlette's own
    ``send_text`` promises, never the server's RuntimeError.
    """
    # The framework's own awaitable, returned: no coroutine of ours per message.
    return _handlers.send_encoded(websocket, value, codec)
