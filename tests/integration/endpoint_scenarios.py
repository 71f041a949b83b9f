"""What the Endpoint tests run on every server and client: one protocol, one server, one table.

``CHAT`` (and ``CHAT_MSGPACK``) declare the protocol once. ``ChatServer``
serves it on aiohttp, Starlette, FastAPI and websockets alike with ``receive`` and
``send``, and keeps what it decoded, what it raised, what failed when it
sent, and how each connection ended. ``CASES`` lists what a peer sends
(frames, or something no well-behaved client sends) and every message it
gets back up to the close; ``RAW_CLIENTS`` play a case with aiohttp's and
with websockets' client.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import aiohttp
import msgspec
from aiohttp import WSMsgType as AioType
from starlette.websockets import WebSocketDisconnect
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from wsmessage import (
    BinaryMessage,
    CloseMessage,
    Endpoint,
    MessageError,
    TextMessage,
    WSMessage,
)
from wsmessage.aiohttp import from_aiohttp

from .conftest import within

# --- the protocol --------------------------------------------------------------------


class Join(msgspec.Struct, tag="join"):
    name: str


class Say(msgspec.Struct, tag="say"):
    text: str


class Said(msgspec.Struct, tag="said"):
    name: str
    text: str


class Failed(msgspec.Struct, tag="failed"):
    """What a server with ``on_error="raise"`` sends about an error, before going on."""

    code: int
    reason: str


MAX_SIZE = 256
CHAT = Endpoint(
    "/ws/chat/{room}", receives=Join | Say, sends=Said | Failed, max_size=MAX_SIZE, title="chat"
)
CHAT_MSGPACK = Endpoint(
    "/ws/chat/{room}", receives=Join | Say, sends=Said | Failed, format="msgpack"
)

JOIN = '{"type":"join","name":"ada"}'
SAY = '{"type":"say","text":"hi"}'
JOINED = TextMessage('{"type":"said","name":"ada","text":"joined lobby"}')
SAID = TextMessage('{"type":"said","name":"ada","text":"hi"}')
JOIN_MSGPACK = msgspec.msgpack.encode(Join("ada"))
JOINED_MSGPACK = BinaryMessage(msgspec.msgpack.encode(Said("ada", "joined lobby")))

# Send errors a server may meet once the connection is closed: the
# frameworks' documented ones, never a RuntimeError.
CLOSED_ERRORS = (WebSocketDisconnect, ConnectionClosed, ConnectionResetError)


# --- the server ----------------------------------------------------------------------


class ChatServer:
    """Serves ``endpoint``: each Join and Say is answered with a Said.

    With ``on_error="raise"`` it answers an error with a Failed and goes on.
    ``ends`` holds each connection's (close_code, close_reason) once its
    loop is over; ``send_errors`` the names of what sending raised.
    """

    def __init__(
        self, endpoint: Endpoint[Join | Say, Said | Failed] = CHAT, **options: Any
    ) -> None:
        self.endpoint = endpoint
        self.on_error: Literal["close", "raise"] = options.get("on_error", "close")
        self.values: list[Join | Say] = []
        self.errors: list[MessageError] = []
        self.send_errors: list[str] = []
        self.ends: list[tuple[int | None, str | None]] = []
        self.ended = asyncio.Event()

    async def serve(self, ws: Any, room: str) -> None:
        received = self.endpoint.receive(ws, on_error=self.on_error)
        name = "?"
        while True:
            try:
                async for event in received:
                    self.values.append(event)
                    if isinstance(event, Join):
                        name = event.name
                        await self.endpoint.send(ws, Said(name, f"joined {room}"))
                    else:
                        await self.endpoint.send(ws, Said(name, event.text))
            except MessageError as err:
                self.errors.append(err)
                await self.endpoint.send(ws, Failed(err.close_code, err.reason))
                continue
            except CLOSED_ERRORS as exc:
                # Closed under us (by the server, say): the next read says how.
                self.send_errors.append(type(exc).__name__)
                continue
            break
        self.ends.append((received.close_code, received.close_reason))
        self.ended.set()

    async def aiohttp(self, request: Any) -> Any:
        ws = await self.endpoint.prepare(request)
        await self.serve(ws, request.match_info["room"])
        return ws

    async def starlette(self, websocket: Any) -> None:
        await websocket.accept()
        await self.serve(websocket, websocket.path_params["room"])

    async def websockets(self, connection: Any) -> None:
        # The websockets server has no routes: the endpoint's template reads the path.
        parameters = self.endpoint.match(connection.request.path)
        if parameters is None:
            await connection.close(4404, "no such endpoint")
            return
        await self.serve(connection, parameters["room"])


# --- what a peer sends ---------------------------------------------------------------


@dataclass(frozen=True)
class BadText:
    """A TEXT frame whose payload is not UTF-8: no well-behaved client sends one."""

    payload: bytes


@dataclass(frozen=True)
class PeerClose:
    """The peer closes with this code and reason."""

    code: int
    reason: str = ""


Frame = str | bytes | BadText | PeerClose


@dataclass(frozen=True)
class Case:
    """Frames a client sends, what it gets back up to the close, and how the server saw it end.

    A CloseMessage with the reason None in ``received`` matches any reason:
    the frameworks word their own closes differently.
    """

    id: str
    sent: Sequence[Frame]
    received: Sequence[WSMessage | tuple[int, None]]
    end: tuple[int, str | None]  # the server's close_code and close_reason; None: any
    endpoint: Endpoint[Join | Say, Said | Failed] = CHAT
    on_error: Literal["close", "raise"] = "close"
    decoded: Sequence[Join | Say] = field(default=())
    raised: Sequence[int] = ()  # close codes of what on_error="raise" raised
    clients: Sequence[str] = ("aiohttp", "websockets")
    # uvicorn's wsproto implementation drops the connection without a close
    # frame when wsproto refuses a frame: its client hears only that.
    dropped_by_wsproto: bool = False

    def server(self) -> ChatServer:
        return ChatServer(self.endpoint, on_error=self.on_error)


def failed(code: int, reason: str) -> TextMessage:
    return TextMessage(msgspec.json.encode(Failed(code, reason)).decode())


OVERSIZE = '{"type":"say","text":"' + "x" * MAX_SIZE + '"}'

CASES = [
    Case("valid stream", [JOIN, SAY], [JOINED, SAID], (4000, "done"),
         decoded=[Join("ada"), Say("hi")]),
    Case("schema failure", [JOIN, '{"type":"say","text":1}', SAY],
         [JOINED, CloseMessage(1008, "text: Expected `str`, got `int`")],
         (1008, "text: Expected `str`, got `int`"), decoded=[Join("ada")]),
    Case("unknown kind", ['{"type":"shout"}'],
         [CloseMessage(1008, "type: unknown tag")],
         (1008, "type: unknown tag")),
    Case("malformed JSON", ['{"type":'],
         [CloseMessage(1007, "invalid JSON: truncated")],
         (1007, "invalid JSON: truncated")),
    Case("over max_size", [JOIN, OVERSIZE],
         [JOINED, CloseMessage(1009, "payload is over the 256 bytes allowed")],
         (1009, "payload is over the 256 bytes allowed"), decoded=[Join("ada")]),
    Case("binary to a JSON endpoint", [JOIN.encode()],
         [CloseMessage(1003, "cannot decode JSON from a binary message")],
         (1003, "cannot decode JSON from a binary message")),
    Case("text that is not UTF-8", [BadText(b'{"type":"say","text":"\xff"}')],
         [(1007, None)], (1007, None), dropped_by_wsproto=True),
    Case("msgpack", [JOIN_MSGPACK], [JOINED_MSGPACK], (4000, "done"), endpoint=CHAT_MSGPACK,
         decoded=[Join("ada")]),
    Case("text to a msgpack endpoint", [JOIN],
         [CloseMessage(1003, "cannot decode msgpack from a text message")],
         (1003, "cannot decode msgpack from a text message"), endpoint=CHAT_MSGPACK),
    Case("on_error='raise' answers, and the iteration goes on",
         ['{"type":"join"}', "{", JOIN],
         [failed(1008, "name: Object missing required field `name`"),
          failed(1007, "invalid JSON: truncated"), JOINED],
         (4000, "done"), on_error="raise", decoded=[Join("ada")], raised=[1008, 1007]),
    Case("the peer's close ends the iteration, with on_error='raise' too",
         [JOIN, PeerClose(4001, "bye")], [JOINED], (4001, "bye"),
         on_error="raise", decoded=[Join("ada")]),
    Case("a close without a code", [JOIN, PeerClose(1005)], [JOINED], (1005, ""),
         decoded=[Join("ada")], clients=["aiohttp"]),
    # Only aiohttp's client sends a code that no close frame may carry.
    Case("a close code over 4999 is the peer's protocol error", [JOIN, PeerClose(5000)],
         [JOINED], (1002, None), on_error="raise", decoded=[Join("ada")], clients=["aiohttp"]),
    Case("close code 1006 is the peer's protocol error", [JOIN, PeerClose(1006)],
         [JOINED], (1002, None), on_error="raise", decoded=[Join("ada")], clients=["aiohttp"]),
]  # fmt: skip

# The client closes with this once it has every reply it waited for.
DONE = PeerClose(4000, "done")
NO_STATUS = 1005  # stands for a close frame without a code


# --- raw clients: frames out, messages in --------------------------------------------


def _closing(sent: Sequence[Frame]) -> tuple[list[Frame], PeerClose]:
    """The frames to send, and the close to end with: the case's own, or DONE."""
    if sent and isinstance(sent[-1], PeerClose):
        return list(sent[:-1]), sent[-1]
    return list(sent), DONE


