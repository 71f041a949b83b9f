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

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from ._backend_errors import raise_peer_error
from ._backends import Backend, json_backend, msgpack_backend, schema_name
from .enums import WSCloseCode
from .errors import PayloadError
from .messages import BinaryMessage, TextMessage, WSMessage

__all__ = ["JsonCodec", "MsgpackCodec"]

T = TypeVar("T")


def check_max_size(max_size: object) -> int | None:
    """Check a codec's ``max_size``: None, or an int of at least 0."""
    if max_size is None:
        return None
    if not isinstance(max_size, int) or isinstance(max_size, bool):
        raise TypeError(f"max_size must be an int or None, not {type(max_size).__name__}")
    if max_size < 0:
        raise ValueError(f"max_size must be at least 0, not {max_size}")
    return int(max_size)


def is_over(data: str | bytes, max_size: int) -> bool:
    """Whether ``data`` is over ``max_size`` bytes once UTF-8 encoded.

    A str is encoded only when its length cannot tell: a character takes one
    to four bytes, exactly one if the str is ASCII (which CPython knows
    without looking).
    """
    size = len(data)
    if type(data) is not str:
        return size > max_size
    if size * 4 <= max_size:
        return False
    if size > max_size or data.isascii():
        return size > max_size
    return len(data.encode("utf-8", "surrogatepass")) > max_size


def _limited(decode: Callable[[Any], Any], max_size: int) -> Callable[[Any], Any]:
    """``decode``, refusing a payload over ``max_size`` bytes before any decoding."""

    def decode_limited(data: str | bytes) -> Any:
        if is_over(data, max_size):
            raise PayloadError(
                f"payload is over the {max_size} bytes allowed", WSCloseCode.MESSAGE_TOO_BIG
            )
        return decode(data)

    return decode_limited


class _Codec(Generic[T]):
    """What the codecs share: a schema, a size limit and the decoding path."""

    __slots__ = ("_decoders", "_encode_payload", "_max_size", "_schema")

    _FORMAT: ClassVar[str]
    # The messages a codec decodes, each with the Backend field that reads
    # its payload: decode for a str, decode_bytes for bytes.
    _READS: ClassVar[dict[type, str]]

    def __init__(self, schema: Any, *, max_size: int | None = None) -> None:
        limit = check_max_size(max_size)
        backend = self._make_backend(schema)
        self._schema = schema
        self._max_size = limit
        # The size check, when there is one, is built in rather than tested
        # on every call.
        self._decoders: dict[type, Callable[[Any], Any]] = {}
        for cls, field in self._READS.items():
            decode = getattr(backend, field)
            self._decoders[cls] = decode if limit is None else _limited(decode, limit)
        self._encode_payload = backend.encode

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
        decode = self._decoders.get(msg.__class__)
        if decode is None:
            decode = self._decoder_for(msg)
        try:
            return decode(msg.data)  # type: ignore[no-any-return]
        except Exception as exc:
            raise_peer_error(exc, self._FORMAT)

    def _decoder_for(self, msg: object) -> Callable[[Any], Any]:
        """The decoder for a subclass of an accepted message; refuse anything else."""
        for cls, decode in self._decoders.items():
            if isinstance(msg, cls):
                return decode
        if isinstance(msg, WSMessage):
            raise PayloadError(
                f"cannot decode {self._FORMAT} from a {msg.type.name.lower()} message",
                WSCloseCode.UNSUPPORTED_DATA,
            )
        raise TypeError(f"expected a message, not {type(msg).__name__}")


class JsonCodec(_Codec[T]):
    """Decode JSON TEXT and BINARY messages into ``schema``; encode values as JSON.

    ``JsonCodec(Chat)`` is a ``JsonCodec[Chat]``. BINARY payloads are read as
    UTF-8 JSON. ``max_size`` limits the payload's size in UTF-8 bytes,
    checked before any decoding. Only pydantic checks a value against the
    schema when encoding (a value that is not the schema is a
    ``TypeError``); msgspec writes what it is given.
    """

    __slots__ = ()

    _FORMAT = "JSON"
    _READS: ClassVar[dict[type, str]] = {TextMessage: "decode", BinaryMessage: "decode_bytes"}
    _make_backend = staticmethod(json_backend)

    def encode(self, value: T, /) -> TextMessage:
        """Encode ``value`` as a JSON TEXT message.

        A str in it that cannot be encoded as UTF-8 (a lone surrogate) is a
        :class:`~wsmessage.PayloadError` with INVALID_TEXT; a value the
        backend cannot encode is a ``TypeError``.
        """
        return TextMessage(self._encode_payload(value).decode())

    def encode_binary(self, value: T, /) -> BinaryMessage:
        """Encode ``value`` as JSON in a BINARY message, for peers that want binary frames."""
        return BinaryMessage(self._encode_payload(value))


class MsgpackCodec(_Codec[T]):
    """Decode msgpack BINARY messages into ``schema``; encode values as msgpack.

    Only BINARY messages are read: a TEXT message is a
    :class:`~wsmessage.PayloadError` with UNSUPPORTED_DATA. ``max_size``
    limits the payload's size in bytes, checked before any decoding.
    """

    __slots__ = ()

    _FORMAT = "msgpack"
    _READS: ClassVar[dict[type, str]] = {BinaryMessage: "decode_bytes"}
    _make_backend = staticmethod(msgpack_backend)

    def encode(self, value: T, /) -> BinaryMessage:
        """Encode ``value`` as a msgpack BINARY message.

        Errors are as for :meth:`JsonCodec.encode`.
        """
        return BinaryMessage(self._encode_payload(value))
