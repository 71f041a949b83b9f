"""The message model: one frozen class per message type, checked on construction.

Each class is a frozen, slotted msgspec Struct with two fields, ``data`` and
``extra``, and a class-level ``type``. The Structs are tagged with the
lowercase type name, so a message encodes with msgspec as
``{"type": "text", "data": ..., "extra": ...}``. Checks run in
``__post_init__``, which msgspec calls whenever an instance is made,
whether by the constructor, by decoding or by unpickling.
"""

from collections.abc import Callable
from typing import Any, ClassVar, Literal, cast, get_args

import msgspec

from . import _kinds
from ._decoding.payload_json import bytes_json, text_json
from ._payload_rules import (
    LOCAL_ONLY_CLOSE_CODES,
    MAX_CONTROL_PAYLOAD,
    as_bytes,
    close_code,
    close_reason,
    fail,
)
from ._safe_text import shown, type_name
from .enums import WSCloseCode, WSMsgType, is_valid_close_code

__all__ = [
    "BinaryMessage",
    "CloseMessage",
    "ClosedMessage",
    "ClosingMessage",
    "ContinuationMessage",
    "ErrorMessage",
    "Message",
    "PingMessage",
    "PongMessage",
    "TextMessage",
    "WSMessage",
    "make_message",
]

_BYTES_LIKE = (bytes, bytearray, memoryview)
# make_message's first parameter is named type, as aiohttp's.
_type_of: Callable[[object], type[object]] = type
_int_value: Callable[[int], int] = int.__index__  # the int an int subclass holds
_set_field = msgspec.structs.force_setattr


def _check_no_extra(message: "WSMessage") -> None:
    if message.extra is not None:
        fail(f"{_kinds.tag_of(message)} message takes no extra, got {type_name(message.extra)}")


def _check_bytes_message(
    message: "ContinuationMessage | BinaryMessage | PingMessage | PongMessage",
    limit: int | None = None,
) -> None:
    """Normalize ``data`` to bytes, check its size and that ``extra`` is None."""
    _check_no_extra(message)
    what = str(_kinds.tag_of(message))
    data = as_bytes(message.data, what)
    if limit is not None and len(data) > limit:
        fail(f"{what} data is {len(data)} bytes, over the {limit} allowed")
    if data is not message.data:
        _set_field(message, "data", data)


