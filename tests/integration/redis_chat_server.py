"""A chat server sharing its rooms through Redis, in a process of its own.

``python redis_chat_server.py aiohttp|starlette REDIS_URL`` serves
``/ws/{room}?name=NAME`` on a free port of 127.0.0.1, with aiohttp's
handlers (``wsmessage.aiohttp``) or Starlette's under uvicorn
(``wsmessage.starlette``). Each client's ``Say`` is published on the room's
channel as a ``Said``; everything the channel carries is sent to the
client, after a ``Ready`` once its feed is subscribed. It prints ``port <n>``
once it listens, and stops when its stdin closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
import redis.asyncio

from wsmessage import JsonCodec
from wsmessage.redis import Feed, RedisHub


class Say(msgspec.Struct, tag=True):
    text: str


class Said(msgspec.Struct, tag=True):
    name: str
    text: str


class Ready(msgspec.Struct, tag=True):
    name: str


FROM_CLIENT = JsonCodec(Say)
TO_CLIENT: JsonCodec[Said | Ready] = JsonCodec(Said | Ready)


async def relay(
    feed: Feed[Said],
    send: Callable[[Said | Ready], Awaitable[None]],
    receive: Callable[[], Awaitable[None]],
    name: str,
) -> None:
    """Send the client what the room's feed carries while its own messages are published."""

    async def outgoing() -> None:
        async for said in feed:
            await send(said)

    await send(Ready(name))
    sending = asyncio.create_task(outgoing())
    try:
        await receive()
    finally:
        sending.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sending


async def serve_aiohttp(hub: RedisHub[Said], sock: socket.socket) -> Callable[[], Awaitable[None]]:
    from aiohttp import web

    from wsmessage.aiohttp import iter_decoded, send_encoded

    async def chat(request: web.Request) -> web.WebSocketResponse:
        room, name = request.match_info["room"], request.query["name"]
        ws = web.WebSocketResponse()
        await ws.prepare(request)

        async def receive() -> None:
            async for say in iter_decoded(ws, FROM_CLIENT):
                await hub.publish(room, Said(name, say.text))

        async with hub.subscribe(room) as feed:
            await relay(feed, lambda value: send_encoded(ws, value, TO_CLIENT), receive, name)
        return ws

    app = web.Application()
    app.router.add_get("/ws/{room}", chat)
    runner = web.AppRunner(app, shutdown_timeout=2.0)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    return runner.cleanup


async def serve_starlette(
    hub: RedisHub[Said], sock: socket.socket
) -> Callable[[], Awaitable[None]]:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.routing import WebSocketRoute
    from starlette.websockets import WebSocket

    from wsmessage.starlette import iter_decoded, send_encoded

    async def chat(websocket: WebSocket) -> None:
        room, name = websocket.path_params["room"], websocket.query_params["name"]
        await websocket.accept()

        async def receive() -> None:
            async for say in iter_decoded(websocket, FROM_CLIENT):
                await hub.publish(room, Said(name, say.text))

        async with hub.subscribe(room) as feed:
            await relay(
                feed, lambda value: send_encoded(websocket, value, TO_CLIENT), receive, name
            )

    app = Starlette(routes=[WebSocketRoute("/ws/{room}", chat)])
    config = uvicorn.Config(
        app, lifespan="off", log_level="warning", ws="websockets-sansio", access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)

    async def stop() -> None:
        server.should_exit = True
        await task

    return stop


async def main(framework: str, url: str) -> None:
    client: Any = redis.asyncio.Redis.from_url(url)  # pyright: ignore[reportUnknownMemberType]
    hub = RedisHub(client, Said)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    serve = serve_aiohttp if framework == "aiohttp" else serve_starlette
    stop = await serve(hub, sock)
    print(f"port {sock.getsockname()[1]}", flush=True)
    # Serve until the test closes our stdin (or goes away).
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await stop()
    await client.aclose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
