"""Codecs: a message's payload decoded into your schema, and values encoded back.

A codec is made once per schema and reused: the decoder and encoder for the
schema are built when the codec is made, so a schema the backend cannot
handle is a ``TypeError`` then, not on the first message. The backend
follows the schema: pydantic for pydantic models and types that contain
them, msgspec for everything else (Structs, dataclasses, TypedDicts, attrs
classes, containers and plain JSON types).

>>> import msgspec
>>> class Chat(msgspec.Struct):
...     user: str
...     text: str
>>> codec = JsonCodec(Chat)
>>> codec.decode(TextMessage('{"user": "ada", "text": "hi"}'))
Chat(user='ada', text='hi')
>>> codec.encode(Chat("ada", "bye"))
TextMessage(data='{"user":"ada","text":"bye"}')
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NoReturn, TypeVar

from msgspec.structs import force_setattr

from . import _kinds
from ._decoding.backend import Backend, reraise, schema_name
from ._decoding.choice import json_backend, msgpack_backend
from ._decoding.failures import Format, unreadable_message
from ._decoding.limits import check_max_size, limited
from .messages import BLANK_TEXT, BinaryMessage, TextMessage, WSMessage, copy_text

__all__ = ["Codec", "JsonCodec", "MsgpackCodec"]

if TYPE_CHECKING:  # typing_extensions is no dependency of wsmessage's
    from typing_extensions import TypeForm

T = TypeVar("T")


#: How a frame's text is decoded: ``decode(text)``, and the ``fail(exc, text)``
#: to call in the ``except`` block around it.
TextReader = tuple[Callable[[str], T], Callable[[Exception, object], NoReturn]]


def text_reader_of(decode: Callable[[TextMessage], T]) -> TextReader[T]:
    """The reader that hands ``decode`` the text's message, for decoders of messages only."""

    def decode_text(text: str) -> T:
        return decode(TextMessage(text))

    return decode_text, reraise


class Codec(Generic[T]):
    """What :class:`JsonCodec` and :class:`MsgpackCodec` share: a schema, a size limit, decoding.

    Not made directly: it is the type to name where either codec will do.
    """

    __slots__ = (
        "_decode_text",
        "_decoders",
        "_encode_fail",
        "_encode_payload",
        "_encode_raw",
        "_fail",
        "_max_size",
        "_schema",
    )

    _FORMAT: ClassVar[Format]
    # The messages a codec decodes, each with the Backend field that reads
    # its payload: decode for a str, decode_bytes for bytes.
    _READS: ClassVar[dict[type, str]]

    def __init__(self, schema: TypeForm[T], *, max_size: int | None = None) -> None:
        if type(self) is Codec:
            raise TypeError("Codec is the codecs' base: make a JsonCodec or a MsgpackCodec")
        limit = check_max_size(max_size)
        backend = self._make_backend(schema)
        self._schema = schema
        self._max_size = limit
        # The size check, when there is one, is built in rather than tested
        # on every call.
        self._decoders: dict[type, Callable[[Any], Any]] = {}
        for cls, field in self._READS.items():
            decode = getattr(backend, field)
            self._decoders[cls] = decode if limit is None else limited(decode, limit)
        self._decode_text = self._decoders.get(TextMessage)  # None where text is not read
        self._encode_payload = backend.encode
        self._encode_raw = backend.encode_raw
        self._encode_fail = backend.encode_fail
        self._fail = backend.fail

    @staticmethod
    def _make_backend(schema: object) -> Backend:
        """The decoder and encoder for ``schema`` in the codec's format."""
        raise NotImplementedError

    @property
    def schema(self) -> Any:
        """The schema values are decoded into, as given."""
        return self._schema

    @property
    def max_size(self) -> int | None:
        """The largest payload decoded, in UTF-8 bytes; None for no limit."""
        return self._max_size

    def __repr__(self) -> str:
        limit = "" if self._max_size is None else f", max_size={self._max_size}"
        return f"{type(self).__name__}({schema_name(self._schema)}{limit})"

    def decode(self, msg: WSMessage, /) -> T:
        """Decode ``msg``'s payload into an instance of the schema.

        A message of a type the codec does not read (see the class) is a
        :class:`~wsmessage.PayloadError` with UNSUPPORTED_DATA, a payload over
        ``max_size`` one with MESSAGE_TOO_BIG; a payload that does not parse
        is a :class:`~wsmessage.DecodeError`, one that does not fit the
        schema a :class:`~wsmessage.ValidationError`. The backend's own
        error is the ``__cause__``.
        """
        # TextMessage, the common case, is told by identity: cheaper than the
        # dict's get, a C call, on every message.
        if msg.__class__ is TextMessage:
            decode = self._decode_text
        else:
            decode = self._decoders.get(msg.__class__)
        if decode is None:
            decode = self._decoder_for(msg)
        data = msg.data
        try:
            return decode(data)  # type: ignore[no-any-return]
        except Exception as exc:
            self._fail(exc, data)

    @abstractmethod
    def encode(self, value: T, /) -> TextMessage | BinaryMessage:
        """Encode ``value`` as a message of the codec's format."""

    def _text_reader(self) -> TextReader[T]:
        """How a receive loop decodes a frame's text, exactly a str, without making its message.

        What ``decode(TextMessage(text))`` would do: the backend's decoder
        for text (size limit included), and the ``fail`` to call in the
        ``except`` block around it. A codec that reads no text, or whose
        class decodes its own way, gets ``decode`` itself, message and all.
        """
        decode = self._decode_text
        if decode is not None and type(self).decode is Codec[Any].decode:
            return decode, self._fail
        return text_reader_of(self.decode)

    def _decoder_for(self, msg: object) -> Callable[[Any], Any]:
        """The decoder for a subclass of an accepted message; refuse anything else."""
        for cls, decode in self._decoders.items():
            if isinstance(msg, cls):
                return decode
        kind = _kinds.tag_of(msg)
        if kind is not None:
            raise unreadable_message(self._FORMAT, kind)
        raise TypeError(f"expected a message, not {type(msg).__name__}")


