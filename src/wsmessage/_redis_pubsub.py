"""Pub/sub mode: a subscription that comes back after a lost connection, and says so.

redis-py's asyncio ``PubSub`` either raises when its connection is lost or,
with a retry policy, reconnects and re-subscribes on its own without a
word. Either way, what was published meanwhile is lost. The reader sees
both: it subscribes again itself after an error, and it counts the
server's subscription confirmations, of which every one after the first
means the subscription was made again, so values may have been missed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import redis.asyncio
import redis.exceptions

from ._redis_backlog import CONNECTION_ERRORS, Backlog, Ending, GapKind, Kind, Reconnect
from .errors import MessageError

__all__ = ["PubSubReader"]

#: Seconds without a message before the reader pings, and then waits as long
#: again for the answer before it takes the connection for lost.
KEEPALIVE_SECONDS = 10.0


class _Silent(Exception):
    """No answer to a ping: the connection is taken for lost."""


class PubSubReader:
    """Reads one channel's messages into a backlog; subscribes again after a lost connection."""

    def __init__(
        self,
        client: redis.asyncio.Redis,
        key: str,
        backlog: Backlog,
        decode: Callable[[object], Any],
        reconnect: Reconnect,
        *,
        gap: Callable[[GapKind, int | None], object],
    ) -> None:
        self._client = client
        self._key = key
        self._backlog = backlog
        self._decode = decode
        self._reconnect = reconnect
        self._gap = gap
        self._confirmations = 0
        # A loss seen as an error is reported at once; the confirmation that
        # follows it must not report it again.
        self._gap_reported = False
        #: Set once the first subscription is confirmed: from then on, what is
        #: published reaches this reader.
        self.subscribed = asyncio.Event()

    async def run(self) -> None:
        """Read until the backlog ends; subscribe again after a lost connection."""
        backlog = self._backlog
        while not backlog.ended:
            pubsub = self._client.pubsub()
            try:
                await pubsub.subscribe(self._key)
                await self._read(pubsub)
            except (*CONNECTION_ERRORS, _Silent) as exc:
                if self._confirmations and not self._gap_reported:
                    self._gap("disconnected", None)
                    self._gap_reported = True
                if not await self._reconnect.wait():
                    backlog.end(Ending.UNREACHABLE, exc)
            except redis.exceptions.ResponseError as exc:
                backlog.end(Ending.REFUSED, exc)
            finally:
                # Without waiting for the server: it may be the one that is gone.
                await asyncio.shield(pubsub.aclose())  # type: ignore[no-untyped-call]

    async def _read(self, pubsub: redis.asyncio.client.PubSub) -> None:
        backlog = self._backlog
        pinged = False
        while not backlog.ended:
            message = await pubsub.get_message(timeout=KEEPALIVE_SECONDS)
            if message is None:
                if pinged:
                    raise _Silent
                await pubsub.ping()
                pinged = True
                continue
            pinged = False
            kind = message.get("type")
            if kind == "message":
                self._put(message.get("data"))
            elif kind == "subscribe":
                self._confirmed()

    def _confirmed(self) -> None:
        self._confirmations += 1
        self._reconnect.succeeded()
        if self._confirmations > 1 and not self._gap_reported:
            self._gap("disconnected", None)
        self._gap_reported = False
        self.subscribed.set()

    def _put(self, data: object) -> None:
        try:
            value = self._decode(data)
        except MessageError as err:
            self._backlog.put(Kind.INVALID, None, err)
            return
        self._backlog.put(Kind.VALUE, None, value)
