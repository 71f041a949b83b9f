"""wsmessage.redis.relay on real servers: aiohttp, Starlette under uvicorn, websockets.

Each test serves an Endpoint whose handler is ``relay``, on 127.0.0.1, with
a real redis-server of its own; clients are real aiohttp and websockets
clients. Every test checks what the client saw, what ``relay`` returned
(or raised), and that nothing was left running: no task of the relay's,
no connection of its feed's.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import aiohttp
import msgspec
import pytest
from aiohttp import web
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection

from wsmessage import DecodeError, Endpoint, MessageError, ValidationError, WSCloseCode
from wsmessage.redis import BacklogError, Feed, RedisHub, RelayResult, UnreachableError, relay

from .conftest import within
from .redis_server import RedisServer

pytestmark = pytest.mark.slow

FRAMEWORKS = ["aiohttp", "starlette", "websockets"]
MODES = ["streams", "pubsub"]
# The code each server reports for a connection lost without a close:
# uvicorn's says 1005 (no status) once the handshake is done.
LOST = {
    "aiohttp": WSCloseCode.ABNORMAL_CLOSURE,
    "starlette": WSCloseCode.NO_STATUS_RECEIVED,
    "websockets": WSCloseCode.ABNORMAL_CLOSURE,
}


class Say(msgspec.Struct, tag=True):
    text: str


class Said(msgspec.Struct, tag=True):
    name: str
    text: str


class Welcome(msgspec.Struct, tag=True):
    name: str


CHAT = Endpoint("/ws/{room}", receives=Say, sends=Welcome | Said)

#: Runs the relay for one client: given the server's socket and the client's name.
Relay = Callable[[Any, str], Awaitable[RelayResult]]


@dataclass
class Served:
    """A server whose handler runs a relay per client; what each relay came to."""

    url: str
    framework: str
    outcomes: asyncio.Queue[RelayResult | BaseException] = field(default_factory=asyncio.Queue)
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    async def outcome(self) -> RelayResult | BaseException:
        return await within(self.outcomes.get())


Serve = Callable[[Relay], Awaitable[Served]]


@pytest.fixture(params=FRAMEWORKS)
def serve(
    request: pytest.FixtureRequest,
    aiohttp_server: Callable[..., Awaitable[str]],
    asgi_server: Callable[..., Awaitable[str]],
    websockets_server: Callable[..., Awaitable[str]],
) -> Serve:
    """Serve CHAT with ``run`` as the body of its handler, on one framework."""
    framework: str = request.param

    async def start(run: Relay) -> Served:
        served: Served

        async def handle(ws: Any, name: str) -> None:
            current = asyncio.current_task()
            assert current is not None
            served.tasks.append(current)
            try:
                outcome = await run(ws, name)
            except BaseException as exc:
                served.outcomes.put_nowait(exc)
                raise
            served.outcomes.put_nowait(outcome)

        if framework == "aiohttp":

            async def aiohttp_handler(request: web.Request) -> web.WebSocketResponse:
                ws = await CHAT.prepare(request)
                await handle(ws, request.query["name"])
                return ws

            url = await aiohttp_server(aiohttp_handler, CHAT.path)
            served = Served(url.replace("{room}", "lobby"), framework)
        elif framework == "starlette":

            async def starlette_handler(websocket: WebSocket) -> None:
                await websocket.accept()
                await handle(websocket, websocket.query_params["name"])

            app = Starlette(routes=[WebSocketRoute(CHAT.path, starlette_handler)])
            served = Served(await asgi_server(app) + "/ws/lobby", framework)
        else:

            async def websockets_handler(connection: ServerConnection) -> None:
                name = connection.request.path.partition("name=")[2] if connection.request else ""
                await handle(connection, name)

            served = Served(await websockets_server(websockets_handler) + "/ws/lobby", framework)
        return served

    return start


@pytest.fixture
async def hub(
    request: pytest.FixtureRequest, redis_server: RedisServer
) -> AsyncIterator[RedisHub[Welcome | Said]]:
    """A hub carrying what CHAT sends: streams, unless the test asks for each mode."""
    mode: Literal["streams", "pubsub"] = getattr(request, "param", "streams")
    client = redis_server.client()
    yield RedisHub(client, CHAT.sends, mode=mode, reconnect_timeout=1.0)
    await client.aclose()


each_mode = pytest.mark.parametrize("hub", MODES, indirect=True)


Publish = Callable[[Say], Said | Awaitable[Said | None] | None]
Ready = Callable[[Feed[Welcome | Said]], Awaitable[None]]


def chatting(
    hub: RedisHub[Welcome | Said],
    *,
    publish: Publish | None = None,
    ready: Ready | None = None,
    max_backlog: int = 1000,
) -> Relay:
    """The relay of a chat: by default, a Welcome once subscribed, each Say published as a Said."""

    async def run(ws: Any, name: str) -> RelayResult:
        async def welcome(feed: Feed[Welcome | Said]) -> None:
            await CHAT.send(ws, Welcome(name))

        def said(say: Say) -> Said:
            return Said(name, say.text)

        return await relay(
            CHAT,
            ws,
            hub,
            "lobby",
            publish=publish or said,
            ready=ready or welcome,
            max_backlog=max_backlog,
        )

    return run


@asynccontextmanager
async def client(
    session: aiohttp.ClientSession, served: Served, name: str
) -> AsyncGenerator[aiohttp.ClientWebSocketResponse[bool]]:
    """A client, connected and welcomed: what is published from now on reaches it."""
    async with session.ws_connect(f"{served.url}?name={name}") as ws:
        assert await within(heard(ws, 1)) == [Welcome(name)]
        yield ws


async def heard(ws: Any, count: int) -> list[Welcome | Said]:
    """The next ``count`` values the client is sent."""
    values: list[Welcome | Said] = []
    async for value in CHAT.client.receive(ws):
        values.append(value)
        if len(values) == count:
            break
    return values


async def closed_with(ws: aiohttp.ClientWebSocketResponse[bool]) -> tuple[int | None, str | None]:
    """Read until the server closes; its code and reason."""
    events = CHAT.client.receive(ws, on_error="raise")
    async for _ in events:
        pass
    return events.close_code, events.close_reason


#: The commands a feed's connection leaves as its last: subscribing or reading.
FEED_COMMANDS = {"xread", "xrevrange", "xrange", "subscribe", "ping"}


def no_task_left() -> None:
    """No task of a relay's or a feed's is left in this loop."""
    names = [getattr(task.get_coro(), "__qualname__", "") for task in asyncio.all_tasks()]
    assert not [name for name in names if "_Relay" in name or "Feed" in name], names


async def nothing_left_running(hub: RedisHub[Any]) -> None:
    """No task of a relay's or a feed's, and no feed connection in Redis."""
    no_task_left()

    async def feeds() -> list[dict[str, Any]]:
        clients = await hub.client.client_list()  # pyright: ignore[reportUnknownMemberType]
        return [c for c in clients if c["cmd"] in FEED_COMMANDS or int(c.get("sub", 0))]

    async def let_go() -> None:
        while await feeds():
            await asyncio.sleep(0.01)

    await within(let_go())


# --- both ways ---------------------------------------------------------------------------


@each_mode
async def test_what_each_client_says_reaches_every_client_in_order(
    serve: Serve, hub: RedisHub[Welcome | Said]
) -> None:
    served = await serve(chatting(hub))
    async with (
        aiohttp.ClientSession() as session,
        client(session, served, "ada") as ada,
        client(session, served, "bob") as bob,
    ):
        listening = [asyncio.create_task(heard(ws, 6)) for ws in (ada, bob)]
        for i in range(3):
            await ada.send_str(msgspec.json.encode(Say(f"ada {i}")).decode())
            await bob.send_str(msgspec.json.encode(Say(f"bob {i}")).decode())
        for values in await within(asyncio.gather(*listening)):
            for name in ("ada", "bob"):
                assert [v for v in values if isinstance(v, Said) and v.name == name] == [
                    Said(name, f"{name} {i}") for i in range(3)
                ]
        await ada.close(code=4000, message=b"bye")
        first = await served.outcome()
        await bob.close()
        second = await served.outcome()
    assert isinstance(first, RelayResult)
    assert isinstance(second, RelayResult)
    assert (first.close_code, first.close_reason, first.error) == (4000, "bye", None)
    assert (second.close_code, second.close_reason) == (WSCloseCode.OK, "")
    assert (first.published, first.sent) == (3, 6)
    assert (first.last_id is not None) == (hub.mode == "streams")
    await nothing_left_running(hub)


async def test_publish_may_be_a_coroutine_function_and_may_publish_nothing(
    serve: Serve, hub: RedisHub[Welcome | Said]
) -> None:
    async def publish(say: Say) -> Said | None:
        await asyncio.sleep(0)
        return None if say.text == "quiet" else Said("ada", say.text.upper())

    served = await serve(chatting(hub, publish=publish))
    async with aiohttp.ClientSession() as session, client(session, served, "ada") as ada:
        for text in ["quiet", "hi"]:
            await ada.send_str(msgspec.json.encode(Say(text)).decode())
        assert await within(heard(ada, 1)) == [Said("ada", "HI")]
        await ada.close()
        result = await served.outcome()
    assert isinstance(result, RelayResult)
    assert (result.published, result.sent) == (1, 1)
    await nothing_left_running(hub)


# --- this side closes -------------------------------------------------------------------


@each_mode
async def test_a_client_that_falls_behind_is_closed_with_1013(
    serve: Serve, hub: RedisHub[Welcome | Said]
) -> None:
    max_backlog = 3

    async def fall_behind(feed: Feed[Welcome | Said]) -> None:
        # Nothing is sent to the client until ready returns: the backlog fills.
        for i in range(max_backlog):
            await hub.publish("lobby", Said("bob", str(i)))
        await within(wait_until(lambda: feed.pending == max_backlog))
        await hub.publish("lobby", Said("bob", "one too many"))
        await within(wait_until(lambda: feed.pending == 0))  # dropped at once

    served = await serve(chatting(hub, ready=fall_behind, max_backlog=max_backlog))
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{served.url}?name=ada") as ws:
            code, reason = await within(closed_with(ws))
        result = await served.outcome()
    assert code == WSCloseCode.TRY_AGAIN_LATER
    assert reason == "subscriber fell 3 values behind"
    assert isinstance(result, RelayResult)
    assert isinstance(result.error, BacklogError)
    assert (result.close_code, result.close_reason) == (code, reason)
    await nothing_left_running(hub)


async def wait_until(condition: Callable[[], bool]) -> None:
    while not condition():
        await asyncio.sleep(0.005)


@pytest.mark.parametrize(
    ("frame", "error", "code"),
    [
        ("not json", DecodeError, WSCloseCode.INVALID_TEXT),
        ('{"type": "Say"}', ValidationError, WSCloseCode.POLICY_VIOLATION),
    ],
)
async def test_a_message_that_does_not_decode_closes_with_its_code_and_reason(
    serve: Serve,
    hub: RedisHub[Welcome | Said],
    frame: str,
    error: type[MessageError],
    code: WSCloseCode,
) -> None:
    served = await serve(chatting(hub))
    async with aiohttp.ClientSession() as session, client(session, served, "ada") as ada:
        await ada.send_str(frame)
        closed = await within(closed_with(ada))
        result = await served.outcome()
    assert isinstance(result, RelayResult)
    assert isinstance(result.error, error)
    assert closed == (code, result.error.reason) == (result.close_code, result.close_reason)
    assert result.published == 0
    await nothing_left_running(hub)


async def test_publish_refuses_a_value_with_a_message_error(
    serve: Serve, hub: RedisHub[Welcome | Said]
) -> None:
    def publish(say: Say) -> Said:
        if say.text.isupper():
            raise MessageError("no shouting", WSCloseCode.POLICY_VIOLATION)
        return Said("ada", say.text)

    served = await serve(chatting(hub, publish=publish))
    async with aiohttp.ClientSession() as session, client(session, served, "ada") as ada:
        await ada.send_str(msgspec.json.encode(Say("hi")).decode())
        await ada.send_str(msgspec.json.encode(Say("HI")).decode())
        assert await within(heard(ada, 1)) == [Said("ada", "hi")]
        assert await within(closed_with(ada)) == (WSCloseCode.POLICY_VIOLATION, "no shouting")
        result = await served.outcome()
    assert isinstance(result, RelayResult)
    assert isinstance(result.error, MessageError)
    assert result.published == 1
    await nothing_left_running(hub)


async def test_ready_refuses_a_client_with_a_message_error(
    serve: Serve, hub: RedisHub[Welcome | Said]
) -> None:
    async def room_is_full(feed: Feed[Welcome | Said]) -> None:
        raise MessageError("room is full", WSCloseCode.TRY_AGAIN_LATER)

    served = await serve(chatting(hub, ready=room_is_full))
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{served.url}?name=ada") as ws:
            closed = await within(closed_with(ws))
        result = await served.outcome()
    assert closed == (WSCloseCode.TRY_AGAIN_LATER, "room is full")
    assert isinstance(result, RelayResult)
    assert (result.close_code, result.published, result.sent) == (1013, 0, 0)
    await nothing_left_running(hub)


async def test_a_bug_in_publish_closes_with_internal_error_and_is_raised(
    serve: Serve, hub: RedisHub[Welcome | Said]
) -> None:
    def publish(say: Say) -> Said:
        raise KeyError(say.text)

    served = await serve(chatting(hub, publish=publish))
    async with aiohttp.ClientSession() as session, client(session, served, "ada") as ada:
        await ada.send_str(msgspec.json.encode(Say("hi")).decode())
        assert await within(closed_with(ada)) == (WSCloseCode.INTERNAL_ERROR, "internal error")
        outcome = await served.outcome()
    assert isinstance(outcome, KeyError)
    await nothing_left_running(hub)


# --- Redis goes away ----------------------------------------------------------------------


@each_mode
async def test_redis_gone_when_publishing_closes_the_client_with_1013(
    serve: Serve, hub: RedisHub[Welcome | Said], redis_server: RedisServer
) -> None:
    served = await serve(chatting(hub))
    async with aiohttp.ClientSession() as session, client(session, served, "ada") as ada:
        await asyncio.to_thread(redis_server.stop)
        await ada.send_str(msgspec.json.encode(Say("hi")).decode())
        closed = await within(closed_with(ada), 30)
        result = await served.outcome()
    assert isinstance(result, RelayResult)
    assert isinstance(result.error, UnreachableError)
    assert closed == (WSCloseCode.TRY_AGAIN_LATER, "redis is unreachable")
    no_task_left()


async def test_redis_unreachable_when_subscribing_closes_the_client_with_1013(
    serve: Serve, hub: RedisHub[Welcome | Said], redis_server: RedisServer
) -> None:
    await asyncio.to_thread(redis_server.stop)
    served = await serve(chatting(hub))
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{served.url}?name=ada") as ws:
            closed = await within(closed_with(ws), 30)
        result = await served.outcome()
    assert closed == (WSCloseCode.TRY_AGAIN_LATER, "redis is unreachable")
    assert isinstance(result, RelayResult)
    assert isinstance(result.error, UnreachableError)
    no_task_left()


# --- the client goes away, the relay is cancelled ------------------------------------------


async def test_a_client_gone_without_a_close_ends_the_relay(
    serve: Serve, hub: RedisHub[Welcome | Said]
) -> None:
    served = await serve(chatting(hub))
    async with connect(f"{served.url}?name=ada") as ws:
        assert await within(heard(ws, 1)) == [Welcome("ada")]
        # Values keep coming while the connection is dropped under them.
        for i in range(20):
            await hub.publish("lobby", Said("bob", str(i)))
        ws.transport.abort()
        result = await served.outcome()
    assert isinstance(result, RelayResult)
    assert result.close_code == LOST[served.framework]
    assert result.error is None
    await nothing_left_running(hub)


@each_mode
async def test_a_cancelled_relay_stops_both_ways_and_leaves_nothing_running(
    serve: Serve, hub: RedisHub[Welcome | Said]
) -> None:
    served = await serve(chatting(hub))
    async with aiohttp.ClientSession() as session, client(session, served, "ada") as ada:
        await ada.send_str(msgspec.json.encode(Say("hi")).decode())
        assert await within(heard(ada, 1)) == [Said("ada", "hi")]
        (task,) = served.tasks
        task.cancel()
        outcome = await served.outcome()
    assert isinstance(outcome, asyncio.CancelledError)
    await nothing_left_running(hub)
