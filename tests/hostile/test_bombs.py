"""Bombs: input built to exhaust the stack, memory or time; each is a clean MessageError.

JSON and msgpack nested 200,000 levels deep, dicts and lists as deep,
a 32 MB payload against a 1 MB limit, and numbers of 100,000 digits go
through every entry point that reads them, with both backends. None may
give a RecursionError, MemoryError or OverflowError, crash or hang.

The bombs go off in one child process (``python -m tests.hostile.test_bombs``),
so that a crash, such as a C stack overflow, fails these tests rather than
the whole run, and a hang is cut off by a generous time limit, which no
test compares anything with. Each test then reads its bomb's outcome.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
import pytest
from pydantic import BaseModel

from wsmessage import (
    BinaryMessage,
    CloseMessage,
    Codec,
    DecodeError,
    JsonCodec,
    MessageError,
    MsgpackCodec,
    PayloadError,
    TextMessage,
    WSCloseCode,
    from_dict,
    from_json,
    from_msgpack,
    make_message,
)
from wsmessage._decoding.backend import Backend, reraise
from wsmessage._decoding.failures import failure_handler
from wsmessage.aiohttp import from_aiohttp
from wsmessage.asgi import from_asgi

ROOT = Path(__file__).resolve().parents[2]
#: Long enough for a loaded machine to run every bomb many times over.
TIME_LIMIT = 600
#: The child's address space: enough for Python, pydantic and 32 MB payloads.
MEMORY_LIMIT = 4 * 1024**3

DEPTH = 200_000
DIGITS = 100_000
BIG = 32 * 1024 * 1024
LIMIT = 1024 * 1024


# --- schemas ---------------------------------------------------------------------------------


class Node(msgspec.Struct):
    children: list[Node]


class PNode(BaseModel):
    children: list[PNode]


class PAny(BaseModel):
    value: Any


class Number(msgspec.Struct):
    value: int


class Real(msgspec.Struct):
    value: float


class Anything(msgspec.Struct):
    value: Any


class PNumber(BaseModel):
    value: int


class PReal(BaseModel):
    value: float


# --- the bombs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bomb:
    """A payload, made when the bomb goes off; what reads it; what must come of it."""

    read: Callable[[Any], object]
    payload: Callable[[], Any]
    #: The error it must raise, with its close code; None: a value or any MessageError.
    error: type[MessageError] | None
    close_code: WSCloseCode | None = None

    def go_off(self) -> object:
        return self.read(self.payload())


NOT_PARSED = DecodeError, WSCloseCode.INVALID_TEXT
REFUSED = PayloadError, WSCloseCode.PROTOCOL_ERROR
TOO_BIG = PayloadError, WSCloseCode.MESSAGE_TOO_BIG


def name_of(schema: Any) -> str:
    return getattr(schema, "__name__", repr(schema))


# --- readers ---------------------------------------------------------------------------------


def json_of_text(doc: str) -> object:
    return TextMessage(doc).json()


def json_of_binary(doc: str) -> object:
    return BinaryMessage(doc.encode()).json()


def json_into(schema: Any, doc: str) -> object:
    return TextMessage(doc).json(schema)


def decode_text(schema: Any, doc: str) -> object:
    return JsonCodec[Any](schema).decode(TextMessage(doc))


def decode_binary(schema: Any, doc: str) -> object:
    return JsonCodec[Any](schema).decode(BinaryMessage(doc.encode()))


def decode_msgpack(schema: Any, data: bytes) -> object:
    return MsgpackCodec[Any](schema).decode(BinaryMessage(data))


def decode_limited(codec_class: Any, schema: Any, message: Any) -> object:
    return codec_class(schema, max_size=LIMIT).decode(message)


def from_json_as_text_data(doc: str) -> object:
    return from_json(f'{{"type": "text", "data": {doc}}}')


def from_msgpack_as_text_data(data: bytes) -> object:
    return from_msgpack(b"\x82\xa4type\xa4text\xa4data" + data)


def from_json_as_close_code(number: str) -> object:
    return from_json(f'{{"type": "close", "data": {number}}}')


# --- nested 200,000 deep ---------------------------------------------------------------------


def deep_json(kind: str, as_field: bool = False) -> str:
    """JSON nested DEPTH deep; as the field of an object if ``as_field``."""
    if kind == "array":
        doc = "[" * DEPTH + "]" * DEPTH
    elif kind == "object":
        doc = '{"a":' * DEPTH + "1" + "}" * DEPTH
    elif kind == "node":
        doc = '{"children":[' * DEPTH + "]}" * DEPTH
    else:
        doc = "[" * DEPTH  # never closed
    return f'{{"value": {doc}}}' if as_field else doc


def deep_msgpack(kind: str, as_field: bool = False) -> bytes:
    opener = b"\x91" if kind == "array" else b"\x81\xa1a"  # [...] or {"a": ...}
    return (b"\x81\xa5value" if as_field else b"") + opener * DEPTH + b"\x01"


def deep_python(kind: str) -> Any:
    value: Any = "x"
    for _ in range(DEPTH):
        value = [value] if kind == "list" else {"a": value}
    return value


# Schemas that read as deep as the document goes, for each shape.
DEEP_SCHEMAS: dict[str, list[Any]] = {
    "array": [Any, list[Any], PAny],
    "object": [Any, dict[str, Any], PAny],
    "node": [Node, PNode],
    "unclosed": [Any, list[Any], PNode],
}


def _deep_json_bombs() -> dict[str, Bomb]:
    bombs: dict[str, Bomb] = {}
    for kind, schemas in DEEP_SCHEMAS.items():
        doc = partial(deep_json, kind)
        bombs[f"json(), text, {kind}"] = Bomb(json_of_text, doc, *NOT_PARSED)
        bombs[f"json(), binary, {kind}"] = Bomb(json_of_binary, doc, *NOT_PARSED)
        bombs[f"from_json, {kind}"] = Bomb(from_json, doc, *NOT_PARSED)
        bombs[f"from_json, text data, {kind}"] = Bomb(from_json_as_text_data, doc, *NOT_PARSED)
        for schema in schemas:
            # A model reads the document as its field.
            field_doc = partial(deep_json, kind, schema is PAny)
            for read, how in [(json_into, "json"), (decode_text, "JsonCodec, text")]:
                bombs[f"{how}, {name_of(schema)}, {kind}"] = Bomb(
                    partial(read, schema), field_doc, *NOT_PARSED
                )
            bombs[f"JsonCodec, binary, {name_of(schema)}, {kind}"] = Bomb(
                partial(decode_binary, schema), field_doc, *NOT_PARSED
            )
    return bombs


def _deep_msgpack_bombs() -> dict[str, Bomb]:
    bombs: dict[str, Bomb] = {}
    for kind in ("array", "map"):
        data = partial(deep_msgpack, kind)
        bombs[f"from_msgpack, {kind}"] = Bomb(from_msgpack, data, *NOT_PARSED)
        bombs[f"from_msgpack, text data, {kind}"] = Bomb(
            from_msgpack_as_text_data, data, *NOT_PARSED
        )
        for schema in (Any, list[Any] if kind == "array" else PAny):
            bombs[f"MsgpackCodec, {name_of(schema)}, {kind}"] = Bomb(
                partial(decode_msgpack, schema),
                partial(deep_msgpack, kind, schema is PAny),
                *NOT_PARSED,
            )
    return bombs


# Dicts and lists as deep, wherever the readers of Python values take them.
DEEP_VALUE_READERS: dict[str, Callable[[Any], object]] = {
    "from_dict, itself": from_dict,
    "from_dict, as type": lambda deep: from_dict({"type": deep, "data": 1}),
    "from_dict, as data": lambda deep: from_dict({"type": "text", "data": deep}),
    "from_dict, as extra": lambda deep: from_dict({"type": "close", "data": 1000, "extra": deep}),
    "from_asgi, itself": from_asgi,
    "from_asgi, as type": lambda deep: from_asgi({"type": deep}),
    "from_asgi, as text": lambda deep: from_asgi({"type": "websocket.receive", "text": deep}),
    "from_asgi, as code and reason": lambda deep: from_asgi(
        {"type": "websocket.close", "code": deep, "reason": deep}
    ),
    "from_aiohttp, as data": lambda deep: from_aiohttp(
        aiohttp.WSMessage(aiohttp.WSMsgType.TEXT, deep, "")
    ),
    "make_message, everywhere": lambda deep: make_message(deep, deep, deep),
    "TextMessage, as data": TextMessage,
}


def _deep_python_bombs() -> dict[str, Bomb]:
    return {
        f"{name}, {kind}": Bomb(read, partial(deep_python, kind), *REFUSED)
        for kind in ("dict", "list")
        for name, read in DEEP_VALUE_READERS.items()
    }


# --- 32 MB against 1 MB ----------------------------------------------------------------------


# Malformed as well as too big, and not UTF-8 either: any decoding that
# started would say so before the size did.
def too_big_binary() -> BinaryMessage:
    return BinaryMessage(b"\xff\xc1" + b"[" * BIG)


def too_big_text() -> TextMessage:
    return TextMessage("\ud800" + "[" * BIG)


def too_big_in_two_byte_characters() -> TextMessage:
    return TextMessage("\u00e9" * (BIG // 2))


def _too_big_bombs() -> dict[str, Bomb]:
    bombs: dict[str, Bomb] = {}
    for codec_class in (JsonCodec, MsgpackCodec):
        for schema, backend in [(Node, "msgspec"), (PNode, "pydantic")]:
            read = partial(decode_limited, codec_class, schema)
            name = f"{codec_class.__name__}, {backend}"
            bombs[f"32 MB, binary, {name}"] = Bomb(read, too_big_binary, *TOO_BIG)
            if codec_class is JsonCodec:
                bombs[f"32 MB, text, {name}"] = Bomb(read, too_big_text, *TOO_BIG)
                bombs[f"32 MB of 2-byte characters, {name}"] = Bomb(
                    read, too_big_in_two_byte_characters, *TOO_BIG
                )
    return bombs


# --- numbers of 100,000 digits ---------------------------------------------------------------

NUMBERS = {
    "integer": "9" * DIGITS,
    "negative integer": "-" + "9" * DIGITS,
    "fraction": "0." + "9" * DIGITS,
    "exponent": "1e" + "9" * DIGITS,
    "huge with a fraction": "9" * DIGITS + ".5",
    "tiny": "1e-" + "9" * DIGITS,
}
# int, float and Any, as the whole payload and as a field, with each backend.
NUMBER_SCHEMAS: list[Any] = [int, float, Any, Number, Real, Anything, PNumber, PReal, PAny]


def as_payload(number: str, as_field: bool) -> str:
    return f'{{"value": {number}}}' if as_field else number


def _number_bombs() -> dict[str, Bomb]:
    # A number that fits (0.999... as a float) may be read: only how the
    # others fail is at stake.
    bombs: dict[str, Bomb] = {}
    for kind, number in NUMBERS.items():
        bare = partial(as_payload, number, False)
        bombs[f"json(), {kind}"] = Bomb(json_of_text, bare, None)
        bombs[f"from_json, close code, {kind}"] = Bomb(from_json_as_close_code, bare, None)
        for schema in NUMBER_SCHEMAS:
            payload = partial(as_payload, number, schema not in (int, float, Any))
            bombs[f"json, {name_of(schema)}, {kind}"] = Bomb(
                partial(json_into, schema), payload, None
            )
            bombs[f"JsonCodec, binary, {name_of(schema)}, {kind}"] = Bomb(
                partial(decode_binary, schema), payload, None
            )
    huge = partial(pow, 10, DIGITS)
    bombs["CloseMessage, int of 100,000 digits"] = Bomb(CloseMessage, huge, *REFUSED)
    bombs["make_message, int of 100,000 digits"] = Bomb(
        lambda code: make_message(code, b""), huge, *REFUSED
    )
    bombs["from_dict, close code of 100,000 digits"] = Bomb(
        lambda code: from_dict({"type": "close", "data": code}), huge, *REFUSED
    )
    bombs["from_asgi, close code of 100,000 digits"] = Bomb(
        lambda code: from_asgi({"type": "websocket.close", "code": code}), huge, *REFUSED
    )
    return bombs


BOMBS: dict[str, Bomb] = {
    **_deep_json_bombs(),
    **_deep_msgpack_bombs(),
    **_too_big_bombs(),
    **_number_bombs(),
    **_deep_python_bombs(),
}

# --- in the child ----------------------------------------------------------------------------


def outcome_of(bomb: Bomb) -> dict[str, Any]:
    """What setting ``bomb`` off gave, as JSON can carry it."""
    try:
        bomb.go_off()
    except BaseException as exc:
        return {
            "error": type(exc).__name__,
            "message_error": isinstance(exc, MessageError),
            "close_code": getattr(exc, "close_code", None),
            "reason": getattr(exc, "reason", None),
        }
    return {"error": None}


def set_them_off() -> None:
    """Run every bomb, printing a line before and after each."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):  # no limit where it cannot be set
        pass
    for name, bomb in BOMBS.items():
        print(json.dumps({"started": name}), flush=True)
        print(json.dumps({"name": name, **outcome_of(bomb)}), flush=True)


