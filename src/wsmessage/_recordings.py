"""Reading recorded WebSocket traffic: HAR files and JSON Lines, as frames.

Both formats hold the same items, ``{"type": "send" | "receive" | "error",
"time": epoch seconds, "opcode": 1 | 2, "data": str}``, with binary data
(opcode 2) in base64. A HAR file (Chrome DevTools, mitmproxy's ``hardump``)
keeps them per connection, in the ``_webSocketMessages`` of its WebSocket
entries; JSON Lines hold one item a line, each with an optional ``"url"``.

A reader yields a :class:`Frame` per item it can read and a :class:`Broken`
for each part it cannot (a line that is not JSON, a missing field, base64
that does not decode), so one bad line never stops the rest; a file it
cannot read at all is a :class:`~wsmessage.MessageError` from
:func:`open_recording`. Every reason comes from the library's own codecs.
Nothing the file holds is ever imported, looked up or called.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, Literal

import msgspec

from .codecs import JsonCodec
from .errors import MessageError, PayloadError, RemoteError
from .messages import BinaryMessage, ErrorMessage, TextMessage

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "Broken",
    "Direction",
    "Frame",
    "Recording",
    "open_recording",
    "read_har",
    "read_jsonl",
]

#: Who sent an item: the client (``send``), the server (``receive``), or
#: neither (``error``, a failure the recorder saw on the connection).
Direction = Literal["send", "receive", "error"]

#: How far into a file the format is looked for, in bytes.
SNIFF_BYTES = 64 * 1024
#: Longest first line read to tell JSON Lines from other text, in bytes.
MAX_FIRST_LINE = 64 * 1024 * 1024
# A HAR document is an object whose one key is "log" (HAR 1.2, section "log").
_HAR_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*\{\s*\"log\"\s*:")
_TEXT, _BINARY = 1, 2


class Frame(msgspec.Struct, frozen=True, gc=False):
    """One recorded message, where it was found, and the library's message for it."""

    #: The file as named on the command line (``-`` for stdin).
    source: str
    #: The connection's URL, if the recording says.
    url: str | None
    #: Position among the connection's items, from 0.
    index: int
    direction: Direction
    #: When it was recorded, in seconds since the epoch.
    time: float | None
    message: TextMessage | BinaryMessage | ErrorMessage
    #: JSON Lines: the line, from 1.
    line: int | None = None
    #: HAR: the index in ``log.entries``, from 0.
    entry: int | None = None


class Broken(msgspec.Struct, frozen=True, gc=False):
    """A part of a recording that cannot be read, and why."""

    source: str
    error: MessageError
    line: int | None = None
    entry: int | None = None
    #: The item's index in its HAR entry, when the entry itself was read.
    index: int | None = None
    url: str | None = None


class _Item(msgspec.Struct):
    """One recorded message, as both formats write it."""

    type: Direction
    opcode: int
    data: str
    time: float | None = None
    # JSON Lines only; a HAR item's connection is its entry.
    url: str | None = None


class _HarLog(msgspec.Struct):
    entries: list[msgspec.Raw]


class _Har(msgspec.Struct):
    log: _HarLog


class _EntryKind(msgspec.Struct):
    """Just enough of a HAR entry to tell a WebSocket's from the others."""

    resource_type: Any = msgspec.field(default=None, name="_resourceType")
    messages: Any = msgspec.field(default=None, name="_webSocketMessages")


class _Request(msgspec.Struct):
    url: str


class _WebSocketEntry(msgspec.Struct):
    request: _Request
    messages: list[msgspec.Raw] = msgspec.field(default_factory=list, name="_webSocketMessages")


_ITEMS: JsonCodec[_Item] = JsonCodec(_Item)
_HAR: JsonCodec[_Har] = JsonCodec(_Har)
_ENTRY_KINDS: JsonCodec[_EntryKind] = JsonCodec(_EntryKind)
_WEBSOCKET_ENTRIES: JsonCodec[_WebSocketEntry] = JsonCodec(_WebSocketEntry)
_read_item = _ITEMS.decode


def _message(item: _Item) -> TextMessage | BinaryMessage | ErrorMessage:
    """The library's message for ``item``; a PayloadError if its data cannot be one."""
    if item.type == "error":
        return ErrorMessage(RemoteError(item.data))
    if item.opcode == _TEXT:
        return TextMessage(item.data)
    if item.opcode == _BINARY:
        try:
            return BinaryMessage(base64.b64decode(item.data, validate=True))
        except ValueError:  # binascii.Error, or a str that is not ASCII
            raise PayloadError("binary data is not valid base64") from None
    raise PayloadError(f"opcode must be {_TEXT} (text) or {_BINARY} (binary), not {item.opcode}")


# A reader reports how far it got, in bytes, through one of these.
Progress = Callable[[int], None]
# How often a JSON Lines reader reports its progress, in bytes.
_PROGRESS_STEP = 1 << 20


