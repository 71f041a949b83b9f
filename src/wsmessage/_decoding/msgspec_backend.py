"""The msgspec backend: a Decoder and an Encoder per schema, for schemas without pydantic types.

msgspec decodes Structs, dataclasses, TypedDicts, attrs classes, unions,
containers and plain JSON types straight from the payload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NoReturn, cast

import msgspec

from .._payload_rules import unencodable
from .backend import Backend, schema_name, unsupported
from .failures import Format, failure_handler

__all__ = ["msgspec_backend"]


def _walk(node: object, seen: set[int]) -> Iterator[object]:
    """Every node of a msgspec type-info tree, each once."""
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, tuple):
        for item in cast("tuple[object, ...]", node):
            yield from _walk(item, seen)
    elif isinstance(node, msgspec.Struct):  # type-info nodes and fields are Structs
        for field in msgspec.structs.fields(node):
            yield from _walk(getattr(node, field.name), seen)


def _check_schema(info: object, schema: object) -> None:
    """Refuse now what msgspec would refuse on the first decode.

    msgspec takes classes it does not know as custom types that need a
    ``dec_hook``; a codec has none, so such a schema can never decode
    anything.
    """
    for node in _walk(info, set()):
        if isinstance(node, msgspec.inspect.CustomType):
            raise TypeError(
                f"unsupported schema {schema_name(schema)}: msgspec cannot decode {node.cls!r}"
            )


def _tag_fields(info: object) -> frozenset[str]:
    """The names of the fields that hold a tag, in tagged Structs anywhere in the schema."""
    return frozenset(
        node.tag_field
        for node in _walk(info, set())
        if isinstance(node, msgspec.inspect.StructType) and node.tag_field is not None
    )


def _encode_failure(exc: Exception, value: object) -> NoReturn:
    """Raise what encoding ``value`` raises for ``exc``, msgspec's error."""
    if isinstance(exc, UnicodeEncodeError):
        raise unencodable("str value") from exc
    if isinstance(exc, OverflowError):  # an int msgpack cannot hold
        raise TypeError(f"cannot encode {type(value).__name__}: {exc}") from exc
    raise exc


def _checked_encode(encode: Callable[[Any], bytes]) -> Callable[[Any], bytes]:
    def encode_checked(value: Any) -> bytes:
        try:
            return encode(value)
        except Exception as exc:
            _encode_failure(exc, value)

    return encode_checked


def _utf8_first(decode: Callable[[Any], Any]) -> Callable[[bytes], Any]:
    """``decode`` for JSON in bytes, refusing bytes that are not UTF-8 first.

    msgspec checks the strings it decodes, but skips the fields a schema
    does not name without looking at them; JSON is UTF-8 throughout
    (RFC 8259). ASCII, the common case, needs no decoding to tell.
    """

    def decode_utf8(data: bytes) -> Any:
        if not data.isascii():
            data.decode("utf-8")  # raises UnicodeDecodeError, which the failure map reads
        return decode(data)

    return decode_utf8


def msgspec_backend(schema: object, fmt: Format) -> Backend:
    """The backend that reads and writes ``schema`` as ``fmt`` with msgspec."""
    module: Any = msgspec.json if fmt == "JSON" else msgspec.msgpack
    # msgspec resolves a Struct's field types lazily: type_info resolves
    # them now, so that a bad schema fails here.
    try:
        info = msgspec.inspect.type_info(schema)
        decoder = module.Decoder(schema)
    except (TypeError, NameError) as exc:
        raise unsupported(schema, exc) from exc
    _check_schema(info, schema)
    decode = decoder.decode
    encode = module.Encoder().encode
    return Backend(
        decode=decode,
        decode_bytes=_utf8_first(decode) if fmt == "JSON" else decode,
        encode=_checked_encode(encode),
        fail=failure_handler(fmt, _tag_fields(info)),
        encode_raw=encode,
        encode_fail=_encode_failure,
    )
