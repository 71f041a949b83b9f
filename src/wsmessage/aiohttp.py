"""Handlers, and messages to and from aiohttp's, for aiohttp 3.9 and later.

:func:`iter_decoded` and :func:`send_encoded` let a handler, or a client,
exchange values of its own schema over an aiohttp WebSocket.
:func:`from_aiohttp` and :func:`to_aiohttp` convert single messages: aiohttp
3 gives every message as one ``WSMessage(type, data, extra)`` named tuple;
later versions have one named tuple per type, with a ``size`` field in
between. Both are read by attribute, never by position. Import this module
explicitly: ``import wsmessage`` never imports aiohttp.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Literal, get_args

import aiohttp
from aiohttp import web

from . import _handlers
from ._handlers import Receiver
from ._kinds import message_class
from ._safe_text import type_name
from .enums import WSCloseCode, WSMsgType
from .errors import PayloadError
from .messages import CloseMessage, WSMessage, make_message

__all__ = ["from_aiohttp", "iter_decoded", "send_encoded", "to_aiohttp"]

# aiohttp writes the close code of an empty close frame as 0.
_EMPTY_CLOSE_CODE = 0
_LOCAL_EVENTS = frozenset({WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR})


# --- messages ---------------------------------------------------------------------------


def from_aiohttp(msg: Any) -> WSMessage:
    """Read one of aiohttp's messages, as ``ws.receive()`` or ``async for`` give them.

    aiohttp's reader puts ``extra=""`` on data and control messages: it is
    read as None. Its close code 0 (an empty close frame) is read as 1005,
    and CLOSING, CLOSED and ERROR become the local-event classes. A TEXT
    message whose data is bytes (aiohttp's ``decode_text=False``) is
    decoded as strict UTF-8. Anything that is not a message, or breaks its
    type's rules, is a :class:`~wsmessage.PayloadError`.

    >>> import aiohttp
    >>> from wsmessage.aiohttp import from_aiohttp
    >>> from_aiohttp(aiohttp.WSMessage(aiohttp.WSMsgType.TEXT, "hi", ""))
    TextMessage(data='hi')
    >>> from_aiohttp(aiohttp.WSMessage(aiohttp.WSMsgType.CLOSE, 0, ""))
    CloseMessage(data=<WSCloseCode.NO_STATUS_RECEIVED: 1005>)
    """
    try:
        kind = msg.type
        data = msg.data
        extra = msg.extra
    except AttributeError:
        raise PayloadError(f"expected an aiohttp message, not {type_name(msg)}") from None
    except Exception as exc:  # a property of the object's own making that fails
        raise PayloadError("aiohttp message cannot be read") from exc
    if type(extra) is str and not extra:
        extra = None
    # The kind compared by the table of kinds, never by its own __eq__.
    if type(data) is int and data == _EMPTY_CLOSE_CODE and message_class(kind) is CloseMessage:
        data = WSCloseCode.NO_STATUS_RECEIVED
    return make_message(kind, data, extra)


def _per_type_classes(union: object) -> dict[int, Any]:
    """aiohttp's named tuple for each type, keyed by its number; empty before 4.0."""
    if isinstance(union, type):  # aiohttp 3: a single WSMessage class
        return {}
    return {int(cls._field_defaults["type"]): cls for cls in get_args(union)}


_PER_TYPE = _per_type_classes(aiohttp.WSMessage)


def _aiohttp_fields(msg: WSMessage) -> tuple[Any, str | None]:
    """``data`` and ``extra`` as aiohttp's reader would have given them."""
    if isinstance(msg, CloseMessage):
        code = msg.data
        return (
            _EMPTY_CLOSE_CODE if code == WSCloseCode.NO_STATUS_RECEIVED else int(code)
        ), msg.extra
    if msg.type in _LOCAL_EVENTS:
        return msg.data, None
    return msg.data, ""


def _frame_size(msg: WSMessage) -> int:
    """The payload size a later aiohttp stores: what the frame would carry."""
    if isinstance(msg, CloseMessage):
        if msg.data == WSCloseCode.NO_STATUS_RECEIVED:
            return 0
        return 2 + len(msg.extra.encode("utf-8"))
    if isinstance(msg.data, str):
        return len(msg.data.encode("utf-8", "surrogatepass"))
    if isinstance(msg.data, bytes):
        return len(msg.data)
    return 0


def to_aiohttp(msg: WSMessage) -> aiohttp.WSMessage:
    """The aiohttp message that aiohttp's own reader would give for ``msg``.

    So code written against real aiohttp messages sees the same values:
    ``extra=""`` on data and control messages, None on the local events,
    the close reason on CLOSE, and code 0 for 1005 (an empty close frame).
    ``from_aiohttp`` reads the result back as ``msg``.

    >>> from wsmessage.aiohttp import to_aiohttp
    >>> to_aiohttp(CloseMessage(1000, "bye"))
    WSMessage(type=<WSMsgType.CLOSE: 8>, data=1000, extra='bye')
    """
    if not isinstance(msg, WSMessage):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"to_aiohttp() takes a message, not {type(msg).__name__}")
    data, extra = _aiohttp_fields(msg)
    per_type = _PER_TYPE.get(msg.type)
    if per_type is not None:
        return per_type(data=data, size=_frame_size(msg), extra=extra)  # type: ignore[no-any-return]
    return aiohttp.WSMessage(aiohttp.WSMsgType(msg.type), data, extra)


