"""How user code sees RedisHub: checked by mypy against the shipped stubs.

The schema is a type form: a class gives a hub of its instances, a union a
hub of the union; publish takes only the schema's type, and a feed yields it.
"""

import msgspec
import redis.asyncio
from typing_extensions import assert_type

from wsmessage import MessageError
from wsmessage.redis import (
    BacklogError,
    Feed,
    FeedError,
    Gap,
    GapError,
    RedisHub,
    UnreachableError,
)


class Said(msgspec.Struct):
    name: str
    text: str


class Failed(msgspec.Struct):
    reason: str


class Other(msgspec.Struct):
    x: int


client = redis.asyncio.Redis()

hub = RedisHub(client, Said)
assert_type(hub, RedisHub[Said])

events = RedisHub(client, Said | Failed, mode="pubsub", format="json")
assert_type(events, RedisHub[Said | Failed])

assert_type(hub.encode(Said("ada", "hi")), bytes)
assert_type(hub.decode(b"..."), Said)
assert_type(events.decode(b"..."), Said | Failed)
assert_type(hub.key("lobby"), str)


async def publish() -> None:
    assert_type(await hub.publish("lobby", Said("ada", "hi")), str | None)
    await events.publish("lobby", Failed("full"))
    await events.publish("lobby", Said("ada", "hi"))
    await hub.publish("lobby", Failed("full"))  # type: ignore[arg-type]
    await events.publish("lobby", Other(1))  # type: ignore[arg-type]
    await hub.publish("lobby", {"name": "ada", "text": "hi"})  # type: ignore[arg-type]


async def subscribe() -> None:
    feed = events.subscribe("lobby", history=10, max_backlog=100, on_invalid="raise")
    assert_type(feed, Feed[Said | Failed])
    async with feed as entered:
        assert_type(entered, Feed[Said | Failed])
        async for event in entered:
            assert_type(event, Said | Failed)
        assert_type(entered.last_id, str | None)
        assert_type(entered.invalid, int)
        assert_type(entered.gaps, int)
        assert_type(entered.last_gap, Gap | None)
        assert_type(entered.pending, int)
    async with hub.subscribe("lobby", after="1700000000000-0") as said_feed:
        assert_type(await anext(said_feed), Said)
    hub.subscribe("lobby", on_invalid="ignore")  # type: ignore[arg-type]
    events.subscribe("lobby", on_gap="log")  # type: ignore[arg-type]


def modes() -> None:
    RedisHub(client, Said, mode="list")  # type: ignore[arg-type]
    RedisHub(client, Said, format="xml")  # type: ignore[arg-type]
    wrong: RedisHub[Failed] = RedisHub(client, Said)  # type: ignore[arg-type]


def errors(err: FeedError, gap_error: GapError) -> None:
    assert_type(gap_error.gap, Gap)
    assert isinstance(err, MessageError)
    assert issubclass(BacklogError, FeedError)
    assert issubclass(UnreachableError, FeedError)
