"""The Redis chat on aiohttp: ``python redis_chat_aiohttp.py [PORT]``.

Connect to ws://127.0.0.1:8080/chat/lobby; clients of every other server
sharing the Redis are in the same room.
"""

from __future__ import annotations

import sys

from aiohttp import web
from chat_protocol import CHAT
from redis_chat import chat, close


async def chat_handler(request: web.Request) -> web.WebSocketResponse:
    ws = await CHAT.prepare(request)
    await chat(ws, request.match_info["room"])
    return ws


async def on_cleanup(app: web.Application) -> None:
    await close()


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get(CHAT.path, chat_handler)
    app.on_cleanup.append(on_cleanup)
    return app


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    web.run_app(make_app(), host="127.0.0.1", port=port)