# --- handlers ---------------------------------------------------------------------------


# The annotations are never evaluated at run time, where aiohttp's classes
# are generic only in later versions. The stub takes any object with the
# coroutines the handlers call.
def iter_decoded(
    ws: web.WebSocketResponse[Any] | aiohttp.ClientWebSocketResponse[Any],
    schema_or_codec: object,
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[Any]:
    """Iterate over the values the peer sends on ``ws``, decoded into a schema.

    ``ws`` is an open ``web.WebSocketResponse`` (prepared) or
    ``ClientWebSocketResponse``. A schema is decoded with a
    :class:`~wsmessage.JsonCodec` made for it on first use and kept; a
    :class:`~wsmessage.JsonCodec` or :class:`~wsmessage.MsgpackCodec` is
    used as given, with its ``max_size``. Pings and pongs are left to
    aiohttp (skipped if ``autoping=False`` lets them through).

    The result is a :class:`~wsmessage.Receiver`: what ``on_error`` does,
    how an exception of the application's own is answered, and how
    ``close_code`` and ``close_reason`` tell how the connection closed are
    described there. The iteration ends when the peer closes (aiohttp
    answers the close unless ``autoclose=False``), when the connection is
    lost, or when aiohttp itself refuses a frame (a protocol error, text
    that is not UTF-8, a message over its ``max_msg_size``): it has closed
    the socket already, and ``close_code`` is its code. To have a message
    over the limit refused with a reason, see
    :meth:`wsmessage.Endpoint.prepare`.

    A bad ``on_error``, an object that is no WebSocket, or a schema no codec
    can handle fails here, before any message is read.
    """
    return _handlers.iter_decoded(ws, schema_or_codec, on_error)


def send_encoded(
    ws: web.WebSocketResponse[Any] | aiohttp.ClientWebSocketResponse[Any],
    value: object,
    codec: object = None,
) -> Awaitable[object]:
    """Send ``value`` on ``ws``, encoded by ``codec``: TEXT for JSON, BINARY for msgpack.

    Without a codec, ``value`` is sent as a JSON TEXT message by a
    :class:`~wsmessage.JsonCodec` for ``type(value)``, made on first use and
    kept. Errors are those of the codec's ``encode`` and of aiohttp's
    ``send_str``; anything but a codec or None as ``codec`` is a
    ``TypeError``.
    """
    # The framework's own awaitable, returned: no coroutine of ours per message.
    return _handlers.send_encoded(ws, value, codec)
