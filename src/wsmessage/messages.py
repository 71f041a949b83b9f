"""The message model: one frozen class per message type, checked on construction.

Each class is a frozen, slotted msgspec Struct with two fields, ``data`` and
``extra``, and a class-level ``type``. The Structs are tagged with the
lowercase type name, so a message encodes with msgspec as
``{"type": "text", "data": ..., "extra": ...}``. Checks run in
``__post_init__``, which msgspec calls whenever an instance is made,
whether by the constructor, by decoding or by unpickling.
"""

from collections.abc import Callable
from typing import Any, ClassVar, Literal, NoReturn

import msgspec

from ._cache import MAX_CACHED_SCHEMAS as MAX_CACHED_SCHEMAS
from ._payload_json import payload_json
from .enums import WSCloseCode, WSMsgType, is_valid_close_code
from .errors import MAX_REASON_BYTES, PayloadError

__all__ = [
    "BinaryMessage",
    "CloseMessage",
    "ClosedMessage",
    "ClosingMessage",
    "ContinuationMessage",
    "ErrorMessage",
    "PingMessage",
    "PongMessage",
    "TextMessage",
    "WSMessage",
    "make_message",
]

#: Longest payload of a control frame (RFC 6455 section 5.5).
MAX_CONTROL_PAYLOAD = 125

#: Close codes that describe a closure locally but never travel in a frame.
LOCAL_ONLY_CLOSE_CODES = frozenset(
    {WSCloseCode.NO_STATUS_RECEIVED, WSCloseCode.ABNORMAL_CLOSURE, WSCloseCode.TLS_HANDSHAKE}
)

_CLOSE_CODE_MEMBERS: dict[int, WSCloseCode] = {int(code): code for code in WSCloseCode}
_BYTES_LIKE = (bytes, bytearray, memoryview)
_set_field = msgspec.structs.force_setattr


def _type_name(value: object) -> str:
    return type(value).__name__


def _fail(reason: str, close_code: WSCloseCode | None = None) -> NoReturn:
    raise PayloadError(reason, close_code)


def _shown(number: int) -> str:
    """`` 1234`` for a number that fits 16 bits, else nothing.

    A peer's huge int is slow to format, and too long to quote.
    """
    return f" {int(number)}" if 0 <= number <= 0xFFFF else ""


def as_bytes(value: object, what: str) -> bytes:
    """``value`` as exact ``bytes``, copying a bytearray or memoryview.

    Any memoryview is read, contiguous or not; a released one, or anything
    that is not bytes-like, is a PayloadError about ``what`` data.
    """
    if type(value) is bytes:
        return value
    if isinstance(value, _BYTES_LIKE):
        try:
            return bytes(value)
        except ValueError:  # a released memoryview
            _fail(f"{what} data is a released buffer")
    _fail(f"{what} data must be bytes, not {_type_name(value)}")


def _check_no_extra(message: "WSMessage") -> None:
    if message.extra is not None:
        _fail(
            f"{message.type.name.lower()} message takes no extra, got {_type_name(message.extra)}"
        )


def _check_bytes_message(
    message: "ContinuationMessage | BinaryMessage | PingMessage | PongMessage",
    limit: int | None = None,
) -> None:
    """Normalize ``data`` to bytes, check its size and that ``extra`` is None."""
    _check_no_extra(message)
    what = message.type.name.lower()
    data = as_bytes(message.data, what)
    if limit is not None and len(data) > limit:
        _fail(f"{what} data is {len(data)} bytes, over the {limit} allowed")
    if data is not message.data:
        _set_field(message, "data", data)


def _close_code(code: object) -> int:
    """The close code a CloseMessage stores: a WSCloseCode member where one exists."""
    if not isinstance(code, int) or isinstance(code, bool):
        _fail(f"close code must be int, not {_type_name(code)}")
    if not (is_valid_close_code(code) or code in LOCAL_ONLY_CLOSE_CODES):
        _fail(f"close code{_shown(code)} is not allowed")
    return _CLOSE_CODE_MEMBERS.get(code, int(code))


def check_reason(reason: object) -> str:
    """Check a close reason: a str of at most 123 UTF-8 bytes."""
    if not isinstance(reason, str):
        _fail(f"close reason must be str, not {_type_name(reason)}")
    if reason.isascii():
        size = len(reason)
    else:
        try:
            size = len(reason.encode("utf-8"))
        except UnicodeEncodeError:
            _fail("close reason is not valid UTF-8", WSCloseCode.INVALID_TEXT)
    if size > MAX_REASON_BYTES:
        _fail(f"close reason is {size} bytes, over the {MAX_REASON_BYTES} allowed")
    return reason if type(reason) is str else str.__str__(reason)


class _Message(
    msgspec.Struct,
    frozen=True,
    gc=False,
    tag_field="type",
    forbid_unknown_fields=True,
    repr_omit_defaults=True,
):
    """Shared configuration; ``gc=False`` because a message holds no cycles."""

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


class ContinuationMessage(_Message, frozen=True, tag="continuation"):
    """A fragment continuing the previous data frame; ``data`` is bytes."""

    type: ClassVar[Literal[WSMsgType.CONTINUATION]] = WSMsgType.CONTINUATION
    data: bytes
    extra: None = None

    def __post_init__(self) -> None:
        if type(self.data) is not bytes or self.extra is not None:
            _check_bytes_message(self)


