"""Real servers on 127.0.0.1, each on a free port, for tests that need real frames.

- ``aiohttp_server``: ``await aiohttp_server(handler, path="/ws")`` serves
  an aiohttp WebSocket handler (and ``extra_routes``, path: handler) and
  returns its ``ws://`` URL.
- ``asgi_server``: ``await asgi_server(app, ws="websockets-sansio")`` serves
  an ASGI app (Starlette, FastAPI) with uvicorn, on either of its WebSocket
  implementations, and returns its ``ws://`` base URL.
- ``websockets_server``: ``await websockets_server(handler)`` serves a
  websockets connection handler and returns its ``ws://`` base URL.
- ``client_session``: an aiohttp ``ClientSession``, the client for both.
- ``AsgiRecorder``: ASGI middleware that keeps every WebSocket event the app
  receives and sends.
- ``within``: awaits with a time limit, so a test that hangs fails instead.

Every server stops when its test ends, within the same limits.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any, Literal, TypeVar

import aiohttp
import pytest
import uvicorn
from aiohttp import web
from websockets.asyncio.server import Server, ServerConnection, serve

#: Seconds any one step may take; the servers run locally, so this is generous.
TIMEOUT = 10.0

T = TypeVar("T")
Scope = MutableMapping[str, Any]
Event = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Event]]
Send = Callable[[Event], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
AiohttpHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def within(awaitable: Awaitable[T], seconds: float = TIMEOUT) -> T:
    """``await awaitable``, failing the test if it takes over ``seconds``."""
    return await asyncio.wait_for(awaitable, seconds)


def free_socket() -> socket.socket:
    """A TCP socket bound to a free port on 127.0.0.1, for a server to listen on."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def ws_url(sock: socket.socket, path: str = "") -> str:
    host, port = sock.getsockname()[:2]
    return f"ws://{host}:{port}{path}"


@pytest.fixture
async def client_session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def aiohttp_server() -> AsyncIterator[Callable[..., Awaitable[str]]]:
    """Serve an aiohttp handler at ``path`` (``/ws``); returns the URL of the path as given."""
    runners: list[web.AppRunner] = []

    async def start(
        handler: AiohttpHandler,
        path: str = "/ws",
        *,
        extra_routes: dict[str, AiohttpHandler] | None = None,
    ) -> str:
        app = web.Application()
        app.router.add_get(path, handler)
        for extra_path, extra_handler in (extra_routes or {}).items():
            app.router.add_get(extra_path, extra_handler)
        runner = web.AppRunner(app, shutdown_timeout=2.0)
        await within(runner.setup())
        runners.append(runner)
        sock = free_socket()
        await within(web.SockSite(runner, sock).start())
        return ws_url(sock, path)

    yield start
    for runner in runners:
        await within(runner.cleanup())


@pytest.fixture
async def websockets_server() -> AsyncIterator[Callable[..., Awaitable[str]]]:
    """Serve a handler with the websockets library's asyncio server; returns the base URL."""
    servers: list[Server] = []

    async def start(handler: Callable[[ServerConnection], Awaitable[None]]) -> str:
        sock = free_socket()
        server = await within(serve(handler, sock=sock, close_timeout=2))
        servers.append(server)
        return ws_url(sock)

    yield start
    for server in servers:
        server.close()
        await within(server.wait_closed())


@pytest.fixture
async def asgi_server() -> AsyncIterator[Callable[..., Awaitable[str]]]:
    """Serve an ASGI app with uvicorn; returns the base ``ws://`` URL.

    ``ws`` picks uvicorn's WebSocket implementation: ``"websockets-sansio"``
    (websockets' own protocol; uvicorn's older "websockets" one is
    deprecated) or ``"wsproto"``.
    """
    running: list[tuple[uvicorn.Server, asyncio.Task[None]]] = []

    async def start(
        app: ASGIApp, ws: Literal["websockets-sansio", "wsproto"] = "websockets-sansio"
    ) -> str:
        config = uvicorn.Config(
            app,
            lifespan="off",
            log_level="warning",
            access_log=False,
            ws=ws,
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        sock = free_socket()
        task = asyncio.create_task(server.serve(sockets=[sock]))
        running.append((server, task))

        async def started() -> None:
            while not server.started:
                if task.done():
                    task.result()  # raises why it stopped
                    raise RuntimeError("uvicorn stopped before it started")
                await asyncio.sleep(0.01)

        await within(started())
        return ws_url(sock)

    yield start
    for server, task in running:
        server.should_exit = True
        await within(task)


class AsgiRecorder:
    """ASGI middleware keeping a copy of every WebSocket event, in order.

    ``received`` holds what the server handed the app, ``sent`` what the app
    sent; ``done`` is set once the app has returned.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.received: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.done = asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return

        async def recording_receive() -> Event:
            event = await receive()
            self.received.append(dict(event))
            return event

        async def recording_send(event: Event) -> None:
            self.sent.append(dict(event))
            await send(event)

        try:
            await self.app(scope, recording_receive, recording_send)
        finally:
            self.done.set()
