"""The server the load test runs in a process of its own: ``python load_server.py``.

It serves ``/ws`` on a free port of 127.0.0.1 with ``iter_decoded``,
acknowledging each decoded item with its sequence number, and ``/stats``
with what the test watches between rounds: memory, live objects and open
sockets. It prints ``port <n>`` once it listens, and stops when its stdin
closes.
"""

from __future__ import annotations

import asyncio
import gc
import resource
import sys
import weakref
from pathlib import Path

import msgspec
from aiohttp import web

from wsmessage import JsonCodec
from wsmessage.aiohttp import iter_decoded, send_encoded

#: Largest payload the server decodes; the load test's oversize messages pass it.
MAX_SIZE = 1024


class Item(msgspec.Struct):
    client: int
    seq: int
    text: str


class Ack(msgspec.Struct):
    seq: int


CODEC = JsonCodec(Item, max_size=MAX_SIZE)
OPEN: weakref.WeakSet[web.WebSocketResponse] = weakref.WeakSet()


async def items(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    OPEN.add(ws)
    async for item in iter_decoded(ws, CODEC):
        await send_encoded(ws, Ack(item.seq))
    return ws


def rss_bytes() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize()


async def stats(request: web.Request) -> web.Response:
    gc.collect()
    return web.json_response(
        {
            "rss": rss_bytes(),
            # ru_maxrss is in kilobytes on Linux.
            "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "objects": len(gc.get_objects()),
            "open_sockets": sum(1 for ws in OPEN if not ws.closed),
        }
    )


async def main() -> None:
    app = web.Application()
    app.add_routes([web.get("/ws", items), web.get("/stats", stats)])
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
    await site.start()
    port = runner.addresses[0][1]
    print(f"port {port}", flush=True)
    # Serve until the test closes our stdin (or goes away).
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
