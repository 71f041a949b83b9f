"""The chat on FastAPI: ``uvicorn chat_fastapi:app``, then connect to ws://127.0.0.1:8000/chat.

FastAPI's WebSocket is Starlette's, so the Starlette endpoint serves as it is.
"""

from __future__ import annotations

from fastapi import FastAPI

from chat_starlette import chat

app = FastAPI()
app.add_api_websocket_route("/chat", chat)
