"""A typed client of the chat, on websockets.

``python protocol_client.py ws://127.0.0.1:8000/chat/lobby ada hi``.

It is written against ``CHAT.client``: it may send only what the server
receives, and what it reads is what the server sends.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from chat_protocol import CHAT
from websockets.asyncio.client import connect

from chat_schemas import Join, Said, Say, Welcome


async def talk(
    url: str, name: str, lines: Sequence[str]
) -> tuple[list[Welcome | Said], int | None]:
    """Join, say ``lines``, read until our last line comes back; what we heard, and the close."""
    heard: list[Welcome | Said] = []
    async with connect(url) as ws:
        await CHAT.client.send(ws, Join(name))
        for line in lines:
            await CHAT.client.send(ws, Say(line))
        events = CHAT.client.receive(ws)
        async for event in events:
            heard.append(event)
            if event == Said(name, lines[-1]):
                break
        else:
            # The server closed first: the receiver says how.
            print(f"closed: {events.close_code} {events.close_reason!r}", file=sys.stderr)
    return heard, events.close_code


if __name__ == "__main__":
    url, name, *lines = sys.argv[1:]
    for event in asyncio.run(talk(url, name, lines or ["hello"]))[0]:
        print(event)
