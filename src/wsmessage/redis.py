"""Fan-out across processes: typed values published and read through Redis.

A :class:`RedisHub` carries values of one schema between processes, on
redis-py's asyncio client, encoded once by the same codecs as WebSocket
messages and validated on the way out as a peer's message would be::

    hub = RedisHub(redis.asyncio.Redis(), Said | Failed)
    await hub.publish("lobby", Said(user="ada", text="hi"))
    async with hub.subscribe("lobby") as feed:
        async for event in feed:  # Said | Failed
            ...

Two modes. ``"streams"`` (the default) keeps a capped stream per channel:
a feed reads from a position that survives a dropped connection and a
Redis restart (with persistence on), can resume from ``feed.last_id`` or
start with recent history, and says when entries it had not read were
trimmed. ``"pubsub"`` is Redis pub/sub: at most once, and the lowest
latency; after a lost connection the feed subscribes again and says that
values may have been missed.

A feed never grows memory without bound and never ends without saying why:
a subscriber that falls ``max_backlog`` values behind gets a
:class:`BacklogError`, and one whose Redis stays unreachable an
:class:`UnreachableError`, both with the close code TRY_AGAIN_LATER for a
WebSocket relay to close its client with. Import this module explicitly:
``import wsmessage`` never imports redis-py. Errors::

    MessageError
    └── FeedError               the feed cannot go on as promised (TRY_AGAIN_LATER)
        ├── BacklogError        the subscriber fell max_backlog values behind
        ├── UnreachableError    Redis unreachable for reconnect_timeout seconds
        └── GapError            values were missed (on_gap="raise"); the feed goes on
"""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType
from typing import Any, Generic, Literal, TypeVar

import redis.asyncio
import redis.exceptions

from ._arguments import choice, count, seconds
from ._redis_backlog import CONNECTION_ERRORS, Backlog, Ending, GapKind, Kind, Reconnect
from ._redis_connection import FeedConnection
from ._redis_errors import (
    BacklogError,
    FeedError,
    Gap,
    GapError,
    UnreachableError,
    ending_error,
)
from ._redis_pubsub import PubSubReader
from ._redis_streams import PUBLISH_SCRIPT, StreamReader, check_stream_id
from .codecs import JsonCodec, MsgpackCodec, check_max_size
from .messages import BinaryMessage

__all__ = [
    "BacklogError",
    "Feed",
    "FeedError",
    "Gap",
    "GapError",
    "RedisHub",
    "UnreachableError",
]

T = TypeVar("T")

_MODES = ("streams", "pubsub")
_FORMATS = ("msgpack", "json")
_ON = ("skip", "raise")


# --- the feed -------------------------------------------------------------------------------


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
            self._task = asyncio.create_task(self._guard(stream.run()))
            return self
        pubsub = PubSubReader(
            hub.client, key, self._backlog, hub.decode, reconnect, gap=self._put_gap
        )
        self._connection = pubsub.connection
        self._task = asyncio.create_task(self._guard(pubsub.run()))
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

    async def _guard(self, reading: Any) -> None:
        """Run a reader; if it fails, the consumer is told instead of left waiting."""
        try:
            await reading
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


# --- the hub --------------------------------------------------------------------------------


