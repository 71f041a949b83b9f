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
from typing import Any, Literal, NoReturn, TypeAlias, TypeVar, get_args

import msgspec

from ._backend_errors import quoted
from .enums import WSCloseCode
from .errors import DecodeError, PayloadError, RemoteError
from .messages import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    ErrorMessage,
    PingMessage,
    PongMessage,
    TextMessage,
    WSMessage,
    as_bytes,
)

__all__ = ["from_dict", "from_json", "from_msgpack", "to_dict", "to_json", "to_msgpack"]

_T = TypeVar("_T")
_KEYS = ("type", "data", "extra")
_MISSING: Any = object()


def _type_name(value: object) -> str:
    return type(value).__name__


def _fail(reason: str, close_code: WSCloseCode | None = None) -> NoReturn:
    raise PayloadError(reason, close_code)


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
        _fail(f"{what} data is not valid base64")
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
        text = f"{_type_name(exc)}: {message}" if message else _type_name(exc)
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _enc_hook(value: Any) -> Any:
    # msgspec calls this for the one field it cannot encode: ErrorMessage.data.
    if isinstance(value, BaseException):
        return exception_text(value)
    raise NotImplementedError


# --- to ------------------------------------------------------------------------------

_CLASSES: tuple[type[WSMessage], ...] = get_args(WSMessage)
_TAGS: dict[type[Any], str] = {cls: cls.type.name.lower() for cls in _CLASSES}
_JSON_DATA: dict[type[Any], Callable[[Any], Any]] = {
    ContinuationMessage: _to_base64,
    BinaryMessage: _to_base64,
    PingMessage: _to_base64,
    PongMessage: _to_base64,
    CloseMessage: int,
    ErrorMessage: exception_text,
}
_JSON_ENCODER = msgspec.json.Encoder(enc_hook=_enc_hook)
_MSGPACK_ENCODER = msgspec.msgpack.Encoder(enc_hook=_enc_hook)


def _not_a_message(caller: str, msg: object) -> NoReturn:
    raise TypeError(f"{caller}() takes a message, not {_type_name(msg)}")


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
    tag = _TAGS.get(type(msg))
    if tag is None:
        _not_a_message("to_dict", msg)
    if mode == "python":
        return {"type": tag, "data": msg.data, "extra": msg.extra}
    if mode == "json":
        convert = _JSON_DATA.get(type(msg))
        data = msg.data if convert is None else convert(msg.data)
        return {"type": tag, "data": data, "extra": msg.extra}
    raise TypeError(f"mode must be 'python' or 'json', not {mode!r}")


def _encoded(
    encoder: msgspec.json.Encoder | msgspec.msgpack.Encoder, msg: WSMessage, caller: str
) -> bytes:
    if type(msg) not in _TAGS:
        _not_a_message(caller, msg)
    try:
        return encoder.encode(msg)
    except UnicodeEncodeError:
        _refuse_surrogates()


def to_json(msg: WSMessage) -> bytes:
    """``msg`` as the JSON form of :func:`to_dict`, in UTF-8.

    Text that cannot be encoded (a lone surrogate) is a
    :class:`~wsmessage.PayloadError` with INVALID_TEXT.

    >>> to_json(CloseMessage(1000, "bye"))
    b'{"type":"close","data":1000,"extra":"bye"}'
    """
    return _encoded(_JSON_ENCODER, msg, "to_json")


def to_msgpack(msg: WSMessage) -> bytes:
    """``msg`` as msgpack: the envelope of :func:`to_dict`, with bytes kept as bytes.

    Text that cannot be encoded (a lone surrogate) is a
    :class:`~wsmessage.PayloadError` with INVALID_TEXT.
    """
    return _encoded(_MSGPACK_ENCODER, msg, "to_msgpack")


