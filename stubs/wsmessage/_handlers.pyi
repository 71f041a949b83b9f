from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeAlias, TypeVar

from .codecs import JsonCodec, MsgpackCodec
from .errors import MessageError
from .messages import BinaryMessage, CloseMessage, TextMessage

__all__ = [
    "INTERNAL_ERROR_REASON",
    "Receiver",
    "answer",
    "closes_on_error",
    "codec_for_schema",
    "encode",
    "iter_decoded",
    "send",
    "send_encoded",
]

_T = TypeVar("_T")

Codec: TypeAlias = JsonCodec[Any] | MsgpackCodec[Any]
_CODECS: dict[Any, JsonCodec[Any]]
INTERNAL_ERROR_REASON: str

def closes_on_error(on_error: object) -> bool: ...
def codec_for_schema(schema_or_codec: object) -> Codec: ...
def encode(value: object, codec: object = None) -> TextMessage | BinaryMessage: ...
def answer(err: MessageError) -> CloseMessage: ...
def send(ws: object, msg: TextMessage | BinaryMessage) -> Awaitable[object]: ...
def iter_decoded(ws: object, schema_or_codec: object, on_error: object) -> Receiver[Any]: ...
async def send_encoded(ws: object, value: object, codec: object) -> None: ...

class Receiver(AsyncIterator[_T]):
    def __init__(
        self,
        ws: object,
        decode: Callable[[TextMessage | BinaryMessage], _T],
        *,
        close_on_error: bool,
    ) -> None: ...
    @property
    def close_code(self) -> int | None: ...
    @property
    def close_reason(self) -> str | None: ...
    def __aiter__(self) -> Receiver[_T]: ...
    async def __anext__(self) -> _T: ...