class JsonCodec(Codec[T]):
    """Decode JSON TEXT and BINARY messages into ``schema``; encode values as JSON.

    ``JsonCodec(Chat)`` is a ``JsonCodec[Chat]``. BINARY payloads are read as
    UTF-8 JSON. ``max_size`` limits the payload's size in UTF-8 bytes,
    checked before any decoding. Only pydantic checks a value against the
    schema when encoding (a value that is not the schema is a
    ``TypeError``); msgspec writes what it is given.
    """

    __slots__ = ()

    _FORMAT: ClassVar[Format] = "JSON"
    _READS: ClassVar[dict[type, str]] = {TextMessage: "decode", BinaryMessage: "decode_bytes"}
    _make_backend = staticmethod(json_backend)

    def encode(self, value: T, /) -> TextMessage:
        """Encode ``value`` as a JSON TEXT message.

        A str in it that cannot be encoded as UTF-8 (a lone surrogate) is a
        :class:`~wsmessage.PayloadError` with INVALID_TEXT; a value the
        backend cannot encode is a ``TypeError``.
        """
        # _encode_payload, unrolled: this is every message a handler sends.
        # The encoder is read before the call: CPython 3.11+ specializes a
        # slot read, not a method call on a slot that holds a function.
        encode_raw = self._encode_raw
        try:
            payload = encode_raw(value)
        except Exception as exc:
            self._encode_fail(exc, value)
        # The encoder's own text, not checked again (see BLANK_TEXT), in
        # two C calls with no frame of ours between.
        message = copy_text(BLANK_TEXT)
        force_setattr(message, "data", payload.decode())
        return message

    def encode_binary(self, value: T, /) -> BinaryMessage:
        """Encode ``value`` as JSON in a BINARY message, for peers that want binary frames."""
        return BinaryMessage(self._encode_payload(value))


class MsgpackCodec(Codec[T]):
    """Decode msgpack BINARY messages into ``schema``; encode values as msgpack.

    Only BINARY messages are read: a TEXT message is a
    :class:`~wsmessage.PayloadError` with UNSUPPORTED_DATA. ``max_size``
    limits the payload's size in bytes, checked before any decoding.
    """

    __slots__ = ()

    _FORMAT: ClassVar[Format] = "msgpack"
    _READS: ClassVar[dict[type, str]] = {BinaryMessage: "decode_bytes"}
    _make_backend = staticmethod(msgpack_backend)

    def encode(self, value: T, /) -> BinaryMessage:
        """Encode ``value`` as a msgpack BINARY message.

        Errors are as for :meth:`JsonCodec.encode`.
        """
        return BinaryMessage(self._encode_payload(value))
