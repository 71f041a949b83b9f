"""What a feed's reader hands its consumer, and how the reader waits out a lost Redis.

A reader task fills a :class:`Backlog` with what it reads from Redis; the
feed takes from it in order. The backlog holds at most ``limit`` entries
(values, invalid entries, gap notices), and the reader is told how much room
is left, so memory stays bounded whatever the publishers do.
:class:`Reconnect` is the backoff between attempts to reach Redis again.
"""

from __future__ import annotations

import asyncio
import enum
import random
import time
from collections import deque
from typing import Any, Literal

import redis.exceptions

__all__ = ["CONNECTION_ERRORS", "Backlog", "Ending", "GapKind", "Item", "Kind", "Reconnect"]

# What a lost or unreachable Redis raises: redis-py's own errors (BusyLoadingError,
# while a restarted server loads its data, is a ConnectionError), the OS's, and a
# read that the reader gave up waiting for.
CONNECTION_ERRORS = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
    asyncio.TimeoutError,
)


#: Why values were missed: see wsmessage.redis.Gap.
GapKind = Literal["disconnected", "trimmed", "reset"]


class Kind(enum.Enum):
    """What a backlog entry is."""

    VALUE = "value"
    INVALID = "invalid"
    GAP = "gap"


class Ending(enum.Enum):
    """Why a reader stopped for good."""

    OVERFLOW = "overflow"  # the consumer fell max_backlog entries behind
    UNREACHABLE = "unreachable"  # Redis could not be reached within the timeout
    REFUSED = "refused"  # Redis refused to read the channel (a key of another type)
    CRASHED = "crashed"  # anything else: a bug, raised to the consumer


#: An entry: its kind, the stream entry ID (None in pub/sub mode or for a gap),
#: and the value, the MessageError of an invalid entry, or the gap's details.
Item = tuple[Kind, "str | None", Any]


class Backlog:
    """At most ``limit`` entries between a reader task and the feed that consumes them.

    Values and invalid entries count towards the limit; gap notices do not
    (one right after another is kept as one, so they stay few).
    """

    __slots__ = ("_changed", "_ending", "_held", "_items", "_limit", "cause", "peak")

    def __init__(self, limit: int) -> None:
        self._items: deque[Item] = deque()
        self._held = 0
        self._limit = limit
        self._changed = asyncio.Event()
        self._ending: Ending | None = None
        #: The exception behind the ending, if any.
        self.cause: BaseException | None = None
        #: The most entries ever held at once.
        self.peak = 0

    def __len__(self) -> int:
        return self._held

    @property
    def room(self) -> int:
        """How many more entries fit."""
        return self._limit - self._held

    @property
    def ended(self) -> bool:
        return self._ending is not None

    @property
    def ending(self) -> Ending | None:
        """Why the reader stopped; None while it reads."""
        return self._ending

    def put(self, kind: Kind, entry_id: str | None, payload: Any) -> bool:
        """Add an entry; False, and the backlog ends with OVERFLOW, if there is no room."""
        if self._held >= self._limit:
            self.end(Ending.OVERFLOW)
            return False
        self._items.append((kind, entry_id, payload))
        self._held += 1
        if self._held > self.peak:
            self.peak = self._held
        self._changed.set()
        return True

    def put_gap(self, gap: Any) -> None:
        """Add a gap notice, unless the last entry is one already."""
        if self._items and self._items[-1][0] is Kind.GAP:
            return
        self._items.append((Kind.GAP, None, gap))
        self._changed.set()

    def end(self, ending: Ending, cause: BaseException | None = None) -> None:
        """Stop for good. An overflow drops what is held: the consumer is told at once."""
        if self._ending is not None:
            return
        self._ending = ending
        self.cause = cause
        if ending is Ending.OVERFLOW:
            self._items.clear()
            self._held = 0
        self._changed.set()

    async def take(self) -> Item | Ending:
        """The next entry, or, once none is left, why the reader ended."""
        while True:
            if self._ending is Ending.OVERFLOW:
                return self._ending
            if self._items:
                item = self._items.popleft()
                if item[0] is not Kind.GAP:
                    self._held -= 1
                self._changed.set()
                return item
            if self._ending is not None:
                return self._ending
            self._changed.clear()
            await self._changed.wait()

    async def wait_for_room(self) -> None:
        """Return once at least one entry fits (the reader's backpressure)."""
        while self._held >= self._limit and self._ending is None:
            self._changed.clear()
            await self._changed.wait()


class Reconnect:
    """Jittered exponential backoff between attempts, given up after ``timeout`` seconds.

    The clock starts at the first failure since the last success, so a
    feed that keeps reconnecting successfully is never given up on.
    """

    __slots__ = ("_attempt", "_since", "timeout")

    #: Seconds before the first retry, and the most between two.
    FIRST_DELAY = 0.05
    MAX_DELAY = 2.0

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._attempt = 0
        self._since: float | None = None

    def succeeded(self) -> None:
        self._attempt = 0
        self._since = None

    async def wait(self) -> bool:
        """Sleep before the next attempt; False once ``timeout`` has passed since the first."""
        now = time.monotonic()
        if self._since is None:
            self._since = now
        if now - self._since >= self.timeout:
            return False
        delay = min(self.MAX_DELAY, self.FIRST_DELAY * 2**self._attempt)
        self._attempt += 1
        # "Equal jitter": half fixed, half random, so that feeds that lost
        # the same server do not all come back in the same instant.
        await asyncio.sleep(delay / 2 + random.uniform(0, delay / 2))
        return True
