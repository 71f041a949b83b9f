"""JsonCodec and MsgpackCodec: per schema kind and backend, both directions, every error."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import enum
import subprocess
import sys
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal, NamedTuple, Optional, TypedDict

import attrs
import msgspec
import pydantic
import pytest
from pydantic import BaseModel, Field
from typing_extensions import TypedDict as ExtTypedDict

from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    DecodeError,
    ErrorMessage,
    JsonCodec,
    MessageError,
    MsgpackCodec,
    PayloadError,
    PingMessage,
    PongMessage,
    TextMessage,
    ValidationError,
    WSCloseCode,
    WSMessage,
)

# --- schemas, one of each kind ------------------------------------------------------


class User(msgspec.Struct):
    id: int
    name: str


class Chat(msgspec.Struct):
    user: User
    text: str
    tags: list[str] = []


class Join(msgspec.Struct, tag_field="kind", tag="join"):
    room: str


class Leave(msgspec.Struct, tag_field="kind", tag="leave"):
    room: str
    why: str = ""


class Color(enum.Enum):
    RED = "red"


class Paint(msgspec.Struct, forbid_unknown_fields=True):
    color: Color
    counts: dict[str, int] = {}


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Move(TypedDict):
    piece: str
    to: list[int]


@attrs.define
class Score:
    player: str
    points: int


class Pair(NamedTuple):
    left: int
    right: str


class PUser(BaseModel):
    id: int
    name: str


class PScores(BaseModel):
    n: int


class PChat(BaseModel):
    user: PUser
    text: str
    tags: list[str] = []


class PJoin(BaseModel):
    kind: Literal["join"]
    room: str


class PLeave(BaseModel):
    kind: Literal["leave"]
    room: str


PEvent = Annotated[PJoin | PLeave, Field(discriminator="kind")]


class Aliased(BaseModel):
    user_id: int = Field(alias="userId")


@dataclasses.dataclass
class Envelope:
    """A plain dataclass holding a model: pydantic's, since only it reads PChat."""

    chat: PChat


class PMove(ExtTypedDict):  # pydantic wants typing_extensions' before Python 3.12
    chat: PChat


CHAT = Chat(User(1, "ada"), "hi", ["x"])
PCHAT = PChat(user=PUser(id=1, name="ada"), text="hi", tags=["x"])

# (schema, value, backend): every kind of schema the codecs take.
SCHEMAS: list[tuple[Any, Any, str]] = [
    (Chat, CHAT, "msgspec"),
    (Join | Leave, Leave("lobby", "bye"), "msgspec"),
    (list[Join | Leave], [Join("a"), Leave("b")], "msgspec"),
    (Point, Point(1, 2), "msgspec"),
    (Move, {"piece": "rook", "to": [1, 8]}, "msgspec"),
    (Score, Score("ada", 3), "msgspec"),
    (Pair, Pair(1, "r"), "msgspec"),
    (list[Chat], [CHAT, CHAT], "msgspec"),
    (dict[str, Chat], {"a": CHAT}, "msgspec"),
    (Optional[Chat], None, "msgspec"),  # noqa: UP045 (typing's spelling is a case too)
    (int, 7, "msgspec"),
    (list[int], [1, 2, 3], "msgspec"),
    (dict[str, float], {"a": 1.5}, "msgspec"),
    (str, "héllo 😀", "msgspec"),
    (Any, {"a": [1, None, True, "x"]}, "msgspec"),
    (PChat, PCHAT, "pydantic"),
    (PEvent, PLeave(kind="leave", room="lobby"), "pydantic"),
    (list[PEvent], [PJoin(kind="join", room="a")], "pydantic"),
    (list[PChat], [PCHAT], "pydantic"),
    (dict[str, PChat], {"a": PCHAT}, "pydantic"),
    (PChat | None, None, "pydantic"),
    (Envelope, Envelope(PCHAT), "pydantic"),
    (PMove, {"chat": PCHAT}, "pydantic"),
    (Aliased, Aliased(userId=5), "pydantic"),
]
SCHEMA_IDS = [f"{backend}-{schema!r}" for schema, _, backend in SCHEMAS]

# A payload that is valid JSON but fits none of the schemas above.
NOT_THE_SCHEMA = '{"this": ["fits", "nothing"]}'