def read_jsonl(
    source: str, lines: IO[bytes], *, progress: Progress | None = None
) -> Iterator[Frame | Broken]:
    """The frames of JSON Lines, read one line at a time in constant memory.

    Items are grouped into connections by their ``"url"``; ``index`` counts
    the items of that URL read so far. Blank lines are skipped; a file of
    none but blank lines gives one Broken.
    ``progress``, if given, is called every megabyte or so with the bytes
    read so far.
    """
    counts: dict[str | None, int] = {}
    consumed = reported = 0
    number = read = 0
    for number, line in enumerate(lines, 1):
        if progress is not None:
            consumed += len(line)
            if consumed - reported >= _PROGRESS_STEP:
                progress(consumed)
                reported = consumed
        try:
            item = _read_item(BinaryMessage(line))
            message = _message(item)
        except MessageError as exc:
            if not line.strip():
                continue
            yield Broken(source, exc, line=number)
            read += 1
            continue
        read += 1
        url = item.url
        index = counts[url] = counts.get(url, -1) + 1
        yield Frame(source, url, index, item.type, item.time, message, line=number)
    if progress is not None:
        progress(consumed)
    if not read:
        yield Broken(source, PayloadError("no message in this file"), line=number or None)


def read_har(source: str, data: bytes) -> Iterator[Frame | Broken]:
    """The frames of a HAR file's WebSocket entries, entry by entry.

    A document that is not HAR at all is a :class:`~wsmessage.MessageError`,
    raised before the first frame; an entry or item that cannot be read is a
    :class:`Broken`. A HAR file without a WebSocket entry gives one Broken.
    """
    entries = _HAR.decode(BinaryMessage(data)).log.entries
    websockets = 0
    for number, raw in enumerate(entries):
        try:
            kind = _ENTRY_KINDS.decode(BinaryMessage(bytes(raw)))
        except MessageError as exc:
            yield Broken(source, exc, entry=number)
            continue
        if kind.messages is None and kind.resource_type != "websocket":
            continue
        websockets += 1
        try:
            entry = _WEBSOCKET_ENTRIES.decode(BinaryMessage(bytes(raw)))
        except MessageError as exc:
            yield Broken(source, exc, entry=number)
            continue
        url = entry.request.url
        for index, raw_item in enumerate(entry.messages):
            try:
                item = _read_item(BinaryMessage(bytes(raw_item)))
                message = _message(item)
            except MessageError as exc:
                yield Broken(source, exc, entry=number, index=index, url=url)
                continue
            yield Frame(source, url, index, item.type, item.time, message, entry=number)
    if not websockets:
        yield Broken(source, PayloadError("no WebSocket connection in this HAR file"))


class Recording:
    """A recording opened for reading: its name, format and size.

    Iterate over it once for its frames; close it (or use it as a context
    manager) when done. Made by :func:`open_recording`.
    """

    def __init__(
        self,
        source: str,
        format: Literal["har", "jsonl"],
        file: IO[bytes],
        size: int | None,
        *,
        owned: bool = True,
    ) -> None:
        self.source = source
        self.format = format
        #: Bytes to read, if known (not for a pipe).
        self.size = size
        self._file = file
        self._owned = owned

    def frames(self, progress: Progress | None = None) -> Iterator[Frame | Broken]:
        """The frames, and the parts that cannot be read, in the order of the file.

        A HAR document that does not parse raises a
        :class:`~wsmessage.MessageError` before the first frame.
        """
        if self.format == "jsonl":
            return read_jsonl(self.source, self._file, progress=progress)
        data = self._file.read()
        if progress is not None:
            progress(len(data))
        return read_har(self.source, data)

    def close(self) -> None:
        """Close the file, unless it was handed over open (stdin): its owner closes that."""
        if self._owned:
            self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _sniff(file: IO[bytes]) -> Literal["har", "jsonl"]:
    """Whether ``file`` is HAR or JSON Lines, from its first bytes and first non-blank line.

    A PayloadError if it is neither: a file whose first line is not a JSON
    object cannot be told from any other text.
    """
    if _HAR_START.match(file.read(SNIFF_BYTES)):
        return "har"
    file.seek(0)
    for line in iter(lambda: file.readline(MAX_FIRST_LINE), b""):
        if line.strip():
            try:
                msgspec.json.decode(line, type=dict[str, object])
            except (msgspec.DecodeError, msgspec.ValidationError):
                raise PayloadError("not a HAR file or JSON Lines") from None
            break
    return "jsonl"  # an empty file holds no item, which the checker reports


def open_recording(source: str, stdin: IO[bytes] | None = None) -> Recording:
    """Open ``source`` (a path, or ``-`` for ``stdin``) and tell its format from its content.

    ``-`` is JSON Lines, unless its first bytes (as far as ``stdin`` can
    peek without reading) start a HAR document; a line of it that is not
    JSON is a Broken, never a refusal. An unreadable file raises
    ``OSError``, one that is neither format a :class:`~wsmessage.PayloadError`.
    """
    if source == "-":
        if stdin is None:
            raise ValueError("reading '-' needs stdin")
        peek = getattr(stdin, "peek", None)
        start = peek(SNIFF_BYTES) if peek is not None else b""
        form: Literal["har", "jsonl"] = "har" if _HAR_START.match(start) else "jsonl"
        return Recording(source, form, stdin, None, owned=False)
    file = open(source, "rb")  # noqa: SIM115 (the Recording closes it)
    try:
        size = file.seek(0, 2)
        file.seek(0)
        form = _sniff(file)
        file.seek(0)
        return Recording(source, form, file, size)
    except BaseException:
        file.close()
        raise
