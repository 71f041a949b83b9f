"""Streams mode: one capped stream per channel, read from a position that survives reconnects.

Each entry holds two fields: ``data``, the encoded value, and ``seq``, a
number the publishing script takes from a counter kept per channel (a hash
at the hub's prefix, one field per channel). Consecutive entries have
consecutive numbers, so a reader that finds a jump knows how many entries
were trimmed before it read them, and one that finds a smaller number knows
the stream started over (deleted, or Redis restarted without its data).
Entries without ``seq`` (written by another client) are read, unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import redis.exceptions

from ._redis_backlog import CONNECTION_ERRORS, Ending, Kind
from ._redis_connection import Reader
from .errors import MessageError, PayloadError

__all__ = ["PUBLISH_SCRIPT", "StreamReader", "check_stream_id"]

# KEYS[1] the stream, KEYS[2] the counters; ARGV: data, maxlen, channel.
# One script, so that a number is never taken without its entry being added.
PUBLISH_SCRIPT = """
local seq = redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'seq', seq, 'data', ARGV[1])
"""

_STREAM_ID = re.compile(r"(\d{1,20})-(\d{1,20})\Z")
_MAX_PART = 2**64 - 1
_SEQ = re.compile(rb"[1-9][0-9]{0,18}\Z")

#: How long one XREAD waits for new entries, in milliseconds; a read that has
#: not answered five seconds after that is taken for a lost connection.
BLOCK_MS = 5000
READ_TIMEOUT = BLOCK_MS / 1000 + 5.0


def check_stream_id(value: object) -> str:
    """Check an ``after`` argument: a stream entry ID ``"<ms>-<seq>"``, as str."""
    if not isinstance(value, str):
        raise TypeError(f"after must be a stream entry ID as a str, not {type(value).__name__}")
    match = _STREAM_ID.match(value)
    if match is None or any(int(part) > _MAX_PART for part in match.groups()):
        raise ValueError(f"after must be a stream entry ID like '1700000000000-0', not {value!r}")
    return str(value)


def _before(entry_id: str) -> str:
    """The greatest ID below ``entry_id``, to read from it inclusively with XREAD."""
    ms, seq = (int(part) for part in entry_id.split("-"))
    if seq:
        return f"{ms}-{seq - 1}"
    return f"{ms - 1}-{_MAX_PART}" if ms else "0-0"


def _entries(reply: object) -> list[Any]:
    """The ``[id, fields]`` entries of an XREAD reply for one stream (None when it timed out)."""
    if not reply:
        return []
    streams: list[Any] = cast("list[Any]", reply)
    entries: list[Any] = streams[0][1]
    return entries


def _id_text(entry_id: object) -> str:
    return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)


_copy_list: Callable[[list[object]], list[object]] = list[object].copy


def read_fields(fields: object) -> tuple[int | None, object]:
    """An entry's ``seq`` (None if it has none) and ``data``; a PayloadError if malformed.

    ``fields`` is the entry's flat list of names and values, as Redis sends it.
    """
    if not isinstance(fields, list):
        raise PayloadError("stream entry has no fields")
    # The list's own items, read by list's code: a subclass's methods are not asked.
    items = _copy_list(cast("list[object]", fields))
    if len(items) % 2:
        raise PayloadError("stream entry has no fields")
    names = items[::2]
    # Redis sends names as bytes; anything else (whose hash and equality
    # would be its own) is not read.
    if any(type(name) is not bytes for name in names):
        raise PayloadError("stream entry has malformed fields")
    named = dict(zip(cast("list[bytes]", names), items[1::2], strict=True))
    if b"data" not in named:
        raise PayloadError("stream entry has no data field")
    seq = named.get(b"seq")
    if seq is None:
        return None, named[b"data"]
    if type(seq) is not bytes or not _SEQ.match(seq):
        raise PayloadError("stream entry has a malformed seq field")
    return int(seq), named[b"data"]


class StreamReader(Reader):
    """Reads one channel's stream into a backlog, from a position kept across reconnects."""

    SOCKET_TIMEOUT = READ_TIMEOUT

    # Set on the instance as it reads. Where to read from next: the ID of the
    # last entry read (exclusive), and its seq.
    position = "0-0"
    _last_seq: int | None = None
    # Caught up with the stream: from then on, entries that find the
    # backlog full mean the consumer fell behind, not that it is catching up.
    _live = False

    # --- where to start -----------------------------------------------------------------

    async def start(self, after: str | None, history: int) -> None:
        """Find where to start: after ``after``, the last ``history`` entries, or the end."""
        if after is not None:
            await self._start_after(after)
        elif history:
            await self._start_with_history(history)
        else:
            last = await self.connection.command("XREVRANGE", self._key, "+", "-", "COUNT", 1)
            if last:
                self._accept(*last[0])

    def _accept(self, entry_id: object, fields: object) -> None:
        """Start after this entry, without delivering it."""
        self.position = _id_text(entry_id)
        self._last_seq = _seq_or_none(fields)

    async def _start_after(self, after: str) -> None:
        self.position = after
        found = await self.connection.command("XRANGE", self._key, after, after, "COUNT", 1)
        if found:
            self._accept(*found[0])
            return
        first = await self.connection.command("XRANGE", self._key, "-", "+", "COUNT", 1)
        if not first:
            return
        first_id, fields = first[0]
        # The entry resumed from is gone, and entries after it may have gone
        # too, unless the first one left is the channel's very first.
        if _id_key(_id_text(first_id)) > _id_key(after) and _seq_or_none(fields) != 1:
            self._gap("trimmed", None)

    async def _start_with_history(self, history: int) -> None:
        recent = await self.connection.command("XREVRANGE", self._key, "+", "-", "COUNT", history)
        if recent:
            oldest_id = _id_text(recent[-1][0])
            self.position = _before(oldest_id)

    # --- reading ------------------------------------------------------------------------

    async def run(self) -> None:
        """Read until the backlog ends; reconnect after a lost connection."""
        backlog = self._backlog
        while not backlog.ended and not self.connection.shut:
            if not self._live:
                await backlog.wait_for_room()
            count = max(1, backlog.room)
            try:
                reply = await self.connection.command(
                    "XREAD", "COUNT", count, "BLOCK", BLOCK_MS, "STREAMS", self._key, self.position
                )
            except CONNECTION_ERRORS as exc:
                if not await self._reconnect.wait():
                    backlog.end(Ending.UNREACHABLE, exc)
                continue
            except redis.exceptions.ResponseError as exc:
                backlog.end(Ending.REFUSED, exc)
                return
            self._reconnect.succeeded()
            entries = _entries(reply)
            for entry_id, fields in entries:
                if not self._read(_id_text(entry_id), fields):
                    return
            if len(entries) < count:
                self._live = True

    def _read(self, entry_id: str, fields: object) -> bool:
        """Put one entry in the backlog; False if the backlog overflowed."""
        self.position = entry_id
        try:
            seq, data = read_fields(fields)
        except MessageError as err:
            return self._backlog.put(Kind.INVALID, entry_id, err)
        if seq is not None:
            self._check_seq(seq)
        return self._put(entry_id, data)

    def _check_seq(self, seq: int) -> None:
        last = self._last_seq
        self._last_seq = seq
        if last is None or seq == last + 1:
            return
        if seq > last:
            self._gap("trimmed", seq - last - 1)
        else:
            self._gap("reset", None)


def _seq_or_none(fields: object) -> int | None:
    try:
        return read_fields(fields)[0]
    except MessageError:
        return None


def _id_key(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)
