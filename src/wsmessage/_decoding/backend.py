"""What a backend gives the codecs: plain functions, built once for a schema.

A backend (msgspec's or pydantic's) is chosen for a schema by
:mod:`.choice` and built once; the codecs, ``json(schema)`` and the
handlers call its functions on every message, and call ``fail`` when one
of them raised.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, NamedTuple, NoReturn

__all__ = ["Backend", "reraise", "schema_name", "unsupported"]


class Backend(NamedTuple):
    """The functions that read and write one schema in one format."""

    #: Payload (str or bytes) -> value; raises the backend's own errors.
    decode: Callable[[Any], Any]
    #: The same for a payload known to be bytes, checking what ``decode``
    #: would let through in bytes alone (UTF-8 where the schema does not look).
    decode_bytes: Callable[[bytes], Any]
    #: Value -> bytes; a PayloadError for text that is not UTF-8, a
    #: TypeError for a value the backend cannot encode.
    encode: Callable[[Any], bytes]
    #: ``fail(exc, data)``, called in the ``except`` block around ``decode``:
    #: raises the peer's error for ``exc``, or ``exc`` itself.
    fail: Callable[[Exception, object], NoReturn]
    #: ``encode`` in two parts, for the hottest path (``JsonCodec.encode``):
    #: the encoder itself, a C call where there is one, which may raise the
    #: backend's own errors; and ``encode_fail(exc, value)``, called in the
    #: ``except`` block around it, which raises what ``encode`` would.
    encode_raw: Callable[[Any], bytes]
    encode_fail: Callable[[Exception, object], NoReturn]


def reraise(exc: Exception, value: object) -> NoReturn:
    """The ``encode_fail`` of an ``encode_raw`` that raises the documented errors itself."""
    raise exc


def schema_name(schema: object) -> str:
    """How an error message names ``schema``: ``Chat``, ``list[app.Chat]``."""
    if isinstance(schema, type) and not typing.get_args(schema):
        return schema.__qualname__
    return repr(schema)


def unsupported(schema: object, exc: BaseException) -> TypeError:
    """The TypeError for a schema a backend refused, naming the schema."""
    detail = str(exc).strip().split("\n", 1)[0]
    return TypeError(f"unsupported schema {schema_name(schema)}: {detail}")
