"""The chat's rooms in Redis, shared by every server process: one handler for all of them.

Each server (redis_chat_aiohttp.py, redis_chat_fastapi.py) calls ``chat``
for each client; the room is a channel of ``HUB``, whichever process the
client is connected to. Redis is at ``REDIS_URL`` (redis://127.0.0.1:6379).
"""

from __future__ import annotations

import os
from typing import Any

import redis.asyncio
from chat_protocol import CHAT

from wsmessage import MessageError, WSCloseCode
from wsmessage.redis import RedisHub, relay

from chat_schemas import Join, Said, Say, Welcome

URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")
# redis-py leaves from_url's **kwargs unannotated, which pyright reports.
REDIS = redis.asyncio.Redis.from_url(URL)  # pyright: ignore[reportUnknownMemberType]
# The hub carries what the endpoint sends: a RedisHub[Welcome | Said].
HUB = RedisHub(REDIS, CHAT.sends)


def members_key(room: str) -> str:
    return f"chat:{room}:members"


class Member:
    """One client in a room: it joins once, then what it says is published as a Said."""

    def __init__(self, ws: Any, room: str) -> None:
        self.ws = ws
        self.room = room
        self.name: str | None = None

    async def publish(self, event: Join | Say) -> Said | None:
        match event:
            case Join() if self.name is None:
                self.name = event.name
                members = await REDIS.incr(members_key(self.room))
                # The relay is subscribed already: from this Welcome on, the
                # client hears everything said in the room.
                await CHAT.send(self.ws, Welcome(event.name, members))
                return None
            case Say() if self.name is not None:
                return Said(self.name, event.text)
            case _:
                raise MessageError("join once, first", WSCloseCode.POLICY_VIOLATION)

    async def leave(self) -> None:
        if self.name is not None:
            await REDIS.decr(members_key(self.room))


async def chat(ws: Any, room: str) -> None:
    """Relay one client to its room until it leaves; any framework's socket will do."""
    member = Member(ws, room)
    try:
        await relay(CHAT, ws, HUB, room, publish=member.publish)
    finally:
        await member.leave()


async def close() -> None:
    """Give back what the hub and the client hold, when the server stops."""
    await HUB.aclose()
    await REDIS.aclose()
