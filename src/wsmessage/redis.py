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

import hashlib
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Generic, Literal, TypeVar, cast

import redis.asyncio
import redis.exceptions

from ._arguments import choice, count, seconds, text
from ._decoding.limits import check_max_size
from ._redis_errors import BacklogError, FeedError, Gap, GapError, UnreachableError
from ._redis_feed import Feed
from ._redis_publishing import Commands
from ._redis_relay import RelayResult, relay
from ._redis_streams import PUBLISH_SCRIPT, check_stream_id
from .codecs import Codec, JsonCodec, MsgpackCodec
from .messages import BinaryMessage

if TYPE_CHECKING:  # typing_extensions is no dependency of wsmessage's
    from typing_extensions import TypeForm

__all__ = [
    "BacklogError",
    "Feed",
    "FeedError",
    "Gap",
    "GapError",
    "RedisHub",
    "RelayResult",
    "UnreachableError",
    "relay",
]

T = TypeVar("T")

_MODES = ("streams", "pubsub")
_FORMATS = ("msgpack", "json")
_ON = ("skip", "raise")
_PUBLISH_SHA = hashlib.sha1(PUBLISH_SCRIPT.encode()).hexdigest()


def _checked_client(client: object) -> redis.asyncio.Redis:
    if not isinstance(client, redis.asyncio.Redis):
        raise TypeError(f"client must be a redis.asyncio.Redis, not {type(client).__name__}")
    if client.connection_pool.connection_kwargs.get("decode_responses"):
        raise ValueError("client must be made with decode_responses=False")
    return client


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

    Make one hub per schema and keep it. It publishes on a connection of
    the client's pool that it keeps (publishes made while that one is busy
    go through the client as usual); :meth:`aclose`, or leaving
    ``async with``, gives it back, and closing the client closes it.
    """

    def __init__(
        self,
        client: redis.asyncio.Redis,
        schema: TypeForm[T],
        *,
        mode: Literal["streams", "pubsub"] = "streams",
        format: Literal["msgpack", "json"] = "msgpack",
        maxlen: int = 10_000,
        prefix: str = "wsmessage:",
        max_size: int | None = 1_048_576,
        reconnect_timeout: float = 60.0,
    ) -> None:
        self._client = _checked_client(client)
        self._prefix = text("prefix", prefix)
        self._mode: Literal["streams", "pubsub"] = (
            "streams" if choice("mode", mode, _MODES) == "streams" else "pubsub"
        )
        self._format: Literal["msgpack", "json"] = (
            "msgpack" if choice("format", format, _FORMATS) == "msgpack" else "json"
        )
        self._maxlen = count("maxlen", maxlen, least=1)
        limit = check_max_size(max_size)
        self._codec: Codec[T]
        self._encode_message: Callable[[T], BinaryMessage]
        if self._format == "msgpack":
            msgpack_codec = MsgpackCodec(schema, max_size=limit)
            self._codec, self._encode_message = msgpack_codec, msgpack_codec.encode
        else:
            json_codec = JsonCodec(schema, max_size=limit)
            self._codec, self._encode_message = json_codec, json_codec.encode_binary
        self._reconnect_timeout = seconds("reconnect_timeout", reconnect_timeout)
        self._execute = Commands(client)

    @property
    def client(self) -> redis.asyncio.Redis:
        return self._client

    @property
    def schema(self) -> TypeForm[T]:
        """The schema values are decoded into, as given."""
        return self._codec.schema  # type: ignore[no-any-return]

    @property
    def mode(self) -> Literal["streams", "pubsub"]:
        return self._mode

    @property
    def format(self) -> Literal["msgpack", "json"]:
        return self._format

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

    async def aclose(self) -> None:
        """Give back the connection the hub publishes on to the client's pool.

        The hub can still be used: its next publish takes a connection
        again. Feeds are left as they are (leave them with ``async with``).
        """
        await self._execute.close()

    async def __aenter__(self) -> RedisHub[T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def key(self, channel: str) -> str:
        """The Redis key of ``channel``'s stream, or its pub/sub channel name."""
        return self._prefix + text("channel", channel, empty=False)

    def encode(self, value: T) -> bytes:
        """``value`` as it is stored in Redis: the codec's payload."""
        return self._encode_message(value).data

    def decode(self, data: object) -> T:
        """A payload read from Redis, decoded and validated as a peer's message.

        Anything but a payload that fits the schema (data of another type,
        over ``max_size``, malformed, or off the schema) is a
        :class:`~wsmessage.MessageError` with the close code it would get
        from a peer.
        """
        # Not bytes at all is BinaryMessage's PayloadError.
        return self._codec.decode(BinaryMessage(cast(bytes, data)))

    async def publish(self, channel: str, value: T) -> str | None:
        """Encode ``value`` once and publish it on ``channel``.

        Returns the stream entry's ID in streams mode, None in pub/sub
        mode. redis-py's errors (a lost connection) are raised as they
        are; after one, the value may or may not have been published.
        """
        key = self.key(channel)
        data = self.encode(value)
        if self._mode == "pubsub":
            await self._execute("PUBLISH", key, data)
            return None
        command = ("EVALSHA", _PUBLISH_SHA, 2, key, self._prefix, data, self._maxlen, channel)
        try:
            entry_id = await self._execute(*command)
        except redis.exceptions.NoScriptError:
            # A server that has not seen the script yet (new, restarted, or
            # its cache flushed): load it, once per server.
            await self._execute("SCRIPT", "LOAD", PUBLISH_SCRIPT)
            entry_id = await self._execute(*command)
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
