"""The rules a payload must follow (RFC 6455), checked wherever a payload is read or written.

The message classes check their fields with these on construction; the
serializers and framework adapters check with them what goes onto the wire.
Every check reads and returns the exact builtin value, so what is checked
is what is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn, cast

from ._safe_text import MAX_REASON_BYTES, shown, type_name
from .enums import WSCloseCode, is_valid_close_code
from .errors import PayloadError

__all__ = [
    "LOCAL_ONLY_CLOSE_CODES",
    "MAX_CONTROL_PAYLOAD",
    "as_bytes",
    "as_dict",
    "check_encodable",
    "close_code",
    "close_reason",
    "exact_int",
    "exact_str",
    "fail",
    "unencodable",
]

#: Longest payload of a control frame (RFC 6455 section 5.5).
MAX_CONTROL_PAYLOAD = 125

#: Close codes that describe a closure locally but never travel in a frame.
LOCAL_ONLY_CLOSE_CODES = frozenset(
    {WSCloseCode.NO_STATUS_RECEIVED, WSCloseCode.ABNORMAL_CLOSURE, WSCloseCode.TLS_HANDSHAKE}
)

_CLOSE_CODE_MEMBERS: dict[int, WSCloseCode] = {int(code): code for code in WSCloseCode}
_ALL = slice(None)


def fail(reason: str, close_code: WSCloseCode | None = None) -> NoReturn:
    """Raise the PayloadError for a payload that breaks a rule."""
    raise PayloadError(reason, close_code)


def as_bytes(value: object, what: str) -> bytes:
    """``value`` as exact ``bytes``, copying a bytearray or memoryview.

    Any memoryview is read, contiguous or not; a released one, or anything
    that is not bytes-like, is a PayloadError about ``what`` data. A
    subclass of bytes or bytearray is read by the builtin's own code, never
    by a method it may have redefined (``__bytes__``, ``__getitem__``).
    """
    kind = type(value)
    if kind is bytes:
        return cast(bytes, value)
    if kind is bytearray or kind is memoryview:
        try:
            return bytes(cast("bytearray | memoryview[int]", value))
        except ValueError:  # a released memoryview
            fail(f"{what} data is a released buffer")
    if isinstance(value, bytes):
        return bytes.__getitem__(value, _ALL)
    if isinstance(value, bytearray):
        return bytes(bytearray.__getitem__(value, _ALL))
    fail(f"{what} data must be bytes, not {type_name(value)}")


def exact_int(value: int) -> int:
    """The int ``value`` holds, as an exact int: a subclass's own methods are not asked."""
    return value if type(value) is int else int.__index__(value)


def exact_str(value: str) -> str:
    """The text ``value`` holds, as an exact str: a subclass's own methods are not asked."""
    return value if type(value) is str else str.__str__(value)


def as_dict(value: object, what: str) -> dict[Any, Any]:
    """``value``, a dict or another mapping, as a dict of its own.

    Any other value, or a mapping that fails when read, is a
    :class:`~wsmessage.PayloadError` naming ``what`` it should have been.
    """
    if isinstance(value, Mapping):
        try:
            return dict(cast("Mapping[object, object]", value))
        except Exception as exc:
            raise PayloadError(f"{what} cannot be read") from exc
    fail(f"{what} must be a dict, not {type_name(value)}")


def close_code(code: object) -> int:
    """The close code a CloseMessage stores: a WSCloseCode member where one exists.

    It must be a code that may be sent or one of the local-only 1005, 1006
    and 1015.
    """
    if not isinstance(code, int) or isinstance(code, bool):
        fail(f"close code must be int, not {type_name(code)}")
    number = exact_int(code)
    if not (is_valid_close_code(number) or number in LOCAL_ONLY_CLOSE_CODES):
        fail(f"close code{shown(number)} is not allowed")
    return _CLOSE_CODE_MEMBERS.get(number, number)


def unencodable(what: str) -> PayloadError:
    """The error for ``what`` text that cannot be encoded as UTF-8 (a lone surrogate)."""
    return PayloadError(f"{what} is not valid UTF-8", WSCloseCode.INVALID_TEXT)


def check_encodable(text: str, what: str) -> None:
    """Refuse ``text`` that cannot be encoded as UTF-8, with INVALID_TEXT."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise unencodable(what) from None


def close_reason(reason: object) -> str:
    """A close reason as it is stored: a str of at most 123 UTF-8 bytes."""
    if not isinstance(reason, str):
        fail(f"close reason must be str, not {type_name(reason)}")
    reason = exact_str(reason)
    if reason.isascii():
        size = len(reason)
    else:
        try:
            size = len(reason.encode("utf-8"))
        except UnicodeEncodeError:
            fail("close reason is not valid UTF-8", WSCloseCode.INVALID_TEXT)
    if size > MAX_REASON_BYTES:
        fail(f"close reason is {size} bytes, over the {MAX_REASON_BYTES} allowed")
    return reason
