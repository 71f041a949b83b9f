"""The tutorial "Declare your protocol once", exactly as docs/examples has it, on 127.0.0.1.

The FastAPI server (under uvicorn, on both of its WebSocket
implementations) and the aiohttp server serve the same declaration; the
typed client written against ``CHAT.client`` talks to each.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import ModuleType

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.frames import Close

from .conftest import within

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def example(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Import ``docs/examples/<name>.py`` as its own directory would run it."""
    monkeypatch.setattr(sys, "path", [str(EXAMPLES), *sys.path])
    return importlib.import_module(name)


@pytest.fixture(params=["fastapi-websockets", "fastapi-wsproto", "aiohttp"])
async def lobby(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    aiohttp_server: Callable[..., Awaitable[str]],
    asgi_server: Callable[..., Awaitable[str]],
) -> str:
    """The URL of the lobby, served by one of the tutorial's servers."""
    protocol = example("chat_protocol", monkeypatch)
    if request.param == "aiohttp":
        server = example("protocol_aiohttp", monkeypatch)
        url = await aiohttp_server(server.chat, protocol.CHAT.path)
        return str(url).replace("{room}", "lobby")
    ws = "wsproto" if request.param.endswith("wsproto") else "websockets-sansio"
    base = await asgi_server(example("protocol_fastapi", monkeypatch).app, ws)
    return f"{base}/chat/lobby"


async def test_the_typed_client_hears_the_room(lobby: str, monkeypatch: pytest.MonkeyPatch) -> None:
    client = example("protocol_client", monkeypatch)
    schemas = example("chat_schemas", monkeypatch)
    heard, close_code = await within(client.talk(lobby, "ada", ["hi", "bye"]))
    assert heard == [
        schemas.Welcome("ada", 1),
        schemas.Said("ada", "hi"),
        schemas.Said("ada", "bye"),
    ]
    assert close_code is None  # it left before the server closed


async def closing_of(url: str, frames: list[str]) -> tuple[int, str]:
    """Send ``frames``, read until the server closes; its close code and reason."""
    received: Close | None = None
    async with connect(url) as ws:
        for frame in frames:
            await ws.send(frame)
        while True:
            try:
                await within(ws.recv())
            except ConnectionClosed as closed:
                received = closed.rcvd
                break
    assert received is not None  # a close frame, with its code
    return received.code, received.reason


@pytest.mark.parametrize(
    ("frames", "expected"),
    [
        (['{"type": "say", "text": "hi"}'], (1008, "join once, first")),
        (['{"type": "join", "name": "a"}', '{"type": "join", "name": "a"}'],
         (1008, "join once, first")),
        (['{"type": "shout"}'], (1008, "type: unknown tag")),
        (['{"type": "say",'], (1007, "invalid JSON: truncated")),
        (['{"type": "say", "text": "' + "x" * 5000 + '"}'],
         (1009, "payload is over the 4096 bytes allowed")),
    ],
)  # fmt: skip
async def test_a_bad_client_is_closed_with_the_right_code(
    lobby: str, frames: list[str], expected: tuple[int, str]
) -> None:
    assert await closing_of(lobby, frames) == expected
