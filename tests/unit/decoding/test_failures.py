"""One fault, one reason: every decoding entry point and both backends say the same.

The table crosses each fault that is not about a schema's content with
every entry point that can meet it, under msgspec and under pydantic, and
asserts the same error class, close code and reason everywhere
(wsmessage._decoding.failures holds the words).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec
import pydantic
import pytest

from wsmessage import (
    BinaryMessage,
    DecodeError,
    JsonCodec,
    MessageError,
    MsgpackCodec,
    PayloadError,
    PingMessage,
    TextMessage,
    ValidationError,
    WSCloseCode,
    from_json,
    from_msgpack,
)
from wsmessage._decoding.failures import MAX_DETAILS

# --- one schema per backend, of the same shape ------------------------------------------


class Join(msgspec.Struct, tag_field="kind", tag="join"):
    room: str
    data: Any = None


class Say(msgspec.Struct, tag_field="kind", tag="say"):
    text: str


class PJoin(pydantic.BaseModel):
    kind: Literal["join"]
    room: str
    data: Any = None


class PSay(pydantic.BaseModel):
    kind: Literal["say"]
    text: str


SCHEMAS: dict[str, Any] = {
    "msgspec": Join | Say,
    "pydantic": Annotated[PJoin | PSay, pydantic.Field(discriminator="kind")],
}
LISTS: dict[str, Any] = {name: list.__class_getitem__(schema) for name, schema in SCHEMAS.items()}

# --- the entry points ---------------------------------------------------------------------

Decode = Callable[[Any, bytes], object]


def text(payload: bytes) -> str:
    return payload.decode("utf-8", "surrogateescape")


JSON_WITH_SCHEMA: dict[str, Decode] = {
    "TextMessage.json(schema)": lambda schema, p: TextMessage(text(p)).json(schema),
    "BinaryMessage.json(schema)": lambda schema, p: BinaryMessage(p).json(schema),
    "JsonCodec.decode(text)": lambda schema, p: JsonCodec(schema).decode(TextMessage(text(p))),
    "JsonCodec.decode(binary)": lambda schema, p: JsonCodec(schema).decode(BinaryMessage(p)),
}
JSON_WITHOUT_SCHEMA: dict[str, Callable[[bytes], object]] = {
    "TextMessage.json()": lambda p: TextMessage(text(p)).json(),
    "BinaryMessage.json()": lambda p: BinaryMessage(p).json(),
    "from_json(bytes)": from_json,
    "from_json(str)": lambda p: from_json(text(p)),
}
BINARY_ONLY = {"BinaryMessage.json(schema)", "JsonCodec.decode(binary)", "BinaryMessage.json()"}


@dataclass(frozen=True)
class Fault:
    name: str
    payload: bytes
    error: type[MessageError]
    code: WSCloseCode
    reason: str
    #: The entry points that can meet it: some faults exist only in bytes.
    binary_only: bool = False
    #: Whether the entry points without a schema meet it too.
    without_schema: bool = True
    #: Decode into a list of the union, so the location has a step.
    listed: bool = False


JSON_FAULTS = [
    Fault("truncated", b'{"kind": "join", ', DecodeError, WSCloseCode.INVALID_TEXT,
          "invalid JSON: truncated"),
    Fault("empty", b"", DecodeError, WSCloseCode.INVALID_TEXT, "invalid JSON: truncated"),
    Fault("no colon", b'{"kind" "join"}', DecodeError, WSCloseCode.INVALID_TEXT,
          "invalid JSON: expected ':' at byte 8"),
    Fault("trailing", b'{"kind": "say", "text": "x"} x', DecodeError, WSCloseCode.INVALID_TEXT,
          "invalid JSON: trailing characters at byte 30"),
    Fault("bad character", b'{"kind": tru}', DecodeError, WSCloseCode.INVALID_TEXT,
          "invalid JSON: invalid character at byte 13"),
    Fault("not UTF-8 in a field", b'{"kind": "say", "text": "\xff"}', DecodeError,
          WSCloseCode.INVALID_TEXT, "invalid JSON: not valid UTF-8", binary_only=True),
    Fault("not UTF-8 where the schema does not look",
          b'{"kind": "say", "text": "x", "other": "\xc3\x28"}', DecodeError,
          WSCloseCode.INVALID_TEXT, "invalid JSON: not valid UTF-8", binary_only=True),
    Fault("nested too deeply", b'{"kind": "join", "room": "r", "data": ' + b"[" * 100_000,
          DecodeError, WSCloseCode.INVALID_TEXT, "invalid JSON: nested too deeply"),
    Fault("unknown tag", b'{"kind": "shout", "text": "x"}', ValidationError,
          WSCloseCode.POLICY_VIOLATION, "kind: unknown tag", without_schema=False),
    Fault("tag of the wrong type", b'{"kind": 3, "text": "x"}', ValidationError,
          WSCloseCode.POLICY_VIOLATION, "kind: unknown tag", without_schema=False),
    Fault("missing tag", b'{"text": "x"}', ValidationError, WSCloseCode.POLICY_VIOLATION,
          "kind: missing tag", without_schema=False),
    Fault("unknown tag, nested", b'[{"kind": "say", "text": "x"}, {"kind": "shout"}]',
          ValidationError, WSCloseCode.POLICY_VIOLATION, "[1].kind: unknown tag",
          without_schema=False, listed=True),
    Fault("missing tag, nested", b'[{"text": "x"}]', ValidationError,
          WSCloseCode.POLICY_VIOLATION, "[0].kind: missing tag", without_schema=False,
          listed=True),
]  # fmt: skip


def cases() -> list[Any]:
    rows: list[Any] = []
    for fault in JSON_FAULTS:
        for backend in SCHEMAS:
            for entry in JSON_WITH_SCHEMA:
                if fault.binary_only and entry not in BINARY_ONLY:
                    continue
                rows.append(
                    pytest.param(fault, backend, entry, id=f"{fault.name}-{backend}-{entry}")
                )
    return rows


def check(call: Callable[[], object], fault: Fault) -> None:
    with pytest.raises(MessageError) as info:
        call()
    err = info.value
    assert type(err) is fault.error
    assert err.close_code is fault.code
    assert err.reason == fault.reason


@pytest.mark.parametrize(("fault", "backend", "entry"), cases())
def test_a_json_fault_reads_the_same_through_every_decoder(
    fault: Fault, backend: str, entry: str
) -> None:
    schema = (LISTS if fault.listed else SCHEMAS)[backend]
    check(lambda: JSON_WITH_SCHEMA[entry](schema, fault.payload), fault)


@pytest.mark.parametrize(
    ("fault", "entry"),
    [
        pytest.param(fault, entry, id=f"{fault.name}-{entry}")
        for fault in JSON_FAULTS
        if fault.without_schema
        for entry in JSON_WITHOUT_SCHEMA
        if not fault.binary_only or entry in BINARY_ONLY | {"from_json(bytes)"}
    ],
)
def test_a_json_fault_reads_the_same_without_a_schema(fault: Fault, entry: str) -> None:
    check(lambda: JSON_WITHOUT_SCHEMA[entry](fault.payload), fault)


@pytest.mark.parametrize("backend", SCHEMAS)
@pytest.mark.parametrize("entry", ["TextMessage.json(schema)", "JsonCodec.decode(text)"])
def test_text_that_cannot_be_utf8_reads_the_same(backend: str, entry: str) -> None:
    fault = Fault("lone surrogate", b"", DecodeError, WSCloseCode.INVALID_TEXT,
                  "invalid JSON: not valid UTF-8")  # fmt: skip
    payload = '{"kind": "say", "text": "\ud800"}'
    if entry == "TextMessage.json(schema)":
        check(lambda: TextMessage(payload).json(SCHEMAS[backend]), fault)
    else:
        check(lambda: JsonCodec(SCHEMAS[backend]).decode(TextMessage(payload)), fault)
    check(lambda: from_json(payload), fault)


# --- msgpack ------------------------------------------------------------------------------

MSGPACK_FAULTS = [
    Fault("truncated", b"\x82\xa4kind", DecodeError, WSCloseCode.INVALID_TEXT,
          "invalid msgpack: truncated"),
    Fault("bad opcode", b"\xc1", DecodeError, WSCloseCode.INVALID_TEXT,
          "invalid msgpack: invalid opcode '\\xc1' at byte 0"),
    Fault("trailing", msgspec.msgpack.encode({"kind": "say", "text": "x"}) + b"\x01",
          DecodeError, WSCloseCode.INVALID_TEXT, "invalid msgpack: trailing characters at byte 17"),
    Fault("not UTF-8", b"\x82\xa4kind\xa3say\xa4text\xa2\xff\xfe", DecodeError,
          WSCloseCode.INVALID_TEXT, "invalid msgpack: not valid UTF-8"),
    Fault("unknown tag", msgspec.msgpack.encode({"kind": "shout"}), ValidationError,
          WSCloseCode.POLICY_VIOLATION, "kind: unknown tag", without_schema=False),
    Fault("missing tag", msgspec.msgpack.encode({"text": "x"}), ValidationError,
          WSCloseCode.POLICY_VIOLATION, "kind: missing tag", without_schema=False),
]  # fmt: skip


@pytest.mark.parametrize("backend", SCHEMAS)
@pytest.mark.parametrize("fault", MSGPACK_FAULTS, ids=lambda fault: fault.name)
def test_a_msgpack_fault_reads_the_same_under_both_backends(fault: Fault, backend: str) -> None:
    check(lambda: MsgpackCodec(SCHEMAS[backend]).decode(BinaryMessage(fault.payload)), fault)


@pytest.mark.parametrize(
    "fault", [f for f in MSGPACK_FAULTS if f.without_schema], ids=lambda fault: fault.name
)
def test_a_msgpack_fault_reads_the_same_without_a_schema(fault: Fault) -> None:
    check(lambda: from_msgpack(fault.payload), fault)


# --- size and message type ------------------------------------------------------------------


def too_big_text(schema: Any) -> object:
    return JsonCodec[Any](schema, max_size=8).decode(TextMessage('{"kind": "say"}'))


def too_big_binary(schema: Any) -> object:
    return JsonCodec[Any](schema, max_size=8).decode(BinaryMessage(b'{"kind": "say"}'))


def too_big_msgpack(schema: Any) -> object:
    return MsgpackCodec[Any](schema, max_size=8).decode(BinaryMessage(b"\x01" * 9))


@pytest.mark.parametrize("backend", SCHEMAS)
@pytest.mark.parametrize("decode", [too_big_text, too_big_binary, too_big_msgpack])
def test_over_max_size_reads_the_same(backend: str, decode: Callable[[Any], object]) -> None:
    fault = Fault("too big", b"", PayloadError, WSCloseCode.MESSAGE_TOO_BIG,
                  "payload is over the 8 bytes allowed")  # fmt: skip
    check(lambda: decode(SCHEMAS[backend]), fault)


@pytest.mark.parametrize("backend", SCHEMAS)
@pytest.mark.parametrize(
    ("codec_class", "message", "reason"),
    [
        (JsonCodec, PingMessage(b"{}"), "cannot decode JSON from a ping message"),
        (MsgpackCodec, TextMessage("{}"), "cannot decode msgpack from a text message"),
        (MsgpackCodec, PingMessage(b"\x80"), "cannot decode msgpack from a ping message"),
    ],
)
def test_a_message_the_codec_does_not_read_reads_the_same(
    backend: str, codec_class: type[Any], message: Any, reason: str
) -> None:
    fault = Fault("unreadable", b"", PayloadError, WSCloseCode.UNSUPPORTED_DATA, reason)
    check(lambda: codec_class(SCHEMAS[backend]).decode(message), fault)


# --- schema mismatches keep the backend's words, in one location format --------------------


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        (b'{"kind": "join", "room": 5}', "room: "),
        (b'[{"kind": "say", "text": "x"}, {"kind": "say", "text": 1}]', "[1].text: "),
    ],
)
def test_schema_mismatches_share_the_location_format(payload: bytes, where: str) -> None:
    reasons: list[str] = []
    for backend in SCHEMAS:
        schema = LISTS[backend] if payload.startswith(b"[") else SCHEMAS[backend]
        with pytest.raises(ValidationError) as info:
            JsonCodec(schema).decode(BinaryMessage(payload))
        assert info.value.reason.startswith(where)
        reasons.append(info.value.reason)
    assert len(set(reasons)) == 2  # the words are each backend's own


# --- a dict key at fault, and a payload full of faults -------------------------------------


class Counts(msgspec.Struct):
    d: dict[int, int]


class PCounts(pydantic.BaseModel):
    d: dict[int, int]


def test_a_bad_dict_key_is_located_at_its_dict_under_both_backends() -> None:
    # msgspec names no key, so its step is "..."; pydantic names it.
    with pytest.raises(ValidationError) as msgspec_info:
        JsonCodec(Counts).decode(TextMessage('{"d": {"x": 1}}'))
    with pytest.raises(ValidationError) as pydantic_info:
        JsonCodec(PCounts).decode(TextMessage('{"d": {"x": 1}}'))
    assert msgspec_info.value.errors[0]["loc"] == ("d", "...", "[key]")
    assert pydantic_info.value.errors[0]["loc"] == ("d", "x", "[key]")
    assert msgspec_info.value.reason.startswith("d[...][key]: ")
    assert pydantic_info.value.reason.startswith("d.x[key]: ")


class Color(enum.Enum):
    RED = "red"


class Paint(msgspec.Struct):
    shades: dict[Color, int]
    color: Color


MARKS = [" - at `$.shades`", " - at `key` in `$.shades`", " - at `$"]


@pytest.mark.parametrize("mark", MARKS)
def test_a_peers_value_holding_msgspecs_marks_cannot_move_the_location(mark: str) -> None:
    cases: list[tuple[dict[str, object], tuple[str, ...]]] = [
        ({"shades": {}, "color": f"x{mark}"}, ("color",)),
        ({"shades": {f"x{mark}": 1}, "color": "red"}, ("shades", "...", "[key]")),
    ]
    for payload, loc in cases:
        with pytest.raises(ValidationError) as info:
            JsonCodec(Paint).decode(TextMessage(json.dumps(payload)))
        assert info.value.errors[0]["loc"] == loc


@pytest.mark.parametrize("mark", [" - at `key` in `$", " - at `$"])
def test_a_field_name_holding_msgspecs_marks_is_still_a_clean_validation_error(mark: str) -> None:
    # The schema's own name can move msgspec's location: it is lost, never an
    # exception of another kind or a location made up of the peer's data.
    odd = msgspec.defstruct("Odd", [("value", int, msgspec.field(name=mark))])
    with pytest.raises(ValidationError) as info:
        JsonCodec(odd).decode(TextMessage(json.dumps({mark: "not an int"})))
    assert info.value.close_code == WSCloseCode.POLICY_VIOLATION
    assert "not an int" not in info.value.reason


class Many(pydantic.BaseModel):
    items: list[int]


@pytest.mark.parametrize("bad", [150, 20_000])
def test_a_payload_of_many_faults_keeps_the_first_hundred(bad: int) -> None:
    # pydantic reports every bad item; building a dict for each of a
    # payload's million faults took several times the validation itself.
    payload = '{"items": [' + ", ".join(['"x"'] * bad) + "]}"
    with pytest.raises(ValidationError) as info:
        JsonCodec(Many).decode(TextMessage(payload))
    errors = info.value.errors
    assert len(errors) == MAX_DETAILS
    assert [error["loc"] for error in errors] == [("items", n) for n in range(MAX_DETAILS)]
    assert info.value.reason.startswith("items[0]: Input should be a valid integer")
