"""Secrets stay in: no reason, and no ValidationError message, repeats more than 24 characters.

A peer's payload carries a long, unique secret in every place a parser
might quote it back: keys, values, enum values, tags, type names, garbage.
Every entry point reads every payload of its kind; whatever it refuses,
no 25-character window of the secret is in the reason or in any of
``ValidationError.errors``' messages, and no reason holds a traceback, a
path or an object's repr.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import aiohttp
from hypothesis import given, strategies as st

from wsmessage import (
    BinaryMessage,
    MessageError,
    TextMessage,
    ValidationError,
    WSMsgType,
)

from ..strategies import SCHEMAS, check_error, msgpack_dumps
from .entry_points import (
    ENDPOINTS,
    ENTRY_POINTS,
    JSON_CODECS,
    MESSAGE_CLASSES,
    MSGPACK_CODECS,
    REDIS_HUBS,
)

# Long enough to be told from any phrase of ours; any character but "/",
# so that a path found in a reason can only be ours, and ".", which after
# an excerpt's 24 characters would read as the first dot of its "...".
secrets = st.text(st.characters(exclude_characters="/."), min_size=30, max_size=90)

WINDOW = 25

# Where a JSON document can carry the secret: S is the secret as a JSON
# string, R the secret itself, unquoted (garbage).
JSON_TEMPLATES = [
    "S",
    "[S]",
    "{S: 1}",
    '{"a": {S: {S: [S]}}}',
    '{"type": S, "data": "x"}',
    '{"type": "text", "data": "x", S: 1}',
    '{"type": "close", "data": S, "extra": S}',
    '{"type": "binary", "data": S}',
    '{"type": "Chat", "user": {"id": S, "name": 1}, "text": S, "score": S, "tags": [1, S]}',
    '{"type": "Join", "room": 1, S: S}',
    '{"kind": S, "room": "r"}',
    '[{"kind": "join", "room": "r"}, {"kind": S}]',
    '{"kind": "chat", "user": {"id": S, "name": S}, "text": 1, "score": S, "tags": S}',
    '{"color": S}',
    '{"color": "red", "shade": S}',
    '{"color": "red", S: 1}',
    '{"k": S}',
    "R",
    '{"a": R}',
    '{"a": "R',
    '{"type": "R\\x"}',
    "[1, 2, R]",
    "S R",
]


def json_documents(secret: str) -> list[bytes]:
    quoted = json.dumps(secret, ensure_ascii=False)
    return [
        template.replace("S", quoted).replace("R", secret).encode("utf-8", "surrogatepass")
        for template in JSON_TEMPLATES
    ]


def python_values(secret: str) -> list[Any]:
    """The secret where a dict, an event or a message's fields may carry it."""
    raw = secret.encode("utf-8", "surrogatepass")
    return [
        secret,
        raw,
        secret * 5,
        {secret: 1},
        {"type": secret, "data": "x"},
        {"type": "text", "data": "x", secret: 1},
        {"type": "text", "data": raw},
        {"type": "binary", "data": secret},
        {"type": "close", "data": secret, "extra": secret * 5},
        {"type": "error", "data": secret, "extra": secret},
        {"type": secret, "text": secret, "bytes": secret, "code": secret, "reason": secret},
        {"type": "websocket.close", "code": 1000, "reason": secret * 5},
        {"type": "websocket.receive", "text": raw},
    ]


