"""The chat's AsyncAPI document served at /asyncapi.json, as docs/examples serve it, on 127.0.0.1.

FastAPI (protocol_fastapi.py) and Starlette (asyncapi_starlette.py) under
uvicorn, aiohttp (protocol_aiohttp.py) with its own runner: a real HTTP
client reads the document each serves, and it is the one ``document``
made, valid AsyncAPI 3.0.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from ..asyncapi.checks import official_errors
from .conftest import free_socket, within

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def example(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Import ``docs/examples/<name>.py`` as its own directory would run it."""
    monkeypatch.setattr(sys, "path", [str(EXAMPLES), *sys.path])
    return importlib.import_module(name)


@pytest.fixture
async def aiohttp_app() -> AsyncIterator[Callable[[web.Application], Awaitable[str]]]:
    """Serve a whole aiohttp application; returns its ``http://`` base URL."""
    runners: list[web.AppRunner] = []

    async def start(app: web.Application) -> str:
        runner = web.AppRunner(app, shutdown_timeout=2.0)
        await within(runner.setup())
        runners.append(runner)
        sock = free_socket()
        await within(web.SockSite(runner, sock).start())
        host, port = sock.getsockname()[:2]
        return f"http://{host}:{port}"

    yield start
    for runner in runners:
        await within(runner.cleanup())


async def fetch(
    session: aiohttp.ClientSession, url: str, method: str = "GET"
) -> tuple[int, str, Any]:
    """The status, content type and JSON body of a request to ``url``."""
    async with session.request(method, url) as response:
        body = await within(response.json()) if response.status == 200 else None
        return response.status, response.content_type, body


@pytest.mark.parametrize("server", ["fastapi", "starlette", "aiohttp"])
async def test_the_document_is_served_at_asyncapi_json(
    server: str,
    monkeypatch: pytest.MonkeyPatch,
    asgi_server: Callable[..., Awaitable[str]],
    aiohttp_app: Callable[[web.Application], Awaitable[str]],
    client_session: aiohttp.ClientSession,
) -> None:
    if server == "aiohttp":
        module = example("protocol_aiohttp", monkeypatch)
        base = await aiohttp_app(module.make_app())
    else:
        module = example("protocol_fastapi" if server == "fastapi" else "asyncapi_starlette",
                         monkeypatch)  # fmt: skip
        base = (await asgi_server(module.app)).replace("ws://", "http://", 1)
    first, second = [await fetch(client_session, f"{base}/asyncapi.json") for _ in range(2)]
    assert first == second == (200, "application/json", module.ASYNCAPI)  # the same each time
    body = first[2]
    assert official_errors(body) == []
    assert body["channels"]["chat_room"]["address"] == "/chat/{room}"


async def test_starlettes_route_answers_get_only(
    monkeypatch: pytest.MonkeyPatch,
    asgi_server: Callable[..., Awaitable[str]],
    client_session: aiohttp.ClientSession,
) -> None:
    module = example("asyncapi_starlette", monkeypatch)
    base = (await asgi_server(module.app)).replace("ws://", "http://", 1)
    status, _, _ = await fetch(client_session, f"{base}/asyncapi.json", "POST")
    assert status == 405
