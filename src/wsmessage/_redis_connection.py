"""A connection of a feed's own, made with the client's settings and read directly.

A feed blocks on its connection (XREAD BLOCK, or a subscription), so it
cannot share the client's pool. It speaks RESP2 whatever the client
speaks, so replies are plain arrays, and it is read without redis-py's
reply parsers, whose shapes differ between versions. Leaving a feed closes
the connection, which ends any read at once: a blocked read is not always
promptly cancelled otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import redis.asyncio
import redis.exceptions

from ._redis_backlog import Backlog, GapKind, Kind, Reconnect
from .errors import MessageError

__all__ = ["FeedConnection", "Reader"]


class FeedConnection:
    """One connection to the client's server, read with a timeout of ``socket_timeout`` seconds."""

    __slots__ = ("_connection", "shut")

    def __init__(self, client: redis.asyncio.Redis, *, socket_timeout: float) -> None:
        pool = client.connection_pool
        options = dict(pool.connection_kwargs)
        options["protocol"] = 2
        # A read that outlasts this is taken for a lost connection (and
        # redis-py disconnects), so a half-open one is never waited on forever.
        options["socket_timeout"] = socket_timeout
        options.pop("health_check_interval", None)  # its PINGs would interleave with our replies
        # redis-py 7's maintenance notifications arrive as RESP3 pushes only.
        for name in ("maint_notifications_config", "maint_notifications_pool_handler"):
            if name in options:
                options[name] = None
        self._connection: Any = pool.connection_class(**options)
        #: True once :meth:`shut`: the connection is never used again.
        self.shut = False

    async def send(self, *args: object) -> None:
        """Send a command; connects (with the client's handshake) if need be."""
        if self.shut:
            raise redis.exceptions.ConnectionError("the feed is closed")
        await self._connection.send_command(*args, check_health=False)

    async def read(self, timeout: float | None = None) -> Any:
        """The next reply; with ``timeout``, None if none came within it."""
        return await self._connection.read_response(timeout=timeout)

    async def command(self, *args: object) -> Any:
        """Send a command and read its reply."""
        await self.send(*args)
        return await self.read()

    async def close(self) -> None:
        """Disconnect, without waiting for the server; the next command connects again."""
        await self._connection.disconnect(nowait=True)

    async def shut_down(self) -> None:
        """Disconnect for good: a read in progress ends, and no command is sent again.

        Cancelling the reading task alone is not enough: on Python 3.11 a
        cancellation that arrives as redis-py finishes writing a command is
        lost (its ``asyncio.wait_for``), and the task would read on.
        """
        self.shut = True
        await self.close()


class Reader:
    """What the two modes' readers share: a connection, the backlog they fill, and how.

    ``decode`` turns a payload into a value (a MessageError if it is
    invalid), ``reconnect`` paces attempts after a lost connection, and
    ``gap`` reports values that may have been missed.
    """

    #: Seconds a read may take before the connection is taken for lost.
    SOCKET_TIMEOUT: float

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
        self.connection = FeedConnection(client, socket_timeout=self.SOCKET_TIMEOUT)
        self._key = key
        self._backlog = backlog
        self._decode = decode
        self._reconnect = reconnect
        self._gap = gap

    def _put(self, entry_id: str | None, data: object) -> bool:
        """Decode ``data`` into the backlog, or its error; False if the backlog overflowed."""
        try:
            value = self._decode(data)
        except MessageError as err:
            return self._backlog.put(Kind.INVALID, entry_id, err)
        return self._backlog.put(Kind.VALUE, entry_id, value)
