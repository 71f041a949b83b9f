"""The tutorial's Redis chat, as docs/examples has it, on two server processes and one Redis.

One aiohttp server (``python redis_chat_aiohttp.py PORT``) and one FastAPI
app under uvicorn (``uvicorn redis_chat_fastapi:app``), started as the
tutorial starts them, share a real redis-server; clients on both say
things in one room. Every message said reaches every client exactly
once, in the order its speaker said them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Generator
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path

import aiohttp
import pytest
import redis.asyncio

from wsmessage import Endpoint

from ..recordings.protocol import Join, Said, Say, Welcome
from .chat_lines import by_speaker, lines_of, said_by
from .conftest import within
from .redis_server import RedisServer, free_port

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


# The chat as a client of its own sees it; the same messages as
# docs/examples/chat_schemas.py, declared apart from the examples under test.
CLIENT = Endpoint("/chat/{room}", receives=Welcome | Said, sends=Join | Say)

CLIENTS_PER_SERVER = 3
LINES = 20
#: Seconds a server may take to listen, or to stop.
STARTUP = 30.0


@contextmanager
def server(args: list[str], port: int, redis_url: str) -> Generator[str]:
    """A server process of the tutorial's, started in docs/examples; its chat URL for the lobby.

    It is stopped by its PID with SIGINT, as Ctrl-C stops it, and must exit
    cleanly (status 0: the hub and the Redis client closed without error);
    one that does not stop in time is killed.
    """
    env = {**os.environ, "REDIS_URL": redis_url}
    process = subprocess.Popen(args, cwd=EXAMPLES, env=env)
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            assert process.poll() is None, f"{args} exited with {process.returncode}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"{args} did not listen on {port}"
                time.sleep(0.05)
        yield f"ws://127.0.0.1:{port}/chat/lobby"
    finally:
        returncode = stop(process)
    assert returncode == 0, f"{args} did not stop cleanly on SIGINT: {returncode}"


def stop(process: subprocess.Popen[bytes]) -> int | None:
    """SIGINT to ``process``, by its PID; its exit status, or None if it had to be killed."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGINT)
    try:
        return process.wait(STARTUP)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


async def join(
    session: aiohttp.ClientSession, stack: AsyncExitStack, url: str, name: str
) -> tuple[aiohttp.ClientWebSocketResponse[bool], Welcome]:
    ws = await stack.enter_async_context(session.ws_connect(url))
    await CLIENT.send(ws, Join(name))
    welcome = await within(anext(CLIENT.receive(ws)))
    assert isinstance(welcome, Welcome)
    return ws, welcome


async def hear(ws: aiohttp.ClientWebSocketResponse[bool], count: int) -> list[Said]:
    heard: list[Said] = []
    async for event in CLIENT.receive(ws):
        assert isinstance(event, Said)
        heard.append(event)
        if len(heard) == count:
            break
    return heard


async def talk(ws: aiohttp.ClientWebSocketResponse[bool], name: str) -> None:
    for text in said_by(name, LINES):
        await CLIENT.send(ws, Say(text))


async def test_every_client_of_both_servers_hears_everything_once_in_order(
    redis_server: RedisServer,
) -> None:
    aiohttp_port = free_port()
    uvicorn_port = free_port()
    while uvicorn_port == aiohttp_port:  # free, but not yet taken by its server
        uvicorn_port = free_port()
    uvicorn = [sys.executable, "-m", "uvicorn", "redis_chat_fastapi:app", "--host", "127.0.0.1"]
    with (
        server(
            [sys.executable, "redis_chat_aiohttp.py", str(aiohttp_port)],
            aiohttp_port,
            redis_server.url,
        ) as on_aiohttp,
        server(
            [*uvicorn, "--port", str(uvicorn_port), "--log-level", "warning"],
            uvicorn_port,
            redis_server.url,
        ) as on_uvicorn,
    ):
        async with aiohttp.ClientSession() as session, AsyncExitStack() as stack:
            clients: dict[str, aiohttp.ClientWebSocketResponse[bool]] = {}
            welcomes: list[Welcome] = []
            for url, kind in [(on_aiohttp, "aiohttp"), (on_uvicorn, "uvicorn")]:
                for i in range(CLIENTS_PER_SERVER):
                    name = f"{kind}-{i}"
                    clients[name], welcome = await join(session, stack, url, name)
                    welcomes.append(welcome)
            # Counted in Redis, whichever server each joined.
            assert [w.members for w in welcomes] == list(range(1, len(clients) + 1))
            total = len(clients) * LINES
            listening = [asyncio.create_task(hear(ws, total)) for ws in clients.values()]
            await within(asyncio.gather(*(talk(ws, name) for name, ws in clients.items())), 60)
            heard = await within(asyncio.gather(*listening), 60)
        for received in heard:
            assert by_speaker(received, clients) == lines_of(clients, LINES)
        # Every member has left, on both servers.
        async with redis_server.client() as client:
            await within(members_back_to_zero(client))


async def members_back_to_zero(client: redis.asyncio.Redis) -> None:
    while int(await client.get("chat:lobby:members") or 0):
        await asyncio.sleep(0.02)