if __name__ == "__main__":
    set_them_off()

# --- the tests -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict[str, Any]]:
    """Every bomb's outcome, from one child process."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-W", "error", "-m", __name__]
    try:
        result = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIME_LIMIT
        )
        stdout, stderr = result.stdout, result.stderr
    except subprocess.TimeoutExpired as exc:
        stdout, stderr = _text(exc.stdout), _text(exc.stderr)
    found: dict[str, dict[str, Any]] = {}
    last = None
    for line in stdout.splitlines():
        record = json.loads(line)
        if "started" in record:
            last = record["started"]
        else:
            found[record["name"]] = record
    if last is not None and last not in found:
        found[last] = {"error": "did not finish: hung or crashed", "stderr": stderr[-2000:]}
    return found


def _text(output: str | bytes | None) -> str:
    return output.decode() if isinstance(output, bytes) else output or ""


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_a_clean_message_error(name: str, outcomes: dict[str, dict[str, Any]]) -> None:
    bomb = BOMBS[name]
    outcome = outcomes.get(name)
    assert outcome is not None, "never run: a bomb before it hung or crashed"
    if outcome["error"] is None:
        assert bomb.error is None, f"read, where {bomb.error.__name__} was due"
        return
    assert outcome.get("message_error"), outcome
    assert len(outcome["reason"].encode()) <= 123
    if bomb.error is not None:
        assert outcome["error"] == bomb.error.__name__, outcome
        assert outcome["close_code"] == bomb.close_code


def test_a_payload_over_max_size_never_reaches_the_decoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decoded: list[int] = []

    def decode(data: str | bytes) -> Any:
        decoded.append(len(data))
        return None

    def backend(schema: object) -> Backend:
        encode = msgspec.json.encode
        return Backend(decode, decode, encode, failure_handler("JSON"), encode, reraise)

    codec_classes: list[type[Codec[Any]]] = [JsonCodec, MsgpackCodec]
    for codec_class in codec_classes:
        monkeypatch.setattr(codec_class, "_make_backend", staticmethod(backend))
        codec = codec_class(Any, max_size=LIMIT)
        payload = b"\xc1" * BIG
        with pytest.raises(PayloadError) as info:
            codec.decode(BinaryMessage(payload))
        assert info.value.close_code is WSCloseCode.MESSAGE_TOO_BIG
        assert info.value.__cause__ is None
        codec.decode(BinaryMessage(payload[:LIMIT]))  # at the limit: decoded
    assert decoded == [LIMIT, LIMIT]
