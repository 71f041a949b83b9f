"""Pub/sub mode: a subscription that comes back after a lost connection, and says so.

redis-py's asyncio ``PubSub`` either raises when its connection is lost or,
with a retry policy, reconnects and re-subscribes on its own without a
word; either way, what was published meanwhile is lost without a trace.
The reader subscribes on a connection of its own instead, and every
subscription it confirms after the first is a gap it reports.
"""

from __future__ import annotations

import asyncio
import functools
from typing import cast

import redis.exceptions

from ._redis_backlog import CONNECTION_ERRORS, Ending
from ._redis_connection import Reader

__all__ = ["PubSubReader"]

#: Seconds without a message before the reader pings, and then waits as long
#: again for the answer before it takes the connection for lost.
KEEPALIVE_SECONDS = 10.0


class _Silent(Exception):
    """No answer to a ping: the connection is taken for lost."""


class PubSubReader(Reader):
    """Reads one channel's messages into a backlog; subscribes again after a lost connection."""

    SOCKET_TIMEOUT = 2 * KEEPALIVE_SECONDS

    # Set on the instance as it reads. A loss seen as an error is reported
    # at once; the confirmation that follows it must not report it again.
    _confirmations = 0
    _gap_reported = False

    @functools.cached_property
    def subscribed(self) -> asyncio.Event:
        """Set once the first subscription is confirmed: from then on, what is published arrives."""
        return asyncio.Event()

    async def run(self) -> None:
        """Read until the backlog ends; subscribe again after a lost connection."""
        backlog = self._backlog
        while not backlog.ended and not self.connection.shut:
            try:
                await self.connection.send("SUBSCRIBE", self._key)
                await self._read()
            except (*CONNECTION_ERRORS, _Silent) as exc:
                await self.connection.close()
                if self._confirmations and not self._gap_reported:
                    self._gap("disconnected", None)
                    self._gap_reported = True
                if not await self._reconnect.wait():
                    backlog.end(Ending.UNREACHABLE, exc)
            except redis.exceptions.ResponseError as exc:
                backlog.end(Ending.REFUSED, exc)
        await self.connection.close()

    async def _read(self) -> None:
        backlog = self._backlog
        pinged = False
        while not backlog.ended:
            reply = await self.connection.read(timeout=KEEPALIVE_SECONDS)
            if reply is None:
                if pinged:
                    raise _Silent
                await self.connection.send("PING")
                pinged = True
                continue
            pinged = False
            # [b"message", channel, data], [b"subscribe", channel, count] or [b"pong", b""]
            parts: list[object] = cast("list[object]", reply) if isinstance(reply, list) else []
            kind = parts[0] if parts else None
            if kind == b"message" and len(parts) == 3:
                self._put(None, parts[2])
            elif kind == b"subscribe":
                self._confirmed()

    def _confirmed(self) -> None:
        self._confirmations += 1
        self._reconnect.succeeded()
        if self._confirmations > 1 and not self._gap_reported:
            self._gap("disconnected", None)
        self._gap_reported = False
        self.subscribed.set()
