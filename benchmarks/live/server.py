"""A live benchmark server: ``python -m benchmarks.live.server VARIANT [--cpu N]``.

It serves the variant's two handlers, ours at ``/ours`` and the floor at
``/floor``, on a free port of 127.0.0.1, and says ``{"port": ..., "cpus":
...}`` on stdout once it listens. To each line on stdin it answers with
the CPU time it has used so far (``{"cpu": seconds}``, user + system, from
``getrusage``), so the parent measures a run as the difference between two
answers; it stops when its stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

import uvicorn
from aiohttp import web
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from ..processes import cpu_seconds, pin, say, stdin_lines
from .variants import Handler, Variant, variant

__all__ = ["cpu_answer", "main", "serve", "serve_variant"]


def _aiohttp_route(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def route(request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await handler(ws)
        return ws

    return route


@contextlib.asynccontextmanager
async def serve_aiohttp(entry: Variant) -> AsyncGenerator[int]:
    app = web.Application()
    app.router.add_get("/ours", _aiohttp_route(entry.ours))
    app.router.add_get("/floor", _aiohttp_route(entry.floor))
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


def _starlette_route(path: str, handler: Handler) -> WebSocketRoute:
    async def endpoint(websocket: WebSocket) -> None:
        await websocket.accept()
        await handler(websocket)

    return WebSocketRoute(path, endpoint)


@contextlib.asynccontextmanager
async def serve_uvicorn(entry: Variant, ws: str) -> AsyncGenerator[int]:
    app = Starlette(
        routes=[_starlette_route("/ours", entry.ours), _starlette_route("/floor", entry.floor)]
    )
    config = uvicorn.Config(
        app,
        ws=ws,  # one of uvicorn's names, checked by uvicorn
        # No keepalive pings: a run's client answers none, and they would be CPU
        # that only one side of a pair happens to pay.
        ws_ping_interval=None,
        lifespan="off",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()  # raises why it stopped
                raise RuntimeError("uvicorn stopped before it started")
            await asyncio.sleep(0.01)
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        await task
        sock.close()


def serve_variant(entry: Variant) -> contextlib.AbstractAsyncContextManager[int]:
    framework, _, implementation = entry.server.partition("/")
    if framework == "aiohttp":
        return serve_aiohttp(entry)
    if framework == "uvicorn":
        return serve_uvicorn(entry, implementation)
    raise LookupError(f"no server {entry.server!r}")


def cpu_answer(line: bytes) -> dict[str, Any]:
    """What the server answers each line: its CPU time so far."""
    return {"cpu": cpu_seconds()}


async def serve(
    entry: Variant,
    cpus: list[int] | None,
    answer: Callable[[bytes], dict[str, Any]] = cpu_answer,
) -> None:
    """Serve ``entry`` until stdin closes, saying ``answer(line)`` to each line."""
    async with serve_variant(entry) as port:
        say({"port": port, "cpus": cpus})
        commands = await stdin_lines()
        while line := await commands.readline():
            say(answer(line))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.live.server")
    parser.add_argument("variant")
    parser.add_argument("--cpu", type=int)
    args = parser.parse_args()
    cpus = pin(args.cpu)
    asyncio.run(serve(variant(args.variant), cpus))


if __name__ == "__main__":
    main()
