"""How a hub sends its commands: on a connection it keeps, or through the client when it is busy.

Every command redis-py's client sends goes through its pool: a connection
taken (and checked for unread data, a system call), retries wrapped around
it, metrics recorded, the connection given back. For one publisher sending
one value after another that is most of a publish's cost on the client. So
the hub keeps one connection of the client's pool for itself and sends on
it while it is free; a publish that finds it busy (another task is
publishing) goes through the client as usual, so concurrent publishers
are never queued behind each other. A command that fails on the kept
connection for want of a connection (Redis restarted, say) gives the
connection back and is sent again through the client, with the client's
retry policy: as with redis-py itself, it may then be carried out twice.

The kept connection is the pool's, in use until the hub is closed (or the
client: closing the client closes it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import redis.asyncio
import redis.exceptions

from ._redis_backlog import CONNECTION_ERRORS

__all__ = ["Commands"]


class Commands:
    """Sends commands for one hub: on a connection of its own while it is free."""

    __slots__ = ("_busy", "_connection", "_execute", "_pool")

    def __init__(self, client: redis.asyncio.Redis) -> None:
        # redis-py leaves execute_command and the pool's methods untyped.
        self._execute: Callable[..., Awaitable[Any]] = client.execute_command  # pyright: ignore[reportUnknownMemberType]
        self._pool: Any = client.connection_pool
        self._connection: Any = None
        self._busy = False

    async def __call__(self, *args: object) -> Any:
        """Send a command and return Redis's reply, unparsed; a reply of error is raised."""
        if self._busy:
            return await self._execute(*args)
        self._busy = True
        try:
            connection = self._connection
            if connection is None:
                connection = self._connection = await self._pool.get_connection()
            await connection.send_command(*args)
            return await connection.read_response()
        except redis.exceptions.ResponseError:
            raise  # Redis's answer: the connection is fine
        except CONNECTION_ERRORS:
            await self._give_back()
            return await self._execute(*args)
        except BaseException:
            # Cancelled, say, with the reply unread: the connection cannot be
            # trusted to give the next command its own reply.
            await self._give_back()
            raise
        finally:
            self._busy = False

    async def _give_back(self, *, disconnect: bool = True) -> None:
        """Return the kept connection to the pool (disconnected, unless told not to)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            if disconnect:
                await connection.disconnect(nowait=True)
            await self._pool.release(connection)

    async def close(self) -> None:
        """Return the kept connection to the pool; a command under way on it fails over."""
        # Connected and idle, it can serve others as it is.
        await self._give_back(disconnect=self._busy)