class RedisHub(Generic[T]):
    """Publish and subscribe to values of ``schema`` through Redis.

    ``client`` is a ``redis.asyncio.Redis`` made with ``decode_responses``
    off (values are bytes). ``format`` is how values are encoded:
    ``"msgpack"`` or ``"json"``, by :class:`~wsmessage.MsgpackCodec` or
    :class:`~wsmessage.JsonCodec`. Channel ``name`` lives at the key
    ``prefix + name``; in streams mode, each stream is capped at about
    ``maxlen`` entries (``XADD MAXLEN ~``) and the hash at ``prefix`` holds
    each channel's entry counter. An entry over ``max_size`` bytes is
    invalid. A feed whose Redis stays unreachable for
    ``reconnect_timeout`` seconds ends with :class:`UnreachableError`.
    Bad arguments are a ``TypeError`` or ``ValueError`` here.
    """

    def __init__(
        self,
        client: redis.asyncio.Redis,
        schema: Any,
        *,
        mode: Literal["streams", "pubsub"] = "streams",
        format: Literal["msgpack", "json"] = "msgpack",
        maxlen: int = 10_000,
        prefix: str = "wsmessage:",
        max_size: int | None = 1_048_576,
        reconnect_timeout: float = 60.0,
    ) -> None:
        if not isinstance(client, redis.asyncio.Redis):
            raise TypeError(f"client must be a redis.asyncio.Redis, not {type(client).__name__}")
        if client.connection_pool.connection_kwargs.get("decode_responses"):
            raise ValueError("client must be made with decode_responses=False")
        if not isinstance(prefix, str):
            raise TypeError(f"prefix must be a str, not {type(prefix).__name__}")
        self._mode = choice("mode", mode, _MODES)
        self._format = choice("format", format, _FORMATS)
        self._maxlen = count("maxlen", maxlen, least=1)
        limit = check_max_size(max_size)
        codec_class = MsgpackCodec if self._format == "msgpack" else JsonCodec
        self._codec: JsonCodec[T] | MsgpackCodec[T] = codec_class(schema, max_size=limit)
        self._client = client
        self._prefix = prefix
        self._reconnect_timeout = seconds("reconnect_timeout", reconnect_timeout)
        self._script = client.register_script(PUBLISH_SCRIPT)

    @property
    def client(self) -> redis.asyncio.Redis:
        return self._client

    @property
    def schema(self) -> Any:
        """The schema values are decoded into, as given."""
        return self._codec.schema

    @property
    def mode(self) -> Literal["streams", "pubsub"]:
        return self._mode  # type: ignore[return-value]

    @property
    def format(self) -> Literal["msgpack", "json"]:
        return self._format  # type: ignore[return-value]

    @property
    def maxlen(self) -> int:
        return self._maxlen

    @property
    def prefix(self) -> str:
        return self._prefix

    @property
    def reconnect_timeout(self) -> float:
        return self._reconnect_timeout

    def __repr__(self) -> str:
        return f"RedisHub({self._codec!r}, mode={self._mode!r}, prefix={self._prefix!r})"

    def key(self, channel: str) -> str:
        """The Redis key of ``channel``'s stream, or its pub/sub channel name."""
        if not isinstance(channel, str):
            raise TypeError(f"channel must be a str, not {type(channel).__name__}")
        if not channel:
            raise ValueError("channel must not be empty")
        return self._prefix + channel

    def encode(self, value: T) -> bytes:
        """``value`` as it is stored in Redis: the codec's payload."""
        if self._format == "json":
            return self._codec.encode_binary(value).data  # type: ignore[union-attr]
        return self._codec.encode(value).data  # type: ignore[return-value]

    def decode(self, data: object) -> T:
        """A payload read from Redis, decoded and validated as a peer's message.

        Anything but a payload that fits the schema (data of another type,
        over ``max_size``, malformed, or off the schema) is a
        :class:`~wsmessage.MessageError` with the close code it would get
        from a peer.
        """
        return self._codec.decode(BinaryMessage(data))  # type: ignore[arg-type]

    async def publish(self, channel: str, value: T) -> str | None:
        """Encode ``value`` once and publish it on ``channel``.

        Returns the stream entry's ID in streams mode, None in pub/sub
        mode. redis-py's errors (a lost connection) are raised as they
        are; after one, the value may or may not have been published.
        """
        key = self.key(channel)
        data = self.encode(value)
        if self._mode == "pubsub":
            await self._client.publish(key, data)
            return None
        entry_id = await self._script(keys=[key, self._prefix], args=[data, self._maxlen, channel])
        return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)

    def subscribe(
        self,
        channel: str,
        *,
        after: str | None = None,
        history: int = 0,
        max_backlog: int = 1000,
        on_invalid: Literal["skip", "raise"] = "skip",
        on_gap: Literal["skip", "raise"] = "skip",
    ) -> Feed[T]:
        """A :class:`Feed` of the values published on ``channel``; enter it with ``async with``.

        In streams mode the feed starts after the entry ``after`` (an ID
        from ``feed.last_id``), or with the last ``history`` entries (at
        most ``max_backlog``), or with what is published from now on. At
        most ``max_backlog`` entries wait for the consumer: in pub/sub mode,
        and in streams mode once the feed has caught up with the stream,
        one more is a :class:`BacklogError`. An invalid entry is counted in
        ``feed.invalid`` and skipped, or raised (``on_invalid="raise"``); a
        gap is counted in ``feed.gaps`` and skipped, or raised as a
        :class:`GapError` (``on_gap="raise"``). Iterating again after a
        raised one goes on with what follows it.
        """
        self.key(channel)
        max_backlog = count("max_backlog", max_backlog, least=1)
        history = count("history", history, least=0)
        if after is not None:
            after = check_stream_id(after)
        if self._mode == "pubsub" and (after is not None or history):
            raise ValueError("after and history need mode='streams'")
        if after is not None and history:
            raise ValueError("give after or history, not both")
        if history > max_backlog:
            raise ValueError(f"history must be at most max_backlog ({max_backlog}), not {history}")
        return Feed(
            self,
            channel,
            after=after,
            history=history,
            max_backlog=max_backlog,
            on_invalid=choice("on_invalid", on_invalid, _ON),
            on_gap=choice("on_gap", on_gap, _ON),
        )
