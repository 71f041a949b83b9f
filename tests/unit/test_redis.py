"""wsmessage.redis without a server: arguments, encoding, errors, and the backlog's bound."""

from __future__ import annotations

import asyncio
import pickle
from typing import Any

import msgspec
import pytest
import redis.asyncio

from wsmessage import DecodeError, MessageError, PayloadError, ValidationError, WSCloseCode
from wsmessage._redis_backlog import Backlog, Ending, Kind, Reconnect
from wsmessage._redis_streams import check_stream_id, read_fields
from wsmessage.redis import (
    BacklogError,
    FeedError,
    Gap,
    GapError,
    RedisHub,
    UnreachableError,
)


class Said(msgspec.Struct):
    name: str
    text: str


# Made without connecting: redis-py connects on the first command.
CLIENT = redis.asyncio.Redis(port=1)


@pytest.mark.parametrize("fmt", ["msgpack", "json"])
def test_encode_and_decode_round_trip(fmt: Any) -> None:
    hub = RedisHub(CLIENT, Said, format=fmt)
    data = hub.encode(Said("ada", "hi"))
    assert type(data) is bytes
    assert data == (
        msgspec.msgpack.encode(Said("ada", "hi"))
        if fmt == "msgpack"
        else msgspec.json.encode(Said("ada", "hi"))
    )
    assert hub.decode(data) == Said("ada", "hi")


@pytest.mark.parametrize(
    ("data", "error", "code"),
    [
        (b"\xc1", DecodeError, WSCloseCode.INVALID_TEXT),
        (msgspec.msgpack.encode({"name": 1}), ValidationError, WSCloseCode.POLICY_VIOLATION),
        (b"x" * 100, PayloadError, WSCloseCode.MESSAGE_TOO_BIG),
        ("a str", PayloadError, WSCloseCode.PROTOCOL_ERROR),
        (None, PayloadError, WSCloseCode.PROTOCOL_ERROR),
        (12, PayloadError, WSCloseCode.PROTOCOL_ERROR),
    ],
)
def test_decode_refuses_what_is_not_the_schema(
    data: object, error: type[MessageError], code: WSCloseCode
) -> None:
    hub = RedisHub(CLIENT, Said, max_size=64)
    with pytest.raises(error) as caught:
        hub.decode(data)
    assert caught.value.close_code == code


def test_keys_are_the_prefix_and_the_channel() -> None:
    assert RedisHub(CLIENT, Said).key("lobby") == "wsmessage:lobby"
    assert RedisHub(CLIENT, Said, prefix="chat/").key("lobby") == "chat/lobby"


BAD_HUB_ARGUMENTS: list[tuple[dict[str, Any], type[Exception]]] = [
    ({"mode": "list"}, ValueError),
    ({"mode": 1}, TypeError),
    ({"format": "xml"}, ValueError),
    ({"maxlen": 0}, ValueError),
    ({"maxlen": 1.5}, TypeError),
    ({"maxlen": True}, TypeError),
    ({"prefix": b"x"}, TypeError),
    ({"max_size": -1}, ValueError),
    ({"reconnect_timeout": -1}, ValueError),
    ({"reconnect_timeout": float("nan")}, ValueError),
    ({"reconnect_timeout": "1"}, TypeError),
]


@pytest.mark.parametrize(("options", "error"), BAD_HUB_ARGUMENTS)
def test_bad_hub_arguments_fail_when_the_hub_is_made(
    options: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        RedisHub(CLIENT, Said, **options)


def test_a_hub_needs_an_asyncio_client_that_keeps_bytes() -> None:
    with pytest.raises(TypeError, match=r"redis\.asyncio\.Redis"):
        RedisHub(object(), Said)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(ValueError, match="decode_responses"):
        RedisHub(redis.asyncio.Redis(port=1, decode_responses=True), Said)


def test_a_schema_no_codec_handles_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        RedisHub(CLIENT, object())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


BAD_SUBSCRIPTIONS: list[tuple[str, dict[str, Any], type[Exception]]] = [
    ("streams", {"channel": ""}, ValueError),
    ("streams", {"channel": 1}, TypeError),
    ("streams", {"max_backlog": 0}, ValueError),
    ("streams", {"history": -1}, ValueError),
    ("streams", {"history": 11, "max_backlog": 10}, ValueError),
    ("streams", {"after": "latest"}, ValueError),
    ("streams", {"after": "1-2-3"}, ValueError),
    ("streams", {"after": f"{2**64}-0"}, ValueError),
    ("streams", {"after": 17}, TypeError),
    ("streams", {"after": "1-0", "history": 1}, ValueError),
    ("streams", {"on_invalid": "ignore"}, ValueError),
    ("streams", {"on_gap": None}, TypeError),
    ("pubsub", {"history": 1}, ValueError),
    ("pubsub", {"after": "1-0"}, ValueError),
]


@pytest.mark.parametrize(("mode", "options", "error"), BAD_SUBSCRIPTIONS)
def test_bad_subscriptions_fail_before_anything_is_read(
    mode: Any, options: dict[str, Any], error: type[Exception]
) -> None:
    hub = RedisHub(CLIENT, Said, mode=mode)
    channel = options.pop("channel", "lobby")
    with pytest.raises(error):
        hub.subscribe(channel, **options)


async def test_a_feed_must_be_entered_before_it_is_iterated() -> None:
    feed = RedisHub(CLIENT, Said).subscribe("lobby")
    with pytest.raises(RuntimeError, match="async with"):
        await anext(feed)


@pytest.mark.parametrize("stream_id", ["0-1", "1700000000000-0", f"{2**64 - 1}-{2**64 - 1}"])
def test_stream_ids_are_checked(stream_id: str) -> None:
    assert check_stream_id(stream_id) == stream_id


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        FeedError("x"),
        BacklogError("x"),
        UnreachableError("x"),
        GapError("x", Gap("trimmed", 3)),
        FeedError("x", WSCloseCode.INTERNAL_ERROR),
    ],
)
def test_feed_errors_are_message_errors_that_pickle(error: FeedError) -> None:
    assert isinstance(error, MessageError)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (copy.reason, copy.close_code) == (error.reason, error.close_code)
    if isinstance(error, GapError):
        assert isinstance(copy, GapError)
        assert copy.gap == error.gap