CODECS = [JsonCodec, MsgpackCodec]


def backend_of(error: BaseException) -> str:
    """Which backend raised the error wrapped in ``error``."""
    module = type(error.__cause__).__module__
    return "pydantic" if module.startswith("pydantic") else module.partition(".")[0]


# --- round trips -----------------------------------------------------------------


@pytest.mark.parametrize(("schema", "value", "backend"), SCHEMAS, ids=SCHEMA_IDS)
@pytest.mark.parametrize("codec_class", CODECS)
def test_encode_then_decode_gives_the_value_back(
    codec_class: Any, schema: Any, value: Any, backend: str
) -> None:
    codec = codec_class(schema)
    assert codec.decode(codec.encode(value)) == value


@pytest.mark.parametrize(("schema", "value", "backend"), SCHEMAS, ids=SCHEMA_IDS)
def test_json_reads_text_and_binary_and_writes_both(schema: Any, value: Any, backend: str) -> None:
    codec = JsonCodec(schema)
    text = codec.encode(value)
    binary = codec.encode_binary(value)
    assert type(text) is TextMessage
    assert type(binary) is BinaryMessage
    assert binary.data == text.data.encode()
    assert codec.decode(binary) == value
    reformatted = msgspec.json.encode(msgspec.json.decode(text.data)).decode()
    assert codec.decode(TextMessage(reformatted)) == value


@pytest.mark.parametrize(
    ("schema", "backend"),
    [(schema, backend) for schema, _, backend in SCHEMAS if schema is not Any],
)
@pytest.mark.parametrize("codec_class", CODECS)
def test_the_backend_follows_the_schema(codec_class: Any, schema: Any, backend: str) -> None:
    codec = codec_class(schema)
    payload = NOT_THE_SCHEMA if codec_class is JsonCodec else msgspec.msgpack.encode({"x": []})
    message = TextMessage(payload) if isinstance(payload, str) else BinaryMessage(payload)
    with pytest.raises(ValidationError) as info:
        codec.decode(message)
    assert backend_of(info.value) == backend


@pytest.mark.parametrize(
    ("schema", "text", "expected"),
    [
        (Chat, '{"user": {"id": 1, "name": "ada"}, "text": "hi"}', Chat(User(1, "ada"), "hi")),
        (Join | Leave, '{"kind": "join", "room": "r"}', Join("r")),
        (
            PChat,
            '{"user": {"id": 1, "name": "ada"}, "text": "hi"}',
            PChat.model_validate({"user": {"id": 1, "name": "ada"}, "text": "hi"}),
        ),
        (PEvent, '{"kind": "leave", "room": "r"}', PLeave(kind="leave", room="r")),
        (Aliased, '{"userId": 3}', Aliased(userId=3)),
        (list[int], "[1, 2]", [1, 2]),
    ],
)
def test_decodes_json_written_by_others(schema: Any, text: str, expected: Any) -> None:
    codec = JsonCodec(schema)
    assert codec.decode(TextMessage(text)) == expected
    assert codec.decode(BinaryMessage(text.encode())) == expected


def test_each_encode_makes_a_message_of_its_own_equal_to_one_built_by_hand() -> None:
    # JsonCodec.encode copies a blank message rather than building one: each
    # copy must be a new object, and none may change another.
    codec = JsonCodec(Chat)
    first = codec.encode(Chat(User(1, "ada"), "hi"))
    second = codec.encode(Chat(User(2, "bob"), "yo"))
    assert first is not second
    assert type(first) is TextMessage
    assert type(first.data) is str
    assert first == TextMessage('{"user":{"id":1,"name":"ada"},"text":"hi","tags":[]}')
    assert second == TextMessage('{"user":{"id":2,"name":"bob"},"text":"yo","tags":[]}')
    assert hash(first) == hash(TextMessage(first.data))
    # Made after the first, the second changed nothing of it.
    assert first.data == '{"user":{"id":1,"name":"ada"},"text":"hi","tags":[]}'


def test_pydantic_encodes_by_alias_as_it_decodes() -> None:
    assert JsonCodec(Aliased).encode(Aliased(userId=3)) == TextMessage('{"userId":3}')


