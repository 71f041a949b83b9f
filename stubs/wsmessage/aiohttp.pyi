from collections.abc import AsyncIterator
from typing import Any, Literal, Protocol, TypeVar, overload

import aiohttp
from typing_extensions import TypeForm

from .codecs import Codec
from .messages import WSMessage

__all__ = ["from_aiohttp", "iter_decoded", "send_encoded", "to_aiohttp"]

_T = TypeVar("_T")

# What from_aiohttp reads, by attribute: aiohttp 3's WSMessage and the
# per-type named tuples of later versions alike.
class _AiohttpMessage(Protocol):
    @property
    def type(self) -> int: ...
    @property
    def data(self) -> Any: ...
    @property
    def extra(self) -> str | None: ...

# What the handlers use of web.WebSocketResponse and ClientWebSocketResponse:
# a protocol, since whether those are generic depends on aiohttp's version.
class _WebSocket(Protocol):
    async def receive(self) -> _AiohttpMessage: ...
    async def close(self, *, code: int = ..., message: bytes = ...) -> object: ...
    async def send_str(self, data: str, /) -> object: ...
    async def send_bytes(self, data: bytes, /) -> object: ...

def from_aiohttp(msg: _AiohttpMessage) -> WSMessage: ...
def to_aiohttp(msg: WSMessage) -> aiohttp.WSMessage: ...

# A codec gives its schema's values; a schema, any type form, gives its own.
@overload
def iter_decoded(
    ws: _WebSocket,
    schema_or_codec: Codec[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> AsyncIterator[_T]: ...
@overload
def iter_decoded(
    ws: _WebSocket, schema_or_codec: TypeForm[_T], *, on_error: Literal["close", "raise"] = "close"
) -> AsyncIterator[_T]: ...
async def send_encoded(ws: _WebSocket, value: _T, codec: Codec[_T] | None = None) -> None: ...
