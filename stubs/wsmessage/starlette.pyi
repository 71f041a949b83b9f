from collections.abc import AsyncIterator
from typing import Any, Literal, TypeVar, overload

from starlette.websockets import WebSocket

from .codecs import JsonCodec, MsgpackCodec

__all__ = ["iter_decoded", "send_encoded"]

_T = TypeVar("_T")

# As in wsmessage.aiohttp. WebSocket[Any], so that a WebSocket with a typed
# state is taken too.
@overload
def iter_decoded(
    websocket: WebSocket[Any],
    schema_or_codec: JsonCodec[_T] | MsgpackCodec[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> AsyncIterator[_T]: ...
@overload
def iter_decoded(
    websocket: WebSocket[Any],
    schema_or_codec: type[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> AsyncIterator[_T]: ...
@overload
def iter_decoded(
    websocket: WebSocket[Any],
    schema_or_codec: object,
    *,
    on_error: Literal["close", "raise"] = "close",
) -> AsyncIterator[Any]: ...
async def send_encoded(
    websocket: WebSocket[Any], value: _T, codec: JsonCodec[_T] | MsgpackCodec[_T] | None = None
) -> None: ...
