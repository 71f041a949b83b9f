"""The Redis chat on FastAPI: ``uvicorn redis_chat_fastapi:app --port 8000``.

Connect to ws://127.0.0.1:8000/chat/lobby; clients of every other server
sharing the Redis are in the same room.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from chat_protocol import CHAT
from fastapi import FastAPI, WebSocket
from redis_chat import chat, close


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncGenerator[None]:
    yield
    await close()


app = FastAPI(lifespan=lifespan)


@app.websocket(CHAT.path)
async def chat_handler(websocket: WebSocket, room: str) -> None:
    await websocket.accept()
    await chat(websocket, room)
