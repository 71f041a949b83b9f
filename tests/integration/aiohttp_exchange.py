"""One exchange between an aiohttp server and client of wsmessage: ``python aiohttp_exchange.py``.

The oldest-aiohttp test runs it in a virtualenv that holds the oldest
aiohttp the extra allows, where sockets have no ``send_frame``. The server
decodes with ``iter_decoded`` and answers each value with ``send_encoded``
(JSON, then msgpack) and ``Endpoint.send``; the client sends with
``send_encoded`` too. It prints one JSON document: aiohttp's version,
whether its sockets have ``send_frame``, the adapter each side got, and
every frame the client received, as ``[type, data]`` (binary data in hex).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import msgspec
from aiohttp import web

from wsmessage import Endpoint, MsgpackCodec
from wsmessage._sockets import adapter_for
from wsmessage.aiohttp import iter_decoded, send_encoded

TIMEOUT = 10.0


class Chat(msgspec.Struct):
    user: str
    text: str


CHAT = Endpoint("/ws", receives=Chat, sends=Chat)
ADAPTERS: dict[str, str] = {}


async def handler(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    ADAPTERS["server"] = adapter_for(ws).__name__
    async for chat in iter_decoded(ws, Chat):
        await send_encoded(ws, Chat(chat.user, chat.text.upper()))
        await send_encoded(ws, chat, MsgpackCodec(Chat))
        await CHAT.send(ws, Chat(chat.user, "café"))
    return ws


async def exchange() -> list[list[Any]]:
    app = web.Application()
    app.router.add_get("/ws", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws,
        ):
            ADAPTERS["client"] = adapter_for(ws).__name__
            await send_encoded(ws, Chat("ada", "hi"))
            frames: list[list[Any]] = []
            for _ in range(3):
                msg = await asyncio.wait_for(ws.receive(), TIMEOUT)
                data = msg.data.hex() if isinstance(msg.data, bytes) else msg.data
                frames.append([int(msg.type), data])
            return frames
    finally:
        await runner.cleanup()


def main() -> None:
    frames = asyncio.run(exchange())
    report = {
        "version": aiohttp.__version__,
        "send_frame": [
            hasattr(cls, "send_frame")
            for cls in (web.WebSocketResponse, aiohttp.ClientWebSocketResponse)
        ],
        "adapters": ADAPTERS,
        "frames": frames,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