async def talk_aiohttp(url: str, sent: Sequence[Frame], replies: int) -> list[WSMessage]:
    """Send ``sent``, read up to ``replies`` messages (stopping at a close), then close."""
    frames, closing = _closing(sent)
    received: list[WSMessage] = []
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        for frame in frames:
            if isinstance(frame, str):
                await ws.send_str(frame)
            elif isinstance(frame, bytes):
                await ws.send_bytes(frame)
            elif isinstance(frame, BadText):
                await ws.send_frame(frame.payload, AioType.TEXT)
        while len(received) < replies:
            raw = await within(ws.receive())
            if raw.type in (AioType.CLOSED, AioType.ERROR):
                break
            received.append(from_aiohttp(raw))
            if raw.type is AioType.CLOSE:
                break
        if closing.code == NO_STATUS:
            await ws.send_frame(b"", AioType.CLOSE)  # an empty close frame
            while (await within(ws.receive())).type not in (AioType.CLOSE, AioType.CLOSED):
                pass
        else:
            # aiohttp sends any code it is given, even one no close frame may carry.
            await ws.close(code=closing.code, message=closing.reason.encode())
    return received


async def talk_websockets(url: str, sent: Sequence[Frame], replies: int) -> list[WSMessage]:
    """As :func:`talk_aiohttp`, with the websockets library's client."""
    frames, closing = _closing(sent)
    received: list[WSMessage] = []
    async with connect(url, open_timeout=10, close_timeout=10) as ws:
        for frame in frames:
            if isinstance(frame, BadText):
                await ws.send(frame.payload, text=True)  # sent as it is, unchecked
            elif isinstance(frame, str | bytes):
                await ws.send(frame)
        while len(received) < replies:
            try:
                data = await within(ws.recv())
            except ConnectionClosed as exc:
                if exc.rcvd is not None:
                    received.append(CloseMessage(exc.rcvd.code, exc.rcvd.reason))
                break
            received.append(TextMessage(data) if isinstance(data, str) else BinaryMessage(data))
        await ws.close(closing.code, closing.reason)
    return received


