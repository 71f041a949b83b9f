from typing import Any, Literal, TypeVar, overload

from ._handlers import Receiver
from ._sockets import _StarletteWebSocket
from .codecs import JsonCodec, MsgpackCodec

__all__ = ["iter_decoded", "send_encoded"]

_T = TypeVar("_T")

# As in wsmessage.aiohttp. The WebSocket is a protocol, so that any version
# of Starlette the extras allow type-checks, with or without a typed state.
@overload
def iter_decoded(
    websocket: _StarletteWebSocket,
    schema_or_codec: JsonCodec[_T] | MsgpackCodec[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
@overload
def iter_decoded(
    websocket: _StarletteWebSocket,
    schema_or_codec: type[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
@overload
def iter_decoded(
    websocket: _StarletteWebSocket,
    schema_or_codec: object,
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[Any]: ...
async def send_encoded(
    websocket: _StarletteWebSocket,
    value: _T,
    codec: JsonCodec[_T] | MsgpackCodec[_T] | None = None,
) -> None: ...