def check_encodable(text: str) -> None:
    """Refuse text that cannot be encoded as UTF-8 (a lone surrogate) with INVALID_TEXT."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        _refuse_surrogates()


def _refuse_surrogates() -> NoReturn:
    # Only a TextMessage can hold a lone surrogate: a close reason is
    # checked when made, and exception_text escapes them.
    _fail("text data is not valid UTF-8", WSCloseCode.INVALID_TEXT)


# --- from -----------------------------------------------------------------------------


def _bytes_builder(cls: Any) -> Callable[[Any, Any], WSMessage]:
    what = cls.type.name.lower()

    def build(data: Any, extra: Any) -> WSMessage:
        if type(data) is str:
            data = _from_base64(data, what)
        return cls(data, extra)  # type: ignore[no-any-return]

    return build


def _build_close(data: Any, extra: Any) -> CloseMessage:
    return CloseMessage(data, "" if extra is None else extra)


def _build_error(data: Any, extra: Any) -> ErrorMessage:
    # Python mode keeps the exception itself; any text becomes a RemoteError.
    if type(data) is str:
        data = RemoteError(data)
    elif not isinstance(data, BaseException):
        _fail(f"error data must be str, not {_type_name(data)}")
    return ErrorMessage(data, extra)


_BUILDER_OF_CLASS: dict[type[Any], Callable[[Any, Any], WSMessage]] = {
    ContinuationMessage: _bytes_builder(ContinuationMessage),
    TextMessage: TextMessage,
    BinaryMessage: _bytes_builder(BinaryMessage),
    PingMessage: _bytes_builder(PingMessage),
    PongMessage: _bytes_builder(PongMessage),
    CloseMessage: _build_close,
    ClosingMessage: ClosingMessage,
    ClosedMessage: ClosedMessage,
    ErrorMessage: _build_error,
}


def _by_type_value(values: dict[type[Any], _T]) -> dict[str | int, _T]:
    """``values`` keyed by what ``type`` may be: the lowercase name and the number."""
    return {key: value for cls, value in values.items() for key in (_TAGS[cls], int(cls.type))}


_BUILDERS = _by_type_value(_BUILDER_OF_CLASS)
_CLASS_OF = _by_type_value({cls: cls for cls in _CLASSES})


def _look_up(table: dict[str | int, _T], kind: object) -> _T | None:
    """The entry for a ``type`` value: a type name, a WSMsgType or its int."""
    if type(kind) is str:
        return table.get(kind)
    if isinstance(kind, int) and not isinstance(kind, bool):
        return table.get(int(kind))
    return None


def message_class(kind: object) -> type[WSMessage] | None:
    """The message class a ``type`` value names (a type name, a WSMsgType or its int), if any."""
    return _look_up(_CLASS_OF, kind)


def as_dict(value: object, what: str) -> dict[Any, Any]:
    """``value``, a dict or another mapping, as a dict of its own.

    Any other value, or a mapping that fails when read, is a
    :class:`~wsmessage.PayloadError` naming ``what`` it should have been.
    """
    if isinstance(value, Mapping):
        try:
            return dict(value)
        except Exception as exc:
            raise PayloadError(f"{what} cannot be read") from exc
    _fail(f"{what} must be a dict, not {_type_name(value)}")


def _fail_shape(d: dict[Any, Any]) -> NoReturn:
    """Say what is wrong with a dict whose keys or type are not right."""
    for key in d:
        if key not in _KEYS:
            _fail(f"message has an unknown key{quoted(key)}")
    kind = d.get("type", _MISSING)
    if kind is _MISSING:
        _fail("message has no type")
    if "data" not in d:
        _fail("message has no data")
    if isinstance(kind, str | int) and not isinstance(kind, bool):
        _fail(f"unknown message type{quoted(kind)}")
    _fail(f"message type must be str or int, not {_type_name(kind)}")


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
    if type(d) is not dict:
        d = as_dict(d, "message")
    kind = d.get("type")
    build = _BUILDERS.get(kind) if type(kind) is str else _look_up(_BUILDERS, kind)
    data = d.get("data", _MISSING)
    # type and data, and extra if there are three keys: no room for others.
    size = len(d)
    extra = d.get("extra", _MISSING) if size == 3 else None
    if build is None or data is _MISSING or extra is _MISSING or size > 3:
        _fail_shape(d)
    return build(data, extra)


def _decoded(decode: Callable[[Any], Any], data: Any, what: str, accepts: str) -> Any:
    """``decode(data)``, with every failure a MessageError."""
    try:
        return decode(data)
    except msgspec.DecodeError as exc:
        # The parser's own message stays out of the reason, as for json().
        raise DecodeError(f"invalid {what}") from exc
    except RecursionError as exc:
        raise DecodeError(f"invalid {what}: nested too deeply") from exc
    except UnicodeError as exc:
        raise DecodeError(f"invalid {what}: not valid UTF-8") from exc
    except TypeError as exc:
        raise PayloadError(f"{what} data must be {accepts}, not {_type_name(data)}") from exc


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
    if type(data) is memoryview:
        data = as_bytes(data, "JSON")  # msgspec reads only contiguous, unreleased buffers
    try:
        return _FAST_JSON.decode(data)
    except _FAST_FAILURES:
        pass  # read it again, outside the handler: its error explains itself
    return from_dict(_decoded(msgspec.json.decode, data, "JSON", "bytes or str"))


def from_msgpack(data: bytes | bytearray | memoryview) -> WSMessage:
    """Read a message from the msgpack :func:`to_msgpack` makes.

    Bytes that do not parse are a :class:`~wsmessage.DecodeError`; a value
    that is no message, as :func:`from_dict` reads it, a
    :class:`~wsmessage.PayloadError`.
    """
    if type(data) is memoryview:
        data = as_bytes(data, "msgpack")  # msgspec reads only contiguous, unreleased buffers
    try:
        return _FAST_MSGPACK.decode(data)
    except _FAST_FAILURES:
        pass  # read it again, outside the handler: its error explains itself
    return from_dict(_decoded(msgspec.msgpack.decode, data, "msgpack", "bytes"))
