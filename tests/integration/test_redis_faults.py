"""RedisHub when things go wrong: restarts, killed connections, slow readers, trimmed streams.

Every test runs a redis-server of its own on 127.0.0.1, is bounded in count
and time, and stops the server by its PID.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import redis.asyncio
import redis.exceptions

from wsmessage import WSCloseCode
from wsmessage.redis import BacklogError, Feed, GapError, RedisHub, UnreachableError

from .conftest import within
from .redis_schemas import Said, said, stream_entries, take
from .redis_server import RedisServer

MODES = ["streams", "pubsub"]


async def publish_surely(hub: RedisHub[Said], channel: str, value: Said) -> None:
    """Publish, retrying while Redis is away (a retried publish may be added twice)."""
    for _ in range(200):
        try:
            await hub.publish(channel, value)
            return
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
            await asyncio.sleep(0.05)
    raise AssertionError("redis did not come back")


async def test_streams_lose_and_repeat_nothing_across_a_restart(
    persistent_redis_server: RedisServer,
) -> None:
    server = persistent_redis_server
    async with server.client() as client:
        await check_restart(server, client)


async def check_restart(server: RedisServer, client: redis.asyncio.Redis) -> None:
    hub = RedisHub(client, Said, maxlen=100_000)
    count = 300
    received: list[tuple[str | None, Said]] = []

    async def publisher() -> None:
        for i in range(count):
            await publish_surely(hub, "lobby", said(i))
            if i == count // 2:
                await asyncio.to_thread(server.restart)

    async with hub.subscribe("lobby") as feed:
        publishing = asyncio.create_task(publisher())
        await within(publishing, 60)
        stored = await stream_entries(client, "wsmessage:lobby")
        async for value in feed:
            received.append((feed.last_id, value))
            if len(received) == len(stored):
                break
    # Exactly what the stream holds, once each, in order; every value published is there.
    assert [entry_id for entry_id, _ in received] == [entry_id for entry_id, _ in stored]
    assert {value.text for _, value in received} == {said(i).text for i in range(count)}
    assert feed.gaps == 0
    assert feed.invalid == 0


async def test_pubsub_reports_a_gap_across_a_restart_and_carries_on(
    redis_server: RedisServer, redis_client: redis.asyncio.Redis
) -> None:
    client = redis_client
    hub = RedisHub(client, Said, mode="pubsub")
    async with hub.subscribe("lobby", on_gap="raise") as feed:
        for i in range(5):
            await hub.publish("lobby", said(i))
        assert await take(feed, 5) == [said(i) for i in range(5)]
        await asyncio.to_thread(redis_server.restart)
        with pytest.raises(GapError) as caught:
            await within(anext(feed))
        assert caught.value.gap.kind == "disconnected"
        assert caught.value.close_code == WSCloseCode.TRY_AGAIN_LATER
        # Published until the feed is back: then every value arrives, in order.
        values = await republish_until_received(hub, feed, "after")
    assert values == sorted(values, key=lambda value: int(value.text.split()[-1]))
    assert feed.gaps == 1
    assert feed.last_gap is not None
    assert feed.last_gap.kind == "disconnected"


async def republish_until_received(hub: RedisHub[Said], feed: Feed[Said], name: str) -> list[Said]:
    """Publish ``name`` values until the feed gets one, then ten more; all it got from then."""

    async def publisher() -> None:
        i = 0
        while True:
            await publish_surely(hub, "lobby", Said(name, f"after {i}"))
            i += 1
            await asyncio.sleep(0.02)

    async def first_of_them() -> Said:
        async for value in feed:  # values published before are let through
            if value.name == name:
                return value
        raise AssertionError("the feed ended")

    publishing = asyncio.create_task(publisher())
    try:
        first = await within(first_of_them(), 30)
        rest = await take(feed, 10)
    finally:
        publishing.cancel()
    values = [first, *rest]
    assert all(value.name == name for value in values)
    return values


async def test_pubsub_recovers_from_client_kill(redis_client: redis.asyncio.Redis) -> None:
    client = redis_client
    hub = RedisHub(client, Said, mode="pubsub")
    async with hub.subscribe("lobby") as feed:
        await hub.publish("lobby", said(0))
        assert await take(feed, 1) == [said(0)]
        for round_ in range(3):
            assert await client.client_kill_filter(_type="pubsub") == 1  # pyright: ignore[reportUnknownMemberType]
            await republish_until_received(hub, feed, f"round {round_}")
            assert feed.gaps == round_ + 1


async def test_pubsub_recovers_when_redis_drops_it_for_its_output_buffer(
    redis_server: RedisServer, redis_client: redis.asyncio.Redis
) -> None:
    client = redis_client
    await client.config_set("client-output-buffer-limit", "pubsub 64kb 32kb 60")  # pyright: ignore[reportUnknownMemberType]
    hub = RedisHub(client, Said, mode="pubsub")
    async with hub.subscribe("lobby", max_backlog=10_000) as feed:
        # A burst far over the limit while the subscriber cannot read (this
        # thread blocks its event loop): Redis closes its connection.
        data = hub.encode(Said("ada", "x" * 40_000))
        publisher = redis_server.sync_client()
        with publisher.pipeline(transaction=False) as pipe:  # pyright: ignore[reportUnknownMemberType]
            for _ in range(500):
                pipe.publish("wsmessage:lobby", data)  # pyright: ignore[reportUnknownMemberType]
            pipe.execute()
        publisher.close()
        await republish_until_received(hub, feed, "after the burst")
        assert feed.gaps == 1
        assert feed.last_gap is not None
        assert feed.last_gap.kind == "disconnected"


@pytest.mark.parametrize("mode", MODES)
async def test_a_slow_subscriber_gets_a_backlog_error_and_memory_stays_bounded(
    redis_client: redis.asyncio.Redis, mode: Any
) -> None:
    hub = RedisHub(redis_client, Said, mode=mode)
    limit = 50
    async with hub.subscribe("lobby", max_backlog=limit) as feed:
        await hub.publish("lobby", said(-1))
        assert await take(feed, 1) == [said(-1)]  # caught up: the feed is live
        for i in range(200):
            await hub.publish("lobby", said(i))
            assert feed.pending <= limit
        # Told at once, without first working through what was held, which is dropped.
        with pytest.raises(BacklogError) as caught:
            await within(anext(feed))
        assert feed.pending == 0
    assert caught.value.close_code == WSCloseCode.TRY_AGAIN_LATER
    if mode == "streams":
        # Nothing is lost for good: resume where the consumer was.
        async with hub.subscribe("lobby", after=feed.last_id, max_backlog=1000) as resumed:
            assert await take(resumed, 200) == [said(i) for i in range(200)]


async def test_streams_say_how_many_entries_were_trimmed_before_they_were_read(
    redis_client: redis.asyncio.Redis,
) -> None:
    await redis_client.config_set("stream-node-max-entries", 5)  # pyright: ignore[reportUnknownMemberType]
    hub = RedisHub(redis_client, Said, maxlen=10)
    await hub.publish("lobby", said(0))
    # One entry waits at a time, and the consumer waits: the cap trims the rest.
    async with hub.subscribe("lobby", history=1, max_backlog=1) as feed:
        assert await take(feed, 1) == [said(0)]
        for i in range(1, 101):
            await hub.publish("lobby", said(i))
        kept = [said(i) for i in range(101 - await redis_client.xlen("wsmessage:lobby"), 101)]
        received: list[Said] = []
        async for value in feed:
            received.append(value)
            if value == said(100):
                break
    assert feed.gaps == 1
    assert feed.last_gap is not None
    assert feed.last_gap.kind == "trimmed"
    # Each value published is either received or counted as missed, and what
    # the stream still holds is received.
    assert feed.missed + len(received) == 100
    assert received[-len(kept) :] == kept
    numbers = [int(value.text.split()[-1]) for value in received]
    assert numbers == sorted(set(numbers))


async def test_streams_say_so_when_resuming_after_a_trimmed_entry(
    redis_client: redis.asyncio.Redis,
) -> None:
    await redis_client.config_set("stream-node-max-entries", 5)  # pyright: ignore[reportUnknownMemberType]
    hub = RedisHub(redis_client, Said, maxlen=10)
    gone = await hub.publish("lobby", said(0))
    assert gone is not None
    for i in range(1, 50):
        await hub.publish("lobby", said(i))
    async with hub.subscribe("lobby", after=gone, on_gap="raise") as feed:
        with pytest.raises(GapError) as caught:
            await within(anext(feed))
        assert caught.value.gap.kind == "trimmed"
        assert caught.value.gap.missed is None  # how many cannot be known
        first = await within(anext(feed))
    assert first.text != said(1).text


async def test_streams_say_so_when_the_stream_starts_over(
    redis_server: RedisServer, redis_client: redis.asyncio.Redis
) -> None:
    client = redis_client
    hub = RedisHub(client, Said)
    async with hub.subscribe("lobby") as feed:
        await hub.publish("lobby", said(0))
        assert await take(feed, 1) == [said(0)]
        # Restarted without persistence: the stream and its counter are gone.
        await asyncio.to_thread(redis_server.restart)
        await publish_surely(hub, "lobby", said(1))
        assert await take(feed, 1, seconds=30) == [said(1)]
    assert feed.gaps == 1
    assert feed.last_gap is not None
    assert feed.last_gap.kind == "reset"


@pytest.mark.parametrize("mode", MODES)
async def test_a_feed_whose_redis_stays_away_ends_with_unreachable(
    redis_server: RedisServer, redis_client: redis.asyncio.Redis, mode: Any
) -> None:
    client = redis_client
    hub = RedisHub(client, Said, mode=mode, reconnect_timeout=0.5)
    async with hub.subscribe("lobby") as feed:
        redis_server.stop()
        with pytest.raises(UnreachableError) as caught:
            await within(anext(feed), 30)
    assert caught.value.close_code == WSCloseCode.TRY_AGAIN_LATER
    assert isinstance(
        caught.value.__cause__, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError
    )


@pytest.mark.parametrize("mode", MODES)
async def test_subscribing_to_a_redis_that_is_away_is_unreachable(
    redis_server: RedisServer, redis_client: redis.asyncio.Redis, mode: Any
) -> None:
    client = redis_client
    redis_server.stop()
    hub = RedisHub(client, Said, mode=mode, reconnect_timeout=0.3)
    with pytest.raises(UnreachableError):
        async with hub.subscribe("lobby"):
            pass