def test_pydantic_msgpack_keeps_bytes_and_datetimes() -> None:
    class Frame(BaseModel):
        blob: bytes
        at: datetime.datetime
        url: pydantic.AnyUrl

    frame = Frame(
        blob=b"\xff\x00",
        at=datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
        url=pydantic.AnyUrl("https://example.com/x"),
    )
    codec = MsgpackCodec(Frame)
    encoded = codec.encode(frame)
    assert msgspec.msgpack.decode(encoded.data)["blob"] == b"\xff\x00"  # a bin, not text
    assert codec.decode(encoded) == frame


def test_a_subclass_of_an_accepted_message_is_decoded() -> None:
    class Tagged(TextMessage, frozen=True):
        pass

    assert JsonCodec(list[int]).decode(Tagged("[1]")) == [1]


# --- message types ------------------------------------------------------------------

OTHER_MESSAGES: list[WSMessage] = [
    ContinuationMessage(b"[]"),
    PingMessage(b"[]"),
    PongMessage(b"[]"),
    CloseMessage(1000),
    ClosingMessage(),
    ClosedMessage(),
    ErrorMessage(RuntimeError("x")),
]


@pytest.mark.parametrize(
    ("codec", "message"),
    [
        *[(JsonCodec(list[int]), message) for message in OTHER_MESSAGES],
        *[(MsgpackCodec(list[int]), message) for message in [*OTHER_MESSAGES, TextMessage("[]")]],
        *[(JsonCodec(list[PUser]), message) for message in OTHER_MESSAGES],
        (MsgpackCodec(list[PUser]), TextMessage("[]")),
    ],
    ids=repr,
)
def test_other_message_types_are_unsupported_data(
    codec: JsonCodec[Any] | MsgpackCodec[Any], message: WSMessage
) -> None:
    with pytest.raises(PayloadError) as info:
        codec.decode(message)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert info.value.close_code is WSCloseCode.UNSUPPORTED_DATA
    assert message.type.name.lower() in info.value.reason


@pytest.mark.parametrize("thing", ["[1]", b"[1]", None, {"type": "text", "data": "[1]"}])
def test_something_that_is_no_message_is_a_type_error(thing: Any) -> None:
    with pytest.raises(TypeError, match="expected a message"):
        JsonCodec(list[int]).decode(thing)


# --- invalid payloads ---------------------------------------------------------------

BOTH_BACKENDS = [Chat, PChat]


@pytest.mark.parametrize("schema", BOTH_BACKENDS)
@pytest.mark.parametrize(
    "message",
    [
        TextMessage(""),
        TextMessage("{"),
        TextMessage('{"user": }'),
        TextMessage("{'user': 1}"),
        TextMessage('{"user": {"id": 1, "name": "a"}, "text": "t"} trailing'),
        BinaryMessage(b"\xff\xfe"),
        BinaryMessage(b'{"user": {"id": 1, "name": "\xc3"}, "text": "t"}'),
        TextMessage('{"user": {"id": 1, "name": "\ud800"}, "text": "t"}'),
        TextMessage("[" * 200_000),
        TextMessage('{"user":' * 200_000),
    ],
    ids=[
        "empty",
        "open",
        "no-value",
        "quotes",
        "trailing",
        "not-utf8",
        "cut-utf8",
        "surrogate",
        "deep-list",
        "deep-object",
    ],
)
def test_json_that_does_not_parse_is_a_decode_error(schema: Any, message: WSMessage) -> None:
    with pytest.raises(MessageError) as info:
        JsonCodec(schema).decode(message)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    err = info.value
    # A deep array cannot be a Chat: msgspec may see that before the depth.
    if isinstance(err, ValidationError):
        assert message.data == "[" * 200_000
        return
    assert isinstance(err, DecodeError)
    assert err.close_code is WSCloseCode.INVALID_TEXT
    assert err.reason.startswith("invalid JSON")
    assert err.__cause__ is not None


