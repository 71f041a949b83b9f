"""The pydantic backend: a TypeAdapter per schema, for schemas that hold pydantic types.

Imported only when such a schema is used, and so only once the application
has imported pydantic itself.

JSON is read by pydantic's own parser, as ``TypeAdapter.validate_json``
reads it, and written by ``dump_json``. msgpack is read into plain values by
msgspec and validated by ``validate_python``; values are dumped in Python
mode (bytes stay bytes, datetimes stay datetimes) and written by msgspec,
which hands what it cannot write (URLs, IP addresses, ...) to pydantic's
``to_jsonable_python``. Both dump by alias, as they are read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import msgspec
from pydantic import TypeAdapter
from pydantic.errors import PydanticUndefinedAnnotation, PydanticUserError
from pydantic_core import PydanticSerializationError, to_jsonable_python

from .._payload_rules import unencodable
from .backend import Backend, reraise, schema_name, unsupported
from .failures import Format, failure_handler

__all__ = ["pydantic_backend"]

_REPLACEMENT = "\N{REPLACEMENT CHARACTER}".encode()


def _adapter(schema: Any) -> TypeAdapter[Any]:
    """A TypeAdapter for ``schema``, built now, so that a bad schema fails here."""
    try:
        adapter: TypeAdapter[Any] = TypeAdapter(schema)
        # A model with defer_build or an unresolved forward reference leaves
        # the adapter incomplete until its first use; finish it, or fail, now.
        if not adapter.pydantic_complete:
            adapter.rebuild(raise_errors=True)
    except (PydanticUserError, PydanticUndefinedAnnotation) as exc:
        raise unsupported(schema, exc) from exc
    if _validates_lazily(adapter.core_schema):
        # pydantic checks an Iterable's items as the application iterates:
        # a peer's bad item would surface after decode, as pydantic's error.
        raise TypeError(
            f"unsupported schema {schema_name(schema)}: pydantic validates Iterable "
            "items lazily, after decoding; use list[...] or tuple[..., ...]"
        )
    return adapter


def _validates_lazily(core_schema: object) -> bool:
    """Whether a pydantic core schema holds a validator that runs after validation (a generator)."""
    todo = [core_schema]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            fields = cast("dict[str, object]", node)
            if fields.get("type") == "generator":
                return True
            todo.extend(fields.values())
        elif isinstance(node, list):
            todo.extend(cast("list[object]", node))
    return False


def _holds_unencodable_text(dumped: object) -> bool:
    """Whether a Python-mode dump holds a str (a dict key included) that is not UTF-8.

    Walked with a list, not recursion: the value may be as deep as a peer
    made it.
    """
    todo = [dumped]
    while todo:
        node = todo.pop()
        if isinstance(node, str):
            if not node.isascii():
                try:
                    node.encode("utf-8")
                except UnicodeEncodeError:
                    return True
        elif isinstance(node, dict):
            items = cast("dict[object, object]", node)
            todo.extend(items)
            todo.extend(items.values())
        elif isinstance(node, list | tuple | set | frozenset):
            todo.extend(cast("list[object]", node))
    return False


def _jsonable(value: Any) -> Any:
    """msgspec's hook for what it cannot write: pydantic's JSON form of ``value``.

    A value pydantic hands back unchanged in type would be handed to the
    hook again, for ever: refused instead (msgspec then raises TypeError).
    """
    jsonable = to_jsonable_python(value)
    if type(jsonable) is type(value):
        raise NotImplementedError
    return jsonable


def _refused(exc: PydanticSerializationError, value: Any, schema: Any) -> Exception:
    """What a serialization error means: text that is not UTF-8, or a caller's bug."""
    # pydantic reports the UnicodeEncodeError only in its message.
    if "UnicodeEncodeError" in str(exc):
        return unencodable("str value")
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:197] + "..."
    return TypeError(f"cannot encode {type(value).__name__} as {schema_name(schema)}: {detail}")


def _encoder(dump: Callable[[Any], bytes], schema: Any) -> Callable[[Any], bytes]:
    def encode(value: Any) -> bytes:
        try:
            return dump(value)
        except PydanticSerializationError as exc:
            raise _refused(exc, value, schema) from exc
        except UnicodeEncodeError as exc:
            raise unencodable("str value") from exc
        except OverflowError as exc:  # an int msgpack cannot hold
            raise TypeError(f"cannot encode {type(value).__name__}: {exc}") from exc

    return encode


def _dumper(dump: Callable[..., Any], schema: Any) -> Callable[[Any], Any]:
    """``dump(value)`` by alias, refusing a value that does not fit ``schema``.

    warnings="error" refuses a value that is not the schema, where pydantic
    would write what it guesses with a warning; it also doubles the cost of
    a dump, so a value of the schema's own class, which fits by
    construction, is dumped as pydantic dumps it.
    """

    def dump_checked(value: Any) -> Any:
        if type(value) is schema:
            return dump(value, by_alias=True)
        return dump(value, by_alias=True, warnings="error")

    return dump_checked


def _json_backend(schema: Any, adapter: TypeAdapter[Any]) -> Backend:
    """Read with ``validate_json``, write with ``dump_json``."""
    # The serializer's own method: TypeAdapter.dump_json only adds a Python
    # call that forwards its defaults.
    dump = _dumper(adapter.serializer.to_json, schema)

    def dump_json(value: Any) -> bytes:
        data: bytes = dump(value)
        # pydantic writes a dict key holding a lone surrogate as U+FFFD
        # rather than fail: where one may have been, the Python-mode dump,
        # which keeps the keys as they are, says.
        if _REPLACEMENT in data and _holds_unencodable_text(
            adapter.dump_python(value, by_alias=True)
        ):
            raise unencodable("str value")
        return data

    # The validator's own method: TypeAdapter.validate_json only adds a
    # Python call that forwards its defaults. It checks that bytes are
    # UTF-8 throughout, fields the schema skips included.
    validate_json = adapter.validator.validate_json
    encode = _encoder(dump_json, schema)
    return Backend(validate_json, validate_json, encode, failure_handler("JSON"), encode, reraise)


def _msgpack_backend(schema: Any, adapter: TypeAdapter[Any]) -> Backend:
    """Read with msgspec then ``validate_python``; write with ``dump_python`` then msgspec."""
    validate_python = adapter.validator.validate_python
    read = msgspec.msgpack.Decoder().decode
    write = msgspec.msgpack.Encoder(enc_hook=_jsonable).encode
    dump = _dumper(adapter.serializer.to_python, schema)

    def decode(data: bytes) -> Any:
        return validate_python(read(data))

    def dump_msgpack(value: Any) -> bytes:
        return write(dump(value))

    encode = _encoder(dump_msgpack, schema)
    return Backend(decode, decode, encode, failure_handler("msgpack"), encode, reraise)


def pydantic_backend(schema: Any, fmt: Format) -> Backend:
    """The backend that reads and writes ``schema`` as ``fmt`` with pydantic."""
    adapter = _adapter(schema)
    if fmt == "JSON":
        return _json_backend(schema, adapter)
    return _msgpack_backend(schema, adapter)
