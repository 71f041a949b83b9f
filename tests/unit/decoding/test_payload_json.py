"""TextMessage.json() and BinaryMessage.json() (wsmessage._decoding.payload_json)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Union

import msgspec
import pydantic
import pytest

from wsmessage import (
    BinaryMessage,
    DecodeError,
    MessageError,
    TextMessage,
    ValidationError,
    WSCloseCode,
)
from wsmessage._decoding.cache import MAX_CACHED_SCHEMAS, schema_key
from wsmessage._decoding.payload_json import BACKENDS, BYTES_DECODERS, TEXT_DECODERS

# --- json() -------------------------------------------------------------------


@pytest.mark.parametrize("message", [TextMessage('{"a": [1, 2]}'), BinaryMessage(b'{"a": [1, 2]}')])
def test_json_parses_like_aiohttp(message: TextMessage | BinaryMessage) -> None:
    assert message.json() == {"a": [1, 2]}


def test_json_uses_the_given_loads() -> None:
    seen: list[str] = []

    def loads(text: str) -> Any:
        seen.append(text)
        return "parsed"

    assert TextMessage("[1]").json(loads=loads) == "parsed"
    assert seen == ["[1]"]
    assert BinaryMessage(b"[1]").json(loads=msgspec.json.decode) == [1]


@pytest.mark.parametrize(
    "message",
    [
        TextMessage(""),
        TextMessage("{"),
        TextMessage("{'a': 1}"),
        TextMessage("[1,]"),
        BinaryMessage(b"nope"),
        BinaryMessage(b'"\xff"'),
        TextMessage("[" * 200_000),
        TextMessage('{"a":' * 100_000),
    ],
    ids=["empty", "open", "quotes", "comma", "word", "bad-utf8", "deep-list", "deep-dict"],
)
def test_malformed_json_is_a_decode_error(message: TextMessage | BinaryMessage) -> None:
    with pytest.raises(DecodeError) as info:
        message.json()
    err = info.value
    assert err.close_code is WSCloseCode.INVALID_TEXT
    assert isinstance(err, json.JSONDecodeError)
    assert isinstance(err, ValueError)
    assert err.__cause__ is not None
    assert len(err.reason.encode()) <= 123


@pytest.mark.parametrize(
    "payload",
    [
        "[1]".encode("utf-16"),
        "[1]".encode("utf-16-le"),
        "[1]".encode("utf-32"),
        "[1]".encode("utf-32-be"),
    ],
    ids=["utf-16", "utf-16-le", "utf-32", "utf-32-be"],
)
def test_json_reads_bytes_as_utf8_not_as_the_bytes_suggest(payload: bytes) -> None:
    with pytest.raises(DecodeError) as info:
        BinaryMessage(payload).json()
    assert info.value.close_code is WSCloseCode.INVALID_TEXT


def test_json_skips_a_leading_bom_in_bytes_as_json_loads_does() -> None:
    assert BinaryMessage(b"\xef\xbb\xbf[1]").json() == [1]


def test_decode_error_carries_json_position() -> None:
    with pytest.raises(json.JSONDecodeError) as info:
        TextMessage('{"a": }').json()
    assert info.value.pos == 6
    assert info.value.doc == '{"a": }'


def test_other_parsers_errors_are_not_echoed() -> None:
    def loads(text: str) -> Any:
        raise ValueError(f"cannot parse {text}")

    with pytest.raises(DecodeError) as info:
        TextMessage("secret-token-123").json(loads=loads)
    assert "secret" not in info.value.reason


def test_json_errors_other_than_parsing_pass_through() -> None:
    def loads(text: str) -> Any:
        raise KeyError("a bug in the caller's loads")

    with pytest.raises(KeyError):
        TextMessage("{}").json(loads=loads)


# --- json(schema) -------------------------------------------------------------


class Greeting(msgspec.Struct):
    text: str
    times: int = 1


class Login(pydantic.BaseModel):
    user: str


class Register(pydantic.BaseModel):
    user: str


class Count(msgspec.Struct):
    n: int


@pytest.mark.parametrize(
    "message",
    [TextMessage('{"text": "hi", "times": 2}'), BinaryMessage(b'{"text": "hi", "times": 2}')],
)
def test_json_decodes_into_a_schema(message: TextMessage | BinaryMessage) -> None:
    assert message.json(Greeting) == Greeting("hi", 2)
    assert message.json(dict[str, Any]) == {"text": "hi", "times": 2}


def test_json_into_a_pydantic_model() -> None:
    from pydantic import BaseModel

    class Model(BaseModel):
        text: str

    assert TextMessage('{"text": "hi"}').json(Model) == Model(text="hi")
    with pytest.raises(ValidationError) as info:
        BinaryMessage(b'{"text": 1}').json(Model)
    assert info.value.errors[0]["loc"] == ("text",)


@pytest.mark.parametrize(
    ("message", "error", "close_code"),
    [
        (TextMessage('{"text": 5}'), ValidationError, WSCloseCode.POLICY_VIOLATION),
        (TextMessage("{"), DecodeError, WSCloseCode.INVALID_TEXT),
        (BinaryMessage(b'{"text": "\xff"}'), DecodeError, WSCloseCode.INVALID_TEXT),
        (TextMessage("[" * 200_000), ValidationError, WSCloseCode.POLICY_VIOLATION),
    ],
)
def test_json_with_a_schema_raises_peer_errors(
    message: TextMessage | BinaryMessage, error: type[MessageError], close_code: WSCloseCode
) -> None:
    with pytest.raises(error) as info:
        message.json(Greeting)
    assert info.value.close_code is close_code
    assert info.value.__cause__ is not None


def test_json_with_a_schema_and_loads_is_a_type_error() -> None:
    message: Any = TextMessage("{}")  # the stubs refuse this call; run it anyway
    with pytest.raises(TypeError, match="not both"):
        message.json(Greeting, loads=msgspec.json.decode)


def test_json_with_an_unusable_schema_is_a_type_error_on_the_first_call() -> None:
    class Unknown:
        pass

    with pytest.raises(TypeError, match="Unknown"):
        TextMessage("{}").json(Unknown)


def test_json_keeps_one_backend_per_schema() -> None:
    cache = BACKENDS
    TextMessage('{"n": 1}').json(Count)
    decoder = cache[Count]
    assert BinaryMessage(b'{"n": 2}').json(Count) == Count(2)
    assert cache[Count] is decoder
    # Each message class keeps the backend's function for its payload's type.
    assert TEXT_DECODERS[Count] is decoder.decode
    assert BYTES_DECODERS[Count] is decoder.decode_bytes
    # Each list[Count] is a new object; equal ones share the entry.
    TextMessage('[{"n": 1}]').json(list[Count])
    listed = cache[schema_key(list[Count])]
    assert TextMessage('[{"n": 2}]').json(list[Count]) == [Count(2)]
    assert cache[schema_key(list[Count])] is listed
    assert TEXT_DECODERS[schema_key(list[Count])] is listed.decode


def test_bytes_json_checks_utf8_as_the_backend_does_for_bytes() -> None:
    # BinaryMessage reads with decode_bytes, which checks UTF-8 where the
    # schema does not look: here, inside a string msgspec hands back as is.
    with pytest.raises(DecodeError) as caught:
        BinaryMessage(b'{"n": 1, "x": "\xff"}').json(Count)
    assert caught.value.close_code == WSCloseCode.INVALID_TEXT


def test_each_json_method_is_named_for_its_class() -> None:
    # One factory makes both (see _json_method); tracebacks and help() name the class.
    assert TextMessage.json.__qualname__ == "TextMessage.json"
    assert BinaryMessage.json.__qualname__ == "BinaryMessage.json"


def test_a_union_in_another_order_is_another_schema() -> None:
    # typing holds Union[A, B] == Union[B, A]; pydantic tries members in
    # order, so each order must keep its own decoder.
    message = TextMessage('{"user": "ada"}')
    assert type(message.json(Union[Login, Register])) is Login  # noqa: UP007
    assert type(message.json(Union[Register, Login])) is Register  # noqa: UP007
    assert type(message.json(Register | Login)) is Register
    assert type(message.json(Login | Register)) is Login
    listed = TextMessage('[{"user": "ada"}]')
    assert type(listed.json(list[Login | Register])[0]) is Login
    assert type(listed.json(list[Register | Login])[0]) is Register


def test_json_cache_is_bounded() -> None:
    cache = BACKENDS
    limit = MAX_CACHED_SCHEMAS
    schemas = [Annotated[int, msgspec.Meta(ge=-i)] for i in range(limit + 50)]
    for schema in schemas:
        assert TextMessage("7").json(schema) == 7
        assert BinaryMessage(b"7").json(schema) == 7
        assert len(cache) <= limit
        assert len(TEXT_DECODERS) <= limit
        assert len(BYTES_DECODERS) <= limit
    for kept in (cache, TEXT_DECODERS, BYTES_DECODERS):
        assert schema_key(schemas[-1]) in kept
        assert schema_key(schemas[0]) not in kept  # the oldest went first


def test_json_takes_unhashable_schemas_without_caching_them() -> None:
    schema = Annotated[int, msgspec.Meta(ge=0), {"unhashable": []}]
    with pytest.raises(TypeError):
        hash(schema)
    before = [dict(kept) for kept in (BACKENDS, TEXT_DECODERS, BYTES_DECODERS)]
    assert TextMessage("3").json(schema) == 3
    assert BinaryMessage(b"3").json(schema) == 3
    with pytest.raises(ValidationError):
        TextMessage("-3").json(schema)
    with pytest.raises(ValidationError):
        BinaryMessage(b"-3").json(schema)
    assert before == [BACKENDS, TEXT_DECODERS, BYTES_DECODERS]


def test_json_with_none_is_the_untyped_json() -> None:
    assert TextMessage('{"a": 1}').json(None) == {"a": 1}
