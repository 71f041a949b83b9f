"""What a peer can do wrong, and the close code that answers it.

Every error a peer can cause is a :class:`MessageError`; a handler that
catches one closes the connection with ``err.close_code`` and ``err.reason``::

    ValueError
    └── MessageError            close_code, reason
        ├── PayloadError        a payload breaks its message type's rules
        │                       (PROTOCOL_ERROR; INVALID_TEXT for bad UTF-8,
        │                       UNSUPPORTED_DATA for the wrong message type,
        │                       MESSAGE_TOO_BIG over a size limit)
        ├── DecodeError         not valid JSON or msgpack (INVALID_TEXT);
        │                       also a json.JSONDecodeError
        └── ValidationError     decodes, but does not fit the schema
                                (POLICY_VIOLATION); errors lists each problem

Mistakes in the calling code, such as a schema the codecs cannot handle,
are ``TypeError``, never a :class:`MessageError`.

:class:`RemoteError` is no peer error: it stands for an exception that was
serialized elsewhere and is known here only by its text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, ClassVar, TypedDict

from ._safe_text import fit_reason
from .enums import WSCloseCode, is_valid_close_code

__all__ = [
    "DecodeError",
    "ErrorDetail",
    "MessageError",
    "PayloadError",
    "RemoteError",
    "ValidationError",
]


class ErrorDetail(TypedDict):
    """One problem found by schema validation.

    ``loc`` is the path to the offending value, keys and list indexes from the
    top (``("user", "id")``; empty for the value itself); ``msg`` says what is
    wrong with it.
    """

    loc: tuple[str | int, ...]
    msg: str


class MessageError(ValueError):
    """A message from the peer could not be accepted.

    ``close_code`` is the code to close the connection with and ``reason`` a
    short text, safe to send to the peer, that says why. ``str(err)`` is the
    reason.
    """

    _default_close_code: ClassVar[WSCloseCode] = WSCloseCode.POLICY_VIOLATION

    close_code: WSCloseCode
    reason: str

    def __init__(self, reason: str, close_code: WSCloseCode | None = None) -> None:
        code = self._default_close_code if close_code is None else WSCloseCode(close_code)
        if not is_valid_close_code(code):
            raise ValueError(f"close_code must be a code that may be sent, not {code!r}")
        self.reason = fit_reason(reason)
        self.close_code = code
        # ValueError's, not super()'s: DecodeError's next base is
        # json.JSONDecodeError, whose __init__ wants a document and offset.
        ValueError.__init__(self, self.reason)

    def __str__(self) -> str:
        return self.reason

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reason!r}, close_code={self.close_code!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.reason, self.close_code)


class PayloadError(MessageError):
    """A payload breaks the rules of its message type.

    The close code is PROTOCOL_ERROR unless the cause says otherwise:
    INVALID_TEXT for text that is not UTF-8, UNSUPPORTED_DATA for a message
    of a type the receiver does not take, MESSAGE_TOO_BIG over a size limit.
    """

    _default_close_code = WSCloseCode.PROTOCOL_ERROR


class DecodeError(MessageError, json.JSONDecodeError):
    """The payload is not valid JSON (or msgpack); close with INVALID_TEXT.

    It is also a :class:`json.JSONDecodeError`, so handlers written for
    aiohttp's ``msg.json()`` that catch that keep working. ``doc`` and
    ``pos`` are the document and the offset of the problem where known.
    """

    _default_close_code = WSCloseCode.INVALID_TEXT

    def __init__(
        self,
        reason: str,
        doc: str = "",
        pos: int = 0,
        close_code: WSCloseCode | None = None,
    ) -> None:
        MessageError.__init__(self, reason, close_code)
        # The fields json.JSONDecodeError promises, without its __init__,
        # which would format the whole document into the message.
        self.msg = self.reason
        self.doc = doc
        self.pos = pos
        self.lineno = doc.count("\n", 0, pos) + 1
        self.colno = pos - doc.rfind("\n", 0, pos)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.reason, self.doc, self.pos, self.close_code)


class ValidationError(MessageError):
    """The payload decodes, but does not fit the schema; close with POLICY_VIOLATION.

    ``errors`` lists each problem as an :class:`ErrorDetail`, in the same
    shape whichever backend decoded the payload (msgspec stops at the first
    problem, pydantic reports them all).
    """

    _default_close_code = WSCloseCode.POLICY_VIOLATION

    errors: list[ErrorDetail]

    def __init__(
        self,
        reason: str,
        errors: Iterable[ErrorDetail] = (),
        close_code: WSCloseCode | None = None,
    ) -> None:
        super().__init__(reason, close_code)
        self.errors = list(errors)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.reason, self.errors, self.close_code)


class RemoteError(Exception):
    """An exception known only by its text, such as ``"TimeoutError: read timed out"``.

    Reading an ERROR message back from a dict, JSON or msgpack gives an
    :class:`~wsmessage.ErrorMessage` holding one of these: the text is kept,
    and no class, module or callable named by the input is ever looked up.
    Two are equal, and hash alike, when their types and texts are.
    """

    text: str

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RemoteError) and type(other) is type(self):
            return self.text == other.text
        return NotImplemented

    def __hash__(self) -> int:
        return hash((type(self), self.text))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.text,)
