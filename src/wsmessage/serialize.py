"""Messages as dicts, JSON and msgpack, and back.

Every form is the same envelope of three keys::

    {"type": "text", "data": "hello", "extra": None}

``type`` is the lowercase :class:`~wsmessage.WSMsgType` name. In JSON, bytes
are standard base64 strings and an exception is the text
``"<ClassName>: <message>"``; an ERROR read back holds a
:class:`~wsmessage.RemoteError` with that text, never an object named by
the input.
"""

from __future__ import annotations

import binascii
from collections.abc import Callable, Mapping
from typing import Any, Literal, NoReturn, TypeAlias, cast

import msgspec

from . import _kinds
from ._decoding.failures import Format, peer_error
from ._payload_rules import as_bytes, as_dict, exact_str, fail, unencodable
from ._safe_text import quoted, type_name
from .errors import PayloadError, RemoteError
from .messages import (
    BinaryMessage,
    CloseMessage,
    ContinuationMessage,
    ErrorMessage,
    PingMessage,
    PongMessage,
    TextMessage,
    WSMessage,
    make_message,
)

__all__ = ["from_dict", "from_json", "from_msgpack", "to_dict", "to_json", "to_msgpack"]

_KEYS = ("type", "data", "extra")
_TAG = _kinds.TAG
_MISSING: Any = object()
_BYTES_CLASSES = frozenset({ContinuationMessage, BinaryMessage, PingMessage, PongMessage})


# --- data in JSON ------------------------------------------------------------------


def _to_base64(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).decode("ascii")


def _from_base64(text: str, what: str) -> bytes:
    """Decode strict, canonical base64: exactly what :func:`to_dict` writes."""
    try:
        data = binascii.a2b_base64(text)
    except ValueError:  # binascii.Error, or a str that is not ASCII
        data = None
    # Decoding ignores stray characters and unused bits; encoding again
    # catches both, and any padding that is not the canonical one.
    if data is None or _to_base64(data) != text:
        fail(f"{what} data is not valid base64")
    return data


def exception_text(exc: BaseException) -> str:
    """``"<ClassName>: <message>"``, how an exception is written in JSON.

    A :class:`~wsmessage.RemoteError` is written as its text, so reading and
    writing again gives the same text. Lone surrogates are escaped: the text
    describes the exception, and must survive encoding.
    """
    if isinstance(exc, RemoteError):
        text = str(exc.text)
    else:
        try:
            message = str(exc)
        except Exception:
            message = "<exception str() failed>"
        name = type(exc).__name__
        text = f"{name}: {message}" if message else name
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _enc_hook(value: Any) -> Any:
    # msgspec calls this for the one field it cannot encode: ErrorMessage.data.
    if isinstance(value, BaseException):
        return exception_text(value)
    raise NotImplementedError


# --- to ------------------------------------------------------------------------------

_JSON_DATA: dict[type[Any], Callable[[Any], Any]] = {
    **dict.fromkeys(_BYTES_CLASSES, _to_base64),
    CloseMessage: int,
    ErrorMessage: exception_text,
}
_encode_json = msgspec.json.Encoder(enc_hook=_enc_hook).encode
_encode_msgpack = msgspec.msgpack.Encoder(enc_hook=_enc_hook).encode


def _not_a_message(caller: str, msg: object) -> NoReturn:
    raise TypeError(f"{caller}() takes a message, not {type_name(msg)}")