@pytest.mark.parametrize("schema", [User, PUser])
@pytest.mark.parametrize(
    "payload",
    [
        b'{"id": 1, "name": "a", "skipped": "\xff"}',
        b'{"id": 1, "name": "a", "\xc0\xaf": 1}',  # an overlong "/" as a key
        b'{"id": 1, "name": "a", "skipped": ["\xed\xa0\x80"]}',  # an encoded surrogate
    ],
    ids=["value", "key", "nested"],
)
def test_binary_json_is_utf8_even_where_the_schema_does_not_look(
    schema: Any, payload: bytes
) -> None:
    message = BinaryMessage(payload)
    attempts: list[Callable[[], object]] = [
        lambda: JsonCodec(schema).decode(message),
        lambda: JsonCodec(schema, max_size=1000).decode(message),
        lambda: message.json(schema),
    ]
    for attempt in attempts:
        with pytest.raises(DecodeError) as info:
            attempt()
        assert info.value.close_code is WSCloseCode.INVALID_TEXT


@pytest.mark.parametrize(
    ("schema", "opener", "packed_opener"),
    [
        (Any, "[", b"\x91"),
        (list[Any], "[", b"\x91"),
        (dict[str, Any], '{"a":', b"\x81\xa1a"),
        (list[PChat | list[Any]], "[", b"\x91"),
        (dict[str, PChat | dict[str, Any]], '{"a":', b"\x81\xa1a"),
    ],
)
@pytest.mark.parametrize("depth", [1_000, 200_000])
def test_deep_nesting_is_a_decode_error_for_open_schemas(
    schema: Any, opener: str, packed_opener: bytes, depth: int
) -> None:
    closer = "]" if opener == "[" else "}"
    with pytest.raises(DecodeError) as info:
        JsonCodec(schema).decode(TextMessage(opener * depth + "1" + closer * depth))
    assert "nested too deeply" in info.value.reason or "recursion" in info.value.reason
    with pytest.raises(DecodeError):
        MsgpackCodec(schema).decode(BinaryMessage(packed_opener * depth + b"\x01"))


@pytest.mark.parametrize(
    ("schema", "template"),
    [
        (int, "%s"),
        (float, "%s"),
        (Any, "%s"),
        (list[int], "[%s]"),
        (list[Any], "[%s]"),
        (PUser, '{"id": %s, "name": "n"}'),
        (dict[str, PUser | int], '{"k": %s}'),
    ],
)
@pytest.mark.parametrize("number", ["9" * 100_000, "-" + "9" * 100_000, "1e999999"])
def test_huge_numbers_are_peer_errors(schema: Any, template: str, number: str) -> None:
    with pytest.raises((DecodeError, ValidationError)) as info:
        JsonCodec(schema).decode(TextMessage(template % number))
    assert len(info.value.reason.encode()) <= 123
    assert number[:30] not in info.value.reason


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_for_msgspec(literal: str) -> None:
    for schema in (float, Any, list[float]):
        payload = f"[{literal}]" if schema == list[float] else literal
        with pytest.raises(DecodeError):
            JsonCodec(schema).decode(TextMessage(payload))


class Finite(BaseModel):
    value: float = Field(allow_inf_nan=False)


class Count(BaseModel):
    value: int


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("schema", [Finite, Count])
def test_nan_and_infinity_are_validation_errors_for_pydantic(literal: str, schema: Any) -> None:
    # pydantic's parser reads the literals; fields that refuse them say so.
    with pytest.raises(ValidationError) as info:
        JsonCodec(schema).decode(TextMessage(f'{{"value": {literal}}}'))
    assert info.value.errors[0]["loc"] == ("value",)


@pytest.mark.parametrize(
    ("schema", "payload"),
    [(list[int], b"\xc1"), (list[int], b"\x92\x01"), (list[int], b""), (list[PUser], b"\xc1")],
)
def test_msgpack_that_does_not_parse_is_a_decode_error(schema: Any, payload: bytes) -> None:
    with pytest.raises(DecodeError) as info:
        MsgpackCodec(schema).decode(BinaryMessage(payload))
    assert info.value.close_code is WSCloseCode.INVALID_TEXT
    assert info.value.reason.startswith("invalid msgpack")


@pytest.mark.parametrize("schema", [list[str], list[PUser]])
def test_msgpack_text_that_is_not_utf8_is_a_decode_error(schema: Any) -> None:
    with pytest.raises(DecodeError, match="UTF-8"):
        MsgpackCodec(schema).decode(BinaryMessage(b"\x91\xa2\xff\xfe"))