def inputs_for(name: str, secret: str) -> Iterator[Any]:
    """What the entry point called ``name`` is fed, each carrying ``secret``."""
    documents = json_documents(secret)
    values = python_values(secret)
    kinds: list[Any] = [secret, *WSMsgType]
    if name.endswith("(data, extra)"):
        yield from ((value, other) for value in values for other in (None, secret))
    elif name == "make_message":
        yield from (
            (kind, value, extra) for kind in kinds for value in values for extra in [None, secret]
        )
    elif name in ("from_dict", "from_asgi"):
        yield from values
    elif name == "from_aiohttp":
        yield from (aiohttp.WSMessage(kind, value, secret) for kind in kinds for value in values)
    elif name == "CloseMessage.from_payload":
        raw = secret.encode("utf-8", "surrogatepass")
        yield from [raw, b"\x03\xe8" + raw * 5, b"\x03\xe8" + raw + b"\xff", b"\x03\xe8" + raw]
    elif name == "from_json":
        yield from documents
        yield from (document.decode("utf-8", "surrogateescape") for document in documents)
    elif name == "from_msgpack":
        yield from map(msgpack_dumps, values)
        yield from documents
    elif name == "TextMessage.json()":
        yield from (document.decode("utf-8", "surrogateescape") for document in documents)
    elif name == "BinaryMessage.json()":
        yield from documents
    elif name == "TextMessage.json(schema)":
        texts = [TextMessage(document.decode("utf-8", "replace")) for document in documents]
        yield from ((schema, text) for schema in SCHEMAS for text in texts)
    elif name == "BinaryMessage.json(schema)":
        yield from (
            (schema, BinaryMessage(document)) for schema in SCHEMAS for document in documents
        )
    elif name == "JsonCodec.decode":
        messages = [BinaryMessage(document) for document in documents]
        yield from ((codec, message) for codec in JSON_CODECS for message in messages)
    elif name == "MsgpackCodec.decode":
        packed = [
            BinaryMessage(msgpack_dumps(json.loads(doc))) for doc in documents if _is_json(doc)
        ]
        yield from ((codec, message) for codec in MSGPACK_CODECS for message in packed)
    elif name == "RedisHub.decode":
        payloads = [msgpack_dumps(json.loads(doc)) for doc in documents if _is_json(doc)]
        yield from ((hub, data) for hub in REDIS_HUBS for data in [*documents, *payloads])
    elif name == "Endpoint.decode":
        texts = [TextMessage(document.decode("utf-8", "replace")) for document in documents]
        packed = [
            BinaryMessage(msgpack_dumps(json.loads(doc))) for doc in documents if _is_json(doc)
        ]
        yield from (
            (endpoint, message)
            for endpoint in ENDPOINTS
            for message in (texts if endpoint.format == "json" else packed)
        )
    else:
        raise AssertionError(f"no secret-carrying input for {name}")


def _is_json(document: bytes) -> bool:
    try:
        json.loads(document)
    except ValueError:
        return False
    return True


def windows(secret: str) -> set[str]:
    """Every 25-character slice of ``secret``, as it is and as repr() escapes it."""
    found: set[str] = set()
    for text in (secret, repr(secret)[1:-1]):
        found.update(text[i : i + WINDOW] for i in range(len(text) - WINDOW + 1))
    return found


def leaks(error: MessageError, secret_windows: set[str]) -> list[str]:
    texts = [error.reason]
    if isinstance(error, ValidationError):
        texts += [detail["msg"] for detail in error.errors]
    return [text for text in texts if any(window in text for window in secret_windows)]


CALLS: dict[str, Callable[[Any], object]] = {entry.name: entry.call for entry in ENTRY_POINTS}


@given(secrets)
def test_no_reason_repeats_the_peers_secret(secret: str) -> None:
    secret_windows = windows(secret)
    for name, call in CALLS.items():
        for value in inputs_for(name, secret):
            try:
                call(value)
            except MessageError as err:
                check_error(err)
                assert not leaks(err, secret_windows), (name, value, err.reason)
                # No input here holds a "/": any path would be ours.
                assert "/home" not in err.reason
                assert "/tmp" not in err.reason


def test_every_entry_point_is_fed_secrets() -> None:
    assert len(CALLS) == len(ENTRY_POINTS) > len(MESSAGE_CLASSES)
    for name in CALLS:
        assert list(inputs_for(name, "s" * 30)), name
