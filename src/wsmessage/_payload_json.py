"""Reading a payload as JSON: the ``json`` method of TextMessage and BinaryMessage.

Without a schema it is aiohttp's ``msg.json()``, with parse failures as
:class:`~wsmessage.DecodeError`. With one, the payload is decoded by the
schema's JSON backend, built on the first call and kept in a bounded cache:
one cache for payloads in a str, one for payloads in bytes, whose decoders
also check UTF-8 where the schema does not look.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from ._backend_errors import raise_peer_error
from ._backends import json_backend
from ._cache import cached
from .errors import DecodeError

__all__ = ["BYTES_DECODERS", "STR_DECODERS", "decode_json", "payload_json"]

#: The decoders ``json(schema)`` keeps, by schema, for payloads in a str.
STR_DECODERS: dict[Any, Callable[[Any], Any]] = {}
#: The same, for payloads in bytes.
BYTES_DECODERS: dict[Any, Callable[[Any], Any]] = {}


class _Payload(Protocol):
    @property
    def data(self) -> str | bytes: ...


def decode_json(data: Any, loads: Callable[[Any], Any]) -> Any:
    """``loads(data)``, with any failure to parse turned into a DecodeError."""
    try:
        if loads is json.loads and type(data) is bytes:
            # json.loads guesses UTF-16 or UTF-32 from bytes and lets encoded
            # surrogates through; JSON on the wire is UTF-8 (RFC 8259). A
            # leading BOM is still skipped, as json.loads skips it.
            data = data.decode("utf-8-sig")
        return loads(data)
    except json.JSONDecodeError as exc:
        # json's messages are fixed phrases and offsets: safe to pass on.
        raise DecodeError(f"invalid JSON: {exc.msg} at char {exc.pos}", exc.doc, exc.pos) from exc
    except UnicodeDecodeError as exc:
        raise DecodeError("invalid JSON: not valid UTF-8", pos=exc.start) from exc
    except RecursionError as exc:
        raise DecodeError("invalid JSON: nested too deeply") from exc
    except ValueError as exc:
        # Other parsers' messages may quote the payload: keep them out of the reason.
        raise DecodeError("invalid JSON") from exc


def _str_decoder(schema: Any) -> Callable[[str], Any]:
    return json_backend(schema).decode


def _bytes_decoder(schema: Any) -> Callable[[bytes], Any]:
    return json_backend(schema).decode_bytes


def _first_decoder(schema: Any, data: str | bytes) -> Callable[[Any], Any]:
    """The decoder for ``schema`` and a payload like ``data``, built and kept."""
    if type(data) is bytes:
        return cached(BYTES_DECODERS, schema, _bytes_decoder)
    return cached(STR_DECODERS, schema, _str_decoder)


def payload_json(
    self: _Payload,
    schema: Any = None,
    /,
    *,
    loads: Callable[[Any], Any] = json.loads,
) -> Any:
    """Parse ``data`` as JSON: with ``loads`` as aiohttp does, or into ``schema``.

    Without a schema, ``loads`` parses the payload, and JSON that is
    malformed, nested deeper than ``loads`` can follow or (for bytes) not
    UTF-8 raises :class:`~wsmessage.DecodeError`.

    With a schema, the payload is decoded straight into it, as a
    :class:`~wsmessage.JsonCodec` for the schema would decode it; the
    decoder is built on the first call and kept for the next (up to 256
    schemas). A payload that does not fit the schema raises
    :class:`~wsmessage.ValidationError`. A schema and ``loads`` together are
    a ``TypeError``.

    >>> from wsmessage import TextMessage
    >>> TextMessage('{"n": 1}').json()
    {'n': 1}
    >>> TextMessage("[1, 2]").json(list[int])
    [1, 2]
    """
    data = self.data
    if schema is None:
        return decode_json(data, loads)
    if loads is not json.loads:
        raise TypeError("json() takes a schema or loads, not both")
    try:
        decode = (BYTES_DECODERS if type(data) is bytes else STR_DECODERS)[schema]
    except (KeyError, TypeError):  # not kept yet, or unhashable
        decode = _first_decoder(schema, data)
    try:
        return decode(data)
    except Exception as exc:
        raise_peer_error(exc, "JSON")