def test_feed_errors_close_with_try_again_later() -> None:
    for cls in (FeedError, BacklogError, UnreachableError):
        assert cls("x").close_code == WSCloseCode.TRY_AGAIN_LATER


# --- what a stream entry may hold -----------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ([b"seq", b"7", b"data", b"x"], (7, b"x")),
        ([b"data", b"x"], (None, b"x")),
        ([b"data", b"x", b"other", b"y", b"seq", b"1"], (1, b"x")),
    ],
)
def test_read_fields(fields: list[bytes], expected: tuple[int | None, bytes]) -> None:
    assert read_fields(fields) == expected


@pytest.mark.parametrize(
    "fields",
    [
        None,
        b"data",
        [],
        [b"data"],
        [b"seq", b"1"],
        [b"seq", b"0", b"data", b"x"],
        [b"seq", b"01", b"data", b"x"],
        [b"seq", b"1e3", b"data", b"x"],
        [b"seq", b"9" * 20, b"data", b"x"],
        [b"seq", 1, b"data", b"x"],
        [[b"data"], b"x"],
        {b"data": b"x"},
    ],
)
def test_malformed_entries_are_payload_errors(fields: object) -> None:
    with pytest.raises(PayloadError):
        read_fields(fields)


class Name(str):
    """A name whose hash and equality raise: read, it would raise them."""

    def __hash__(self) -> int:
        raise LookupError("hash")

    def __eq__(self, other: object) -> bool:
        raise LookupError("eq")


class Fields(list[object]):
    """A list whose own methods raise: read by list's code, it gives its items."""

    def __iter__(self) -> Any:
        raise LookupError("iter")

    def __len__(self) -> int:
        raise LookupError("len")

    def __getitem__(self, index: Any) -> Any:
        raise LookupError("getitem")


def test_names_are_read_only_as_bytes() -> None:
    for name in (Name("data"), "data", 1):
        with pytest.raises(PayloadError, match="malformed fields"):
            read_fields([name, b"x"])


def test_a_list_subclass_is_read_by_lists_own_code() -> None:
    assert read_fields(Fields([b"seq", b"2", b"data", b"x"])) == (2, b"x")


# --- the backlog's bound ------------------------------------------------------------------------


async def test_the_backlog_holds_at_most_its_limit_and_overflows_at_once() -> None:
    backlog = Backlog(3)
    for i in range(3):
        assert backlog.put(Kind.VALUE, None, i)
    backlog.put_gap(Gap("disconnected"))
    backlog.put_gap(Gap("disconnected"))  # one notice for a run of them
    assert len(backlog) == 3
    assert backlog.room == 0
    assert not backlog.put(Kind.VALUE, None, 3)
    assert len(backlog) == 0
    assert backlog.peak == 3
    assert await backlog.take() is Ending.OVERFLOW


async def test_the_backlog_gives_its_entries_then_why_it_ended() -> None:
    backlog = Backlog(10)
    backlog.put(Kind.VALUE, "1-0", "a")
    backlog.put_gap(Gap("disconnected"))
    backlog.put_gap(Gap("disconnected"))
    backlog.end(Ending.UNREACHABLE, ConnectionError("gone"))
    assert await backlog.take() == (Kind.VALUE, "1-0", "a")
    assert await backlog.take() == (Kind.GAP, None, Gap("disconnected"))
    assert await backlog.take() is Ending.UNREACHABLE
    assert isinstance(backlog.cause, ConnectionError)


async def test_waiting_for_room_ends_when_the_consumer_takes() -> None:
    backlog = Backlog(1)
    backlog.put(Kind.VALUE, None, 0)
    waiting = asyncio.ensure_future(backlog.wait_for_room())
    await asyncio.sleep(0)
    assert not waiting.done()
    await backlog.take()
    await asyncio.wait_for(waiting, 1)


async def test_reconnect_gives_up_after_its_timeout_and_starts_over_after_a_success() -> None:
    reconnect = Reconnect(0.2)
    attempts = 0
    while await reconnect.wait():
        attempts += 1
        assert attempts < 100
    assert attempts >= 1
    reconnect.succeeded()
    assert await reconnect.wait()
