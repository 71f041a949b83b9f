"""A chat client on aiohttp: ``python chat_client.py ws://127.0.0.1:8080/chat ada hello``.

It joins, says each line, prints what the room says until it hears its own
last line, and leaves. It talks to either server.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

import aiohttp

from wsmessage.aiohttp import iter_decoded, send_encoded

from chat_schemas import FROM_SERVER, Join, Said, Say, Welcome


async def talk(url: str, name: str, lines: Sequence[str]) -> list[Welcome | Said]:
    """Join as ``name``, say ``lines``, and return what the server sent until the last came back."""
    heard: list[Welcome | Said] = []
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        await send_encoded(ws, Join(name))
        for line in lines:
            await send_encoded(ws, Say(line))
        async for event in iter_decoded(ws, FROM_SERVER):
            heard.append(event)
            if event == Said(name, lines[-1]):
                break
    return heard


if __name__ == "__main__":
    url, name, *lines = sys.argv[1:]
    for event in asyncio.run(talk(url, name, lines or ["hello"])):
        print(event)
