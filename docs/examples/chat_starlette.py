"""A chat server on Starlette: ``uvicorn chat_starlette:app``, then connect to ws://127.0.0.1:8000/chat.

The same chat as chat_aiohttp.py; chat_fastapi.py serves this endpoint with FastAPI.
"""

from __future__ import annotations

import contextlib

from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from wsmessage import WSCloseCode
from wsmessage.starlette import iter_decoded, send_encoded

from chat_schemas import FROM_CLIENT, FROM_SERVER, Join, Said, Say, Welcome

ROOM: set[WebSocket] = set()


async def broadcast(said: Said) -> None:
    """Send to everyone in the room."""
    for member in list(ROOM):
        # A member that has left (or whose connection the server has closed)
        # is taken out of the room by its own handler.
        with contextlib.suppress(WebSocketDisconnect):
            await send_encoded(member, said, FROM_SERVER)


async def chat(websocket: WebSocket) -> None:
    await websocket.accept()
    name = None
    try:
        async for event in iter_decoded(websocket, FROM_CLIENT):
            match event:
                case Join() if name is None:
                    name = event.name
                    ROOM.add(websocket)
                    await send_encoded(websocket, Welcome(name, len(ROOM)))
                case Say() if name is not None:
                    await broadcast(Said(name, event.text))
                case _:
                    await websocket.close(WSCloseCode.POLICY_VIOLATION, "join once, first")
                    break
    except WebSocketDisconnect:
        pass  # gone while we were sending to it: nothing left to do
    finally:
        ROOM.discard(websocket)


app = Starlette(routes=[WebSocketRoute("/chat", chat)])
