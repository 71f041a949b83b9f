"""The chat on aiohttp, from the same declaration: ``python protocol_aiohttp.py``.

Connect to ws://127.0.0.1:8080/chat/lobby.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict

from aiohttp import web
from chat_protocol import CHAT
from typing_extensions import assert_never

from wsmessage import WSCloseCode

from chat_schemas import Join, Said, Say, Welcome

ROOMS: defaultdict[str, set[web.WebSocketResponse]] = defaultdict(set)


async def broadcast(room: str, said: Said) -> None:
    for member in list(ROOMS[room]):
        # A member that is leaving is taken out of the room by its own handler.
        with contextlib.suppress(ConnectionResetError):
            await CHAT.send(member, said)


async def chat(request: web.Request) -> web.WebSocketResponse:
    room = request.match_info["room"]
    # A response whose own size limit leaves max_size to the endpoint, so that
    # a message over it is refused with a reason and a clean close.
    ws = await CHAT.prepare(request)
    name: str | None = None
    try:
        async for event in CHAT.receive(ws):
            match event:
                case Join() if name is None:
                    name = event.name
                    ROOMS[room].add(ws)
                    await CHAT.send(ws, Welcome(name, len(ROOMS[room])))
                case Say() if name is not None:
                    await broadcast(room, Said(name, event.text))
                case Join() | Say():
                    await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"join once, first")
                    break
                case _:
                    assert_never(event)
    finally:
        ROOMS[room].discard(ws)
    return ws


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get(CHAT.path, chat)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="127.0.0.1", port=8080)