# --- validation errors and their locations ----------------------------------------------


@pytest.mark.parametrize(
    ("schema", "payload", "loc", "reason"),
    [
        (Chat, '{"user": {"id": "x", "name": "a"}, "text": "t"}', ("user", "id"), "user.id: "),
        (Chat, '{"user": 1, "text": "t"}', ("user",), "user: "),
        (Chat, '{"user": {"id": 1, "name": "a"}}', ("text",), "text: Object missing"),
        (Chat, "[]", (), "Expected `object`, got `array`"),
        (list[Chat], '[{"user": {"id": 1}, "text": "t"}]', (0, "user", "name"), "[0].user.name: "),
        (
            Chat,
            '{"user": {"id": 1, "name": "a"}, "text": "t", "tags": ["a", 2]}',
            ("tags", 1),
            "tags[1]: ",
        ),
        (dict[str, Chat], '{"k": {"user": 5, "text": "t"}}', ("...", "user"), "[...].user: "),
        (Join | Leave, '{"kind": "join", "room": 5}', ("room",), "room: "),
        (PChat, '{"user": {"id": "x", "name": "a"}, "text": "t"}', ("user", "id"), "user.id: "),
        (list[PChat], '[{"user": {"id": 1, "name": "a"}}]', (0, "text"), "[0].text: "),
        (dict[str, PChat], '{"k.x": {"user": 5, "text": "t"}}', ("k.x", "user"), "['k.x'].user: "),
        (dict[str, PChat], '{"%s": 1}' % ("k" * 500), ("k" * 500,), "k" * 24 + "...: "),
        (PEvent, '{"kind": "leave", "room": 5}', ("room",), "room: "),
        (PEvent, '{"room": "r"}', ("kind",), "kind: missing tag"),
    ],
)
def test_validation_errors_name_where(
    schema: Any, payload: str, loc: tuple[str | int, ...], reason: str
) -> None:
    with pytest.raises(ValidationError) as info:
        JsonCodec(schema).decode(TextMessage(payload))
    err = info.value
    assert err.close_code is WSCloseCode.POLICY_VIOLATION
    assert err.errors[0]["loc"] == loc
    assert all(set(detail) == {"loc", "msg"} for detail in err.errors)
    assert all(type(detail["loc"]) is tuple for detail in err.errors)
    assert reason in err.reason
    assert err.reason.startswith(err.errors[0]["msg"] if not loc else reason)
    assert err.__cause__ is not None


def test_pydantic_reports_every_problem_msgspec_the_first() -> None:
    payload = '{"user": {"id": "x", "name": 5}}'
    with pytest.raises(ValidationError) as pyd:
        JsonCodec(PChat).decode(TextMessage(payload))
    assert [d["loc"] for d in pyd.value.errors] == [("user", "id"), ("user", "name"), ("text",)]
    with pytest.raises(ValidationError) as msp:
        JsonCodec(Chat).decode(TextMessage(payload))
    assert len(msp.value.errors) == 1


@pytest.mark.parametrize(
    ("name", "loc"),
    [
        ("a.b", ("a", "b")),  # a dot in a name reads as a step
        ("x[0]", ("x", 0)),
        ("odd`$[", ("odd`$[",)),
        ("[", ("[",)),
        ("", ("",)),
        ("sp ace", ("sp ace",)),
    ],
)
def test_odd_field_names_never_break_the_location(name: str, loc: tuple[str | int, ...]) -> None:
    odd = msgspec.defstruct("Odd", [("value", int, msgspec.field(name=name))])
    payload = msgspec.json.encode({name: "not an int"}).decode()
    with pytest.raises(ValidationError) as info:
        JsonCodec(odd).decode(TextMessage(payload))
    assert info.value.errors[0]["loc"] == loc


