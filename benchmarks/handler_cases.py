"""The handler rows: sending and one receive step, beside the hand-written equivalent.

Each statement runs :data:`OPERATIONS` sends or receives in one coroutine,
as a handler's loop does, and the rows report the CPU time of this process
per operation (system calls included, waiting for the peer left out). On
aiohttp both sides use one real ``WebSocketResponse`` on a loopback
connection (:mod:`benchmarks.loopback`); on Starlette both read one real
``WebSocket`` whose ASGI ``receive`` hands it the same event every time, so
the row is Starlette's share and ours, without a server's.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import msgspec
from aiohttp import WSMsgType, web
from starlette.websockets import WebSocket
from websockets.frames import Frame, Opcode

from wsmessage import aiohttp as ws_aiohttp, starlette as ws_starlette

from . import payloads as p
from .harness import Pair
from .live.variants import FLOOR_SEND
from .loopback import Loopback

__all__ = ["OPERATIONS", "handler_rows"]

#: Sends or receives per statement: enough that running the loop once costs nothing.
OPERATIONS = 500
GROUP = "handlers"


def _pair(
    name: str,
    anchor_name: str,
    ours: Any,
    floor: Any,
    loopback: Loopback,
    target: float | None = None,
) -> Pair:
    """A row whose two statements each run a coroutine of OPERATIONS steps."""
    return Pair(
        group=GROUP,
        name=name,
        ours=f"run(ours({OPERATIONS}))",
        anchor=f"run(floor({OPERATIONS}))",
        anchor_name=anchor_name,
        namespace={"run": loopback.run, "ours": ours, "floor": floor},
        operations=OPERATIONS,
        target=target,
        # The peer process may be slow to drain or refill the connection: time
        # spent waiting for it is not ours, and this process's CPU time leaves it out.
        timer=time.process_time,
    )


def _send_row(loopback: Loopback, ws: web.WebSocketResponse) -> Pair:
    value = msgspec.json.decode(p.CHAT_150B, type=p.Chat)
    encoder = msgspec.json.Encoder()
    send_encoded = ws_aiohttp.send_encoded

    async def ours(count: int) -> None:
        for _ in range(count):
            await send_encoded(ws, value)

    async def send_frame(count: int) -> None:
        for _ in range(count):
            await ws.send_frame(encoder.encode(value), WSMsgType.TEXT)

    async def send_str(count: int) -> None:
        for _ in range(count):
            await ws.send_str(encoder.encode(value).decode())

    floor = send_frame if FLOOR_SEND == "send_frame" else send_str
    anchor = (
        "ws.send_frame(encoder.encode(value), TEXT)"
        if FLOOR_SEND == "send_frame"
        else "ws.send_str(encoder.encode(value).decode())"
    )
    return _pair(
        "send_encoded(ws, value), aiohttp, 150 B", anchor, ours, floor, loopback, target=1.15
    )


def _steps(decoded: AsyncIterator[object]) -> Callable[[int], Awaitable[None]]:
    """Our side of a step row: take ``count`` values from ``iter_decoded``."""

    async def steps(count: int) -> None:
        done = 0
        async for _value in decoded:
            done += 1
            if done == count:
                return

    return steps


def _aiohttp_step_row(loopback: Loopback, ws: web.WebSocketResponse) -> Pair:
    decoder = msgspec.json.Decoder(p.Chat)
    decoded = ws_aiohttp.iter_decoded(ws, p.Chat)

    ours = _steps(decoded)

    async def floor(count: int) -> None:
        done = 0
        async for msg in ws:
            if msg.type is WSMsgType.TEXT:
                decoder.decode(msg.data)
            done += 1
            if done == count:
                return

    return _pair(
        "iter_decoded(ws, Struct) step, aiohttp, 150 B",
        "async for msg in ws + msgspec Decoder(Struct).decode(msg.data)",
        ours,
        floor,
        loopback,
    )


def _starlette_step_row(loopback: Loopback) -> Pair:
    events = itertools.chain(
        [{"type": "websocket.connect"}],
        itertools.repeat({"type": "websocket.receive", "text": p.CHAT_150B}),
    )

    async def receive() -> dict[str, Any]:
        return next(events)

    async def send(message: Any) -> None:
        pass

    websocket: WebSocket = WebSocket({"type": "websocket", "path": "/ws"}, receive, send)
    loopback.run(websocket.accept())
    decoder = msgspec.json.Decoder(p.Chat)
    decoded = ws_starlette.iter_decoded(websocket, p.Chat)

    ours = _steps(decoded)

    async def floor(count: int) -> None:
        done = 0
        while True:
            decoder.decode(await websocket.receive_text())
            done += 1
            if done == count:
                return

    return _pair(
        "iter_decoded(websocket, Struct) step, Starlette, 150 B",
        "msgspec Decoder(Struct).decode(await websocket.receive_text())",
        ours,
        floor,
        loopback,
    )


def handler_rows(resources: contextlib.ExitStack) -> list[Pair]:
    """The rows; the connections and processes they use are released by ``resources``."""
    loopback = Loopback(resources)
    flood = Frame(Opcode.TEXT, p.CHAT_150B.encode()).serialize(mask=True)
    return [
        _send_row(loopback, loopback.websocket("drain")),
        _aiohttp_step_row(loopback, loopback.websocket("flood", flood)),
        _starlette_step_row(loopback),
    ]
