"""``python -m wsmessage demo``: an aiohttp server and client on 127.0.0.1, talking typed messages.

Read it top to bottom: the schemas, the server's two handlers, then the
client's script, which prints the transcript. The server listens on a free
port of 127.0.0.1 only, and everything is closed before :func:`run` returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp
import msgspec
from aiohttp import web

from .aiohttp import from_aiohttp, iter_decoded, send_encoded
from .codecs import JsonCodec, MsgpackCodec
from .enums import WSCloseCode
from .errors import MessageError, ValidationError
from .messages import BinaryMessage, CloseMessage, TextMessage

__all__ = ["run"]

#: Seconds the whole demo may take before it gives up; it needs well under one.
TIMEOUT = 20.0

Write = Callable[[str], object]


# --- the schemas: msgspec Structs, told apart by their "kind" tag ---------------------


class Join(msgspec.Struct, tag_field="kind", tag="join"):
    user: str
    room: str


class Chat(msgspec.Struct, tag_field="kind", tag="chat"):
    user: str
    room: str
    text: str


class Ping(msgspec.Struct, tag_field="kind", tag="ping"):
    id: int


class Ack(msgspec.Struct, tag_field="kind", tag="ack"):
    seq: int
    note: str


class Pong(msgspec.Struct, tag_field="kind", tag="pong"):
    id: int


Event = Join | Chat | Ping  # what clients send
Reply = Ack | Pong  # what the server answers

# Codecs are made once and reused; iter_decoded(ws, Event) keeps a JsonCodec itself.
EVENTS: JsonCodec[Event] = JsonCodec(Event)
EVENTS_MSGPACK: MsgpackCodec[Event] = MsgpackCodec(Event)
ACK_MSGPACK: MsgpackCodec[Ack] = MsgpackCodec(Ack)
REPLIES: JsonCodec[Reply] = JsonCodec(Reply)


def say(write: Write, who: str, what: str, text: object) -> None:
    write(f"   {who:<6} {what:<8} {text}")


# --- the server -------------------------------------------------------------------------


def reply_to(event: Event, seq: int) -> Reply:
    match event:
        case Join(user, room):
            return Ack(seq, f"{user} joined {room}")
        case Chat(user, room, text):
            return Ack(seq, f"{user} said {len(text)} characters in {room}")
        case Ping(id):
            return Pong(id)


class Server:
    """Two handlers: JSON events at /json, msgpack events at /msgpack."""

    def __init__(self, write: Write) -> None:
        self.write = write

    async def json_events(self, request: web.Request) -> web.WebSocketResponse:
        """Typed JSON events, each answered; a bad one is shown, then closed on with its code."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        try:
            # on_error="raise" to show each error here; the default, "close",
            # closes exactly as the except clause below does.
            seq = 0
            async for event in iter_decoded(ws, Event, on_error="raise"):
                say(self.write, "server", "decoded", repr(event))
                seq += 1
                await send_encoded(ws, reply_to(event, seq))
        except MessageError as err:
            say(self.write, "server", "refused", f"{type(err).__name__}: {err.reason}")
            if isinstance(err, ValidationError):
                for detail in err.errors:
                    say(self.write, "", "", f"at {detail['loc']}: {detail['msg']}")
            await ws.close(code=err.close_code, message=err.reason.encode())
        return ws

    async def msgpack_events(self, request: web.Request) -> web.WebSocketResponse:
        """The same events in msgpack BINARY messages, acknowledged in msgpack."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        seq = 0
        async for event in iter_decoded(ws, EVENTS_MSGPACK):  # on_error="close"
            say(self.write, "server", "decoded", repr(event))
            seq += 1
            await send_encoded(ws, Ack(seq, "got it, in msgpack"), ACK_MSGPACK)
        say(self.write, "server", "ends", "its loop: the client closed")
        return ws


# --- the client -------------------------------------------------------------------------


async def send(write: Write, ws: aiohttp.ClientWebSocketResponse[bool], event: Event | str) -> None:
    """Send an event encoded as JSON, or a str exactly as it is, and show what went."""
    text = event if isinstance(event, str) else EVENTS.encode(event).data
    await ws.send_str(text)
    say(write, "client", "sends", text)


async def hear(write: Write, ws: aiohttp.ClientWebSocketResponse[bool]) -> None:
    """Read the server's next message: a reply, decoded, or the close that ended it."""
    match from_aiohttp(await ws.receive()):
        case CloseMessage(code, reason):
            say(write, "client", "got", f"close {code} {WSCloseCode(code).name}: {reason!r}")
        case TextMessage() as text:
            say(write, "client", "got", repr(REPLIES.decode(text)))
        case BinaryMessage(data) as binary:
            say(write, "client", "got", f"{len(data)} bytes: {ACK_MSGPACK.decode(binary)!r}")
        case other:
            say(write, "client", "got", repr(other))


async def client(write: Write, session: aiohttp.ClientSession, base: str) -> None:
    write("1. Typed events: the handler gets a Join or a Chat, never a dict")
    async with session.ws_connect(f"{base}/json") as ws:
        await send(write, ws, Join("ada", "lobby"))
        await hear(write, ws)
        await send(write, ws, Chat("ada", "lobby", "hello"))
        await hear(write, ws)

        write("\n2. A Ping, answered with a Pong")
        await send(write, ws, Ping(7))
        await hear(write, ws)

        write("\n3. A message that fails the schema: the server closes with 1008")
        await send(write, ws, '{"kind":"chat","user":"ada","room":"lobby","text":42}')
        await hear(write, ws)

    write("\n4. Malformed JSON, on a second connection: the server closes with 1007")
    async with session.ws_connect(f"{base}/json") as ws:
        await send(write, ws, '{"kind":"chat","user":"ada"')
        await hear(write, ws)

    write("\n5. A binary event in msgpack, through MsgpackCodec, on a third connection")
    async with session.ws_connect(f"{base}/msgpack") as ws:
        chat = Chat("bob", "lobby", "packed")
        await send_encoded(ws, chat, EVENTS_MSGPACK)
        say(write, "client", "sends", f"{chat!r} in msgpack")
        await hear(write, ws)
        say(write, "client", "closes", "the connection, with 1000 OK")


# --- both, in one process ---------------------------------------------------------------


async def run(write: Write = print) -> None:
    """Serve on a free port of 127.0.0.1, run the client, then shut everything down."""
    server = Server(write)
    app = web.Application()
    app.router.add_get("/json", server.json_events)
    app.router.add_get("/msgpack", server.msgpack_events)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    try:
        # Loopback only, on a free port the system picks (port 0).
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        write("wsmessage demo: an aiohttp server on 127.0.0.1 and a client, in one process.")
        write("The server reads with iter_decoded(ws, Join | Chat | Ping) and answers with")
        write("send_encoded; the code is in wsmessage/_demo.py.\n")
        async with aiohttp.ClientSession() as session:
            await asyncio.wait_for(client(write, session, f"ws://{host}:{port}"), TIMEOUT)
    finally:
        await runner.cleanup()
    write("\nEvery connection closed, and the server stopped.")
