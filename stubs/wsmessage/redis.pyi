from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Generic, Literal, TypeVar

import redis.asyncio
from typing_extensions import Self, TypeForm

from .endpoint import Endpoint, _AnyWebSocket
from .enums import WSCloseCode
from .errors import MessageError

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

_T = TypeVar("_T")
_R = TypeVar("_R")

@dataclass(frozen=True)
class Gap:
    kind: Literal["disconnected", "trimmed", "reset"]
    missed: int | None = None

class FeedError(MessageError): ...
class BacklogError(FeedError): ...
class UnreachableError(FeedError): ...

class GapError(FeedError):
    gap: Gap
    def __init__(self, reason: str, gap: Gap, close_code: WSCloseCode | None = None) -> None: ...

class Feed(Generic[_T]):
    invalid: int
    gaps: int
    last_gap: Gap | None
    missed: int
    def __init__(
        self,
        hub: RedisHub[_T],
        channel: str,
        *,
        after: str | None,
        history: int,
        max_backlog: int,
        on_invalid: str,
        on_gap: str,
    ) -> None: ...
    @property
    def channel(self) -> str: ...
    @property
    def max_backlog(self) -> int: ...
    @property
    def last_id(self) -> str | None: ...
    @property
    def pending(self) -> int: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
    def __aiter__(self) -> Self: ...
    async def __anext__(self) -> _T: ...

class RedisHub(Generic[_T]):
    def __init__(
        self,
        client: redis.asyncio.Redis,
        schema: TypeForm[_T],
        *,
        mode: Literal["streams", "pubsub"] = "streams",
        format: Literal["msgpack", "json"] = "msgpack",
        maxlen: int = 10_000,
        prefix: str = "wsmessage:",
        max_size: int | None = 1_048_576,
        reconnect_timeout: float = 60.0,
    ) -> None: ...
    @property
    def client(self) -> redis.asyncio.Redis: ...
    @property
    def schema(self) -> TypeForm[_T]: ...
    @property
    def mode(self) -> Literal["streams", "pubsub"]: ...
    @property
    def format(self) -> Literal["msgpack", "json"]: ...
    @property
    def maxlen(self) -> int: ...
    @property
    def prefix(self) -> str: ...
    @property
    def reconnect_timeout(self) -> float: ...
    async def aclose(self) -> None: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
    def key(self, channel: str) -> str: ...
    def encode(self, value: _T) -> bytes: ...
    def decode(self, data: object) -> _T: ...
    async def publish(self, channel: str, value: _T) -> str | None: ...
    def subscribe(
        self,
        channel: str,
        *,
        after: str | None = None,
        history: int = 0,
        max_backlog: int = 1000,
        on_invalid: Literal["skip", "raise"] = "skip",
        on_gap: Literal["skip", "raise"] = "skip",
    ) -> Feed[_T]: ...

@dataclass(frozen=True)
class RelayResult:
    close_code: int
    close_reason: str
    published: int
    sent: int
    last_id: str | None
    error: MessageError | None = None

# The hub carries what the endpoint sends (_T); publish turns what it
# receives (_R) into that, or None, directly or awaited.
async def relay(
    endpoint: Endpoint[_R, _T],
    ws: _AnyWebSocket,
    hub: RedisHub[_T],
    channel: str,
    *,
    publish: Callable[[_R], _T | Awaitable[_T | None] | None],
    ready: Callable[[Feed[_T]], Awaitable[object]] | None = None,
    after: str | None = None,
    history: int = 0,
    max_backlog: int = 1000,
) -> RelayResult: ...
