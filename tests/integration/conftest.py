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
- ``serving``: a server in a process of its own, that prints ``port <n>``
  once it listens and stops when its stdin closes.
- ``redis_server``: a real redis-server of its own (see ``redis_server.py``),
  one test per Redis version found; ``persistent_redis_server`` keeps its
  data across a restart; ``redis_client`` is an asyncio client for
  ``redis_server``. With no redis-server to be found, these tests fail and
  say how to install one.

Every server stops when its test ends, within the same limits.
"""

from __future__ import annotations

import asyncio
import select
import socket
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import aiohttp
import pytest
import redis.asyncio
import uvicorn
from aiohttp import web
from websockets.asyncio.server import Server, ServerConnection, serve

from .redis_server import HOW_TO_INSTALL, RedisBinary, RedisServer, find_binaries, running

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


@contextmanager
def serving(
    args: list[str], *, cwd: Path | None = None
) -> Generator[tuple[subprocess.Popen[str], int]]:
    """Start ``args``, a server that prints ``port <n>`` once it listens; the process and port.

    On the way out its stdin is closed, which stops it; if it does not stop
    within the time limit, it is killed by its PID.
    """
    process = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=cwd
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 30)
        assert ready, f"{args} did not start"
        line = process.stdout.readline()
        assert line.startswith("port "), line
        yield process, int(line.split()[1])
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


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
        server: Server = await within(
            cast("Awaitable[Server]", serve(handler, sock=sock, close_timeout=2))
        )
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


# --- Redis ---------------------------------------------------------------------------------

REDIS_BINARIES = find_binaries()


REDIS_PARAMS: list[RedisBinary | None] = [*REDIS_BINARIES] or [None]


@pytest.fixture(params=REDIS_PARAMS, ids=lambda binary: binary.label if binary else "no-redis")
def redis_binary(request: pytest.FixtureRequest) -> RedisBinary:
    """Each redis-server found, one version each; a failure, saying how to get one, if none."""
    binary: RedisBinary | None = request.param
    if binary is None:
        pytest.fail(HOW_TO_INSTALL, pytrace=False)
    return binary


@pytest.fixture
def redis_server(redis_binary: RedisBinary, tmp_path: Path) -> Iterator[RedisServer]:
    yield from running(redis_binary, tmp_path / "redis")


@pytest.fixture
def persistent_redis_server(redis_binary: RedisBinary, tmp_path: Path) -> Iterator[RedisServer]:
    """A server with its append-only file on, so a restart keeps every acknowledged write."""
    yield from running(redis_binary, tmp_path / "redis", persistent=True)


@pytest.fixture
async def redis_client(redis_server: RedisServer) -> AsyncIterator[redis.asyncio.Redis]:
    client = redis_server.client()
    yield client
    await client.aclose()