@pytest.mark.parametrize(
    ("schema", "payload"),
    [
        (Paint, '{"color": "%s"}'),
        (Paint, '{"color": "red", "%s": 1}'),
        (Join | Leave, '{"kind": "%s"}'),
        (Literal["a", "b"], '"%s"'),
        (PEvent, '{"kind": "%s"}'),
        (Literal["a"] | PJoin, '"%s"'),
    ],
)
@pytest.mark.parametrize("peer_data", ["x" * 10_000, "'" + "y" * 10_000, "é" * 5_000])
def test_reasons_never_echo_more_than_an_excerpt(schema: Any, payload: str, peer_data: str) -> None:
    with pytest.raises(ValidationError) as info:
        JsonCodec(schema).decode(TextMessage(payload % peer_data))
    err = info.value
    assert len(err.reason.encode()) <= 123
    assert peer_data[1:40] not in err.reason
    assert all(len(detail["msg"]) <= 160 for detail in err.errors)


def test_errors_from_a_users_validator_are_validation_errors() -> None:
    class Positive(msgspec.Struct):
        n: int

        def __post_init__(self) -> None:
            if self.n <= 0:
                raise ValueError("n must be positive")

    class PPositive(BaseModel):
        n: int = Field(gt=0)

    for schema in (Positive, PPositive):
        with pytest.raises(ValidationError) as info:
            JsonCodec(schema).decode(TextMessage('{"n": 0}'))
        assert info.value.errors[0]["msg"]


def test_bugs_in_a_users_validator_are_not_peer_errors() -> None:
    class Buggy(msgspec.Struct):
        n: int

        def __post_init__(self) -> None:
            raise KeyError("a bug")

    with pytest.raises(KeyError):
        JsonCodec(Buggy).decode(TextMessage('{"n": 0}'))


class Deep(msgspec.Struct):
    n: int

    def __post_init__(self) -> None:
        self.__post_init__()  # a bug that recurses for ever


class PDeep(BaseModel):
    n: int

    @pydantic.field_validator("n")
    @classmethod
    def recurse(cls, value: int) -> int:
        return cls.recurse(value)


@pytest.mark.parametrize("schema", [Deep, PDeep])
def test_a_users_validator_that_recurses_is_not_a_peer_nesting_too_deep(schema: Any) -> None:
    # The parsers' own RecursionError (nesting too deep) is the peer's fault,
    # 1007; one raised in the application's own code is a bug on this side.
    with pytest.raises(RecursionError):
        JsonCodec(schema).decode(TextMessage('{"n": 0}'))


class Flags(BaseModel):
    by_flag: dict[bool, str]
    by_pair: dict[tuple[int, int], str] = {}


@pytest.mark.parametrize("codec_class", [JsonCodec, MsgpackCodec])
def test_a_replacement_character_in_a_value_under_keys_json_lacks_encodes(
    codec_class: Any,
) -> None:
    # The check for lone surrogates that pydantic hides as U+FFFD used to
    # hand keys msgspec cannot write back to pydantic for ever.
    codec = codec_class(Flags)
    flagged = Flags(by_flag={True: "\ufffd"})
    assert codec.decode(codec.encode(flagged)) == flagged
    # Tuple keys are written as text, which pydantic does not read back.
    assert codec.encode(Flags(by_flag={}, by_pair={(1, 2): "\ufffd"})).data


def test_a_lone_surrogate_in_a_key_is_refused_whatever_the_value() -> None:
    class Named(BaseModel):
        names: dict[str, str]

    with pytest.raises(PayloadError) as info:
        JsonCodec(Named).encode(Named(names={"a\ud800": "\ufffd"}))
    assert info.value.close_code is WSCloseCode.INVALID_TEXT


@pytest.mark.parametrize("schema", [dict[str, int], PScores])
def test_an_int_msgpack_cannot_hold_is_a_type_error(schema: Any) -> None:
    value: Any = {"n": 2**70} if schema is not PScores else PScores(n=2**70)
    with pytest.raises(TypeError, match="cannot encode"):
        MsgpackCodec(schema).encode(value)


def test_a_schema_pydantic_validates_after_decoding_is_refused() -> None:
    class Lazy(BaseModel):
        numbers: Iterable[int]

    with pytest.raises(TypeError, match=r"Lazy: pydantic validates Iterable items lazily"):
        JsonCodec(Lazy)
    with pytest.raises(TypeError, match="lazily"):
        MsgpackCodec(list[Lazy])
    with pytest.raises(TypeError, match="lazily"):
        TextMessage('{"numbers": [1]}').json(Lazy)


