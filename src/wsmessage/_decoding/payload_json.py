"""Reading a payload as JSON: the ``json`` method of TextMessage and BinaryMessage.

Without a schema it is aiohttp's ``msg.json()``, with parse failures as
:class:`~wsmessage.DecodeError`. With one, the payload is decoded by the
schema's JSON backend, built on the first call and kept in a bounded cache.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal, Protocol

from .backend import Backend
from .cache import cached
from .choice import json_backend
from .failures import plain_json_error

__all__ = ["BACKENDS", "BYTES_DECODERS", "TEXT_DECODERS", "bytes_json", "text_json"]

#: The backends ``json(schema)`` keeps, by schema.
BACKENDS: dict[Any, Backend] = {}
#: Each backend's decoder for a TextMessage's str and a BinaryMessage's bytes,
#: kept beside it so that a call reads one dict and calls the decoder, no
#: field of the backend between.
TEXT_DECODERS: dict[Any, Callable[[Any], Any]] = {}
BYTES_DECODERS: dict[Any, Callable[[Any], Any]] = {}

# Read on every call: a module constant costs less than json's attribute.
_JSON_LOADS = json.loads


class _Payload(Protocol):
    @property
    def data(self) -> str | bytes: ...


def _decode_plain(data: Any, loads: Callable[[Any], Any]) -> Any:
    """``loads(data)``, with any failure to parse turned into a DecodeError."""
    try:
        if loads is _JSON_LOADS and type(data) is bytes:
            # json.loads guesses UTF-16 or UTF-32 from bytes and lets encoded
            # surrogates through; JSON on the wire is UTF-8 (RFC 8259). A
            # leading BOM is still skipped, as json.loads skips it.
            data = data.decode("utf-8-sig")
        return loads(data)
    except json.JSONDecodeError as exc:
        # The document and offset json.JSONDecodeError promises its catchers.
        error = plain_json_error(exc, data)
        error.doc, error.pos = exc.doc, exc.pos
        error.lineno, error.colno = exc.lineno, exc.colno
        raise error from exc
    except (ValueError, RecursionError) as exc:
        raise plain_json_error(exc, data) from exc


def _backend(schema: Any) -> Backend:
    return cached(BACKENDS, schema, json_backend)


def _json_method(
    owner: str,
    decoders: dict[Any, Callable[[Any], Any]],
    field: Literal["decode", "decode_bytes"],
) -> Callable[..., Any]:
    """The ``json`` method of a message whose data is always the type ``field`` reads.

    TextMessage's data is exactly a str and BinaryMessage's exactly bytes
    (their constructors see to it), so each method calls its own decoder,
    kept in ``decoders``, without testing the payload's type.
    """

    def build(schema: Any) -> Callable[[Any], Any]:
        return getattr(_backend(schema), field)  # type: ignore[no-any-return]

    # ``loads`` is keyword-only in the stubs and the reference, not here:
    # CPython 3.11+ specializes calls only to functions without keyword-only
    # parameters, and the unspecialized call costs about 40 ns, a sixth of
    # decoding a 150 B message.
    def json(
        self: _Payload, schema: Any = None, /, loads: Callable[[Any], Any] = _JSON_LOADS
    ) -> Any:
        """Parse ``data`` as JSON: with ``loads`` as aiohttp does, or into ``schema``.

        Without a schema, ``loads`` parses the payload, and JSON that is
        malformed, nested deeper than ``loads`` can follow or (for bytes) not
        UTF-8 raises :class:`~wsmessage.DecodeError`.

        With a schema, the payload is decoded straight into it, as a
        :class:`~wsmessage.JsonCodec` for the schema would decode it; the
        decoder is built on the first call and kept for the next (up to 256
        schemas). A payload that does not fit the schema raises
        :class:`~wsmessage.ValidationError`. A schema and ``loads`` together
        are a ``TypeError``.

        >>> from wsmessage import TextMessage
        >>> TextMessage('{"n": 1}').json()
        {'n': 1}
        >>> TextMessage("[1, 2]").json(list[int])
        [1, 2]
        """
        data = self.data
        if schema is None:
            return _decode_plain(data, loads)
        if loads is not _JSON_LOADS:
            raise TypeError("json() takes a schema or loads, not both")
        try:
            decode = decoders[schema]
        except (KeyError, TypeError):  # not kept yet, or unhashable
            decode = cached(decoders, schema, build)
        try:
            return decode(data)
        except Exception as exc:
            _backend(schema).fail(exc, data)

    json.__qualname__ = f"{owner}.json"
    return json


#: ``TextMessage.json`` and ``BinaryMessage.json``.
text_json = _json_method("TextMessage", TEXT_DECODERS, "decode")
bytes_json = _json_method("BinaryMessage", BYTES_DECODERS, "decode_bytes")
