from collections.abc import AsyncIterator, Mapping
from typing import Any, Literal, Protocol, TypeVar, overload

from starlette.websockets import WebSocketState
from typing_extensions import TypeForm

from .codecs import Codec

__all__ = ["iter_decoded", "send_encoded"]

_T = TypeVar("_T")

# What the handlers use of Starlette's WebSocket (FastAPI's is the same
# class): a protocol, since whether WebSocket is generic depends on
# Starlette's version, and a WebSocket with a typed state must be taken too.
class _WebSocket(Protocol):
    @property
    def application_state(self) -> WebSocketState: ...
    async def receive(self) -> Mapping[str, Any]: ...
    async def close(self, code: int = ..., reason: str | None = ...) -> None: ...
    async def send_text(self, data: str) -> None: ...
    async def send_bytes(self, data: bytes) -> None: ...

# A codec gives its schema's values; a schema, any type form, gives its own.
@overload
def iter_decoded(
    websocket: _WebSocket,
    schema_or_codec: Codec[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> AsyncIterator[_T]: ...
@overload
def iter_decoded(
    websocket: _WebSocket,
    schema_or_codec: TypeForm[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> AsyncIterator[_T]: ...
async def send_encoded(
    websocket: _WebSocket, value: _T, codec: Codec[_T] | None = None
) -> None: ...