# --- max_size -----------------------------------------------------------------------


def text_of(size: int, char: str) -> str:
    """A JSON string literal of exactly ``size`` UTF-8 bytes, ``char`` repeated inside."""
    width = len(char.encode())
    count, rest = divmod(size - 2, width)
    return '"' + char * count + "a" * rest + '"'


@pytest.mark.parametrize("char", ["a", "é", "€", "😀"])
@pytest.mark.parametrize("schema", [str, Any])
@pytest.mark.parametrize("limit", [2, 3, 7, 8, 100, 1001])
def test_max_size_counts_utf8_bytes(char: str, schema: Any, limit: int) -> None:
    codec = JsonCodec(schema, max_size=limit)
    at_limit = text_of(limit, char)
    assert len(at_limit.encode()) == limit
    for message in (TextMessage(at_limit), BinaryMessage(at_limit.encode())):
        assert codec.decode(message) == at_limit[1:-1]
    over = at_limit[:-1] + 'a"'  # one more byte
    for message in (TextMessage(over), BinaryMessage(over.encode())):
        with pytest.raises(PayloadError) as info:
            codec.decode(message)
        assert info.value.close_code is WSCloseCode.MESSAGE_TOO_BIG
        assert str(limit) in info.value.reason


@pytest.mark.parametrize("limit", [0, 1, 4, 5, 9])
def test_max_size_between_one_and_four_bytes_per_character(limit: int) -> None:
    codec = JsonCodec(Any, max_size=limit)
    for text in ['"é"', '"😀"', "1", '"ab"', '"\\u00e9"']:
        size = len(text.encode())
        if size <= limit:
            codec.decode(TextMessage(text))
        else:
            with pytest.raises(PayloadError):
                codec.decode(TextMessage(text))


@pytest.mark.parametrize("schema", [Chat, PChat])
@pytest.mark.parametrize("codec_class", CODECS)
def test_max_size_is_checked_before_decoding(schema: Any, codec_class: Any) -> None:
    codec = codec_class(schema, max_size=10)
    junk = BinaryMessage(b"\xc1not json, not msgpack")
    with pytest.raises(PayloadError) as info:
        codec.decode(junk)
    assert info.value.close_code is WSCloseCode.MESSAGE_TOO_BIG
    assert info.value.__cause__ is None


def test_max_size_does_not_hide_unsupported_data() -> None:
    with pytest.raises(PayloadError) as info:
        JsonCodec(Any, max_size=1).decode(PingMessage(b"x" * 100))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert info.value.close_code is WSCloseCode.UNSUPPORTED_DATA


@pytest.mark.parametrize(
    ("max_size", "error"),
    [
        (-1, ValueError),
        (-(2**70), ValueError),
        ("10", TypeError),
        (1.5, TypeError),
        (True, TypeError),
    ],
)
@pytest.mark.parametrize("codec_class", CODECS)
def test_a_bad_max_size_fails_at_construction(
    codec_class: Any, max_size: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="max_size"):
        codec_class(Chat, max_size=max_size)


# --- schemas the backends cannot handle ---------------------------------------------


class Unknown:
    """A class neither backend knows how to build."""


class HoldsUnknown(msgspec.Struct):
    thing: Unknown


class Forward(msgspec.Struct):
    later: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821  # pyright: ignore[reportUndefinedVariable]


class PForward(BaseModel):
    later: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821  # pyright: ignore[reportUndefinedVariable]


class PUnknown(BaseModel):
    model_config = pydantic.ConfigDict(arbitrary_types_allowed=False)
    value: int


class Untagged(msgspec.Struct):
    a: int


@pytest.mark.parametrize(
    ("schema", "name"),
    [
        (Unknown, "Unknown"),
        (list[Unknown], "Unknown"),
        (HoldsUnknown, "HoldsUnknown"),
        (complex, "complex"),
        (Forward, "Forward"),
        (Untagged | User, "Untagged"),
        (5, "5"),
        ("Chat", "Chat"),
        (list[PUser | Unknown], "Unknown"),
        (PForward, "PForward"),
        (dict[str, PForward], "PForward"),
    ],
    ids=repr,
)
@pytest.mark.parametrize("codec_class", CODECS)
def test_a_schema_the_backend_cannot_handle_is_a_type_error_naming_it(
    codec_class: Any, schema: Any, name: str
) -> None:
    with pytest.raises(TypeError) as info:
        codec_class(schema)
    assert name in str(info.value)
    assert str(info.value).startswith("unsupported schema")


