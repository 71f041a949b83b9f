"""The chat's protocol, declared once: the path, what a client sends, what the server sends.

The server (protocol_fastapi.py, protocol_aiohttp.py) reads and writes
with ``CHAT``; the client (protocol_client.py) with ``CHAT.client``.
"""

from __future__ import annotations

from wsmessage import Endpoint

from chat_schemas import Join, Said, Say, Welcome

CHAT = Endpoint(
    "/chat/{room}",
    receives=Join | Say,
    sends=Welcome | Said,
    max_size=4096,
    title="Chat",
    description="Join a room once, then say things: everyone in the room hears them.",
)
