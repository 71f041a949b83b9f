from collections.abc import Callable
from typing import Any, ClassVar, Literal, TypeAlias, TypeVar, overload

import msgspec
from typing_extensions import TypeForm

from .enums import WSMsgType

__all__ = [
    "BinaryMessage",
    "CloseMessage",
    "ClosedMessage",
    "ClosingMessage",
    "ContinuationMessage",
    "ErrorMessage",
    "Message",
    "PingMessage",
    "PongMessage",
    "TextMessage",
    "WSMessage",
    "make_message",
]

_T = TypeVar("_T")

_BytesLike: TypeAlias = bytes | bytearray | memoryview

class Message(
    msgspec.Struct,
    frozen=True,
    gc=False,
    tag_field="type",
    forbid_unknown_fields=True,
    repr_omit_defaults=True,
):
    def __post_init__(self) -> None: ...
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any: ...
    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]: ...

class ContinuationMessage(Message, frozen=True):
    type: ClassVar[Literal[WSMsgType.CONTINUATION]]
    data: bytes
    extra: None = None
    def __post_init__(self) -> None: ...
    def __init__(self, data: _BytesLike, extra: None = None) -> None: ...

class TextMessage(Message, frozen=True):
    type: ClassVar[Literal[WSMsgType.TEXT]]
    data: str
    extra: None = None
    def __post_init__(self) -> None: ...
    # No schema gives Any, as aiohttp's json(); a schema, any type form
    # (a class, a union, list[...], an Annotated union), gives its values.
    @overload
    def json(self, schema: None = None, /, *, loads: Callable[[str], Any] = ...) -> Any: ...
    @overload
    def json(self, schema: TypeForm[_T], /) -> _T: ...

class BinaryMessage(Message, frozen=True):
    type: ClassVar[Literal[WSMsgType.BINARY]]
    data: bytes
    extra: None = None
    def __post_init__(self) -> None: ...
    def __init__(self, data: _BytesLike, extra: None = None) -> None: ...
    @overload
    def json(self, schema: None = None, /, *, loads: Callable[[bytes], Any] = ...) -> Any: ...
    @overload
    def json(self, schema: TypeForm[_T], /) -> _T: ...

class PingMessage(Message, frozen=True):
    type: ClassVar[Literal[WSMsgType.PING]]
    data: bytes = b""
    extra: None = None
    def __post_init__(self) -> None: ...
    def __init__(self, data: _BytesLike = b"", extra: None = None) -> None: ...

class PongMessage(Message, frozen=True):
    type: ClassVar[Literal[WSMsgType.PONG]]
    data: bytes = b""
    extra: None = None
    def __post_init__(self) -> None: ...
    def __init__(self, data: _BytesLike = b"", extra: None = None) -> None: ...

class CloseMessage(Message, frozen=True):
    type: ClassVar[Literal[WSMsgType.CLOSE]]
    data: int
    extra: str = ""
    def __post_init__(self) -> None: ...
    @classmethod
    def from_payload(cls, payload: _BytesLike) -> CloseMessage: ...
    def to_payload(self) -> bytes: ...

class ClosingMessage(Message, frozen=True):
    type: ClassVar[Literal[WSMsgType.CLOSING]]
    data: None = None
    extra: None = None
    def __post_init__(self) -> None: ...

class ClosedMessage(Message, frozen=True):
    type: ClassVar[Literal[WSMsgType.CLOSED]]
    data: None = None
    extra: None = None
    def __post_init__(self) -> None: ...

class ErrorMessage(Message, frozen=True):
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
