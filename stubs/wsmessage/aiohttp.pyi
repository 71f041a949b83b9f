from typing import Any, Literal, Protocol, TypeVar, overload

import aiohttp
from typing_extensions import TypeForm

from .codecs import Codec
from .endpoint import Receiver, _AiohttpWebSocket
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

def from_aiohttp(msg: _AiohttpMessage) -> WSMessage: ...
def to_aiohttp(msg: WSMessage) -> aiohttp.WSMessage: ...

# A codec gives its schema's values; a schema, any type form, gives its own.
# The WebSocket is a protocol, since whether web.WebSocketResponse and
# ClientWebSocketResponse are generic depends on aiohttp's version.
@overload
def iter_decoded(
    ws: _AiohttpWebSocket,
    schema_or_codec: Codec[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
@overload
def iter_decoded(
    ws: _AiohttpWebSocket,
    schema_or_codec: TypeForm[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
async def send_encoded(
    ws: _AiohttpWebSocket, value: _T, codec: Codec[_T] | None = None
) -> None: ...
