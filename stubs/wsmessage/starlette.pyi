from typing import Literal, TypeVar, overload

from typing_extensions import TypeForm

from .codecs import Codec
from .endpoint import Receiver, _StarletteWebSocket

__all__ = ["iter_decoded", "send_encoded"]

_T = TypeVar("_T")

# As in wsmessage.aiohttp. The WebSocket is a protocol, so that any version
# of Starlette the extras allow type-checks, with or without a typed state.
@overload
def iter_decoded(
    websocket: _StarletteWebSocket,
    schema_or_codec: Codec[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
@overload
def iter_decoded(
    websocket: _StarletteWebSocket,
    schema_or_codec: TypeForm[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
async def send_encoded(
    websocket: _StarletteWebSocket, value: _T, codec: Codec[_T] | None = None
) -> None: ...
