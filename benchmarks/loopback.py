"""aiohttp WebSockets on real loopback connections, for the in-process handler rows.

An aiohttp server runs in an event loop of this process on 127.0.0.1; each
connection to it comes from a socket whose opening handshake is made here
and which is then handed to a peer process (:mod:`benchmarks.peer`) that
drains or floods it. The server's ``WebSocketResponse`` is prepared on that
connection as in any handler, and its writes and reads go through aiohttp's
real writer, reader and transport. The loop runs only while a statement
runs (``loopback.run(coroutine)``), so a statement times N sends or
receives in one coroutine, the way a handler makes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Coroutine
from typing import Any, TypeVar

from aiohttp import web
from websockets.client import ClientProtocol
from websockets.http11 import Response
from websockets.uri import parse_uri

from .processes import Child

__all__ = ["Loopback"]

T = TypeVar("T")
TIMEOUT = 10.0


class Loopback:
    """An aiohttp server in its own loop; resources are released by ``resources``."""

    def __init__(self, resources: contextlib.ExitStack) -> None:
        self.loop = asyncio.new_event_loop()
        resources.callback(self.loop.close)
        self._resources = resources
        self._prepared: asyncio.Queue[web.WebSocketResponse] = asyncio.Queue()
        self._released = asyncio.Event()
        app = web.Application()
        app.router.add_get("/ws", self._hold)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        self.run(runner.setup())
        resources.callback(lambda: self.run(runner.cleanup()))
        resources.callback(self._released.set)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self.run(site.start())
        self.port: int = runner.addresses[0][1]

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run the loop until ``coroutine`` is done."""
        return self.loop.run_until_complete(coroutine)

    async def _hold(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._prepared.put_nowait(ws)
        await self._released.wait()
        return ws

    def websocket(self, mode: str, frame: bytes = b"") -> web.WebSocketResponse:
        """A prepared WebSocketResponse whose peer drains or floods it (see benchmarks.peer)."""
        url = f"ws://127.0.0.1:{self.port}/ws"
        handshake = ClientProtocol(parse_uri(url))
        with socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT) as sock:
            handshake.send_request(handshake.connect())
            sock.sendall(b"".join(handshake.data_to_send()))
            ws = self.run(asyncio.wait_for(self._prepared.get(), TIMEOUT))
            while not any(isinstance(e, Response) for e in handshake.events_received()):
                handshake.receive_data(sock.recv(1 << 16))
            if handshake.handshake_exc is not None:
                raise handshake.handshake_exc
            sock.setblocking(True)  # the peer inherits the descriptor's mode
            peer = Child(
                "benchmarks.peer",
                str(sock.fileno()),
                mode,
                frame.hex(),
                pass_fds=[sock.fileno()],
                name=f"{mode} peer",
            )
        # The peer holds the connection now; it stops before the server does.
        self._resources.callback(peer.stop)
        return ws
