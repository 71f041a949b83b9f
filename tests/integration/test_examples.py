"""The tutorial's chat, exactly as docs/examples has it, on real servers on 127.0.0.1.

The same tests run against the aiohttp server, the Starlette app and the
FastAPI app, with the tutorial's own client where it fits.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
import pytest

from wsmessage import CloseMessage, TextMessage, WSMessage
from wsmessage.aiohttp import from_aiohttp

from .conftest import within

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def example(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Import ``docs/examples/<name>.py`` as its own directory would run it."""
    monkeypatch.setattr(sys, "path", [str(EXAMPLES), *sys.path])
    return importlib.import_module(name)


class Chat:
    """A served chat example: its module, and the URL of its endpoint."""

    def __init__(self, server: ModuleType, url: str, schemas: ModuleType) -> None:
        self.server = server
        self.url = url
        self.schemas = schemas

    async def left(self) -> None:
        """Wait until everyone has left the room."""
        while self.server.ROOM:
            await asyncio.sleep(0.01)


@pytest.fixture(params=["aiohttp", "starlette", "fastapi"])
async def chat(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    aiohttp_server: Callable[[Any], Awaitable[str]],
    asgi_server: Callable[[Any], Awaitable[str]],
) -> Chat:
    """The chat, served by each of its three servers in turn."""
    schemas = example("chat_schemas", monkeypatch)
    if request.param == "aiohttp":
        server = example("chat_aiohttp", monkeypatch)
        return Chat(server, await aiohttp_server(server.chat), schemas)
    app = example(f"chat_{request.param}", monkeypatch).app
    url = await asgi_server(app)
    return Chat(example("chat_starlette", monkeypatch), f"{url}/chat", schemas)


async def test_everyone_in_the_room_hears_what_is_said(
    chat: Chat, client_session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = example("chat_client", monkeypatch)
    Join, Said, Welcome = chat.schemas.Join, chat.schemas.Said, chat.schemas.Welcome
    codec = chat.schemas.FROM_SERVER
    async with client_session.ws_connect(chat.url) as bob:
        await bob.send_str(codec.encode(Join("bob")).data)
        assert chat.schemas.FROM_SERVER.decode(
            from_aiohttp(await within(bob.receive()))
        ) == Welcome("bob", 1)

        heard = await within(client.talk(chat.url, "ada", ["hi", "bye"]))
        assert heard == [Welcome("ada", 2), Said("ada", "hi"), Said("ada", "bye")]
        for expected in (Said("ada", "hi"), Said("ada", "bye")):
            assert codec.decode(from_aiohttp(await within(bob.receive()))) == expected
    await within(chat.left())


# (what a client sends, the close that answers it)
MISBEHAVING: list[tuple[list[str], WSMessage]] = [
    (['{"type": "say", "text": "hi"}'], CloseMessage(1008, "join once, first")),
    (['{"type": "join", "name": "a"}', '{"type": "join", "name": "b"}'],
     CloseMessage(1008, "join once, first")),
    (['{"type": "say"}'], CloseMessage(1008, "text: Object missing required field `text`")),
    (['{"type": "shout", "text": "HI"}'],
     CloseMessage(1008, "type: unknown tag")),
    (["{not json"], CloseMessage(1007, "invalid JSON: object keys must be strings at byte 1")),
    (['{"type": "say", "text": "' + "x" * 5000 + '"}'],
     CloseMessage(1009, "payload is over the 4096 bytes allowed")),
]  # fmt: skip


@pytest.mark.parametrize(("sent", "answer"), MISBEHAVING)
async def test_a_misbehaving_client_is_closed_with_the_right_code(
    chat: Chat, client_session: aiohttp.ClientSession, sent: list[str], answer: WSMessage
) -> None:
    received: list[Any] = []
    async with client_session.ws_connect(chat.url) as ws:
        for text in sent:
            await ws.send_str(text)
        while not received or isinstance(received[-1], TextMessage):
            received.append(from_aiohttp(await within(ws.receive())))
    assert received[-1] == answer
    await within(chat.left())
