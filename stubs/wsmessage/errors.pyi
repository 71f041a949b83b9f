import json
from collections.abc import Iterable
from typing import Any, TypedDict

from .enums import WSCloseCode

__all__ = [
    "DecodeError",
    "ErrorDetail",
    "MessageError",
    "PayloadError",
    "RemoteError",
    "ValidationError",
]

class ErrorDetail(TypedDict):
    loc: tuple[str | int, ...]
    msg: str

class MessageError(ValueError):
    close_code: WSCloseCode
    reason: str
    def __init__(self, reason: str, close_code: WSCloseCode | None = None) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

class PayloadError(MessageError): ...

class DecodeError(MessageError, json.JSONDecodeError):
    def __init__(
        self,
        reason: str,
        doc: str = "",
        pos: int = 0,
        close_code: WSCloseCode | None = None,
    ) -> None: ...

class ValidationError(MessageError):
    errors: list[ErrorDetail]
    def __init__(
        self,
        reason: str,
        errors: Iterable[ErrorDetail] = (),
        close_code: WSCloseCode | None = None,
    ) -> None: ...

class RemoteError(Exception):
    text: str
    def __init__(self, text: str) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
