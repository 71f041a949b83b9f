"""``python -m wsmessage demo``: an aiohttp server and client on 127.0.0.1, talking typed messages.

Read it top to bottom: the schemas and the two endpoints that declare the
protocol, the server's two handlers, then the client's script, which prints
the transcript. The server listens on a free port of 127.0.0.1 only, and
everything is closed before :func:`run` returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp
import msgspec
from aiohttp import web

from .endpoint import Endpoint
from .enums import WSCloseCode
from .errors import MessageError, ValidationError
from .messages import BinaryMessage, TextMessage

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

# --- the protocol, declared once: what the server receives and sends, and how -----------

EVENTS = Endpoint("/json", receives=Join | Chat | Ping, sends=Ack | Pong)
EVENTS_MSGPACK = Endpoint("/msgpack", receives=Join | Chat | Ping, sends=Ack, format="msgpack")


def say(write: Write, who: str, what: str, text: object) -> None:
    write(f"   {who:<6} {what:<8} {text}")


def closed(code: int | None, reason: str | None) -> str:
    """A close as the transcript shows it: ``close 1008 POLICY_VIOLATION: 'reason'``."""
    name = WSCloseCode(code).name if isinstance(code, WSCloseCode) else "(no name)"
    return f"close {code} {name}: {reason!r}"


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
        ws = await EVENTS.prepare(request)
        try:
            # on_error="raise" to show each error here; the default, "close",
            # closes exactly as the except clause below does.
            seq = 0
            async for event in EVENTS.receive(ws, on_error="raise"):
                say(self.write, "server", "decoded", repr(event))
                seq += 1
                await EVENTS.send(ws, reply_to(event, seq))
        except MessageError as err:
            say(self.write, "server", "refused", f"{type(err).__name__}: {err.reason}")
            if isinstance(err, ValidationError):
                for detail in err.errors:
                    say(self.write, "", "", f"at {detail['loc']}: {detail['msg']}")
            await ws.close(code=err.close_code, message=err.reason.encode())
        return ws

    async def msgpack_events(self, request: web.Request) -> web.WebSocketResponse:
        """The same events in msgpack BINARY messages, acknowledged in msgpack."""
        ws = await EVENTS_MSGPACK.prepare(request)
        seq = 0
        events = EVENTS_MSGPACK.receive(ws)  # on_error="close"
        async for event in events:
            say(self.write, "server", "decoded", repr(event))
            seq += 1
            await EVENTS_MSGPACK.send(ws, Ack(seq, "got it, in msgpack"))
        say(self.write, "server", "ends", f"its loop: the client closed, {events.close_code}")
        return ws


# --- the client -------------------------------------------------------------------------


async def send(write: Write, ws: aiohttp.ClientWebSocketResponse[bool], event: Event | str) -> None:
    """Send an event encoded as JSON, or a str exactly as it is, and show what went."""
    text = event if isinstance(event, str) else EVENTS.client.encode(event).data
    await ws.send_str(str(text))
    say(write, "client", "sends", text)


async def hear(write: Write, ws: aiohttp.ClientWebSocketResponse[bool]) -> None:
    """Read the server's next message: a reply, decoded, or the close that ended it."""
    raw = await ws.receive()
    if raw.type is aiohttp.WSMsgType.CLOSE:
        say(write, "client", "got", closed(WSCloseCode(raw.data), raw.extra))
    elif raw.type is aiohttp.WSMsgType.TEXT:
        say(write, "client", "got", repr(EVENTS.client.decode(TextMessage(raw.data))))
    elif raw.type is aiohttp.WSMsgType.BINARY:
        ack = EVENTS_MSGPACK.client.decode(BinaryMessage(raw.data))
        say(write, "client", "got", f"{len(raw.data)} bytes: {ack!r}")
    else:
        say(write, "client", "got", repr(raw))


async def typed_client(write: Write, ws: aiohttp.ClientWebSocketResponse[bool]) -> None:
    """A client written against EVENTS.client: it sends what the server receives, reads replies."""
    client = EVENTS.client
    await client.send(ws, Ping(8))  # sending an Ack would not type-check
    say(write, "client", "sends", repr(Ping(8)))
    replies = client.receive(ws)
    async for reply in replies:  # an Ack or a Pong
        say(write, "client", "got", repr(reply))
        match reply:
            case Pong():
                await client.send(ws, Join("bob", "lobby"))
                say(write, "client", "sends", repr(Join("bob", "lobby")))
            case Ack():  # now an Ack, sent by hand: no kind the server receives
                await send(write, ws, '{"kind":"ack","seq":1,"note":"hi"}')
    say(write, "client", "ends", f"its loop: {closed(replies.close_code, replies.close_reason)}")


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

    write("\n5. A binary event in msgpack, through a msgpack Endpoint, on a third connection")
    async with session.ws_connect(f"{base}/msgpack") as ws:
        chat = Chat("bob", "lobby", "packed")
        await EVENTS_MSGPACK.client.send(ws, chat)
        say(write, "client", "sends", f"{chat!r} in msgpack")
        await hear(write, ws)
        say(write, "client", "closes", "the connection, with 1000 OK")

    write("\n6. A typed client, written against EVENTS.client, on a fourth connection")
    async with session.ws_connect(f"{base}/json") as ws:
        await typed_client(write, ws)


# --- both, in one process ---------------------------------------------------------------


async def run(write: Write = print) -> None:
    """Serve on a free port of 127.0.0.1, run the client, then shut everything down."""
    server = Server(write)
    app = web.Application()
    app.router.add_get(EVENTS.path, server.json_events)
    app.router.add_get(EVENTS_MSGPACK.path, server.msgpack_events)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    try:
        # Loopback only, on a free port the system picks (port 0).
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        write("wsmessage demo: an aiohttp server on 127.0.0.1 and a client, in one process.")
        write("One Endpoint declares what the server receives (Join | Chat | Ping) and")
        write("sends (Ack | Pong); the code is in wsmessage/_demo.py.\n")
        async with aiohttp.ClientSession() as session:
            await asyncio.wait_for(client(write, session, f"ws://{host}:{port}"), TIMEOUT)
    finally:
        await runner.cleanup()
    write("\nEvery connection closed, and the server stopped.")
