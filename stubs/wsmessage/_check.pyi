from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol

import msgspec

from ._recordings import Broken, Direction, Frame
from .messages import WSMessage

__all__ = [
    "Checked",
    "Checker",
    "ErrorItem",
    "Problem",
    "Report",
    "Skipped",
    "Summary",
    "Violation",
]

REPORT_VERSION: int
MAX_ROUTES: int

class _Decodes(Protocol):
    def decode(self, msg: WSMessage, /) -> object: ...

class Checked(_Decodes, Protocol):
    @property
    def path(self) -> str: ...
    @property
    def client(self) -> _Decodes: ...
    def match(self, path: str, /) -> Mapping[str, str] | None: ...

class Problem(msgspec.Struct, frozen=True):
    loc: list[str | int]
    msg: str

class Violation(msgspec.Struct, frozen=True, kw_only=True):
    kind: Literal["message", "recording"]
    file: str
    line: int | None = None
    entry: int | None = None
    url: str | None = None
    endpoint: str | None = None
    index: int | None = None
    direction: Direction | None = None
    time: float | None = None
    close_code: int | None = None
    reason: str
    errors: list[Problem]

class ErrorItem(msgspec.Struct, frozen=True, kw_only=True):
    file: str
    line: int | None
    entry: int | None
    url: str | None
    index: int
    time: float | None
    text: str

class Skipped(msgspec.Struct, kw_only=True):
    file: str
    entry: int | None
    url: str | None
    messages: int
    reason: str

class Summary(msgspec.Struct, kw_only=True):
    checked: int = 0
    valid: int = 0
    invalid: int = 0
    invalid_by_close_code: dict[str, int] = ...
    skipped: int = 0
    recording_errors: int = 0
    error_items: int = 0
    stopped: bool = False

class Report(msgspec.Struct, kw_only=True):
    version: int = ...
    files: list[str]
    summary: Summary
    violations: list[Violation]
    error_items: list[ErrorItem]
    skipped: list[Skipped]
    @property
    def ok(self) -> bool: ...

class Checker:
    summary: Summary
    files: list[str]
    violations: list[Violation]
    error_items: list[ErrorItem]
    def __init__(self, endpoints: Sequence[Checked], *, max_errors: int | None = None) -> None: ...
    def report(self) -> Report: ...
    @property
    def stopped(self) -> bool: ...
    def check(self, source: str, frames: Iterable[Frame | Broken]) -> None: ...
