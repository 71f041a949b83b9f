"""What the handler tests run against each framework: one server, one table, one client.

``EchoServer`` serves the same loop on aiohttp, Starlette and websockets: it decodes
with ``iter_decoded``, keeps each value and sends it back with
``send_encoded``. ``CASES`` lists what a client sends and what it must get
back, close included; ``talk`` plays one case with a real aiohttp client,
and ``many_clients`` runs many at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import aiohttp
import msgspec
import pytest
from aiohttp import WSMsgType as AioType, web
from starlette.websockets import WebSocket
from websockets.asyncio.server import ServerConnection

import wsmessage.aiohttp
import wsmessage.starlette
import wsmessage.websockets
from wsmessage import (
    BinaryMessage,
    CloseMessage,
    DecodeError,
    JsonCodec,
    MessageError,
    MsgpackCodec,
    TextMessage,
    ValidationError,
    WSMessage,
)
from wsmessage.aiohttp import from_aiohttp, iter_decoded, send_encoded

from .conftest import within


class Chat(msgspec.Struct):
    user: str
    text: str


class Report(msgspec.Struct):
    """What a server with ``on_error="raise"`` sends back about an error, before going on."""

    code: int
    reason: str


class Numbered(msgspec.Struct):
    """One of many clients' messages: who sent it and its place in that client's stream."""

    client: int
    seq: int


CHAT = '{"user":"ada","text":"hi"}'
OTHER_CHAT = '{"user":"bob","text":"yo"}'
CHAT_MSGPACK = msgspec.msgpack.encode(Chat("ada", "hi"))


class EchoServer:
    """Decodes with iter_decoded and echoes each value with send_encoded, on either framework.

    With ``echo=False`` it only listens. ``values`` keeps what was decoded,
    ``errors`` what ``on_error="raise"`` raised; ``ended`` is set once the
    loop has ended without an exception.
    """

    def __init__(
        self,
        schema_or_codec: Any = Chat,
        *,
        on_error: str = "close",
        codec: Any = None,
        echo: bool = True,
    ) -> None:
        self.schema_or_codec = schema_or_codec
        self.on_error = on_error
        self.codec = codec  # for send_encoded
        self.echo = echo
        self.values: list[Any] = []
        self.errors: list[MessageError] = []
        self.ended = asyncio.Event()

    async def serve(self, socket: Any, module: ModuleType) -> None:
        values = module.iter_decoded(socket, self.schema_or_codec, on_error=self.on_error)
        while True:
            try:
                async for value in values:
                    self.values.append(value)
                    if self.echo:
                        await module.send_encoded(socket, value, self.codec)
            except MessageError as err:  # on_error="raise": report it, then go on
                self.errors.append(err)
                await module.send_encoded(socket, Report(err.close_code, err.reason))
                continue
            break
        self.ended.set()

    async def aiohttp(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await self.serve(ws, wsmessage.aiohttp)
        return ws

    async def starlette(self, websocket: WebSocket) -> None:
        await websocket.accept()
        await self.serve(websocket, wsmessage.starlette)

    async def websockets(self, connection: ServerConnection) -> None:
        await self.serve(connection, wsmessage.websockets)


@dataclass(frozen=True)
class Case:
    """Frames a client sends, and every message it gets back up to the close."""

    id: str
    sent: Sequence[str | bytes]
    received: Sequence[WSMessage]
    schema_or_codec: Any = Chat
    codec: Any = None  # the server's send_encoded codec
    on_error: str = "close"
    decoded: Sequence[Any] = field(default=())  # what the server's loop got
    raised: Sequence[type[MessageError]] = ()  # what it raised, with on_error="raise"

    def server(self) -> EchoServer:
        return EchoServer(self.schema_or_codec, on_error=self.on_error, codec=self.codec)


def reported(code: int, reason: str) -> TextMessage:
    """The Report an EchoServer with on_error="raise" sends about an error."""
    return TextMessage(msgspec.json.encode(Report(code, reason)).decode())


CASES = [
    Case(
        "valid stream",
        [CHAT, OTHER_CHAT, CHAT],
        [TextMessage(CHAT), TextMessage(OTHER_CHAT), TextMessage(CHAT)],
        decoded=[Chat("ada", "hi"), Chat("bob", "yo"), Chat("ada", "hi")],
    ),
    Case(
        "schema failure",
        [CHAT, '{"user": "ada", "text": 1}', CHAT],
        [TextMessage(CHAT), CloseMessage(1008, "text: Expected `str`, got `int`")],
        decoded=[Chat("ada", "hi")],
    ),
    Case(
        "malformed JSON",
        ['{"user": "ada",'],
        [CloseMessage(1007, "invalid JSON: truncated")],
    ),
    Case(
        "oversize",
        [CHAT, '{"user": "ada", "text": "' + "x" * 64 + '"}'],
        [TextMessage(CHAT), CloseMessage(1009, "payload is over the 64 bytes allowed")],
        schema_or_codec=JsonCodec(Chat, max_size=64),
        decoded=[Chat("ada", "hi")],
    ),
    Case(
        "binary to a JSON codec",
        [CHAT.encode()],
        [TextMessage(CHAT)],
        decoded=[Chat("ada", "hi")],
    ),
    Case(
        "binary that is not UTF-8 to a JSON codec",
        [b"\xff"],
        [CloseMessage(1007, "invalid JSON: not valid UTF-8")],
    ),
    Case(
        "msgpack",
        [CHAT_MSGPACK],
        [BinaryMessage(CHAT_MSGPACK)],
        schema_or_codec=MsgpackCodec(Chat),
        codec=MsgpackCodec(Chat),
        decoded=[Chat("ada", "hi")],
    ),
    Case(
        "text to a msgpack codec",
        [CHAT],
        [CloseMessage(1003, "cannot decode msgpack from a text message")],
        schema_or_codec=MsgpackCodec(Chat),
    ),
    Case(
        "on_error='raise' leaves the socket open, and the iteration goes on",
        ['{"user": "ada"}', "{not json", CHAT],
        [
            reported(1008, "text: Object missing required field `text`"),
            reported(1007, "invalid JSON: object keys must be strings at byte 1"),
            TextMessage(CHAT),
        ],
        on_error="raise",
        decoded=[Chat("ada", "hi")],
        raised=[ValidationError, DecodeError],
    ),
    Case(
        "replies through a given JsonCodec",
        [CHAT],
        [TextMessage(CHAT)],
        codec=JsonCodec(Chat),
        decoded=[Chat("ada", "hi")],
    ),
]

case_table = pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])


async def send_frames(
    ws: aiohttp.ClientWebSocketResponse[bool], frames: Sequence[str | bytes]
) -> None:
    for frame in frames:
        if isinstance(frame, str):
            await ws.send_str(frame)
        else:
            await ws.send_bytes(frame)


async def talk(
    session: aiohttp.ClientSession, url: str, sent: Sequence[str | bytes], replies: int
) -> list[WSMessage]:
    """Send ``sent``, then read up to ``replies`` messages, stopping at a close; then close."""
    received: list[WSMessage] = []
    async with session.ws_connect(url) as ws:
        await send_frames(ws, sent)
        while len(received) < replies:
            raw = await within(ws.receive())
            received.append(from_aiohttp(raw))
            if raw.type in (AioType.CLOSE, AioType.CLOSED):
                break
    return received


async def play(case: Case, session: aiohttp.ClientSession, url: str, server: EchoServer) -> None:
    """Play ``case`` against ``server``, which serves ``url``, and check both ends."""
    received = await talk(session, url, case.sent, len(case.received))
    assert received == list(case.received)
    await within(server.ended.wait())  # the loop ended cleanly, whoever closed
    assert server.values == list(case.decoded)
    assert [type(error) for error in server.errors] == list(case.raised)


# --- many clients at once ----------------------------------------------------------

CLIENTS = 50
MESSAGES = 200


@dataclass
class Figures:
    """What many_clients measured, for the record: never asserted against a time."""

    clients: int
    messages: int  # sent by all clients together; as many acknowledgements come back
    seconds: float
    errors: int

    def __str__(self) -> str:
        return (
            f"{self.clients} clients x {self.messages // self.clients} messages = "
            f"{self.messages} messages each way in {self.seconds:.2f} s, {self.errors} errors"
        )


async def one_client(session: aiohttp.ClientSession, url: str, client: int) -> list[int]:
    """Send MESSAGES numbered values while reading the echoes; return the echoed numbers."""
    async with session.ws_connect(url) as ws:

        async def send_all() -> None:
            for seq in range(MESSAGES):
                await send_encoded(ws, Numbered(client, seq))

        sender = asyncio.create_task(send_all())
        echoed: list[int] = []
        async for echo in iter_decoded(ws, Numbered):
            assert echo.client == client
            echoed.append(echo.seq)
            if len(echoed) == MESSAGES:
                break
        await sender
    return echoed


async def many_clients(
    session: aiohttp.ClientSession, url: str, server: EchoServer, record: Any
) -> Figures:
    """CLIENTS clients at once, MESSAGES each; every one delivered once, in order, both ways."""
    start = time.perf_counter()
    results = await within(
        asyncio.gather(
            *(one_client(session, url, client) for client in range(CLIENTS)),
            return_exceptions=True,
        ),
        60,
    )
    figures = Figures(
        clients=CLIENTS,
        messages=CLIENTS * MESSAGES,
        seconds=time.perf_counter() - start,
        errors=sum(isinstance(result, BaseException) for result in results) + len(server.errors),
    )
    print(figures)  # shown with -s; recorded for the junit report too
    record("many_clients", str(figures))

    assert figures.errors == 0, [r for r in results if isinstance(r, BaseException)][:3]
    assert results == [list(range(MESSAGES))] * CLIENTS  # echoes, once each, in order
    by_client: dict[int, list[int]] = {}
    for value in server.values:
        by_client.setdefault(value.client, []).append(value.seq)
    assert by_client == {client: list(range(MESSAGES)) for client in range(CLIENTS)}
    return figures
