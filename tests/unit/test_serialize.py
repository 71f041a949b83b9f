"""Dicts, JSON and msgpack: the envelope, both modes, and bad input per entry point."""

from __future__ import annotations

import copy
import json
import types
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import msgspec
import pytest

from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    DecodeError,
    ErrorMessage,
    MessageError,
    PayloadError,
    PingMessage,
    RemoteError,
    TextMessage,
    WSCloseCode,
    WSMessage,
    WSMsgType,
    from_dict,
    from_json,
    from_msgpack,
    to_dict,
    to_json,
    to_msgpack,
)
from wsmessage.serialize import exception_text

from ..message_rows import BOOM, ROW_IDS, ROWS, read_back

# --- to_dict / from_dict ------------------------------------------------------------


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS, ids=ROW_IDS)
def test_to_dict_in_each_mode(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any]
) -> None:
    assert to_dict(message) == python
    assert to_dict(message, mode="python") == python
    assert to_dict(message, mode="json") == json_safe
    assert list(to_dict(message)) == ["type", "data", "extra"]


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS, ids=ROW_IDS)
def test_json_mode_holds_only_json_types(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any]
) -> None:
    converted = to_dict(message, mode="json")
    assert json.loads(json.dumps(converted)) == converted
    assert type(converted["data"]) in (str, int, type(None))


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS, ids=ROW_IDS)
def test_from_dict_reads_both_modes(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any]
) -> None:
    # Python mode keeps an ERROR's exception itself; JSON mode keeps its text.
    assert from_dict(python) == message
    assert from_dict(json_safe) == read_back(message)
    assert type(from_dict(json_safe).data) is type(read_back(message).data)


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS, ids=ROW_IDS)
def test_from_dict_takes_the_type_as_int_or_enum(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any]
) -> None:
    for kind in (message.type, int(message.type)):
        assert from_dict({**json_safe, "type": kind}) == read_back(message)


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS, ids=ROW_IDS)
def test_from_dict_takes_extra_left_out(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any]
) -> None:
    without = {"type": python["type"], "data": python["data"]}
    expected = CloseMessage(message.data) if isinstance(message, CloseMessage) else message
    assert from_dict(without) == expected


def test_from_dict_reads_a_close_reason_of_none_as_empty() -> None:
    assert from_dict({"type": "close", "data": 1000, "extra": None}) == CloseMessage(1000)


@pytest.mark.parametrize("make", [bytes, bytearray, memoryview])
@pytest.mark.parametrize("kind", ["continuation", "binary", "ping", "pong"])
def test_from_dict_takes_bytes_likes(kind: str, make: Callable[[bytes], Any]) -> None:
    message = from_dict({"type": kind, "data": make(b"abc")})
    assert message.data == b"abc"
    assert type(message.data) is bytes


def test_error_text_becomes_a_remote_error_never_a_named_class() -> None:
    for text in ["os.system: rm -rf /", "builtins.SystemExit: 1", "KeyboardInterrupt", ""]:
        message = from_dict({"type": "error", "data": text})
        assert message == ErrorMessage(RemoteError(text))
        assert type(message.data) is RemoteError


@pytest.mark.parametrize(
    ("exc", "text"),
    [
        (RuntimeError("boom"), "RuntimeError: boom"),
        (ValueError(), "ValueError"),
        (KeyError("k"), "KeyError: 'k'"),
        (OSError("disk full"), "OSError: disk full"),
        (RemoteError("TimeoutError: slow"), "TimeoutError: slow"),
        (RuntimeError("caf\udce9"), "RuntimeError: caf\\udce9"),
        (RuntimeError("café"), "RuntimeError: café"),
    ],
)
def test_exception_text(exc: BaseException, text: str) -> None:
    assert exception_text(exc) == text
    assert to_dict(ErrorMessage(exc), mode="json")["data"] == text


