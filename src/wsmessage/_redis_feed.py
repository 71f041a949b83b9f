"""The feed: a subscription to one channel, as an async iterator, fed by a reader task.

Re-exported by :mod:`wsmessage.redis`, whose name it is (its ``__module__``
says so, for docs, pickles and tracebacks).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar

import redis.exceptions

from ._redis_backlog import CONNECTION_ERRORS, Backlog, Ending, GapKind, Kind, Reconnect
from ._redis_connection import FeedConnection
from ._redis_errors import FeedError, Gap, GapError, ending_error
from ._redis_pubsub import PubSubReader
from ._redis_streams import StreamReader

if TYPE_CHECKING:
    from .redis import RedisHub

__all__ = ["Feed"]

T = TypeVar("T")


class Feed(Generic[T]):
    """Values published on one channel, as an async iterator; made by :meth:`RedisHub.subscribe`.

    Use it as an async context manager: entering starts reading (in pub/sub
    mode, once the subscription is confirmed; values published after that
    arrive), leaving stops it. Values come in the order they were
    published; an invalid entry or a gap is counted when the iteration
    reaches it.
    """

    def __init__(
        self,
        hub: RedisHub[T],
        channel: str,
        *,
        after: str | None,
        history: int,
        max_backlog: int,
        on_invalid: str,
        on_gap: str,
    ) -> None:
        self._hub = hub
        self._channel = channel
        self._after = after
        self._history = history
        self._max_backlog = max_backlog
        self._raise_invalid = on_invalid == "raise"
        self._raise_gaps = on_gap == "raise"
        self._backlog = Backlog(max_backlog)
        self._task: asyncio.Task[None] | None = None
        self._connection: FeedConnection | None = None
        self._error: FeedError | None = None
        #: Invalid entries met so far (skipped or raised).
        self.invalid = 0
        #: Gaps met so far, and the last one.
        self.gaps = 0
        self.last_gap: Gap | None = None
        #: Values known to be missed, summed over the gaps that say how many.
        self.missed = 0
        self._last_id: str | None = None

    @property
    def channel(self) -> str:
        return self._channel

    @property
    def max_backlog(self) -> int:
        return self._max_backlog

    @property
    def last_id(self) -> str | None:
        """The stream ID of the last entry this feed delivered (or raised), to resume after.

        None in pub/sub mode, and before the first entry.
        """
        return self._last_id

    @property
    def pending(self) -> int:
        """Entries read from Redis and waiting for the consumer: never more than max_backlog."""
        return len(self._backlog)

    def __repr__(self) -> str:
        return f"<Feed {self._channel!r} invalid={self.invalid} gaps={self.gaps}>"

    async def __aenter__(self) -> Feed[T]:
        if self._task is not None:
            raise RuntimeError("a feed can be entered once")
        hub = self._hub
        reconnect = Reconnect(hub.reconnect_timeout)
        key = hub.key(self._channel)
        if hub.mode == "streams":
            stream = StreamReader(
                hub.client,
                key,
                self._backlog,
                hub.decode,
                reconnect,
                gap=self._put_gap,
            )
            self._connection = stream.connection
            try:
                await self._start_stream(stream, reconnect)
            except BaseException:
                await self._stop()
                raise
            self._task = asyncio.create_task(self._guard(stream.run))
            return self
        pubsub = PubSubReader(
            hub.client, key, self._backlog, hub.decode, reconnect, gap=self._put_gap
        )
        self._connection = pubsub.connection
        self._task = asyncio.create_task(self._guard(pubsub.run))
        subscribed = asyncio.ensure_future(pubsub.subscribed.wait())
        try:
            await asyncio.wait({subscribed, self._task}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            subscribed.cancel()
        if not pubsub.subscribed.is_set():
            await self._stop()
            raise self._ended()
        return self

    async def _start_stream(self, stream: StreamReader, reconnect: Reconnect) -> None:
        while True:
            try:
                await stream.start(self._after, self._history)
                return
            except CONNECTION_ERRORS as exc:
                if not await reconnect.wait():
                    raise ending_error(Ending.UNREACHABLE, self._max_backlog) from exc
            except redis.exceptions.ResponseError as exc:
                raise ending_error(Ending.REFUSED, self._max_backlog) from exc

    async def _guard(self, read: Callable[[], Awaitable[None]]) -> None:
        """Run a reader; if it fails, the consumer is told instead of left waiting.

        Given the reader's method, not its coroutine: a feed left before
        this task starts leaves no coroutine never awaited.
        """
        try:
            await read()
        except Exception as exc:
            if self._connection is not None and self._connection.shut:
                return  # the feed is being left: what the closed connection raised is moot
            self._backlog.end(Ending.CRASHED, exc)

    def _put_gap(self, kind: GapKind, missed: int | None) -> None:
        self._backlog.put_gap(Gap(kind, missed))

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._stop()

    async def _stop(self) -> None:
        # Shutting the connection first ends a blocked read at once.
        if self._connection is not None:
            await self._connection.shut_down()
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _ended(self) -> FeedError:
        if self._error is None:
            ending = self._backlog.ending or Ending.CRASHED
            self._error = ending_error(ending, self._max_backlog)
            self._error.__cause__ = self._backlog.cause
        return self._error

    def __aiter__(self) -> Feed[T]:
        return self

    async def __anext__(self) -> T:
        if self._task is None:
            raise RuntimeError("enter the feed with 'async with' before iterating")
        backlog = self._backlog
        while True:
            item = await backlog.take()
            if isinstance(item, Ending):
                raise self._ended()
            kind, entry_id, payload = item
            if entry_id is not None:
                self._last_id = entry_id
            if kind is Kind.VALUE:
                return payload  # type: ignore[no-any-return]
            if kind is Kind.INVALID:
                self.invalid += 1
                if self._raise_invalid:
                    raise payload
                continue
            self.gaps += 1
            self.last_gap = payload
            if payload.missed:
                self.missed += payload.missed
            if self._raise_gaps:
                raise GapError("values were missed", payload)


Feed.__module__ = "wsmessage.redis"
