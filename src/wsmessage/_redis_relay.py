"""The relay: one WebSocket client joined to one hub channel, both ways, until either ends.

Re-exported by :mod:`wsmessage.redis`, whose names they are (their
``__module__`` says so, for docs, pickles and tracebacks).
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from ._handlers import INTERNAL_ERROR_REASON, answer, send
from ._redis_backlog import CONNECTION_ERRORS
from ._redis_errors import UnreachableError
from ._sockets import Socket, adapter_for
from .endpoint import Endpoint
from .enums import WSCloseCode
from .errors import MessageError

if TYPE_CHECKING:
    from ._redis_feed import Feed
    from .redis import RedisHub

__all__ = ["RelayResult", "relay"]

R = TypeVar("R")
S = TypeVar("S")


@dataclasses.dataclass(frozen=True)
class RelayResult:
    """How a :func:`relay` ended.

    ``close_code`` and ``close_reason`` are those the connection closed
    with: the client's, or those this side sent. ``error`` is the
    :class:`~wsmessage.MessageError` this side closed the connection for (a
    client's message that did not decode, one raised by ``publish``, a
    :class:`FeedError`), None if the client closed first or went away.
    ``last_id`` is the feed's, to resume from in streams mode.
    """

    close_code: int
    close_reason: str
    published: int
    sent: int
    last_id: str | None
    error: MessageError | None = None


class _Relay(Generic[R, S]):
    """One relay's state: the socket, what was counted, and how it closed."""

    def __init__(
        self,
        endpoint: Endpoint[R, S],
        ws: object,
        hub: RedisHub[S],
        channel: str,
        publish: Callable[[R], S | Awaitable[S | None] | None],
    ) -> None:
        self.endpoint = endpoint
        self.ws = ws
        self.socket: type[Socket] = adapter_for(ws)
        self.hub = hub
        self.channel = channel
        self.publish = publish
        self.receiver = endpoint.receive(ws, on_error="raise")
        self.published = 0
        self.sent = 0
        self.closed: tuple[int, str] | None = None
        self.error: MessageError | None = None

    async def close(self, code: int, reason: str, error: MessageError | None = None) -> None:
        """Close the socket from this side, once; a no-op if it is closed or gone."""
        if self.closed is None:
            self.closed = (code, reason)
            self.error = error
        await self.socket.close(self.ws, code, reason)

    async def close_for(self, error: MessageError) -> None:
        closing = answer(error)
        await self.close(closing.data, closing.extra or "", error)

    async def forward(self, feed: Feed[S]) -> None:
        """Send the client what the channel carries; return if a send fails (the client left)."""
        encode = self.endpoint.encode
        async for value in feed:
            frame = encode(value)
            try:
                await send(self.ws, frame)
            except Exception:
                # The connection is closing or gone, and each framework says
                # so its own way; the receiving side hears how it ended.
                return
            self.sent += 1

    async def receive(self) -> None:
        """Publish what the client sends, until it closes; raise what ends it otherwise."""
        hub, channel = self.hub, self.channel
        async for value in self.receiver:
            outgoing = self.publish(value)
            if inspect.isawaitable(outgoing):
                outgoing = await outgoing
            if outgoing is None:
                continue
            try:
                await hub.publish(channel, cast(S, outgoing))
            except CONNECTION_ERRORS as exc:
                raise UnreachableError("redis is unreachable") from exc
            self.published += 1

    async def run(self, feed: Feed[S]) -> None:
        """Both directions at once, until one ends; then the other is stopped."""
        forwarding = asyncio.create_task(self.forward(feed))
        receiving = asyncio.create_task(self.receive())
        try:
            await asyncio.wait({forwarding, receiving}, return_when=asyncio.FIRST_COMPLETED)
            if forwarding.done() and forwarding.exception() is None and not receiving.done():
                # A send failed: the connection is closing or gone. Closing
                # it (a no-op then) makes sure the receiving side ends, and
                # it says how the connection ended.
                await self.socket.close(self.ws, WSCloseCode.INTERNAL_ERROR, INTERNAL_ERROR_REASON)
                await asyncio.wait({receiving})
        finally:
            for task in (forwarding, receiving):
                task.cancel()
            await asyncio.wait({forwarding, receiving})
        # What ended the relay, the feed's side first. Every failure is
        # retrieved, so that none is logged as never retrieved.
        failures = [task.exception() for task in (forwarding, receiving) if not task.cancelled()]
        for failure in failures:
            if isinstance(failure, MessageError):
                await self.close_for(failure)
                break
        for failure in failures:
            if failure is not None and not isinstance(failure, MessageError):
                await self.close(WSCloseCode.INTERNAL_ERROR, INTERNAL_ERROR_REASON)
                raise failure

    def result(self, feed: Feed[S]) -> RelayResult:
        code, reason = self.closed or (self.receiver.close_code, self.receiver.close_reason)
        return RelayResult(
            close_code=WSCloseCode.ABNORMAL_CLOSURE if code is None else code,
            close_reason=reason or "",
            published=self.published,
            sent=self.sent,
            last_id=feed.last_id,
            error=self.error,
        )