def to_dict(msg: WSMessage, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
    """``msg`` as a dict with the keys ``type``, ``data`` and ``extra``.

    In ``"python"`` mode the values are the message's own. In ``"json"``
    mode the dict holds only JSON types: bytes become standard base64
    strings, a close code a plain int and an exception the text
    ``"<ClassName>: <message>"``. Anything but a message is a ``TypeError``.

    >>> to_dict(BinaryMessage(b"hi"))
    {'type': 'binary', 'data': b'hi', 'extra': None}
    >>> to_dict(BinaryMessage(b"hi"), mode="json")
    {'type': 'binary', 'data': 'aGk=', 'extra': None}
    """
    tag = _TAG.get(type(msg))
    if tag is None:
        _not_a_message("to_dict", msg)
    if mode == "python":
        return {"type": tag, "data": msg.data, "extra": msg.extra}
    if mode == "json":
        convert = _JSON_DATA.get(type(msg))
        data = msg.data if convert is None else convert(msg.data)
        return {"type": tag, "data": data, "extra": msg.extra}
    raise TypeError(f"mode must be 'python' or 'json', not {mode!r}")


def _unencodable_text() -> PayloadError:
    # Only a TextMessage can hold a lone surrogate: a close reason is
    # checked when made, and exception_text escapes them.
    return unencodable("text data")


# to_json and to_msgpack check and encode in one call each, without a helper
# between them and msgspec: they are about as fast as msgspec's own encode.
# TextMessage, the common case, is told by identity before the dict lookup
# (half the cost of the check), with type() called again rather than kept in a
# local: the store and load cost more than the second call on the rare path.


def to_json(msg: WSMessage) -> bytes:
    """``msg`` as the JSON form of :func:`to_dict`, in UTF-8.

    Text that cannot be encoded (a lone surrogate) is a
    :class:`~wsmessage.PayloadError` with INVALID_TEXT.

    >>> to_json(CloseMessage(1000, "bye"))
    b'{"type":"close","data":1000,"extra":"bye"}'
    """
    if type(msg) is TextMessage or type(msg) in _TAG:
        try:
            return _encode_json(msg)
        except UnicodeEncodeError:
            raise _unencodable_text() from None
    _not_a_message("to_json", msg)


def to_msgpack(msg: WSMessage) -> bytes:
    """``msg`` as msgpack: the envelope of :func:`to_dict`, with bytes kept as bytes.

    Text that cannot be encoded (a lone surrogate) is a
    :class:`~wsmessage.PayloadError` with INVALID_TEXT.
    """
    if type(msg) is TextMessage or type(msg) in _TAG:
        try:
            return _encode_msgpack(msg)
        except UnicodeEncodeError:
            raise _unencodable_text() from None
    _not_a_message("to_msgpack", msg)


# --- from -----------------------------------------------------------------------------


def _bytes_builder(cls: type[Any]) -> Callable[[Any, Any], WSMessage]:
    what = _TAG[cls]

    def build(data: Any, extra: Any) -> WSMessage:
        if type(data) is str:
            data = _from_base64(data, what)
        return cls(data, extra)  # type: ignore[no-any-return]

    return build


def _build_error(data: Any, extra: Any) -> WSMessage:
    # Python mode keeps the exception itself; any text becomes a RemoteError.
    if type(data) is str:
        data = RemoteError(data)
    elif not isinstance(data, BaseException):
        fail(f"error data must be str, not {type_name(data)}")
    return ErrorMessage(data, extra)


def _build_other(cls: type[Any]) -> Callable[[Any, Any], WSMessage]:
    kind = cls.type

    def build(data: Any, extra: Any) -> WSMessage:
        return make_message(kind, data, extra)

    return build


# How from_dict builds each class from the JSON or Python form of its
# fields: bytes from base64 too, an error from its text, a TextMessage
# from a str only (make_message would decode bytes), the rest as
# make_message builds them (a CLOSE without a reason, say).
_BUILDERS: dict[type[Any], Callable[[Any, Any], WSMessage]] = {
    cls: (
        _bytes_builder(cls)
        if cls in _BYTES_CLASSES
        else _build_error
        if cls is ErrorMessage
        else TextMessage
        if cls is TextMessage
        else _build_other(cls)
    )
    for cls in _TAG
}
_BUILDER_OF_TAG = {tag: _BUILDERS[cls] for cls, tag in _TAG.items()}


def _fail_shape(d: dict[Any, Any]) -> NoReturn:
    """Say what is wrong with a dict whose keys or type are not right."""
    for key in d:
        if not (type(key) is str and key in _KEYS):
            fail(f"message has an unknown key{quoted(key)}")
    kind = d.get("type", _MISSING)
    if kind is _MISSING:
        fail("message has no type")
    if "data" not in d:
        fail("message has no data")
    if isinstance(kind, str | int) and not isinstance(kind, bool):
        fail(f"unknown message type{quoted(kind)}")
    fail(f"message type must be str or int, not {type_name(kind)}")


def from_dict(d: Mapping[str, Any]) -> WSMessage:
    """Read a message from the dict :func:`to_dict` makes, in either mode.

    ``type`` may also be the :class:`~wsmessage.WSMsgType` or its int;
    bytes fields take bytes or strict base64; ``extra`` may be left out.
    An ERROR's text becomes a :class:`~wsmessage.RemoteError`. Anything
    else (a missing ``type`` or ``data``, an unknown key or type name, data
    its message type does not allow) is a :class:`~wsmessage.PayloadError`.
    ``d`` is never changed.

    >>> from_dict({"type": "text", "data": "hi"})
    TextMessage(data='hi')
    >>> from_dict({"type": "error", "data": "TimeoutError: too slow", "extra": None})
    ErrorMessage(data=RemoteError('TimeoutError: too slow'))
    """
    # A dict of its own type only: a subclass's get and len could lie.
    fields: dict[Any, Any] = cast(Any, d) if type(d) is dict else as_dict(d, "message")
    try:
        # A key of the peer's own making may answer a lookup with an error.
        kind = fields.get("type")
        data = fields.get("data", _MISSING)
        # type and data, and extra if there are three keys: no room for others.
        size = len(fields)
        extra = fields.get("extra", _MISSING) if size == 3 else None
    except Exception as exc:
        raise PayloadError("message cannot be read") from exc
    if type(kind) is str:
        build = _BUILDER_OF_TAG.get(kind)
    else:
        cls = _kinds.message_class(kind)
        build = None if cls is None else _BUILDERS[cls]
    if build is None or data is _MISSING or extra is _MISSING or size > 3:
        _fail_shape(fields)
    return build(data, extra)


def _bytes_payload(data: object, fmt: Format, accepts: str) -> bytes:
    """A bytes-like payload as exact bytes, read by builtin code only; anything else refused.

    msgspec reads other buffers itself, but fails on a memoryview that is
    not contiguous or was released, and on other buffer types.
    """
    if isinstance(data, bytes | bytearray | memoryview):
        return as_bytes(cast(object, data), fmt)
    fail(f"{fmt} data must be {accepts}, not {type_name(data)}")


def _parsed(parse: Callable[[Any], Any], data: Any, fmt: Format, accepts: str) -> Any:
    """``parse(data)``, with every failure a MessageError."""
    try:
        return parse(data)
    except TypeError as exc:
        raise PayloadError(f"{fmt} data must be {accepts}, not {type_name(data)}") from exc
    except Exception as exc:
        error = peer_error(exc, fmt, data, typed=False)
        if error is None:
            raise
        raise error from exc


# Messages that msgspec decodes exactly as from_dict reads them: no base64
# (msgspec's is lenient), no exception, and no default for data (from_dict
# wants data). Whatever these decoders refuse goes the slow way, through
# from_dict, which accepts it or says what is wrong.
_FastJson: TypeAlias = TextMessage | CloseMessage
_FastMsgpack: TypeAlias = ContinuationMessage | TextMessage | BinaryMessage | CloseMessage
_FAST_JSON: msgspec.json.Decoder[_FastJson] = msgspec.json.Decoder(_FastJson)
_FAST_MSGPACK: msgspec.msgpack.Decoder[_FastMsgpack] = msgspec.msgpack.Decoder(_FastMsgpack)
_FAST_FAILURES = (msgspec.MsgspecError, ValueError, TypeError, RecursionError)


def from_json(data: bytes | bytearray | memoryview | str) -> WSMessage:
    """Read a message from the JSON :func:`to_json` makes.

    JSON that does not parse is a :class:`~wsmessage.DecodeError`; JSON
    that is no message, as :func:`from_dict` reads it, a
    :class:`~wsmessage.PayloadError`.

    >>> from_json(b'{"type": "binary", "data": "aGk="}')
    BinaryMessage(data=b'hi')
    """
    if type(data) is not bytes and type(data) is not str:
        if isinstance(data, str):
            data = exact_str(data)
        else:
            data = _bytes_payload(data, "JSON", "bytes or str")
    try:
        return _FAST_JSON.decode(data)
    except _FAST_FAILURES:
        pass  # read it again, outside the handler: its error explains itself
    return from_dict(_parsed(msgspec.json.decode, data, "JSON", "bytes or str"))


def from_msgpack(data: bytes | bytearray | memoryview) -> WSMessage:
    """Read a message from the msgpack :func:`to_msgpack` makes.

    Bytes that do not parse are a :class:`~wsmessage.DecodeError`; a value
    that is no message, as :func:`from_dict` reads it, a
    :class:`~wsmessage.PayloadError`.
    """
    if type(data) is not bytes:
        data = _bytes_payload(data, "msgpack", "bytes")
    try:
        return _FAST_MSGPACK.decode(data)
    except _FAST_FAILURES:
        pass  # read it again, outside the handler: its error explains itself
    return from_dict(_parsed(msgspec.msgpack.decode, data, "msgpack", "bytes"))
