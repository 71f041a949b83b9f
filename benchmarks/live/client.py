"""The live benchmark's load client: ``python -m benchmarks.live.client [--cpu N]``.

The parent drives it over stdin, one run at a time: ``{"url", "connections",
"warmup", "messages", "message", "ack", "timeout"}`` opens the connections, sends
``warmup`` messages on each and says ``{"ready": true}``; ``{"go": true}``
sends ``messages`` on each connection and says how long that took and how
much CPU time the client used (``{"seconds", "cpu", "acks"}``); then the
client closes the connections and says ``{"closed": true}``. A failed run
is answered with ``{"error": ...}`` instead, and the client exits.

Each connection sends one message and waits for its ack before it sends the
next, so each connection has one message in flight and the server as many
as there are connections. The message is one masked frame built once and
written as it is, and acks are read in asyncio protocol callbacks without a
task per message, so the client stays well below the CPU time per message
of any server it measures (each run reports the client's CPU time too).
Every ack is compared with the expected bytes and counted: a wrong, missing
or extra ack, or a close from the server, fails the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from websockets.client import ClientProtocol
from websockets.frames import Close, CloseCode, Frame, Opcode
from websockets.http11 import Response
from websockets.uri import parse_uri

from ..processes import cpu_seconds, pin, say, stdin_lines

__all__ = ["Connection", "main"]

#: Seconds the handshake, the warm-up and the closing handshake may take each.
STEP_TIMEOUT = 30.0
#: The first byte of an unfragmented text frame.
TEXT_FRAME = 0x80 | Opcode.TEXT
CLOSE_FRAME = Frame(Opcode.CLOSE, Close(CloseCode.NORMAL_CLOSURE, "").serialize()).serialize(
    mask=True
)


class Connection(asyncio.Protocol):
    """One WebSocket connection that sends ``frame`` and counts the acks that answer it.

    websockets' sans-I/O protocol makes the opening handshake. After it,
    frames are read here: a server's frames are never masked, and an ack is
    one small text frame, so reading them takes a few lines where
    websockets' general parser would cost about as much per frame as the
    servers being measured.
    """

    def __init__(self, url: str, frame: bytes, ack: bytes) -> None:
        self.handshake = ClientProtocol(parse_uri(url))
        self.frame = frame
        self.ack = ack
        self.acks = 0
        #: What went wrong first, if anything: an ack may go wrong after the run's last.
        self.error: str | None = None
        self._remaining = 0
        self._buffer = b""
        loop = asyncio.get_running_loop()
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[None] = loop.create_future()
        self._answered: asyncio.Future[None] = loop.create_future()
        self._closing = False
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self.handshake.send_request(self.handshake.connect())
        transport.write(b"".join(self.handshake.data_to_send()))

    def data_received(self, data: bytes) -> None:
        if not self.opened.done():
            self._handshake(data)
            return
        buffer = self._buffer + data if self._buffer else data
        offset, end = 0, len(buffer)
        while end - offset >= 2:
            first, length = buffer[offset], buffer[offset + 1]
            head = 2
            if length == 126:
                if end - offset < 4:
                    break
                length = int.from_bytes(buffer[offset + 2 : offset + 4], "big")
                head = 4
            elif length > 126:  # a masked frame, or one far larger than an ack
                self._fail(f"unexpected frame header {buffer[offset : offset + 2]!r}")
                return
            if end - offset < head + length:
                break
            self._frame(first, buffer[offset + head : offset + head + length])
            offset += head + length
        self._buffer = buffer[offset:]

    def _handshake(self, data: bytes) -> None:
        self.handshake.receive_data(data)
        for event in self.handshake.events_received():
            if isinstance(event, Response):
                if self.handshake.handshake_exc is not None:
                    self.opened.set_exception(self.handshake.handshake_exc)
                else:
                    self.opened.set_result(None)

    def _frame(self, first: int, payload: bytes) -> None:
        if first == TEXT_FRAME:
            self.acks += 1
            if payload != self.ack:
                self._fail(f"wrong ack {payload[:80]!r}, expected {self.ack!r}")
            elif self._remaining <= 0:
                self._fail("an ack for no message")
            else:
                self._remaining -= 1
                if self._remaining:
                    assert self._transport is not None
                    self._transport.write(self.frame)
                else:
                    self._answered.set_result(None)
        elif not self._closing:
            self._fail(f"unexpected frame {first:#x}: {payload[:80]!r}")

    def _fail(self, reason: str) -> None:
        if self.error is None:
            self.error = reason
        if not self._answered.done():
            self._answered.set_exception(RuntimeError(reason))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._closing:
            self._fail("the connection was lost")
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("the connection was lost"))
        if not self.closed.done():
            self.closed.set_result(None)

    def exchange(self, count: int) -> asyncio.Future[None]:
        """Send ``count`` messages, one per ack; done when the last ack is in."""
        assert self._transport is not None
        self._answered = asyncio.get_running_loop().create_future()
        self._remaining = count
        self._transport.write(self.frame)
        return self._answered

    async def close(self) -> None:
        """Make the closing handshake; done when the server has closed the connection."""
        assert self._transport is not None
        self._closing = True
        self._transport.write(CLOSE_FRAME)
        await asyncio.wait_for(self.closed, STEP_TIMEOUT)


async def connect(url: str, frame: bytes, ack: bytes) -> Connection:
    uri = parse_uri(url)
    loop = asyncio.get_running_loop()
    _, connection = await loop.create_connection(
        lambda: Connection(url, frame, ack), uri.host, uri.port
    )
    await asyncio.wait_for(connection.opened, STEP_TIMEOUT)
    return connection


async def run(plan: dict[str, Any], commands: asyncio.StreamReader) -> None:
    """One run, as the module's docstring says."""
    frame = Frame(Opcode.TEXT, plan["message"].encode()).serialize(mask=True)
    ack = plan["ack"].encode()
    connections = [await connect(plan["url"], frame, ack) for _ in range(plan["connections"])]
    warmup = [c.exchange(plan["warmup"]) for c in connections]
    await asyncio.wait_for(asyncio.gather(*warmup), STEP_TIMEOUT)
    before = sum(c.acks for c in connections)
    say({"ready": True})
    if not await commands.readline():  # the parent has gone instead of saying go
        return
    started, cpu = time.perf_counter(), cpu_seconds()
    exchanges = [c.exchange(plan["messages"]) for c in connections]
    await asyncio.wait_for(asyncio.gather(*exchanges), plan["timeout"])
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    acks = sum(c.acks for c in connections) - before
    expected = plan["messages"] * len(connections)
    if acks != expected:
        raise RuntimeError(f"{acks} acks for {expected} messages")
    say({"seconds": seconds, "cpu": cpu, "acks": acks})
    await asyncio.gather(*(c.close() for c in connections))
    # The server's frames are in order: once it has closed, every ack is in.
    errors = [c.error for c in connections if c.error is not None]
    if errors:
        raise RuntimeError(errors[0])
    say({"closed": True})


async def serve(cpus: list[int] | None) -> int:
    say({"cpus": cpus})
    commands = await stdin_lines()
    while line := await commands.readline():
        try:
            await run(json.loads(line), commands)
        except Exception as exc:  # the parent reports it and stops us
            say({"error": f"{type(exc).__name__}: {exc}"})
            return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.live.client")
    parser.add_argument("--cpu", type=int)
    args = parser.parse_args()
    return asyncio.run(serve(pin(args.cpu)))


if __name__ == "__main__":
    sys.exit(main())
