"""A real browser as the client: headless Chromium runs a page that speaks the chat protocol.

The test server serves the page (browser_page.html) and the endpoint; the
page sends good and bad messages and records what it saw: the messages,
and the close event's code, reason and wasClean. Every close must be clean
and carry its reason, a message over ``max_size`` included, whether it is
a little over or far over (up to the framework's own limit, which the
endpoint sets: see ``Endpoint.prepare``).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route, WebSocketRoute

from .browser import Page, chromium
from .conftest import within
from .endpoint_scenarios import (
    CHAT,
    JOIN,
    JOINED as JOINED_MESSAGE,
    SAID as SAID_MESSAGE,
    SAY,
    ChatServer,
    Join,
    Say,
)

pytestmark = pytest.mark.slow

PAGE = (Path(__file__).parent / "browser_page.html").read_text()
JOINED = JOINED_MESSAGE.data
SAID = SAID_MESSAGE.data


def text(data: str) -> dict[str, str]:
    return {"text": data}


def binary(data: str) -> dict[str, str]:
    return {"binary": data}


def say(size: int) -> str:
    """A Say whose JSON is ``size`` bytes."""
    frame = '{"type":"say","text":""}'
    return frame[:-2] + "x" * (size - len(frame)) + '"}'


# (id, frames the page sends, messages after which it closes (None: never),
#  what it must see, the close code and reason, the server's close_code)
SCENARIOS: list[tuple[str, list[dict[str, str]], int | None, list[str], int, str | None]] = [
    ("good messages", [text(JOIN), text(SAY)], 2, [JOINED, SAID], 1000, None),
    ("schema failure", [text(JOIN), text('{"type":"say","text":1}')], None, [JOINED], 1008,
     "text: Expected `str`, got `int`"),
    ("unknown kind", [text('{"type":"shout"}')], None, [], 1008, "type: unknown tag"),
    ("malformed JSON", [text('{"type":')], None, [], 1007,
     "invalid JSON: truncated"),
    ("binary to a JSON endpoint", [binary(JOIN)], None, [], 1003,
     "cannot decode JSON from a binary message"),
    ("a little over max_size", [text(JOIN), text(say(300))], None, [JOINED], 1009,
     "payload is over the 256 bytes allowed"),
    ("far over max_size", [text(say(60_000))], None, [], 1009,
     "payload is over the 256 bytes allowed"),
]  # fmt: skip


async def serve_page(request: web.Request) -> web.Response:
    return web.Response(text=PAGE, content_type="text/html")


@pytest.fixture(params=["aiohttp", "starlette"])
async def chat_site(
    request: pytest.FixtureRequest,
    aiohttp_server: Callable[..., Awaitable[str]],
    asgi_server: Callable[..., Awaitable[str]],
) -> tuple[str, ChatServer]:
    """The page at ``/`` and the chat at /ws/chat/{room}; the site's base URL and its server."""
    server = ChatServer(CHAT)
    if request.param == "aiohttp":
        url = await aiohttp_server(server.aiohttp, CHAT.path, extra_routes={"/": serve_page})
        base = url.removesuffix(CHAT.path)
    else:

        async def page(request: Any) -> HTMLResponse:
            return HTMLResponse(PAGE)

        app = Starlette(routes=[Route("/", page), WebSocketRoute(CHAT.path, server.starlette)])
        base = await asgi_server(app)
    return base.replace("ws://", "http://"), server


async def run_scenario(
    page: Page, url: str, frames: list[dict[str, str]], close_after: int | None
) -> dict[str, Any]:
    script = f"runScenario({json.dumps(url)}, {json.dumps(frames)}, {json.dumps(close_after)})"
    seen: dict[str, Any] = await within(page.evaluate(script))
    return seen


async def test_chromium_sees_every_close_clean_and_with_its_reason(
    chat_site: tuple[str, ChatServer],
) -> None:
    base, server = chat_site
    async with chromium() as page:
        await page.goto(f"{base}/", "typeof window.runScenario === 'function'")
        ws_url = base.replace("http://", "ws://") + "/ws/chat/lobby"
        for scenario_id, frames, close_after, messages, code, reason in SCENARIOS:
            server.ended.clear()
            seen = await run_scenario(page, ws_url, frames, close_after)
            assert seen["messages"] == messages, scenario_id
            assert seen["close"]["wasClean"] is True, (scenario_id, seen)
            assert seen["close"]["code"] == code, (scenario_id, seen)
            if reason is not None:
                assert seen["close"]["reason"] == reason, (scenario_id, seen)
            assert seen["errors"] == 0, scenario_id
            await within(server.ended.wait())
            server_code, server_reason = server.ends[-1]
            assert server_code == code, scenario_id
            if reason is not None:
                assert server_reason == reason, scenario_id
    assert server.values[:2] == [Join("ada"), Say("hi")]