Talk = Callable[[str, Sequence[Frame], int], Awaitable[list[WSMessage]]]
RAW_CLIENTS: dict[str, Talk] = {"aiohttp": talk_aiohttp, "websockets": talk_websockets}


def matches(
    received: Sequence[WSMessage], expected: Sequence[WSMessage | tuple[int, None]]
) -> bool:
    """Whether ``received`` is ``expected``, a ``(code, None)`` matching a close with any reason."""
    if len(received) != len(expected):
        return False
    for got, want in zip(received, expected, strict=True):
        if isinstance(want, tuple):
            if not isinstance(got, CloseMessage) or got.data != want[0]:
                return False
        elif got != want:
            return False
    return True


async def play(
    case: Case, client: str, url: str, server: ChatServer, *, wsproto: bool = False
) -> None:
    """Play ``case`` with ``client`` against ``server`` at ``url``; check both ends.

    ``wsproto``: the server is uvicorn on wsproto.
    """
    received = await RAW_CLIENTS[client](url, case.sent, len(case.received))
    expected = list(case.received)
    if wsproto and case.dropped_by_wsproto:
        expected = [msg for msg in expected if not isinstance(msg, tuple | CloseMessage)]
    assert matches(received, expected), received
    await within(server.ended.wait())
    assert server.values == list(case.decoded)
    assert [error.close_code for error in server.errors] == list(case.raised)
    ((code, reason),) = server.ends
    assert code == case.end[0], server.ends
    assert reason == (case.end[1] if case.end[1] is not None else reason)
    assert set(server.send_errors) <= {cls.__name__ for cls in CLOSED_ERRORS}
