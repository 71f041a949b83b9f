from typing import Any, Literal, Protocol, TypeAlias, TypeVar, overload

import aiohttp

from ._handlers import Receiver
from ._sockets import _AiohttpWebSocket
from .codecs import JsonCodec, MsgpackCodec
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
_WebSocket: TypeAlias = _AiohttpWebSocket

def _per_type_classes(union: object) -> dict[int, Any]: ...
def from_aiohttp(msg: _AiohttpMessage) -> WSMessage: ...
def to_aiohttp(msg: WSMessage) -> aiohttp.WSMessage: ...

# As the codecs: a codec gives its schema's values, a class its instances,
# anything else (a union, an Annotated alias) Any.
@overload
def iter_decoded(
    ws: _WebSocket,
    schema_or_codec: JsonCodec[_T] | MsgpackCodec[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
@overload
def iter_decoded(
    ws: _WebSocket, schema_or_codec: type[_T], *, on_error: Literal["close", "raise"] = "close"
) -> Receiver[_T]: ...
@overload
def iter_decoded(
    ws: _WebSocket, schema_or_codec: object, *, on_error: Literal["close", "raise"] = "close"
) -> Receiver[Any]: ...
async def send_encoded(
    ws: _WebSocket, value: _T, codec: JsonCodec[_T] | MsgpackCodec[_T] | None = None
) -> None: ...
