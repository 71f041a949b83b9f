"""Messages to and from ASGI WebSocket events, as Starlette and FastAPI pass them.

The server hands the application ``websocket.receive`` and
``websocket.disconnect`` events; the application sends ``websocket.send``
and ``websocket.close``. :func:`from_asgi` reads all four, so a test or a
middleware can read what either side sent; :func:`to_asgi` writes the two an
application sends. Other events (``websocket.connect``, ``websocket.accept``,
HTTP responses) carry no message: they are a
:class:`~wsmessage.PayloadError` with UNSUPPORTED_DATA.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from . import _kinds
from ._payload_rules import as_dict, check_encodable, exact_str, fail
from ._safe_text import quoted, type_name
from .enums import WSCloseCode
from .errors import PayloadError
from .messages import BinaryMessage, CloseMessage, TextMessage, WSMessage

__all__ = ["from_asgi", "to_asgi"]


def _data_message(event: dict[Any, Any], kind: str) -> WSMessage:
    text = _read(event, "text", None)
    data = _read(event, "bytes", None)
    if text is not None and data is None:
        return TextMessage(text)
    if data is not None and text is None:
        return BinaryMessage(data)
    fail(f"{kind} event must have exactly one of text and bytes")


def _close_message(event: dict[Any, Any], default_code: int) -> CloseMessage:
    reason = _read(event, "reason", None)
    return CloseMessage(_read(event, "code", default_code), "" if reason is None else reason)


def _read(event: dict[Any, Any], key: str, default: object) -> Any:
    """``event.get(key, default)``: a PayloadError if a key of the peer's making fails it."""
    try:
        return event.get(key, default)
    except Exception as exc:
        raise PayloadError("asgi event cannot be read") from exc


def from_asgi(event: Mapping[str, Any]) -> WSMessage:
    """Read an ASGI WebSocket event as a message.

    ``websocket.receive`` and ``websocket.send`` must hold exactly one of
    ``text`` and ``bytes`` (the other absent or None) and give a
    :class:`~wsmessage.TextMessage` or :class:`~wsmessage.BinaryMessage`.
    ``websocket.close`` and ``websocket.disconnect`` give a
    :class:`~wsmessage.CloseMessage`; a close without a code is 1000, a
    disconnect without one 1005, and a missing or None reason is "".
    Keys ASGI does not define are ignored. ``event`` is never changed.

    >>> from wsmessage.asgi import from_asgi
    >>> from_asgi({"type": "websocket.receive", "text": "hi"})
    TextMessage(data='hi')
    >>> from_asgi({"type": "websocket.disconnect", "code": 1001})
    CloseMessage(data=<WSCloseCode.GOING_AWAY: 1001>)
    """
    # A dict of its own type only: a subclass's get could lie.
    fields: dict[Any, Any] = (
        cast(Any, event) if type(event) is dict else as_dict(event, "asgi event")
    )
    kind = _read(fields, "type", None)
    if type(kind) is not str:
        if not isinstance(kind, str):
            fail(f"asgi event type must be str, not {type_name(kind)}")
        kind = exact_str(kind)  # compared as the text it holds, never by its own __eq__
    if kind == "websocket.receive" or kind == "websocket.send":
        return _data_message(fields, kind)
    if kind == "websocket.close":
        return _close_message(fields, WSCloseCode.OK)
    if kind == "websocket.disconnect":
        return _close_message(fields, WSCloseCode.NO_STATUS_RECEIVED)
    fail(f"asgi event{quoted(kind)} carries no message", WSCloseCode.UNSUPPORTED_DATA)


def to_asgi(msg: WSMessage) -> dict[str, Any]:
    """The event an application sends for ``msg``: ``websocket.send`` or ``websocket.close``.

    Only text, binary and close messages have one; any other message is a
    :class:`~wsmessage.PayloadError` with UNSUPPORTED_DATA. Since the event
    goes onto the wire, text that cannot be encoded as UTF-8 is one with
    INVALID_TEXT, and a close with a local-only code (1005, 1006, 1015) one
    with PROTOCOL_ERROR. Anything but a message is a ``TypeError``.

    >>> from wsmessage.asgi import to_asgi
    >>> to_asgi(TextMessage("hi"))
    {'type': 'websocket.send', 'text': 'hi'}
    >>> to_asgi(CloseMessage(1000, "bye"))
    {'type': 'websocket.close', 'code': 1000, 'reason': 'bye'}
    """
    if type(msg) is TextMessage:
        check_encodable(msg.data, "text data")
        return {"type": "websocket.send", "text": msg.data}
    if type(msg) is BinaryMessage:
        return {"type": "websocket.send", "bytes": msg.data}
    if type(msg) is CloseMessage:
        msg.to_payload()  # refuses what may not go onto the wire, as a frame would
        return {"type": "websocket.close", "code": int(msg.data), "reason": msg.extra}
    tag = _kinds.tag_of(msg)
    if tag is not None:
        fail(f"{tag} message has no asgi event", WSCloseCode.UNSUPPORTED_DATA)
    raise TypeError(f"to_asgi() takes a message, not {type_name(msg)}")
