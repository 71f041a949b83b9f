"""The tutorial's servers, run as the tutorial says, close on a bad peer without a traceback.

Each example runs in its own process (uvicorn for Starlette and FastAPI,
on both of its WebSocket implementations; ``python -m aiohttp.web`` for
aiohttp) on a free port of 127.0.0.1. Peers join, chat, and one sends a
frame the server itself refuses (text that is not UTF-8) right after a
message the server answers to the whole room; then the server is stopped
by its PID, and its stderr must hold no traceback from the application or
from wsmessage (uvicorn's own report of the frame it refused is allowed).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path

import aiohttp
import pytest

from .conftest import free_socket, within

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

SERVERS = {
    "starlette-websockets": ["uvicorn", "chat_starlette:app", "--ws", "websockets-sansio"],
    "starlette-wsproto": ["uvicorn", "chat_starlette:app", "--ws", "wsproto"],
    "fastapi-websockets": ["uvicorn", "chat_fastapi:app", "--ws", "websockets-sansio"],
    "fastapi-wsproto": ["uvicorn", "chat_fastapi:app", "--ws", "wsproto"],
    # What `python chat_aiohttp.py` runs, on another port.
    "aiohttp": ["-c", "from aiohttp import web; from chat_aiohttp import make_app; "
                "web.run_app(make_app(), host='127.0.0.1', port={port})"],
}  # fmt: skip
# uvicorn's websockets implementation logs a frame it refuses itself, with
# its own traceback ("Invalid UTF-8 sequence received from client"): that
# one is the server's report, not the application's failure.
APPLICATION_FAILURES = ["Exception in ASGI application", "RuntimeError", "Error handling request"]


class Served:
    """A running example server: its URL, and its stderr once it has stopped."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stderr = ""


@contextlib.contextmanager
def served(kind: str) -> Generator[Served]:
    """Run the example server ``kind`` on a free port; stop it by its PID on the way out."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()  # the server binds it again; nothing else on loopback picks it meanwhile
    args = [arg.format(port=port) for arg in SERVERS[kind]]
    if args[0] == "uvicorn":
        args = ["-m", *args, "--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    process = subprocess.Popen(
        [sys.executable, "-X", "dev", *args],
        cwd=EXAMPLES,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    server = Served(f"ws://127.0.0.1:{port}/chat")
    try:
        yield server
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGINT)
        try:
            server.stderr = process.communicate(timeout=10)[1]
        except subprocess.TimeoutExpired:
            process.kill()
            server.stderr = process.communicate(timeout=10)[1]


async def connect_when_up(
    session: aiohttp.ClientSession, url: str
) -> aiohttp.ClientWebSocketResponse[bool]:
    for _ in range(200):
        with contextlib.suppress(aiohttp.ClientConnectionError):
            return await session.ws_connect(url)
        await asyncio.sleep(0.05)
    raise AssertionError(f"the server at {url} never started")


async def a_bad_peer_in_a_room(url: str) -> None:
    """bob listens; ada joins, says something, and breaks the protocol in the same breath."""
    async with aiohttp.ClientSession() as session:
        bob = await within(connect_when_up(session, url))
        await bob.send_str('{"type": "join", "name": "bob"}')
        await within(bob.receive())  # welcome
        ada = await session.ws_connect(url)
        await ada.send_str('{"type": "join", "name": "ada"}')
        await within(ada.receive())  # welcome
        await ada.send_str('{"type": "say", "text": "hi"}')
        await ada.send_frame(b"\xff", aiohttp.WSMsgType.TEXT)  # not UTF-8: the server closes
        while (await within(ada.receive())).type not in (
            aiohttp.WSMsgType.CLOSE,
            aiohttp.WSMsgType.CLOSED,
            aiohttp.WSMsgType.ERROR,
        ):
            pass
        await ada.close()
        await within(bob.receive())  # ada's "hi", heard by the room
        await bob.send_str('{"type": "say", "text": "still here"}')
        await within(bob.receive())
        await bob.close()


@pytest.mark.parametrize("kind", SERVERS)
async def test_a_bad_peer_leaves_no_traceback_in_the_servers_log(kind: str) -> None:
    with served(kind) as server:
        await a_bad_peer_in_a_room(server.url)
    # Stopped by SIGINT: whatever it logged about the peers is in by now.
    stderr = server.stderr
    for failure in APPLICATION_FAILURES:
        assert failure not in stderr, stderr
    # No frame of the application's, nor of wsmessage's, in any traceback.
    assert str(EXAMPLES) not in stderr, stderr
    assert "wsmessage" not in stderr, stderr
