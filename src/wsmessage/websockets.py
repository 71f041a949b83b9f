"""Handlers for the ``websockets`` library's asyncio connections, client and server.

:func:`iter_decoded` and :func:`send_encoded` exchange values of the
application's own schema over a ``websockets.asyncio.client.ClientConnection``
or ``websockets.asyncio.server.ServerConnection``, as the aiohttp and
Starlette modules do. Import this module explicitly: ``import wsmessage``
never imports websockets.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Literal

from websockets.asyncio.connection import Connection

from . import _handlers
from ._handlers import Receiver

__all__ = ["iter_decoded", "send_encoded"]


def iter_decoded(
    connection: Connection,
    schema_or_codec: object,
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[Any]:
    """Iterate over the values the peer sends on ``connection``, decoded into a schema.

    A schema is decoded with a :class:`~wsmessage.JsonCodec` made for it on
    first use and kept; a :class:`~wsmessage.JsonCodec` or
    :class:`~wsmessage.MsgpackCodec` is used as given, with its
    ``max_size``. Pings and pongs are left to websockets.

    The result is a :class:`~wsmessage.Receiver`: what ``on_error`` does,
    how an exception of the application's own is answered, and how
    ``close_code`` and ``close_reason`` tell how the connection closed are
    described there. The iteration ends when the peer closes, when the
    connection is lost, or when websockets itself refuses a frame (a
    protocol error, text that is not UTF-8, a message over its
    ``max_size``): it has closed the connection already, and
    ``close_code`` is its code. A bad ``on_error``, an object that is no
    WebSocket, or a schema no codec can handle fails here, before any
    message is read.
    """
    return _handlers.iter_decoded(connection, schema_or_codec, on_error)


def send_encoded(connection: Connection, value: object, codec: object = None) -> Awaitable[object]:
    """Send ``value`` on ``connection``, encoded by ``codec``: text for JSON, bytes for msgpack.

    Without a codec, ``value`` is sent as JSON text by a
    :class:`~wsmessage.JsonCodec` for ``type(value)``, made on first use and
    kept. Errors are those of the codec's ``encode``, and websockets'
    ``ConnectionClosed`` once the connection is closed; anything but a
    codec or None as ``codec`` is a ``TypeError``.
    """
    # The framework's own awaitable, returned: no coroutine of ours per message.
    return _handlers.send_encoded(connection, value, codec)
