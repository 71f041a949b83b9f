from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeAlias, TypeVar

from .codecs import JsonCodec, MsgpackCodec
from .errors import MessageError
from .messages import BinaryMessage, CloseMessage, TextMessage, WSMessage

__all__ = [
    "Decoded",
    "answer",
    "closes_on_error",
    "codec_for_schema",
    "encode",
    "read_failure",
]

_T = TypeVar("_T")

Codec: TypeAlias = JsonCodec[Any] | MsgpackCodec[Any]
_CODECS: dict[Any, JsonCodec[Any]]

def closes_on_error(on_error: object) -> bool: ...
def codec_for_schema(schema_or_codec: object) -> Codec: ...
def encode(value: object, codec: object = None) -> TextMessage | BinaryMessage: ...
def answer(err: MessageError) -> CloseMessage: ...
def read_failure(exc: BaseException) -> MessageError | None: ...

class Decoded(Generic[_T]):
    def __init__(
        self,
        receive: Callable[[], Awaitable[WSMessage]],
        close: Callable[[CloseMessage], Awaitable[None]],
        codec: JsonCodec[_T] | MsgpackCodec[_T],
        close_on_error: bool,
    ) -> None: ...
    def __aiter__(self) -> Decoded[_T]: ...
    async def __anext__(self) -> _T: ...
