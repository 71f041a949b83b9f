import builtins
from collections.abc import Callable
from typing import Any, ClassVar, Final, Literal, TypeAlias, TypeVar, overload

import msgspec

from .enums import WSCloseCode, WSMsgType

__all__ = [
    "BinaryMessage",
    "CloseMessage",
    "ClosedMessage",
    "ClosingMessage",
    "ContinuationMessage",
    "ErrorMessage",
    "PingMessage",
    "PongMessage",
    "TextMessage",
    "WSMessage",
    "make_message",
]

_T = TypeVar("_T")

MAX_CONTROL_PAYLOAD: Final = 125
MAX_CACHED_SCHEMAS: Final = 256
LOCAL_ONLY_CLOSE_CODES: Final[frozenset[WSCloseCode]]

_BytesLike: TypeAlias = bytes | bytearray | memoryview

def as_bytes(value: object, what: str) -> bytes: ...
def check_reason(reason: object) -> str: ...

class _Message(
    msgspec.Struct,
    frozen=True,
    gc=False,
    tag_field="type",
    forbid_unknown_fields=True,
    repr_omit_defaults=True,
):
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any: ...
    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]: ...

class ContinuationMessage(_Message, frozen=True, tag="continuation"):
    type: ClassVar[Literal[WSMsgType.CONTINUATION]]
    data: bytes
    extra: None = None
    def __post_init__(self) -> None: ...
    def __init__(self, data: _BytesLike, extra: None = None) -> None: ...

class TextMessage(_Message, frozen=True, tag="text"):
    type: ClassVar[Literal[WSMsgType.TEXT]]
    data: str
    extra: None = None
    def __post_init__(self) -> None: ...
    # No schema gives Any, as aiohttp; a class gives its instances; anything
    # else (a union, an Annotated alias) gives Any.
    @overload
    def json(self, *, loads: Callable[[str], Any] = ...) -> Any: ...
    @overload
    def json(self, schema: builtins.type[_T], /) -> _T: ...
    @overload
    def json(self, schema: object, /) -> Any: ...

class BinaryMessage(_Message, frozen=True, tag="binary"):
    type: ClassVar[Literal[WSMsgType.BINARY]]
    data: bytes
    extra: None = None
    def __post_init__(self) -> None: ...
    def __init__(self, data: _BytesLike, extra: None = None) -> None: ...
    @overload
    def json(self, *, loads: Callable[[bytes], Any] = ...) -> Any: ...
    @overload
    def json(self, schema: builtins.type[_T], /) -> _T: ...
    @overload
    def json(self, schema: object, /) -> Any: ...

class PingMessage(_Message, frozen=True, tag="ping"):
    type: ClassVar[Literal[WSMsgType.PING]]
    data: bytes = b""
    extra: None = None
    def __post_init__(self) -> None: ...
    def __init__(self, data: _BytesLike = b"", extra: None = None) -> None: ...

class PongMessage(_Message, frozen=True, tag="pong"):
    type: ClassVar[Literal[WSMsgType.PONG]]
    data: bytes = b""
    extra: None = None
    def __post_init__(self) -> None: ...
    def __init__(self, data: _BytesLike = b"", extra: None = None) -> None: ...

class CloseMessage(_Message, frozen=True, tag="close"):
    type: ClassVar[Literal[WSMsgType.CLOSE]]
    data: int
    extra: str = ""
    def __post_init__(self) -> None: ...
    @classmethod
    def from_payload(cls, payload: _BytesLike) -> CloseMessage: ...
    def to_payload(self) -> bytes: ...

class ClosingMessage(_Message, frozen=True, tag="closing"):
    type: ClassVar[Literal[WSMsgType.CLOSING]]
    data: None = None
    extra: None = None
    def __post_init__(self) -> None: ...

class ClosedMessage(_Message, frozen=True, tag="closed"):
    type: ClassVar[Literal[WSMsgType.CLOSED]]
    data: None = None
    extra: None = None
    def __post_init__(self) -> None: ...

class ErrorMessage(_Message, frozen=True, tag="error"):
    type: ClassVar[Literal[WSMsgType.ERROR]]
    data: BaseException
    extra: None = None
    def __post_init__(self) -> None: ...

WSMessage: TypeAlias = (
    ContinuationMessage
    | TextMessage
    | BinaryMessage
    | PingMessage
    | PongMessage
    | CloseMessage
    | ClosingMessage
    | ClosedMessage
    | ErrorMessage
)

@overload
def make_message(
    type: Literal[WSMsgType.CONTINUATION], data: _BytesLike, extra: None = None
) -> ContinuationMessage: ...
@overload
def make_message(
    type: Literal[WSMsgType.TEXT], data: str | _BytesLike, extra: None = None
) -> TextMessage: ...
@overload
def make_message(
    type: Literal[WSMsgType.BINARY], data: _BytesLike, extra: None = None
) -> BinaryMessage: ...
@overload
def make_message(
    type: Literal[WSMsgType.PING], data: _BytesLike, extra: None = None
) -> PingMessage: ...
@overload
def make_message(
    type: Literal[WSMsgType.PONG], data: _BytesLike, extra: None = None
) -> PongMessage: ...
@overload
def make_message(
    type: Literal[WSMsgType.CLOSE], data: int, extra: str | None = None
) -> CloseMessage: ...
@overload
def make_message(
    type: Literal[WSMsgType.CLOSING], data: None, extra: None = None
) -> ClosingMessage: ...
@overload
def make_message(
    type: Literal[WSMsgType.CLOSED], data: None, extra: None = None
) -> ClosedMessage: ...
@overload
def make_message(
    type: Literal[WSMsgType.ERROR], data: BaseException, extra: None = None
) -> ErrorMessage: ...
@overload
def make_message(type: int, data: object, extra: object = None) -> WSMessage: ...