async def relay(
    endpoint: Endpoint[R, S],
    ws: Any,
    hub: RedisHub[S],
    channel: str,
    *,
    publish: Callable[[R], S | Awaitable[S | None] | None],
    ready: Callable[[Feed[S]], Awaitable[object]] | None = None,
    after: str | None = None,
    history: int = 0,
    max_backlog: int = 1000,
) -> RelayResult:
    """Relay between a WebSocket client and a hub channel until the connection closes.

    Subscribes to ``channel`` (with ``after``, ``history`` and
    ``max_backlog`` as :meth:`RedisHub.subscribe` takes them), awaits
    ``ready(feed)`` if given (the place to greet the client: what is
    published from then on reaches it), then, at once: sends the client
    every value the channel carries, with ``endpoint.send``; and reads
    what the client sends with ``endpoint.receive``, publishing
    ``publish(value)`` on the channel (a function or a coroutine function;
    None publishes nothing).

    It ends when the client closes the connection or goes away, or when
    this side closes it: a client's message that does not decode, a
    :class:`~wsmessage.MessageError` raised by ``publish``, or a
    :class:`FeedError` (the client fell ``max_backlog`` values behind,
    Redis is unreachable, also when publishing) closes it with the error's
    close code and reason. Any other exception closes it with
    INTERNAL_ERROR and is raised. Either way the subscription ends and
    nothing is left running. Cancelled, it stops both directions and
    leaves the socket to the framework.
    """
    _check_arguments(endpoint, hub, publish, ready)
    feed = hub.subscribe(channel, after=after, history=history, max_backlog=max_backlog)
    state: _Relay[R, S] = _Relay(endpoint, ws, hub, channel, publish)
    try:
        async with feed:
            if ready is not None:
                await ready(feed)
            await state.run(feed)
    except MessageError as error:  # subscribing failed, or ready refused the client
        await state.close_for(error)
    except Exception:
        await state.close(WSCloseCode.INTERNAL_ERROR, INTERNAL_ERROR_REASON)
        raise
    return state.result(feed)


def _check_arguments(endpoint: object, hub: object, publish: object, ready: object) -> None:
    from .redis import RedisHub  # which imports this module

    if not isinstance(endpoint, Endpoint):
        raise TypeError(f"endpoint must be an Endpoint, not {type(endpoint).__name__}")
    if not isinstance(hub, RedisHub):
        raise TypeError(f"hub must be a RedisHub, not {type(hub).__name__}")
    if not callable(publish):
        raise TypeError(f"publish must be callable, not {type(publish).__name__}")
    if ready is not None and not callable(ready):
        raise TypeError(f"ready must be callable or None, not {type(ready).__name__}")


for _public in (RelayResult, relay):
    _public.__module__ = "wsmessage.redis"