def test_exception_whose_str_fails_still_has_a_text() -> None:
    class Broken(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    assert exception_text(Broken()) == "Broken: <exception str() failed>"
    assert from_json(to_json(ErrorMessage(Broken()))).data == RemoteError(
        "Broken: <exception str() failed>"
    )


def test_error_round_trips_to_the_same_text_again_and_again() -> None:
    message = ErrorMessage(TimeoutError("read timed out"))
    once = from_dict(to_dict(message, mode="json"))
    twice = from_dict(to_dict(once, mode="json"))
    assert once == twice == ErrorMessage(RemoteError("TimeoutError: read timed out"))


def test_to_dict_json_mode_does_not_encode_text() -> None:
    # Only what encodes (to_json, to_msgpack) refuses lone surrogates.
    assert to_dict(TextMessage("\ud800"), mode="json")["data"] == "\ud800"


# --- to_json / from_json, to_msgpack / from_msgpack ----------------------------------


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS, ids=ROW_IDS)
def test_to_json_is_the_json_mode_dict(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any]
) -> None:
    encoded = to_json(message)
    assert type(encoded) is bytes
    assert json.loads(encoded) == json_safe
    assert list(json.loads(encoded)) == ["type", "data", "extra"]
    assert from_json(encoded) == read_back(message)
    assert from_json(encoded.decode()) == read_back(message)
    assert from_json(bytearray(encoded)) == read_back(message)
    assert from_json(memoryview(encoded)) == read_back(message)


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS, ids=ROW_IDS)
def test_msgpack_round_trip_keeps_bytes(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any]
) -> None:
    encoded = to_msgpack(message)
    assert type(encoded) is bytes
    decoded = msgspec.msgpack.decode(encoded)
    assert decoded == (python if isinstance(python["data"], bytes) else json_safe)
    assert from_msgpack(encoded) == read_back(message)
    assert from_msgpack(bytearray(encoded)) == read_back(message)


def test_msgpack_also_reads_base64_for_bytes() -> None:
    encoded = msgspec.msgpack.encode({"type": "binary", "data": "AP8=", "extra": None})
    assert from_msgpack(encoded) == BinaryMessage(b"\x00\xff")


@pytest.mark.parametrize("to_bytes", [to_json, to_msgpack])
@pytest.mark.parametrize("text", ["\ud800", "ok\udfff", "\udcff" * 3])
def test_lone_surrogates_are_refused_where_encoded(
    to_bytes: Callable[[WSMessage], bytes], text: str
) -> None:
    with pytest.raises(PayloadError) as info:
        to_bytes(TextMessage(text))
    assert info.value.close_code is WSCloseCode.INVALID_TEXT


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (b'{"type": 1, "data": "x"}', TextMessage("x")),
        (b'{"data": "x", "type": "text"}', TextMessage("x")),
        (b'{"type": "close", "data": 1000, "extra": null}', CloseMessage(1000)),
        (b'{"type": "close", "data": 1000}', CloseMessage(1000)),
        (b'{"type": 8, "data": 3000, "extra": "x"}', CloseMessage(3000, "x")),
        (b'{"type": "binary", "data": ""}', BinaryMessage(b"")),
        (b'{"type": "ping", "data": "cA=="}', PingMessage(b"p")),
        (b'{"type": "closed", "data": null}', ClosedMessage()),
        (b' {"type":"text","data":"\\u00e9"} ', TextMessage("é")),
    ],
)
def test_from_json_reads_what_from_dict_reads(document: bytes, expected: WSMessage) -> None:
    assert from_json(document) == expected
    assert from_dict(json.loads(document)) == expected


# --- programmer errors ---------------------------------------------------------------


@pytest.mark.parametrize("to_x", [to_dict, to_json, to_msgpack])
@pytest.mark.parametrize(
    "value",
    [{"type": "text", "data": "x", "extra": None}, "x", None, WSMsgType.TEXT, RemoteError("x")],
)
def test_to_functions_take_only_messages(to_x: Callable[[Any], Any], value: Any) -> None:
    with pytest.raises(TypeError, match="takes a message"):
        to_x(value)


