"""How user code sees RedisHub and relay: checked against the shipped stubs.

The schema is a type form: a class gives a hub of its instances, a union a
hub of the union; publish takes only the schema's type, and a feed yields it.
A relay joins an endpoint to a hub that carries what the endpoint sends;
its publish turns what the endpoint receives into that.
"""

import msgspec
import redis.asyncio
from aiohttp import web
from typing_extensions import TypeForm, assert_type

from wsmessage import Endpoint, MessageError
from wsmessage.redis import (
    BacklogError,
    Feed,
    FeedError,
    Gap,
    GapError,
    RedisHub,
    RelayResult,
    UnreachableError,
    relay,
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
assert_type(events.schema, TypeForm[Said | Failed])


async def publish() -> None:
    assert_type(await hub.publish("lobby", Said("ada", "hi")), str | None)
    await events.publish("lobby", Failed("full"))
    await events.publish("lobby", Said("ada", "hi"))
    await hub.publish("lobby", Failed("full"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await events.publish("lobby", Other(1))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await hub.publish("lobby", {"name": "ada", "text": "hi"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


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
    hub.subscribe("lobby", on_invalid="ignore")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    events.subscribe("lobby", on_gap="log")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def modes() -> None:
    RedisHub(client, Said, mode="list")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    RedisHub(client, Said, format="xml")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    _wrong: RedisHub[Failed] = RedisHub(client, Said)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType]


def errors(err: FeedError, gap_error: GapError) -> None:
    assert_type(gap_error.gap, Gap)
    assert isinstance(err, MessageError)
    assert issubclass(BacklogError, FeedError)
    assert issubclass(UnreachableError, FeedError)


# --- relay ------------------------------------------------------------------------------


class Say(msgspec.Struct, tag=True):
    text: str


chat = Endpoint("/ws/{room}", receives=Say, sends=Said | Failed)
# A hub made from what the endpoint sends carries exactly that.
assert_type(RedisHub(client, chat.sends), RedisHub[Said | Failed])


async def relays(ws: web.WebSocketResponse) -> None:
    result = await relay(chat, ws, events, "lobby", publish=lambda say: Said("ada", say.text))
    assert_type(result, RelayResult)
    assert_type(result.close_code, int)
    assert_type(result.last_id, str | None)
    assert_type(result.error, MessageError | None)

    async def publish(say: Say) -> Said | None:
        return None if not say.text else Said("ada", say.text)

    async def greet(feed: Feed[Said | Failed]) -> None:
        await chat.send(ws, Said("server", f"welcome to {feed.channel}"))

    def echo(said: Said) -> Said:
        return said

    await relay(chat, ws, events, "lobby", publish=publish, ready=greet, history=10)
    # The hub must carry what the endpoint sends, and publish must give it.
    await relay(chat, ws, hub, "lobby", publish=lambda say: Said("ada", say.text))  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    await relay(chat, ws, events, "lobby", publish=lambda say: say)  # type: ignore[arg-type, return-value]  # pyright: ignore[reportArgumentType]
    await relay(chat, ws, events, "lobby", publish=echo)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await relay(chat, object(), events, "lobby", publish=publish)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await relay(chat, ws, events, "lobby")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