def test_a_model_with_deferred_build_is_built_with_the_codec() -> None:
    class Deferred(BaseModel, defer_build=True):
        n: int

    assert JsonCodec(Deferred).decode(TextMessage('{"n": 1}')) == Deferred(n=1)


# --- encoding -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        (str, "\ud800"),
        (Chat, Chat(User(1, "\udfff"), "t")),
        (dict[str, int], {"\ud800": 1}),
        (PChat, PChat(user=PUser(id=1, name="\ud800"), text="t")),
        (dict[str, PChat], {"\ud800": PCHAT}),
    ],
)
def test_text_that_is_not_utf8_is_refused_wherever_it_is_encoded(schema: Any, value: Any) -> None:
    encoders = [
        JsonCodec(schema).encode,
        JsonCodec(schema).encode_binary,
        MsgpackCodec(schema).encode,
    ]
    for encode in encoders:
        with pytest.raises(PayloadError) as info:
            encode(value)
        assert info.value.close_code is WSCloseCode.INVALID_TEXT


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        (Chat, object()),
        (Any, {1j}),
        (PChat, 5),
        (PChat, CHAT),
        (list[PChat], [PCHAT, "x"]),
    ],
)
@pytest.mark.parametrize("codec_class", CODECS)
def test_encoding_a_value_of_the_wrong_type_is_a_type_error(
    codec_class: Any, schema: Any, value: Any
) -> None:
    with pytest.raises(TypeError):
        codec_class(schema).encode(value)


@pytest.mark.parametrize(("schema", "value", "backend"), SCHEMAS, ids=SCHEMA_IDS)
def test_encoding_leaves_the_value_alone(schema: Any, value: Any, backend: str) -> None:
    before = copy.deepcopy(value)
    for codec in (JsonCodec(schema), MsgpackCodec(schema)):
        codec.encode(value)
    assert value == before


# --- the codec object -------------------------------------------------------------


def test_schema_and_max_size_are_read_only() -> None:
    codec = JsonCodec(Chat, max_size=1024)
    assert codec.schema is Chat
    assert codec.max_size == 1024
    assert MsgpackCodec(Chat).max_size is None
    with pytest.raises(AttributeError):
        codec.schema = User  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    with pytest.raises(AttributeError):
        codec.max_size = 1  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        (JsonCodec(Chat), "JsonCodec(Chat)"),
        (MsgpackCodec(Chat, max_size=10), "MsgpackCodec(Chat, max_size=10)"),
        (JsonCodec(list[Chat]), f"JsonCodec({list[Chat]!r})"),
    ],
)
def test_repr_names_the_schema(codec: JsonCodec[Any] | MsgpackCodec[Any], text: str) -> None:
    assert repr(codec) == text


def test_codecs_are_generic_at_runtime() -> None:
    codec: JsonCodec[Chat] = JsonCodec[Chat](Chat)
    assert codec.decode(codec.encode(CHAT)) == CHAT
    assert MsgpackCodec[int](int).schema is int


def test_importing_codecs_and_using_msgspec_schemas_never_imports_pydantic() -> None:
    code = (
        "import sys, msgspec\n"
        "import wsmessage.codecs\n"
        "from wsmessage import JsonCodec, MsgpackCodec, TextMessage\n"
        "class Chat(msgspec.Struct):\n"
        "    text: str\n"
        'JsonCodec(Chat).decode(TextMessage(\'{"text": "hi"}\'))\n'
        "MsgpackCodec(list[Chat]).encode([Chat('hi')])\n"
        'TextMessage(\'{"text": "hi"}\').json(Chat)\n'
        "print('pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_replacement_character_is_not_taken_for_a_surrogate() -> None:
    codec = JsonCodec(dict[str, PChat])
    value = {"\N{REPLACEMENT CHARACTER}": PChat(user=PUser(id=1, name="\ufffd"), text="t")}
    assert codec.decode(codec.encode(value)) == value
