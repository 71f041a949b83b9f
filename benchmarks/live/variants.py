"""The live variants: each a handler of ours beside its floor, served side by side.

A variant is one entry of :data:`VARIANTS`: the server that runs it, our
handler, the hand-written handler it is compared with, and the target of
DESIGN.md for the ratio of their server CPU per message. Every handler
answers each chat message with one small ack, the same bytes on both sides,
so the load client checks every ack against :data:`ACK`. Adding a variant
is writing its two handlers and one entry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import msgspec
import pydantic
from aiohttp import WSMsgType, web
from starlette.websockets import WebSocket, WebSocketDisconnect

from wsmessage import Endpoint, aiohttp as ws_aiohttp, starlette as ws_starlette

from .. import payloads as p

__all__ = ["ACK", "CONTROLS", "FLOOR_SEND", "MESSAGE", "VARIANTS", "Variant", "select", "variant"]

#: What the client sends: one chat event of about 165 B.
MESSAGE = p.dumps({**p.chat(7), "text": "message number 7, hello from the client"})


class Ack(msgspec.Struct):
    user: int


class AckModel(pydantic.BaseModel):
    user: int


_USER = msgspec.json.decode(MESSAGE, type=p.Chat).user.id
#: What every handler answers, on both sides of every variant.
ACK = msgspec.json.encode(Ack(_USER))
assert AckModel(user=_USER).model_dump_json().encode() == ACK

DECODER = msgspec.json.Decoder(p.Chat)
ENCODER = msgspec.json.Encoder()

# --- aiohttp ---------------------------------------------------------------------------


async def aiohttp_ours(ws: web.WebSocketResponse) -> None:
    async for chat in ws_aiohttp.iter_decoded(ws, p.Chat):
        await ws_aiohttp.send_encoded(ws, Ack(chat.user.id))


async def _aiohttp_floor_send_frame(ws: web.WebSocketResponse) -> None:
    async for msg in ws:
        if msg.type is WSMsgType.TEXT:
            chat = DECODER.decode(msg.data)
            await ws.send_frame(ENCODER.encode(Ack(chat.user.id)), WSMsgType.TEXT)


async def _aiohttp_floor_send_str(ws: web.WebSocketResponse) -> None:
    async for msg in ws:
        if msg.type is WSMsgType.TEXT:
            chat = DECODER.decode(msg.data)
            await ws.send_str(ENCODER.encode(Ack(chat.user.id)).decode())


#: How the aiohttp floor sends: the encoder's bytes as they are where aiohttp can.
FLOOR_SEND = "send_frame" if hasattr(web.WebSocketResponse, "send_frame") else "send_str"
aiohttp_floor = _aiohttp_floor_send_frame if FLOOR_SEND == "send_frame" else _aiohttp_floor_send_str


#: The endpoint the Endpoint variant serves: what the aiohttp variant exchanges.
ENDPOINT = Endpoint("/ours", receives=p.Chat, sends=Ack)


async def aiohttp_endpoint_ours(ws: web.WebSocketResponse) -> None:
    async for chat in ENDPOINT.receive(ws):
        await ENDPOINT.send(ws, Ack(chat.user.id))


async def aiohttp_pydantic_ours(ws: web.WebSocketResponse) -> None:
    async for chat in ws_aiohttp.iter_decoded(ws, p.ChatModel):
        await ws_aiohttp.send_encoded(ws, AckModel(user=chat.user.id))


async def aiohttp_pydantic_today(ws: web.WebSocketResponse) -> None:
    async for msg in ws:
        if msg.type is WSMsgType.TEXT:
            chat = p.ChatModel.model_validate(msg.json())
            await ws.send_str(AckModel(user=chat.user.id).model_dump_json())


# --- Starlette -------------------------------------------------------------------------


async def starlette_ours(websocket: WebSocket) -> None:
    async for chat in ws_starlette.iter_decoded(websocket, p.Chat):
        await ws_starlette.send_encoded(websocket, Ack(chat.user.id))


async def starlette_floor(websocket: WebSocket) -> None:
    try:
        while True:
            chat = DECODER.decode(await websocket.receive_text())
            await websocket.send_text(ENCODER.encode(Ack(chat.user.id)).decode())
    except WebSocketDisconnect:
        pass


# --- the table -------------------------------------------------------------------------

Handler = Callable[[Any], Awaitable[None]]


@dataclass(frozen=True)
class Variant:
    """One live row: our handler and the one it is compared with, on one server."""

    #: Names the variant on the server's command line.
    key: str
    name: str
    #: How it is served: "aiohttp", or "uvicorn/" and uvicorn's ``ws`` implementation.
    server: str
    ours: Handler
    ours_name: str
    floor: Handler
    floor_name: str
    #: Largest acceptable ratio of server CPU per message; None for rows that only inform.
    target: float | None = None


_STARLETTE_OURS = "iter_decoded(websocket, Struct) + send_encoded"
_STARLETTE_FLOOR = "receive_text() + msgspec Decoder + send_text(encoder.encode(ack).decode())"

# The rows measured against their floor.
_ROWS = [
    Variant(
        key="aiohttp",
        name="aiohttp, Struct",
        server="aiohttp",
        ours=aiohttp_ours,
        ours_name="iter_decoded(ws, Struct) + send_encoded(ws, ack)",
        floor=aiohttp_floor,
        floor_name=f"async for msg in ws + msgspec Decoder/Encoder + {FLOOR_SEND}",
        target=1.03,
    ),
    Variant(
        key="aiohttp-endpoint",
        name="aiohttp, Endpoint",
        server="aiohttp",
        ours=aiohttp_endpoint_ours,
        ours_name="endpoint.receive(ws) + endpoint.send(ws, ack)",
        floor=aiohttp_floor,
        floor_name=f"async for msg in ws + msgspec Decoder/Encoder + {FLOOR_SEND}",
        target=1.03,
    ),
    Variant(
        key="aiohttp-pydantic",
        name="aiohttp, pydantic model",
        server="aiohttp",
        ours=aiohttp_pydantic_ours,
        ours_name="iter_decoded(ws, Model) + send_encoded(ws, ack)",
        floor=aiohttp_pydantic_today,
        floor_name="handlers today: msg.json() + model_validate, send_str(model_dump_json())",
    ),
    Variant(
        key="uvicorn-websockets",
        name="Starlette/uvicorn (websockets-sansio)",
        server="uvicorn/websockets-sansio",
        ours=starlette_ours,
        ours_name=_STARLETTE_OURS,
        floor=starlette_floor,
        floor_name=_STARLETTE_FLOOR,
        target=1.03,
    ),
    Variant(
        key="uvicorn-wsproto",
        name="Starlette/uvicorn (wsproto)",
        server="uvicorn/wsproto",
        ours=starlette_ours,
        ours_name=_STARLETTE_OURS,
        floor=starlette_floor,
        floor_name=_STARLETTE_FLOOR,
        target=1.03,
    ),
]


def _control(of: Variant) -> Variant:
    """``of``'s floor against itself: what this machine reads for two identical handlers."""
    return Variant(
        key=f"{of.key}-control",
        name=f"{of.key}: floor against itself (control)",
        server=of.server,
        ours=of.floor,
        ours_name=of.floor_name,
        floor=of.floor,
        floor_name=of.floor_name,
    )


def _first_row_of_each_server() -> list[Variant]:
    first: dict[str, Variant] = {}
    for row in _ROWS:
        first.setdefault(row.server, row)
    return list(first.values())


#: One control per server: a ratio and a per-round range inside its
#: control's is not told apart from the floor by this method on this machine.
CONTROLS = [_control(row) for row in _first_row_of_each_server()]
#: Every live variant: the rows, then the controls.
VARIANTS = [*_ROWS, *CONTROLS]


def variant(key: str) -> Variant:
    """The variant named ``key``."""
    for entry in VARIANTS:
        if entry.key == key:
            return entry
    raise LookupError(f"no live variant {key!r}")


def select(only: str) -> list[Variant]:
    """The variants whose name holds ``only``, and the control of each one's server.

    A row is read against its control, so the control comes with it.
    """
    selected = [entry for entry in VARIANTS if only in entry.name]
    servers = {entry.server for entry in selected}
    return selected + [c for c in CONTROLS if c.server in servers and c not in selected]
