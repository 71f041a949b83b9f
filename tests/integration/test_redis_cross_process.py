"""Two server processes, aiohttp and Starlette under uvicorn, sharing rooms through one Redis.

Clients connect to both; every message said in the room reaches every
client exactly once, in the order each client said them.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Generator
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path

import aiohttp
import msgspec

from .chat_lines import by_speaker, lines_of, said_by
from .conftest import serving, within
from .redis_chat_server import Ready, Said, Say
from .redis_server import RedisServer

SERVER = Path(__file__).with_name("redis_chat_server.py")
CLIENTS_PER_SERVER = 3
MESSAGES_PER_CLIENT = 30

FROM_SERVER = msgspec.json.Decoder(Said | Ready)


@contextmanager
def chat_server(framework: str, redis_url: str) -> Generator[str]:
    """A server process; its base ``ws://`` URL."""
    args = [sys.executable, "-m", "tests.integration.redis_chat_server", framework, redis_url]
    with serving(args, cwd=Path(__file__).resolve().parents[2]) as (_, port):
        yield f"ws://127.0.0.1:{port}"


async def ready_client(
    session: aiohttp.ClientSession, stack: AsyncExitStack, url: str, name: str
) -> aiohttp.ClientWebSocketResponse[bool]:
    ws = await stack.enter_async_context(session.ws_connect(f"{url}/ws/lobby?name={name}"))
    assert FROM_SERVER.decode(await within(ws.receive_str())) == Ready(name)
    return ws


async def said_to(ws: aiohttp.ClientWebSocketResponse[bool], count: int) -> list[Said]:
    received: list[Said] = []
    while len(received) < count:
        value = FROM_SERVER.decode(await ws.receive_str())
        assert isinstance(value, Said)
        received.append(value)
    return received


async def talk(ws: aiohttp.ClientWebSocketResponse[bool], name: str) -> None:
    for text in said_by(name, MESSAGES_PER_CLIENT):
        await ws.send_str(msgspec.json.encode(Say(text)).decode())


async def test_every_client_of_both_servers_hears_everything_once_in_order(
    redis_server: RedisServer,
) -> None:
    with (
        chat_server("aiohttp", redis_server.url) as aiohttp_url,
        chat_server("starlette", redis_server.url) as starlette_url,
    ):
        async with aiohttp.ClientSession() as session, AsyncExitStack() as stack:
            names = [
                (url, f"{framework}-{i}")
                for framework, url in [("aiohttp", aiohttp_url), ("starlette", starlette_url)]
                for i in range(CLIENTS_PER_SERVER)
            ]
            clients = {name: await ready_client(session, stack, url, name) for url, name in names}
            total = len(clients) * MESSAGES_PER_CLIENT
            listening = [asyncio.create_task(said_to(ws, total)) for ws in clients.values()]
            await within(asyncio.gather(*(talk(ws, name) for name, ws in clients.items())), 60)
            heard = await within(asyncio.gather(*listening), 60)
    for received in heard:
        assert by_speaker(received, clients) == lines_of(clients, MESSAGES_PER_CLIENT)
