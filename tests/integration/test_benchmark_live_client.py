"""The live benchmark's load client fails a run loudly when a server loses or garbles acks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable

import pytest
from aiohttp import WSMsgType, web
from benchmarks.live.variants import ACK, MESSAGE
from benchmarks.processes import Child, ChildError

pytestmark = pytest.mark.slow

WARMUP, MESSAGES = 3, 10
#: The message, counted on each connection, that the server gets wrong.
FAULT_AT = WARMUP + 5


def misbehaving(fault: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A handler that acknowledges every message but one, which it gets wrong as told."""

    async def handler(request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        count = 0
        async for msg in ws:
            assert msg.type is WSMsgType.TEXT
            assert msg.data == MESSAGE
            count += 1
            if count == FAULT_AT and fault == "wrong ack":
                await ws.send_str('{"user":0}')
            elif count == FAULT_AT and fault == "extra ack":
                await ws.send_str(ACK.decode())
                await ws.send_str(ACK.decode())
            elif count == FAULT_AT and fault == "close":
                await ws.close()
            elif count != FAULT_AT or fault != "no ack":
                await ws.send_str(ACK.decode())
        return ws

    return handler


def plan(url: str) -> dict[str, object]:
    return {
        "url": url,
        "connections": 2,
        "warmup": WARMUP,
        "messages": MESSAGES,
        "message": MESSAGE,
        "ack": ACK.decode(),
        "timeout": 2,
    }


@contextlib.asynccontextmanager
async def measured_part(url: str) -> AsyncGenerator[Child]:
    """A load client that has warmed up its connections to ``url`` and been told to go."""
    with Child("benchmarks.live.client", name="load client") as client:
        await asyncio.to_thread(client.read, 30)  # started
        client.send(plan(url))
        assert await asyncio.to_thread(client.read, 30) == {"ready": True}
        client.send({"go": True})
        yield client


async def test_a_faithful_server_gets_every_ack_counted(
    aiohttp_server: Callable[..., Awaitable[str]],
) -> None:
    async with measured_part(await aiohttp_server(misbehaving("none"))) as client:
        result = await asyncio.to_thread(client.read, 30)
        assert result["acks"] == 2 * MESSAGES
        assert result["seconds"] > 0
        assert await asyncio.to_thread(client.read, 30) == {"closed": True}


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("wrong ack", "wrong ack b'{\"user\":0}'"),
        ("no ack", "TimeoutError"),
        ("close", "unexpected frame 0x88"),
    ],
)
async def test_a_lost_or_wrong_ack_fails_the_run(
    aiohttp_server: Callable[..., Awaitable[str]],
    fault: str,
    error: str,
) -> None:
    async with measured_part(await aiohttp_server(misbehaving(fault))) as client:
        with pytest.raises(ChildError, match="load client") as failed:
            await asyncio.to_thread(client.read, 30)
        assert error in str(failed.value)
        assert client.process.wait(timeout=10) == 1


async def test_an_extra_ack_fails_the_run_even_after_the_last_message(
    aiohttp_server: Callable[..., Awaitable[str]],
) -> None:
    async with measured_part(await aiohttp_server(misbehaving("extra ack"))) as client:
        # Each connection takes the extra ack for its next message's, so it
        # counts its last ack one message early, and the real last one is
        # extra: it shows in the count if it comes before the other connection
        # is done, or when the connection closes.
        with pytest.raises(ChildError, match=r"an ack for no message|2[12] acks for 20 messages"):
            await asyncio.to_thread(read_to_the_end, client)


def read_to_the_end(client: Child) -> None:
    """Read a run's figures and the word that its connections closed."""
    assert client.read(30)["acks"] == 2 * MESSAGES
    assert client.read(30) == {"closed": True}