class Message(
    msgspec.Struct,
    frozen=True,
    gc=False,
    tag_field="type",
    tag=_kinds.tag_for_class_name,
    forbid_unknown_fields=True,
    repr_omit_defaults=True,
):
    """The base of the nine message classes: a frozen msgspec Struct tagged by its type.

    It is the type to name for "any message class" (``isinstance(x,
    Message)``); :data:`WSMessage`, the union of the nine, is the one that
    narrows. Messages are made as one of the nine, never as a Message.
    """

    # gc=False: a message holds no cycles (ErrorMessage, which may, opts back in).

    def __post_init__(self) -> None:
        # Every message class checks its own fields instead.
        raise TypeError("Message is the base of the message classes: make one of them")

    # pydantic finds these hooks on the class; its packages are imported
    # only when it calls them, so that pydantic stays optional.
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Let pydantic validate and serialize messages in the shape of ``to_dict``."""
        from ._pydantic_fields import pydantic_core_schema  # it imports this module

        return pydantic_core_schema(cls)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        """The JSON schema of the ``to_dict`` shape in JSON mode."""
        from ._pydantic_fields import pydantic_json_schema

        return pydantic_json_schema(cls)


class ContinuationMessage(Message, frozen=True):
    """A fragment continuing the previous data frame; ``data`` is bytes."""

    type: ClassVar[Literal[WSMsgType.CONTINUATION]] = WSMsgType.CONTINUATION
    data: bytes
    extra: None = None

    def __post_init__(self) -> None:
        if type(self.data) is not bytes or self.extra is not None:
            _check_bytes_message(self)


class TextMessage(Message, frozen=True):
    """A text message; ``data`` is a str.

    Any str is accepted here; one that cannot be encoded as UTF-8 (a lone
    surrogate) is refused with INVALID_TEXT where it would be encoded.
    """

    type: ClassVar[Literal[WSMsgType.TEXT]] = WSMsgType.TEXT
    data: str
    extra: None = None

    def __post_init__(self) -> None:
        data = self.data
        if type(data) is not str or self.extra is not None:
            _check_no_extra(self)
            # msgspec declares str; a caller may pass anything.
            if not isinstance(data, str):  # pyright: ignore[reportUnnecessaryIsInstance]
                fail(f"text data must be str, not {type_name(data)}")
            _set_field(self, "data", str.__str__(data))

    json = text_json


#: A blank TextMessage, copied, for text the library has just made itself (an
#: encoder's output, decoded from the bytes it wrote): ``copy_text(BLANK_TEXT)``
#: skips ``__post_init__``, so the text is not checked again, and the caller
#: sets ``data`` with ``msgspec.structs.force_setattr``. Whatever a peer or a
#: caller hands over goes through the constructor.
BLANK_TEXT = TextMessage("")
# Struct's __copy__ unbound, called with the message: CPython 3.11+ specializes
# that call, not one to the bound method (about 10 ns a message).
copy_text: Callable[[TextMessage], TextMessage] = getattr(TextMessage, "__copy__")  # noqa: B009  # not in msgspec's stubs


class BinaryMessage(Message, frozen=True):
    """A binary message; ``data`` is bytes (a bytearray or memoryview is copied)."""

    type: ClassVar[Literal[WSMsgType.BINARY]] = WSMsgType.BINARY
    data: bytes
    extra: None = None

    def __post_init__(self) -> None:
        if type(self.data) is not bytes or self.extra is not None:
            _check_bytes_message(self)

    json = bytes_json


class PingMessage(Message, frozen=True):
    """A ping; ``data`` is at most 125 bytes."""

    type: ClassVar[Literal[WSMsgType.PING]] = WSMsgType.PING
    data: bytes = b""
    extra: None = None

    def __post_init__(self) -> None:
        data = self.data
        if type(data) is not bytes or len(data) > MAX_CONTROL_PAYLOAD or self.extra is not None:
            _check_bytes_message(self, MAX_CONTROL_PAYLOAD)


class PongMessage(Message, frozen=True):
    """A pong; ``data`` is at most 125 bytes."""

    type: ClassVar[Literal[WSMsgType.PONG]] = WSMsgType.PONG
    data: bytes = b""
    extra: None = None

    def __post_init__(self) -> None:
        data = self.data
        if type(data) is not bytes or len(data) > MAX_CONTROL_PAYLOAD or self.extra is not None:
            _check_bytes_message(self, MAX_CONTROL_PAYLOAD)


class CloseMessage(Message, frozen=True):
    """A close; ``data`` is the close code and ``extra`` the reason.

    The code is a :class:`~wsmessage.WSCloseCode` member where one exists,
    else the int (an application code from 3000 to 4999). It must be a code
    that may be sent or one of the local-only 1005, 1006 and 1015. The
    reason is at most 123 UTF-8 bytes.

    >>> CloseMessage(1000)
    CloseMessage(data=<WSCloseCode.OK: 1000>)
    >>> CloseMessage(4000, "bye").data
    4000
    """

    type: ClassVar[Literal[WSMsgType.CLOSE]] = WSMsgType.CLOSE
    data: int
    extra: str = ""

    def __post_init__(self) -> None:
        # Fast path: every member is allowed here, and "" needs no checking.
        if type(self.data) is not WSCloseCode:
            _set_field(self, "data", close_code(self.data))
        if type(self.extra) is not str or self.extra:
            _set_field(self, "extra", close_reason(self.extra))

    @classmethod
    def from_payload(cls, payload: bytes | bytearray | memoryview) -> "CloseMessage":
        """Read the payload of a close frame (RFC 6455 section 5.5.1).

        An empty payload is 1005 (no status received). Otherwise it is a
        2-byte code that may be sent, then a UTF-8 reason: anything else is
        a :class:`~wsmessage.PayloadError`, with INVALID_TEXT for a reason
        that is not UTF-8.

        >>> CloseMessage.from_payload(b"\\x03\\xe8bye")
        CloseMessage(data=<WSCloseCode.OK: 1000>, extra='bye')
        """
        payload = as_bytes(payload, "close frame")
        if not payload:
            return cls(WSCloseCode.NO_STATUS_RECEIVED)
        size = len(payload)
        if size == 1:
            fail("close frame payload is 1 byte, too short for a code")
        if size > MAX_CONTROL_PAYLOAD:
            fail(f"close frame payload is {size} bytes, over the {MAX_CONTROL_PAYLOAD} allowed")
        code = int.from_bytes(payload[:2], "big")
        if not is_valid_close_code(code):
            fail(f"close code {code} may not be sent")
        try:
            reason = payload[2:].decode("utf-8")
        except UnicodeDecodeError:
            fail("close reason is not valid UTF-8", WSCloseCode.INVALID_TEXT)
        return cls(code, reason)

    def to_payload(self) -> bytes:
        """The payload of the close frame that sends this code and reason.

        The local-only codes 1005, 1006 and 1015 never travel in a frame
        and are a :class:`~wsmessage.PayloadError` (send an empty payload
        to close without a code).

        >>> CloseMessage(4000, "bye").to_payload()
        b'\\x0f\\xa0bye'
        """
        if self.data in LOCAL_ONLY_CLOSE_CODES:
            fail(f"close code {int(self.data)} is local only and may not be sent")
        return self.data.to_bytes(2, "big") + self.extra.encode("utf-8")


class ClosingMessage(Message, frozen=True):
    """Local event: this side has started the closing handshake. No payload."""

    type: ClassVar[Literal[WSMsgType.CLOSING]] = WSMsgType.CLOSING
    data: None = None
    extra: None = None

    def __post_init__(self) -> None:
        if self.data is not None:
            fail(f"closing message takes no data, got {type_name(self.data)}")
        _check_no_extra(self)


class ClosedMessage(Message, frozen=True):
    """Local event: the connection is closed. No payload."""

    type: ClassVar[Literal[WSMsgType.CLOSED]] = WSMsgType.CLOSED
    data: None = None
    extra: None = None

    def __post_init__(self) -> None:
        if self.data is not None:
            fail(f"closed message takes no data, got {type_name(self.data)}")
        _check_no_extra(self)


class ErrorMessage(Message, frozen=True, gc=True):
    """Local event: reading failed; ``data`` is the exception.

    Tracked by the garbage collector, unlike the other messages, because an
    exception's traceback can lead back to the message.
    """

    type: ClassVar[Literal[WSMsgType.ERROR]] = WSMsgType.ERROR
    # Any, not BaseException, so that msgspec can build decoders for types
    # that contain WSMessage; __post_init__ enforces the real type.
    data: Any
    extra: None = None

    def __post_init__(self) -> None:
        if not isinstance(self.data, BaseException):
            fail(f"error data must be an exception, not {type_name(self.data)}")
        _check_no_extra(self)


WSMessage = (
    ContinuationMessage
    | TextMessage
    | BinaryMessage
    | PingMessage
    | PongMessage
    | CloseMessage
    | ClosingMessage
    | ClosedMessage
    | ErrorMessage
)
"""Any message: the union of the nine message classes."""


# make_message hands on whatever it was given: the classes check it.


def _make_text(data: Any, extra: Any) -> TextMessage:
    kind = _type_of(data)
    if kind is str:
        return TextMessage(data, extra)
    if kind is bytes:
        raw: bytes = data
    elif isinstance(data, _BYTES_LIKE):
        raw = as_bytes(cast(object, data), "text")
    else:
        return TextMessage(data, extra)  # refused there, with the constructor's error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        fail("text data is not valid UTF-8", WSCloseCode.INVALID_TEXT)
    return TextMessage(text, extra)


def _make_close(data: Any, extra: Any) -> CloseMessage:
    return CloseMessage(data, "" if extra is None else extra)


_kinds.register(*get_args(WSMessage))

# make_message's way to build each class from aiohttp's fields, by type
# number: the constructor, but for TEXT (bytes are decoded) and CLOSE (no
# reason is None).
_SPECIAL_FACTORIES: dict[type[Any], Callable[[Any, Any], WSMessage]] = {
    TextMessage: _make_text,
    CloseMessage: _make_close,
}
# Keyed by the WSMsgType members, which is what aiohttp hands over: a member
# is found by identity, and a plain int, equal to it, by equality.
_FACTORIES: dict[int, Callable[[Any, Any], WSMessage]] = {
    WSMsgType(number): _SPECIAL_FACTORIES.get(cls, cls)
    for number, cls in _kinds.CLASS_OF.items()
    if type(number) is int
}


def make_message(type: Any, data: Any, extra: Any = None) -> WSMessage:
    """Build the message class for ``type``, as aiohttp's ``WSMessage(type, data, extra)``.

    ``type`` is a :class:`~wsmessage.WSMsgType` or its int. For TEXT, bytes
    are decoded as strict UTF-8; for CLOSE, ``extra=None`` means no reason.
    Since ``type`` may come from the wire, anything else (an unknown int, a
    string, None) is a :class:`~wsmessage.PayloadError` with PROTOCOL_ERROR,
    as is data the type does not allow.

    >>> make_message(WSMsgType.TEXT, b"hi")
    TextMessage(data='hi')
    >>> make_message(8, 1001, "restart")
    CloseMessage(data=<WSCloseCode.GOING_AWAY: 1001>, extra='restart')
    """
    kind = _type_of(type)
    if kind is WSMsgType or kind is int:
        factory = _FACTORIES.get(type)
    elif isinstance(type, int) and kind is not bool:
        # Another int type: aiohttp's WSMsgType, say. The keys compare by the
        # int's own value, so a subclass's hash can only make the lookup miss
        # (or raise): then the int it holds is looked up.
        try:
            factory = _FACTORIES[type]
        except Exception:
            factory = _FACTORIES.get(_int_value(type))
    else:
        factory = None
    if factory is None:
        fail(f"unknown message type{shown(type)}")
    return factory(data, extra)
