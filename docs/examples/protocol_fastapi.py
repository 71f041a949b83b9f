"""The chat on FastAPI, from its declaration: ``uvicorn protocol_fastapi:app``.

Connect to ws://127.0.0.1:8000/chat/lobby (any room name will do).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict

from chat_protocol import CHAT
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from typing_extensions import assert_never

from wsmessage import WSCloseCode

from chat_schemas import Join, Said, Say, Welcome

ROOMS: defaultdict[str, set[WebSocket]] = defaultdict(set)
app = FastAPI()


async def broadcast(room: str, said: Said) -> None:
    for member in list(ROOMS[room]):
        # A member that has left is taken out of the room by its own handler.
        with contextlib.suppress(WebSocketDisconnect):
            await CHAT.send(member, said)


@app.websocket(CHAT.path)
async def chat(websocket: WebSocket, room: str) -> None:
    await websocket.accept()
    name: str | None = None
    events = CHAT.receive(websocket)
    try:
        async for event in events:
            match event:
                case Join() if name is None:
                    name = event.name
                    ROOMS[room].add(websocket)
                    await CHAT.send(websocket, Welcome(name, len(ROOMS[room])))
                case Say() if name is not None:
                    await broadcast(room, Said(name, event.text))
                case Join() | Say():
                    await websocket.close(WSCloseCode.POLICY_VIOLATION, "join once, first")
                    break
                case _:
                    assert_never(event)  # the type checker fails here if a kind is left out
    except WebSocketDisconnect:
        pass  # gone while we were sending to it
    finally:
        ROOMS[room].discard(websocket)
