"""The backend for a schema: pydantic for schemas that hold pydantic models, msgspec for the rest.

Each backend gives a :class:`Backend`, plain functions built once for the
schema: ``decode`` turns a payload (str or bytes) into a value and raises
the backend's own errors, which :func:`~._backend_errors.peer_error` maps;
``decode_bytes`` does the same for a payload known to be bytes, checking
what ``decode`` would let through in bytes alone; ``encode`` turns a value
into bytes and raises a :class:`~wsmessage.PayloadError` for text that is
not UTF-8, or a ``TypeError`` for a value it cannot encode.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import msgspec

from .enums import WSCloseCode
from .errors import PayloadError

__all__ = [
    "Backend",
    "json_backend",
    "msgpack_backend",
    "not_utf8",
    "schema_name",
    "unsupported",
    "uses_pydantic",
]


class Backend(NamedTuple):
    """The functions a codec calls, built once for its schema."""

    decode: Callable[[Any], Any]
    encode: Callable[[Any], bytes]
    decode_bytes: Callable[[bytes], Any]


def schema_name(schema: object) -> str:
    """How an error message names ``schema``: ``Chat``, ``list[app.Chat]``."""
    if isinstance(schema, type) and not typing.get_args(schema):
        return schema.__qualname__
    return repr(schema)


def unsupported(schema: object, exc: BaseException) -> TypeError:
    """The TypeError for a schema a backend refused, naming the schema."""
    detail = str(exc).strip().split("\n", 1)[0]
    return TypeError(f"unsupported schema {schema_name(schema)}: {detail}")


def not_utf8() -> PayloadError:
    """The error for a str that cannot be encoded: refused wherever it is encoded."""
    return PayloadError("str value is not valid UTF-8", WSCloseCode.INVALID_TEXT)


# --- which backend --------------------------------------------------------------


def _is_pydantic_object(obj: object) -> bool:
    # Models, pydantic dataclasses and types made for pydantic (AnyUrl, ...)
    # define one of these; Annotated metadata such as Field(...) or
    # AfterValidator(...) comes from pydantic's modules.
    if getattr(obj, "__pydantic_validator__", None) is not None:
        return True
    if getattr(obj, "__get_pydantic_core_schema__", None) is not None:
        return True
    return type(obj).__module__.partition(".")[0] in ("pydantic", "pydantic_core")


def _inner_types(schema: object) -> Iterator[object]:
    """The types ``schema`` is made of: arguments, metadata, fields."""
    args = typing.get_args(schema)
    if typing.get_origin(schema) is typing.Literal:
        return  # values, not types
    yield from args
    if typing.get_origin(schema) is typing.Annotated:
        return  # args already hold the type and its metadata
    try:
        for attribute in ("__value__", "__supertype__"):  # type aliases, NewType
            inner = getattr(schema, attribute, None)
            if inner is not None:
                yield inner
        if _has_fields(schema):
            yield from typing.get_type_hints(schema, include_extras=True).values()
    except Exception:  # an unresolvable name: the backend will say so
        return


def _has_fields(schema: object) -> bool:
    """Whether ``schema`` is a dataclass, TypedDict or NamedTuple: fields pydantic reads."""
    if not isinstance(schema, type) or typing.get_args(schema):
        return False
    return (
        dataclasses.is_dataclass(schema)
        or hasattr(schema, "__required_keys__")  # TypedDict, from typing or typing_extensions
        or (issubclass(schema, tuple) and hasattr(schema, "_fields"))
    )


def uses_pydantic(schema: object) -> bool:
    """Whether ``schema`` is, or contains, something only pydantic can validate.

    Without pydantic imported, nothing can be a pydantic model: that check
    costs one dict lookup, and wsmessage never imports pydantic itself.
    """
    if "pydantic" not in sys.modules:
        return False
    # By id, since not every type is hashable; holding each object keeps its
    # id from being reused by one that get_type_hints makes later.
    seen: dict[int, object] = {}
    todo = [schema]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen[id(current)] = current
        if _is_pydantic_object(current):
            return True
        todo.extend(_inner_types(current))
    return False


# --- msgspec ----------------------------------------------------------------------


def _custom_types(node: object, seen: set[int]) -> Iterator[type]:
    """Classes in a msgspec type-info tree that msgspec cannot decode by itself."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, msgspec.inspect.CustomType):
        yield node.cls
    elif isinstance(node, tuple):
        for item in node:
            yield from _custom_types(item, seen)
    elif isinstance(node, msgspec.Struct):  # type-info nodes and fields are Structs
        for field in msgspec.structs.fields(node):
            yield from _custom_types(getattr(node, field.name), seen)


def _check_msgspec_schema(schema: object) -> None:
    """Refuse now what msgspec would refuse on the first decode.

    msgspec resolves a Struct's field types lazily, and takes classes it does
    not know as custom types that need a ``dec_hook``; a codec has none, so
    such a schema can never decode anything.
    """
    try:
        info = msgspec.inspect.type_info(schema)
    except (TypeError, NameError) as exc:
        raise unsupported(schema, exc) from exc
    custom = next(_custom_types(info, set()), None)
    if custom is not None:
        raise TypeError(
            f"unsupported schema {schema_name(schema)}: msgspec cannot decode {custom!r}"
        )


def _checked_encode(encode: Callable[[Any], bytes]) -> Callable[[Any], bytes]:
    def encode_checked(value: Any) -> bytes:
        try:
            return encode(value)
        except UnicodeEncodeError as exc:
            raise not_utf8() from exc

    return encode_checked


def _utf8_first(decode: Callable[[Any], Any]) -> Callable[[bytes], Any]:
    """``decode`` for JSON in bytes, refusing bytes that are not UTF-8 first.

    msgspec checks the strings it decodes, but skips the fields a schema
    does not name without looking at them; JSON is UTF-8 throughout
    (RFC 8259). ASCII, the common case, needs no decoding to tell.
    """

    def decode_utf8(data: bytes) -> Any:
        if not data.isascii():
            data.decode("utf-8")  # raises UnicodeDecodeError, which peer_error maps
        return decode(data)

    return decode_utf8


def _msgspec_backend(schema: object, module: Any) -> Backend:
    _check_msgspec_schema(schema)
    try:
        decoder = module.Decoder(schema)
    except (TypeError, NameError) as exc:
        raise unsupported(schema, exc) from exc
    decode = decoder.decode
    decode_bytes = _utf8_first(decode) if module is msgspec.json else decode
    return Backend(decode, _checked_encode(module.Encoder().encode), decode_bytes)


# --- choosing ---------------------------------------------------------------------


def json_backend(schema: object) -> Backend:
    """The backend that reads and writes ``schema`` as JSON."""
    if uses_pydantic(schema):
        from . import _pydantic_backend

        return _pydantic_backend.json_backend(schema)
    return _msgspec_backend(schema, msgspec.json)


def msgpack_backend(schema: object) -> Backend:
    """The backend that reads and writes ``schema`` as msgpack."""
    if uses_pydantic(schema):
        from . import _pydantic_backend

        return _pydantic_backend.msgpack_backend(schema)
    return _msgspec_backend(schema, msgspec.msgpack)
