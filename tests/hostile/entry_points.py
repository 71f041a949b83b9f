"""The entry points that take outside data, each with the hostile input it is fed.

The hostile-input and secrets tests run every entry in :data:`ENTRY_POINTS`;
a new reader of outside data is added here, and both hold it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast, get_args

import aiohttp
import redis.asyncio
from hypothesis import strategies as st

from wsmessage import (
    BinaryMessage,
    CloseMessage,
    Endpoint,
    JsonCodec,
    MessageError,
    MsgpackCodec,
    TextMessage,
    WSMessage,
    WSMsgType,
    from_dict,
    from_json,
    from_msgpack,
    make_message,
)
from wsmessage.aiohttp import from_aiohttp
from wsmessage.asgi import from_asgi
from wsmessage.redis import RedisHub

from ..strategies import (
    CLOSE_CODES,
    SCHEMAS,
    as_text,
    bytes_likes,
    envelopes,
    json_documents,
    junk,
    messages,
    msgpack_documents,
    mutated,
    reasons,
    schemas,
    texts,
)


@dataclass(frozen=True)
class EntryPoint:
    """One way outside data gets in: what it is fed, and how it is called."""

    name: str
    inputs: st.SearchStrategy[Any]
    call: Callable[[Any], object]
    returns: type | tuple[type, ...] = object
    #: Run on the input first, unwatched: what is built once, whatever the input.
    prepare: Callable[[Any], object] = lambda value: None

    def __repr__(self) -> str:
        return f"EntryPoint({self.name!r})"


MESSAGE_CLASSES: tuple[type[WSMessage], ...] = get_args(WSMessage)


def construct(cls: type[WSMessage]) -> EntryPoint:
    return EntryPoint(
        f"{cls.__name__}(data, extra)",
        st.tuples(junk, st.none() | junk),
        lambda args: cls(*args),
        cls,
    )


# --- what each entry point is fed ---------------------------------------------------------

message_kinds = st.one_of(
    st.integers(-5, 0x110),
    st.sampled_from(list(WSMsgType)),
    st.sampled_from(list(aiohttp.WSMsgType)),
    junk,
)
text_documents = json_documents.map(as_text)
documents_or_junk = bytes_likes(json_documents) | text_documents | junk

asgi_types = st.sampled_from(
    ["websocket.receive", "websocket.send", "websocket.close", "websocket.disconnect"]
) | st.sampled_from(["websocket.connect", "websocket.accept", "http.request"])
asgi_events = st.fixed_dictionaries(
    {"type": asgi_types},
    optional={"text": junk | texts, "bytes": junk, "code": junk, "reason": junk | texts},
) | st.dictionaries(
    st.sampled_from(["type", "text", "bytes", "code", "reason"]) | texts,
    junk | asgi_types,
    max_size=5,
)

aiohttp_messages = st.builds(
    aiohttp.WSMessage,
    message_kinds,
    junk | bytes_likes(json_documents) | st.sampled_from(CLOSE_CODES),
    st.sampled_from(["", None]) | junk,
)

close_payloads = st.builds(CloseMessage, st.sampled_from(CLOSE_CODES), reasons).map(
    lambda message: message.to_payload() if message.data not in (1005, 1006, 1015) else b""
)
close_frames = bytes_likes(st.binary(max_size=130) | mutated(close_payloads)) | junk

# Codecs for every schema, with and without a size limit, made once.
JSON_CODECS = [JsonCodec(schema, max_size=limit) for schema in SCHEMAS for limit in (None, 64)]
MSGPACK_CODECS = [
    MsgpackCodec(schema, max_size=limit) for schema in SCHEMAS for limit in (None, 64)
]

# Endpoints for every schema, in both formats, with and without a size limit.
ENDPOINTS = [
    Endpoint("/ws/{room}", receives=schema, sends=schema, format=fmt, max_size=limit)
    for schema in SCHEMAS
    for fmt in ("json", "msgpack")
    for limit in (None, 64)
]

# Hubs for every schema and format; the client never connects, decode reads no socket.
REDIS_HUBS = [
    RedisHub(redis.asyncio.Redis(port=1), schema, format=fmt, max_size=limit)
    for schema in SCHEMAS
    for fmt in ("msgpack", "json")
    for limit in (None, 64)
]
# What Redis hands a reader: bytes, or anything at all.
redis_payloads = bytes_likes(msgpack_documents) | bytes_likes(json_documents) | junk

json_messages = st.one_of(
    text_documents.map(TextMessage), json_documents.map(BinaryMessage), messages
)
msgpack_messages = msgpack_documents.map(BinaryMessage) | messages


def decode_with(args: tuple[Any, WSMessage]) -> object:
    codec, message = args
    return codec.decode(message)


def json_with_schema(args: tuple[Any, TextMessage | BinaryMessage]) -> object:
    schema, message = args
    return message.json(schema)


def build_schema_decoder(args: tuple[Any, TextMessage | BinaryMessage]) -> None:
    """Have json(schema) build and keep its decoder, as it does on first use."""
    schema, message = args
    empty = TextMessage("null") if isinstance(message, TextMessage) else BinaryMessage(b"null")
    with contextlib.suppress(MessageError):
        empty.json(schema)


def make_from_fields(args: tuple[Any, Any, Any]) -> WSMessage:
    kind, data, extra = args
    # Any type at all, though the stubs say an int: the input is hostile.
    return make_message(cast(int, kind), data, extra)


ENTRY_POINTS = [
    *map(construct, MESSAGE_CLASSES),
    EntryPoint(
        "make_message",
        st.tuples(message_kinds, junk, st.none() | junk),
        make_from_fields,
        MESSAGE_CLASSES,
    ),
    EntryPoint("from_dict", envelopes | junk, from_dict, MESSAGE_CLASSES),
    EntryPoint("from_json", documents_or_junk, from_json, MESSAGE_CLASSES),
    EntryPoint(
        "from_msgpack", bytes_likes(msgpack_documents) | junk, from_msgpack, MESSAGE_CLASSES
    ),
    EntryPoint("from_asgi", asgi_events | junk, from_asgi, MESSAGE_CLASSES),
    EntryPoint("from_aiohttp", aiohttp_messages | junk, from_aiohttp, MESSAGE_CLASSES),
    EntryPoint("CloseMessage.from_payload", close_frames, CloseMessage.from_payload, CloseMessage),
    EntryPoint("TextMessage.json()", text_documents, lambda doc: TextMessage(doc).json()),
    EntryPoint("BinaryMessage.json()", json_documents, lambda doc: BinaryMessage(doc).json()),
    EntryPoint(
        "TextMessage.json(schema)",
        st.tuples(schemas, text_documents.map(TextMessage)),
        json_with_schema,
        prepare=build_schema_decoder,
    ),
    EntryPoint(
        "BinaryMessage.json(schema)",
        st.tuples(schemas, json_documents.map(BinaryMessage)),
        json_with_schema,
        prepare=build_schema_decoder,
    ),
    EntryPoint(
        "JsonCodec.decode", st.tuples(st.sampled_from(JSON_CODECS), json_messages), decode_with
    ),
    EntryPoint(
        "MsgpackCodec.decode",
        st.tuples(st.sampled_from(MSGPACK_CODECS), msgpack_messages),
        decode_with,
    ),
    EntryPoint(
        "Endpoint.decode",
        st.tuples(st.sampled_from(ENDPOINTS), json_messages | msgpack_messages),
        decode_with,
    ),
    EntryPoint(
        "RedisHub.decode",
        st.tuples(st.sampled_from(REDIS_HUBS), redis_payloads),
        lambda args: args[0].decode(args[1]),
    ),
]
