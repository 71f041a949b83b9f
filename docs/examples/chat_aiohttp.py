"""A chat server on aiohttp: ``python chat_aiohttp.py``, then connect to ws://127.0.0.1:8080/chat.

A client sends one Join, then any number of Say; everyone in the room hears
each Say as a Said.
"""

from __future__ import annotations

import contextlib

from aiohttp import web

from wsmessage import WSCloseCode
from wsmessage.aiohttp import iter_decoded, send_encoded

from chat_schemas import FROM_CLIENT, FROM_SERVER, Join, Said, Say, Welcome

ROOM: set[web.WebSocketResponse] = set()


async def broadcast(said: Said) -> None:
    """Encode once, send to everyone in the room."""
    text = FROM_SERVER.encode(said).data
    for member in list(ROOM):
        # A member that is leaving is taken out of the room by its own handler.
        with contextlib.suppress(ConnectionResetError):
            await member.send_str(text)


async def chat(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    name = None
    try:
        async for event in iter_decoded(ws, FROM_CLIENT):
            match event:
                case Join() if name is None:
                    name = event.name
                    ROOM.add(ws)
                    await send_encoded(ws, Welcome(name, len(ROOM)))
                case Say() if name is not None:
                    await broadcast(Said(name, event.text))
                case _:
                    await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"join once, first")
                    break
    finally:
        ROOM.discard(ws)
    return ws


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/chat", chat)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="127.0.0.1", port=8080)