@pytest.mark.parametrize("mode", ["jsn", "JSON", None, 1])
def test_to_dict_refuses_unknown_modes(mode: Any) -> None:
    with pytest.raises(TypeError, match="mode"):
        to_dict(TextMessage("x"), mode=mode)


# --- bad input ----------------------------------------------------------------------


class HostileDict(dict[str, Any]):
    def __getitem__(self, key: str) -> Any:
        raise RuntimeError("hostile")

    def get(self, key: str, default: Any = None) -> Any:
        raise RuntimeError("hostile")


class BrokenMapping(Mapping[str, Any]):
    def __getitem__(self, key: str) -> Any:
        raise RuntimeError("broken")

    def __iter__(self) -> Iterator[str]:
        return iter(["type", "data"])

    def __len__(self) -> int:
        return 2


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


# (input, close code, text expected in the reason)
BAD_DICTS: list[tuple[Any, WSCloseCode, str]] = [
    (None, WSCloseCode.PROTOCOL_ERROR, "must be a dict"),
    ("text", WSCloseCode.PROTOCOL_ERROR, "must be a dict"),
    ([("type", "text")], WSCloseCode.PROTOCOL_ERROR, "must be a dict"),
    ({}, WSCloseCode.PROTOCOL_ERROR, "no type"),
    ({"data": "x"}, WSCloseCode.PROTOCOL_ERROR, "no type"),
    ({"data": "x", "extra": None}, WSCloseCode.PROTOCOL_ERROR, "no type"),
    ({"type": "text"}, WSCloseCode.PROTOCOL_ERROR, "no data"),
    ({"type": "text", "extra": None}, WSCloseCode.PROTOCOL_ERROR, "no data"),
    ({"type": "closed"}, WSCloseCode.PROTOCOL_ERROR, "no data"),
    ({"type": "text", "data": "x", "extr": None}, WSCloseCode.PROTOCOL_ERROR, "'extr'"),
    ({"type": "text", "data": "x", "extra": None, "id": 1}, WSCloseCode.PROTOCOL_ERROR, "'id'"),
    ({"type": "text", "data": "x", 1: 2}, WSCloseCode.PROTOCOL_ERROR, "unknown key"),
    ({"type": "text", "data": "x", "k" * 1000: 2}, WSCloseCode.PROTOCOL_ERROR, "unknown key"),
    ({"type": "text", "data": "x", "k" * 25: 2}, WSCloseCode.PROTOCOL_ERROR, "unknown key"),
    ({"type": "txt", "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "'txt'"),
    ({"type": "TEXT", "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "unknown message type"),
    ({"type": "t" * 10_000, "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "unknown message type"),
    ({"type": "t" * 25, "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "unknown message type"),
    ({"type": 3, "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "unknown message type"),
    ({"type": 2**80, "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "unknown message type"),
    ({"type": True, "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "not bool"),
    ({"type": 1.0, "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "not float"),
    ({"type": None, "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "not NoneType"),
    ({"type": ["text"], "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "not list"),
    ({"type": b"text", "data": "x"}, WSCloseCode.PROTOCOL_ERROR, "not bytes"),
    ({"type": "text", "data": b"x"}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "text", "data": None}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "text", "data": nested(10_000)}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "text", "data": "x", "extra": ""}, WSCloseCode.PROTOCOL_ERROR, "no extra"),
    ({"type": "binary", "data": "AP8"}, WSCloseCode.PROTOCOL_ERROR, "base64"),
    ({"type": "binary", "data": "AP9="}, WSCloseCode.PROTOCOL_ERROR, "base64"),  # bits left
    ({"type": "binary", "data": "AP8=="}, WSCloseCode.PROTOCOL_ERROR, "base64"),
    ({"type": "binary", "data": "AP 8="}, WSCloseCode.PROTOCOL_ERROR, "base64"),
    ({"type": "binary", "data": "AP8=\n"}, WSCloseCode.PROTOCOL_ERROR, "base64"),
    ({"type": "binary", "data": "AP-_"}, WSCloseCode.PROTOCOL_ERROR, "base64"),  # urlsafe
    ({"type": "binary", "data": "é"}, WSCloseCode.PROTOCOL_ERROR, "base64"),
    ({"type": "binary", "data": "!!!!"}, WSCloseCode.PROTOCOL_ERROR, "base64"),
    ({"type": "binary", "data": 1}, WSCloseCode.PROTOCOL_ERROR, "must be bytes"),
    ({"type": "binary", "data": [0, 255]}, WSCloseCode.PROTOCOL_ERROR, "must be bytes"),
    ({"type": "ping", "data": "cHBw" * 42}, WSCloseCode.PROTOCOL_ERROR, "over the 125"),
    ({"type": "pong", "data": b"x" * 126}, WSCloseCode.PROTOCOL_ERROR, "over the 125"),
    ({"type": "close", "data": 1004}, WSCloseCode.PROTOCOL_ERROR, "1004"),
    ({"type": "close", "data": "1000"}, WSCloseCode.PROTOCOL_ERROR, "must be int"),
    ({"type": "close", "data": 1000.0}, WSCloseCode.PROTOCOL_ERROR, "must be int"),
    ({"type": "close", "data": None}, WSCloseCode.PROTOCOL_ERROR, "must be int"),
    ({"type": "close", "data": 1000, "extra": 1}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "close", "data": 1000, "extra": "a" * 124}, WSCloseCode.PROTOCOL_ERROR, "123"),
    ({"type": "close", "data": 1000, "extra": "\ud800"}, WSCloseCode.INVALID_TEXT, "UTF-8"),
    ({"type": "closing", "data": ""}, WSCloseCode.PROTOCOL_ERROR, "no data"),
    ({"type": "closed", "data": None, "extra": ""}, WSCloseCode.PROTOCOL_ERROR, "no extra"),
    ({"type": "error", "data": None}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "error", "data": RuntimeError}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "error", "data": ["RuntimeError", "x"]}, WSCloseCode.PROTOCOL_ERROR, "must be str"),
    ({"type": "error", "data": "x", "extra": "y"}, WSCloseCode.PROTOCOL_ERROR, "no extra"),
]


@pytest.mark.parametrize(("bad", "close_code", "text"), BAD_DICTS)
def test_from_dict_bad_input(bad: Any, close_code: WSCloseCode, text: str) -> None:
    try:
        before = copy.deepcopy(bad)
    except RecursionError:
        before = None
    with pytest.raises(PayloadError) as info:
        from_dict(bad)
    err = info.value
    assert err.close_code is close_code
    assert text in err.reason
    assert len(err.reason.encode()) <= 123
    # A reason quotes at most 24 characters of the input.
    assert "k" * 25 not in err.reason
    assert "t" * 25 not in err.reason
    if before is not None:
        assert bad == before


def test_from_dict_reads_other_mappings() -> None:
    proxy = types.MappingProxyType({"type": "text", "data": "x"})
    assert from_dict(proxy) == TextMessage("x")


def test_from_dict_turns_a_mapping_that_fails_into_a_payload_error() -> None:
    with pytest.raises(PayloadError, match="cannot be read") as info:
        from_dict(BrokenMapping())
    assert isinstance(info.value.__cause__, RuntimeError)


def test_from_dict_does_not_trust_a_dict_subclass_getitem() -> None:
    assert from_dict(HostileDict(type="text", data="x")) == TextMessage("x")


def test_from_dict_leaves_its_input_alone() -> None:
    payload = bytearray(b"abc")
    d = {"type": "binary", "data": payload, "extra": None}
    message = from_dict(d)
    assert d == {"type": "binary", "data": bytearray(b"abc"), "extra": None}
    payload[0] = ord("z")
    assert message.data == b"abc"  # the message holds a copy


# (document, close code)
BAD_JSON: list[tuple[Any, WSCloseCode]] = [
    (b"", WSCloseCode.INVALID_TEXT),
    (b"{", WSCloseCode.INVALID_TEXT),
    (b"{'type': 'text'}", WSCloseCode.INVALID_TEXT),
    (b'{"type": "text", "data": "x"} trailing', WSCloseCode.INVALID_TEXT),
    (b'{"type": "text", "data": "\xff"}', WSCloseCode.INVALID_TEXT),
    (b'{"type": "text", "data": "\\ud800"}', WSCloseCode.INVALID_TEXT),
    ('{"type": "text", "data": "\ud800"}', WSCloseCode.INVALID_TEXT),
    (b"[" * 100_000 + b"]" * 100_000, WSCloseCode.INVALID_TEXT),
    (b'{"a":' * 100_000, WSCloseCode.INVALID_TEXT),
    (b"null", WSCloseCode.PROTOCOL_ERROR),
    (b"[]", WSCloseCode.PROTOCOL_ERROR),
    (b'"text"', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "text", "data": 1}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "text"}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "closed"}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "ping"}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"data": "x"}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "binary", "data": "AP9="}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "TEXT", "data": "x"}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "text", "data": "x", "extra": null, "x": 1}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "close", "data": 1000.0}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "close", "data": true}', WSCloseCode.PROTOCOL_ERROR),
    (b'{"type": "close", "data": 1e400}', WSCloseCode.INVALID_TEXT),  # out of range
    (b'{"type": "close", "data": ' + b"9" * 5000 + b"}", WSCloseCode.INVALID_TEXT),
    (b'{"type": "close", "data": 18446744073709551616}', WSCloseCode.PROTOCOL_ERROR),
    (None, WSCloseCode.PROTOCOL_ERROR),
    (1, WSCloseCode.PROTOCOL_ERROR),
    ({"type": "text", "data": "x"}, WSCloseCode.PROTOCOL_ERROR),
]


@pytest.mark.parametrize(("document", "close_code"), BAD_JSON, ids=lambda v: repr(v)[:30])
def test_from_json_bad_input(document: Any, close_code: WSCloseCode) -> None:
    with pytest.raises(MessageError) as info:
        from_json(document)
    assert info.value.close_code is close_code
    assert len(info.value.reason.encode()) <= 123
    if close_code is WSCloseCode.INVALID_TEXT:
        assert isinstance(info.value, DecodeError)


def test_from_json_reports_the_envelope_error_not_the_fast_path_one() -> None:
    with pytest.raises(PayloadError) as info:
        from_json(b'{"type": "close", "data": 1004}')
    assert info.value.reason == "close code 1004 is not allowed"
    assert info.value.__context__ is None


def spaced(data: bytes) -> memoryview:
    """``data`` as a memoryview that is not contiguous: every other byte of a buffer."""
    doubled = bytearray(2 * len(data))
    doubled[::2] = data
    return memoryview(doubled)[::2]


def released(data: bytes) -> memoryview:
    view = memoryview(data)
    view.release()
    return view


@pytest.mark.parametrize(("read", "write"), [(from_json, to_json), (from_msgpack, to_msgpack)])
def test_readers_take_any_memoryview(
    read: Callable[[Any], WSMessage], write: Callable[[WSMessage], bytes]
) -> None:
    message = CloseMessage(1001, "bye")
    assert read(spaced(write(message))) == message
    with pytest.raises(PayloadError) as info:
        read(released(write(message)))
    assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR
    assert "released" in info.value.reason


BAD_MSGPACK: list[tuple[Any, WSCloseCode]] = [
    (b"", WSCloseCode.INVALID_TEXT),
    (b"\xc1", WSCloseCode.INVALID_TEXT),  # never used
    (b"\x82\xa4type", WSCloseCode.INVALID_TEXT),  # truncated
    (b"\x81\xa4type\xa2\xff\xfe", WSCloseCode.INVALID_TEXT),  # str that is not UTF-8
    (b"\x91" * 100_000 + b"\xc0", WSCloseCode.INVALID_TEXT),
    (b"\xc0", WSCloseCode.PROTOCOL_ERROR),
    (msgspec.msgpack.encode({"type": "closing"}), WSCloseCode.PROTOCOL_ERROR),
    (msgspec.msgpack.encode({"type": "pong"}), WSCloseCode.PROTOCOL_ERROR),
    (msgspec.msgpack.encode({"type": "binary"}), WSCloseCode.PROTOCOL_ERROR),
    (msgspec.msgpack.encode({"type": "binary", "data": "AP9="}), WSCloseCode.PROTOCOL_ERROR),
    (msgspec.msgpack.encode({"type": b"text", "data": "x"}), WSCloseCode.PROTOCOL_ERROR),
    (
        msgspec.msgpack.encode({"type": "text", "data": "x", "extra": ""}),
        WSCloseCode.PROTOCOL_ERROR,
    ),
    (b"\x81\x91\x01\x02", WSCloseCode.PROTOCOL_ERROR),  # {(1,): 2}
    (msgspec.msgpack.encode({"type": "text", "data": b"x"}), WSCloseCode.PROTOCOL_ERROR),
    (
        msgspec.msgpack.encode({"type": "binary", "data": msgspec.msgpack.Ext(1, b"x")}),
        WSCloseCode.PROTOCOL_ERROR,
    ),
    ("\x81", WSCloseCode.PROTOCOL_ERROR),
    (None, WSCloseCode.PROTOCOL_ERROR),
    ([1], WSCloseCode.PROTOCOL_ERROR),
]


@pytest.mark.parametrize(("document", "close_code"), BAD_MSGPACK, ids=lambda v: repr(v)[:30])
def test_from_msgpack_bad_input(document: Any, close_code: WSCloseCode) -> None:
    with pytest.raises(MessageError) as info:
        from_msgpack(document)
    assert info.value.close_code == close_code
    assert len(info.value.reason.encode()) <= 123


# --- as field types: msgspec ----------------------------------------------------------


class Envelope(msgspec.Struct):
    msg: WSMessage
    seq: int = 0


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS[:-1], ids=ROW_IDS[:-1])
@pytest.mark.parametrize("codec", [msgspec.json, msgspec.msgpack], ids=["json", "msgpack"])
def test_msgspec_structs_round_trip(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any], codec: Any
) -> None:
    encoded = codec.encode(Envelope(message, 7))
    assert codec.decode(encoded, type=Envelope) == Envelope(message, 7)


def test_msgspec_json_writes_bytes_as_base64_and_checks_on_decode() -> None:
    encoded = msgspec.json.encode(Envelope(BinaryMessage(b"\x00\xff")))
    assert json.loads(encoded)["msg"] == {"type": "binary", "data": "AP8=", "extra": None}
    with pytest.raises(msgspec.ValidationError, match="1004"):
        msgspec.json.decode(b'{"msg": {"type": "close", "data": 1004}}', type=Envelope)


def test_msgspec_structs_do_not_carry_error_messages() -> None:
    # msgspec cannot encode an exception without an enc_hook, and a decoded
    # ERROR holds text, which ErrorMessage refuses: use to_dict/from_dict.
    with pytest.raises(TypeError, match="RuntimeError"):
        msgspec.json.encode(Envelope(ErrorMessage(BOOM)))
    encoded = msgspec.json.encode(Envelope(ErrorMessage(BOOM)), enc_hook=exception_text)
    with pytest.raises(msgspec.ValidationError, match="must be an exception"):
        msgspec.json.decode(encoded, type=Envelope)
    raw = msgspec.json.decode(encoded)
    assert from_dict(raw["msg"]) == ErrorMessage(RemoteError("RuntimeError: boom"))