class TextMessage(_Message, frozen=True, tag="text"):
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
            if not isinstance(data, str):
                _fail(f"text data must be str, not {_type_name(data)}")
            _set_field(self, "data", str.__str__(data))

    json = payload_json


class BinaryMessage(_Message, frozen=True, tag="binary"):
    """A binary message; ``data`` is bytes (a bytearray or memoryview is copied)."""

    type: ClassVar[Literal[WSMsgType.BINARY]] = WSMsgType.BINARY
    data: bytes
    extra: None = None

    def __post_init__(self) -> None:
        if type(self.data) is not bytes or self.extra is not None:
            _check_bytes_message(self)

    json = payload_json


class PingMessage(_Message, frozen=True, tag="ping"):
    """A ping; ``data`` is at most 125 bytes."""

    type: ClassVar[Literal[WSMsgType.PING]] = WSMsgType.PING
    data: bytes = b""
    extra: None = None

    def __post_init__(self) -> None:
        data = self.data
        if type(data) is not bytes or len(data) > MAX_CONTROL_PAYLOAD or self.extra is not None:
            _check_bytes_message(self, MAX_CONTROL_PAYLOAD)


class PongMessage(_Message, frozen=True, tag="pong"):
    """A pong; ``data`` is at most 125 bytes."""

    type: ClassVar[Literal[WSMsgType.PONG]] = WSMsgType.PONG
    data: bytes = b""
    extra: None = None

    def __post_init__(self) -> None:
        data = self.data
        if type(data) is not bytes or len(data) > MAX_CONTROL_PAYLOAD or self.extra is not None:
            _check_bytes_message(self, MAX_CONTROL_PAYLOAD)


class CloseMessage(_Message, frozen=True, tag="close"):
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
            _set_field(self, "data", _close_code(self.data))
        if type(self.extra) is not str or self.extra:
            _set_field(self, "extra", check_reason(self.extra))

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
            _fail("close frame payload is 1 byte, too short for a code")
        if size > MAX_CONTROL_PAYLOAD:
            _fail(f"close frame payload is {size} bytes, over the {MAX_CONTROL_PAYLOAD} allowed")
        code = int.from_bytes(payload[:2], "big")
        if not is_valid_close_code(code):
            _fail(f"close code {code} may not be sent")
        try:
            reason = payload[2:].decode("utf-8")
        except UnicodeDecodeError:
            _fail("close reason is not valid UTF-8", WSCloseCode.INVALID_TEXT)
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
            _fail(f"close code {int(self.data)} is local only and may not be sent")
        return self.data.to_bytes(2, "big") + self.extra.encode("utf-8")


class ClosingMessage(_Message, frozen=True, tag="closing"):
    """Local event: this side has started the closing handshake. No payload."""

    type: ClassVar[Literal[WSMsgType.CLOSING]] = WSMsgType.CLOSING
    data: None = None
    extra: None = None

    def __post_init__(self) -> None:
        if self.data is not None:
            _fail(f"closing message takes no data, got {_type_name(self.data)}")
        _check_no_extra(self)


class ClosedMessage(_Message, frozen=True, tag="closed"):
    """Local event: the connection is closed. No payload."""

    type: ClassVar[Literal[WSMsgType.CLOSED]] = WSMsgType.CLOSED
    data: None = None
    extra: None = None

    def __post_init__(self) -> None:
        if self.data is not None:
            _fail(f"closed message takes no data, got {_type_name(self.data)}")
        _check_no_extra(self)


class ErrorMessage(_Message, frozen=True, tag="error", gc=True):
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
            _fail(f"error data must be an exception, not {_type_name(self.data)}")
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


def _make_text(data: object, extra: object) -> TextMessage:
    if type(data) is str:
        return TextMessage(data, extra)  # type: ignore[arg-type]
    if isinstance(data, _BYTES_LIKE):
        try:
            data = as_bytes(data, "text").decode("utf-8")
        except UnicodeDecodeError:
            _fail("text data is not valid UTF-8", WSCloseCode.INVALID_TEXT)
    return TextMessage(data, extra)  # type: ignore[arg-type]


def _make_close(data: object, extra: object) -> CloseMessage:
    return CloseMessage(data, "" if extra is None else extra)  # type: ignore[arg-type]


_FACTORIES: dict[int, Callable[[Any, Any], WSMessage]] = {
    WSMsgType.CONTINUATION: ContinuationMessage,
    WSMsgType.TEXT: _make_text,
    WSMsgType.BINARY: BinaryMessage,
    WSMsgType.PING: PingMessage,
    WSMsgType.PONG: PongMessage,
    WSMsgType.CLOSE: _make_close,
    WSMsgType.CLOSING: ClosingMessage,
    WSMsgType.CLOSED: ClosedMessage,
    WSMsgType.ERROR: ErrorMessage,
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
    factory = None
    if isinstance(type, int) and not isinstance(type, bool):
        factory = _FACTORIES.get(type)
    if factory is None:
        shown = _shown(type) if isinstance(type, int) else ""
        _fail(f"unknown message type{shown}")
    return factory(data, extra)
