from collections.abc import Callable, Iterator
from typing import IO, Literal, TypeAlias

import msgspec
from typing_extensions import Self

from .errors import MessageError
from .messages import BinaryMessage, ErrorMessage, TextMessage

__all__ = [
    "Broken",
    "Direction",
    "Frame",
    "Recording",
    "open_recording",
    "read_har",
    "read_jsonl",
]

Direction: TypeAlias = Literal["send", "receive", "error"]
Progress: TypeAlias = Callable[[int], None]
SNIFF_BYTES: int
MAX_FIRST_LINE: int

class Frame(msgspec.Struct, frozen=True, gc=False):
    source: str
    url: str | None
    index: int
    direction: Direction
    time: float | None
    message: TextMessage | BinaryMessage | ErrorMessage
    line: int | None = None
    entry: int | None = None

class Broken(msgspec.Struct, frozen=True, gc=False):
    source: str
    error: MessageError
    line: int | None = None
    entry: int | None = None
    index: int | None = None
    url: str | None = None

def read_jsonl(
    source: str, lines: IO[bytes], *, progress: Progress | None = None
) -> Iterator[Frame | Broken]: ...
def read_har(source: str, data: bytes) -> Iterator[Frame | Broken]: ...

class Recording:
    source: str
    format: Literal["har", "jsonl"]
    size: int | None
    def __init__(
        self,
        source: str,
        format: Literal["har", "jsonl"],
        file: IO[bytes],
        size: int | None,
        *,
        owned: bool = True,
    ) -> None: ...
    def frames(self, progress: Progress | None = None) -> Iterator[Frame | Broken]: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc_info: object) -> None: ...

def open_recording(source: str, stdin: IO[bytes] | None = None) -> Recording: ...
