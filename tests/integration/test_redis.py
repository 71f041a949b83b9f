"""RedisHub against a real redis-server: values in, the same values out, junk counted."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
import pytest
import redis.asyncio
import redis.exceptions

from wsmessage import DecodeError, MessageError, PayloadError, ValidationError, WSCloseCode
from wsmessage.redis import FeedError, RedisHub

from .conftest import within
from .redis_schemas import SCHEMAS, Failed, Said, said, stream_entries, take
from .redis_server import RedisServer

MODES = ["streams", "pubsub"]
FORMATS = ["msgpack", "json"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("schema", "make"), SCHEMAS, ids=["msgspec-union", "pydantic"])
async def test_published_values_arrive_in_order_as_the_schema(
    redis_client: redis.asyncio.Redis, mode: Any, fmt: Any, schema: Any, make: Callable[[int], Any]
) -> None:
    hub = RedisHub(redis_client, schema, mode=mode, format=fmt)
    async with hub.subscribe("lobby") as feed:
        sent = [make(i) for i in range(20)]
        for value in sent:
            await hub.publish("lobby", value)
        received = await take(feed, 20)
    assert received == sent
    assert [type(value) for value in received] == [type(value) for value in sent]
    assert feed.invalid == 0
    assert feed.gaps == 0


@pytest.mark.parametrize("mode", MODES)
async def test_a_union_gives_each_member_its_own_class(
    redis_client: redis.asyncio.Redis, mode: Any
) -> None:
    hub = RedisHub(redis_client, Said | Failed, mode=mode)
    async with hub.subscribe("lobby") as feed:
        await hub.publish("lobby", Said("ada", "hi"))
        await hub.publish("lobby", Failed("room is full"))
        assert await take(feed, 2) == [Said("ada", "hi"), Failed("room is full")]


@pytest.mark.parametrize("mode", MODES)
async def test_channels_and_prefixes_are_apart(
    redis_client: redis.asyncio.Redis, mode: Any
) -> None:
    hub = RedisHub(redis_client, Said, mode=mode)
    other = RedisHub(redis_client, Said, mode=mode, prefix="other:")
    async with hub.subscribe("a") as feed_a, hub.subscribe("b") as feed_b:
        await other.publish("a", said(0))
        await hub.publish("b", said(1))
        await hub.publish("a", said(2))
        assert await take(feed_a, 1) == [said(2)]
        assert await take(feed_b, 1) == [said(1)]


async def test_streams_feed_starts_with_what_is_published_after_it(
    redis_client: redis.asyncio.Redis,
) -> None:
    hub = RedisHub(redis_client, Said)
    for i in range(3):
        await hub.publish("lobby", said(i))
    async with hub.subscribe("lobby") as feed:
        await hub.publish("lobby", said(3))
        assert await take(feed, 1) == [said(3)]


async def test_streams_history_gives_the_last_entries_then_new_ones(
    redis_client: redis.asyncio.Redis,
) -> None:
    hub = RedisHub(redis_client, Said)
    ids = [await hub.publish("lobby", said(i)) for i in range(10)]
    async with hub.subscribe("lobby", history=3) as feed:
        assert await take(feed, 3) == [said(7), said(8), said(9)]
        assert feed.last_id == ids[-1]
        await hub.publish("lobby", said(10))
        assert await take(feed, 1) == [said(10)]
    assert feed.gaps == 0


async def test_streams_history_of_an_empty_channel_gives_what_comes(
    redis_client: redis.asyncio.Redis,
) -> None:
    hub = RedisHub(redis_client, Said)
    async with hub.subscribe("lobby", history=5) as feed:
        await hub.publish("lobby", said(0))
        assert await take(feed, 1) == [said(0)]


async def test_streams_resume_after_last_id_loses_and_repeats_nothing(
    redis_client: redis.asyncio.Redis,
) -> None:
    hub = RedisHub(redis_client, Said)
    async with hub.subscribe("lobby") as feed:
        for i in range(5):
            await hub.publish("lobby", said(i))
        assert await take(feed, 3) == [said(0), said(1), said(2)]
    resume_from = feed.last_id
    assert resume_from is not None
    for i in range(5, 8):
        await hub.publish("lobby", said(i))
    async with hub.subscribe("lobby", after=resume_from) as resumed:
        assert await take(resumed, 5) == [said(i) for i in range(3, 8)]
    assert resumed.gaps == 0


async def test_publish_returns_the_entry_id_in_streams_mode_and_none_in_pubsub(
    redis_client: redis.asyncio.Redis,
) -> None:
    streams = RedisHub(redis_client, Said)
    entry_id = await streams.publish("lobby", said(0))
    assert entry_id is not None
    ((found_id, fields),) = await stream_entries(redis_client, "wsmessage:lobby")
    assert found_id == entry_id
    assert fields == {b"seq": b"1", b"data": streams.encode(said(0))}
    assert await RedisHub(redis_client, Said, mode="pubsub").publish("lobby", said(0)) is None


async def test_publish_loads_its_script_into_a_server_that_lost_it(
    redis_client: redis.asyncio.Redis,
) -> None:
    hub = RedisHub(redis_client, Said)
    async with hub.subscribe("lobby") as feed:
        await hub.publish("lobby", said(0))
        # As after a restart, or on a server that never saw the script.
        await redis_client.script_flush()
        await hub.publish("lobby", said(1))
        await hub.publish("lobby", said(2))
        assert await take(feed, 3) == [said(0), said(1), said(2)]
    assert feed.gaps == 0
    entries = await stream_entries(redis_client, "wsmessage:lobby")
    assert [fields[b"seq"] for _, fields in entries] == [b"1", b"2", b"3"]


@pytest.mark.parametrize("mode", MODES)
async def test_concurrent_publishers_each_keep_their_order(
    redis_client: redis.asyncio.Redis, mode: Any
) -> None:
    hub = RedisHub(redis_client, Said, mode=mode)
    names, count = [f"p{i}" for i in range(8)], 40

    async def publisher(name: str) -> None:
        for i in range(count):
            await hub.publish("lobby", Said(name, str(i)))

    async with hub.subscribe("lobby", max_backlog=len(names) * count) as feed:
        await within(asyncio.gather(*map(publisher, names)))
        received = await take(feed, len(names) * count)
    for name in names:
        assert [v.text for v in received if v.name == name] == [str(i) for i in range(count)]
    assert feed.gaps == 0


async def test_publish_goes_on_after_a_restart_and_a_cancelled_publish(
    redis_server: RedisServer, redis_client: redis.asyncio.Redis
) -> None:
    hub = RedisHub(redis_client, Said)
    await hub.publish("lobby", said(0))
    # The connection the hub kept is gone with the server: the next publish
    # takes another, without an error.
    await asyncio.to_thread(redis_server.restart)
    first = await hub.publish("lobby", said(1))
    # Cancelled with its reply unread: that reply is never taken for another's.
    cancelled = asyncio.create_task(hub.publish("lobby", said(2)))
    await asyncio.sleep(0)
    cancelled.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await cancelled
    ids = [first, *[await hub.publish("lobby", said(i)) for i in range(3, 6)]]
    stored = {
        entry_id: fields
        for entry_id, fields in await stream_entries(redis_client, "wsmessage:lobby")
    }
    assert None not in ids
    assert [hub.decode(stored[str(entry_id)][b"data"]) for entry_id in ids] == [
        said(1),
        said(3),
        said(4),
        said(5),
    ]


async def test_a_hub_keeps_one_connection_of_the_pool_until_it_is_closed(
    redis_server: RedisServer,
) -> None:
    pool = redis.asyncio.BlockingConnectionPool(
        host="127.0.0.1", port=redis_server.port, max_connections=1, timeout=0.2
    )
    async with redis.asyncio.Redis(connection_pool=pool) as client:
        async with RedisHub(client, Said) as hub:
            await hub.publish("lobby", said(0))
            # The pool's one connection is the hub's.
            with pytest.raises(redis.exceptions.ConnectionError):
                await client.ping()  # pyright: ignore[reportUnknownMemberType]
        assert await client.ping()  # pyright: ignore[reportUnknownMemberType]
        await hub.publish("lobby", said(1))  # takes it again
        await hub.aclose()
        assert await client.xlen("wsmessage:lobby") == 2
    await pool.aclose()


async def test_the_stream_is_capped_near_maxlen(redis_client: redis.asyncio.Redis) -> None:
    await redis_client.config_set("stream-node-max-entries", 10)  # pyright: ignore[reportUnknownMemberType]
    hub = RedisHub(redis_client, Said, maxlen=20)
    for i in range(200):
        await hub.publish("lobby", said(i))
    assert 20 <= await redis_client.xlen("wsmessage:lobby") <= 30


# --- what other clients put in Redis ---------------------------------------------------------

JUNK_PAYLOADS: list[tuple[str, bytes, WSCloseCode]] = [
    ("garbage bytes", b"\xc1\xff\x00", WSCloseCode.INVALID_TEXT),
    ("empty", b"", WSCloseCode.INVALID_TEXT),
    ("JSON where msgpack is expected", b'{"type": "Said"}', WSCloseCode.POLICY_VIOLATION),
    (
        "another schema",
        msgspec.msgpack.encode({"type": "Joined", "name": "x"}),
        WSCloseCode.POLICY_VIOLATION,
    ),
    ("a field missing", msgspec.msgpack.encode({"type": "Said"}), WSCloseCode.POLICY_VIOLATION),
    ("huge", msgspec.msgpack.encode(Said("x", "y" * 2000)), WSCloseCode.MESSAGE_TOO_BIG),
    ("deeply nested", b"\x91" * 1000 + b"\x00", WSCloseCode.POLICY_VIOLATION),
    ("truncated", msgspec.msgpack.encode(said(0))[:-3], WSCloseCode.INVALID_TEXT),
]

JUNK_ENTRIES: list[tuple[str, dict[bytes, bytes], WSCloseCode]] = [
    ("no data field", {b"seq": b"1"}, WSCloseCode.PROTOCOL_ERROR),
    ("other fields only", {b"payload": b"x"}, WSCloseCode.PROTOCOL_ERROR),
    ("a malformed seq", {b"seq": b"-1", b"data": b"x"}, WSCloseCode.PROTOCOL_ERROR),
    ("a huge seq", {b"seq": b"9" * 40, b"data": b"x"}, WSCloseCode.PROTOCOL_ERROR),
]

Publish = Callable[[redis.asyncio.Redis, str, bytes], Awaitable[object]]


def raw_publisher(mode: str) -> Publish:
    """A client that is not wsmessage, writing ``data`` where the hub reads."""

    async def publish(client: redis.asyncio.Redis, key: str, data: bytes) -> object:
        if mode == "pubsub":
            return await client.publish(key, data)  # pyright: ignore[reportUnknownMemberType]
        return await client.xadd(key, {b"data": data})

    return publish


async def publish_junk(client: redis.asyncio.Redis, mode: str, key: str) -> list[WSCloseCode]:
    """Every kind of junk, raw; the close codes each should be refused with."""
    publish = raw_publisher(mode)
    codes: list[WSCloseCode] = []
    for _, data, code in JUNK_PAYLOADS:
        await publish(client, key, data)
        codes.append(code)
    if mode == "streams":
        for _, fields, code in JUNK_ENTRIES:
            await client.xadd(key, fields)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            codes.append(code)
    return codes


@pytest.mark.parametrize("mode", MODES)
async def test_junk_from_other_clients_is_counted_and_skipped(
    redis_client: redis.asyncio.Redis, mode: Any
) -> None:
    hub = RedisHub(redis_client, Said | Failed, mode=mode, max_size=1024)
    async with hub.subscribe("lobby") as feed:
        await hub.publish("lobby", said(0))
        codes = await publish_junk(redis_client, mode, hub.key("lobby"))
        await hub.publish("lobby", said(1))
        assert await take(feed, 2) == [said(0), said(1)]
    assert feed.invalid == len(codes)


@pytest.mark.parametrize("mode", MODES)
async def test_junk_is_raised_with_its_close_code_and_the_feed_goes_on(
    redis_client: redis.asyncio.Redis, mode: Any
) -> None:
    hub = RedisHub(redis_client, Said | Failed, mode=mode, max_size=1024)
    async with hub.subscribe("lobby", on_invalid="raise") as feed:
        codes = await publish_junk(redis_client, mode, hub.key("lobby"))
        await hub.publish("lobby", said(0))
        raised: list[WSCloseCode] = []
        for _ in codes:
            with pytest.raises(MessageError) as caught:
                await within(anext(feed))
            assert isinstance(caught.value, PayloadError | DecodeError | ValidationError)
            raised.append(caught.value.close_code)
        assert raised == codes
        assert await take(feed, 1) == [said(0)]
    assert feed.invalid == len(codes)


async def test_json_hub_refuses_msgpack_and_takes_json_from_anyone(
    redis_client: redis.asyncio.Redis,
) -> None:
    hub = RedisHub(redis_client, Said, format="json")
    async with hub.subscribe("lobby") as feed:
        await redis_client.xadd(hub.key("lobby"), {b"data": msgspec.msgpack.encode(said(0))})
        await redis_client.xadd(hub.key("lobby"), {b"data": msgspec.json.encode(said(1))})
        assert await take(feed, 1) == [said(1)]
    assert feed.invalid == 1


async def test_a_key_of_another_type_is_a_feed_error_with_internal_error(
    redis_client: redis.asyncio.Redis,
) -> None:
    await redis_client.set("wsmessage:lobby", b"not a stream")
    hub = RedisHub(redis_client, Said)
    with pytest.raises(FeedError) as caught:
        async with hub.subscribe("lobby"):
            pass
    assert caught.value.close_code == WSCloseCode.INTERNAL_ERROR


async def test_a_key_that_turns_into_another_type_ends_the_feed_with_a_feed_error(
    redis_client: redis.asyncio.Redis,
) -> None:
    hub = RedisHub(redis_client, Said)
    async with hub.subscribe("lobby") as feed:
        await redis_client.delete("wsmessage:lobby")
        await redis_client.set("wsmessage:lobby", b"not a stream")
        with pytest.raises(FeedError) as caught:
            await within(anext(feed))
    assert caught.value.close_code == WSCloseCode.INTERNAL_ERROR
    assert isinstance(caught.value.__cause__, redis.exceptions.ResponseError)


@pytest.mark.parametrize("mode", MODES)
async def test_leaving_a_feed_lets_go_of_its_connection(
    redis_client: redis.asyncio.Redis, mode: Any
) -> None:
    hub = RedisHub(redis_client, Said, mode=mode)
    async with hub.subscribe("lobby"):
        assert await subscribers(redis_client) == (mode == "pubsub")
        assert await connections(redis_client) == 2  # ours and the feed's

    async def let_go() -> None:
        while await connections(redis_client) > 1 or await subscribers(redis_client):
            await asyncio.sleep(0.01)

    await within(let_go())


async def subscribers(client: redis.asyncio.Redis) -> int:
    return int((await client.pubsub_numsub("wsmessage:lobby"))[0][1])  # pyright: ignore[reportUnknownMemberType]


async def connections(client: redis.asyncio.Redis) -> int:
    return len(await client.client_list())  # pyright: ignore[reportUnknownMemberType]
