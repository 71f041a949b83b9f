"""What a feed reports: the gaps it met and the errors that end it or interrupt it.

Re-exported by :mod:`wsmessage.redis`, whose names they are (their
``__module__`` says so, for docs, pickles and tracebacks).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ._redis_backlog import Ending, GapKind
from .enums import WSCloseCode
from .errors import MessageError

__all__ = ["BacklogError", "FeedError", "Gap", "GapError", "UnreachableError", "ending_error"]


@dataclasses.dataclass(frozen=True)
class Gap:
    """Values a feed may have missed, at one point of its sequence.

    ``kind`` says why: ``"disconnected"`` (pub/sub: the connection was lost
    and the subscription made again; what was published meanwhile is
    gone), ``"trimmed"`` (streams: entries were trimmed by the cap, or
    deleted, before the feed read them) or ``"reset"`` (streams: the
    stream started over, deleted or lost with a Redis that restarted
    without its data). ``missed`` is how many values, where known.
    """

    kind: GapKind
    missed: int | None = None


class FeedError(MessageError):
    """A feed cannot go on as promised; a relay closes its client with ``close_code``.

    The close code is TRY_AGAIN_LATER, or INTERNAL_ERROR when Redis refused
    to read the channel (its key holds another type) or the reader failed.
    The cause, if any, is the ``__cause__``.
    """

    _default_close_code = WSCloseCode.TRY_AGAIN_LATER


class BacklogError(FeedError):
    """The subscriber fell ``max_backlog`` values behind: the feed has ended.

    What it held is dropped at once, so memory is freed and the consumer is
    told without first working through the backlog. In streams mode nothing
    is lost for good: subscribe again with ``after=feed.last_id``.
    """


class UnreachableError(FeedError):
    """Redis could not be reached for ``reconnect_timeout`` seconds: the feed has ended."""


class GapError(FeedError):
    """Values were missed at this point of the feed (``on_gap="raise"``); ``gap`` says how.

    The feed goes on: iterating again gives the values after the gap.
    """

    gap: Gap

    def __init__(self, reason: str, gap: Gap, close_code: WSCloseCode | None = None) -> None:
        super().__init__(reason, close_code)
        self.gap = gap

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.reason, self.gap, self.close_code)


def ending_error(ending: Ending, max_backlog: int) -> FeedError:
    if ending is Ending.OVERFLOW:
        return BacklogError(f"subscriber fell {max_backlog} values behind")
    if ending is Ending.UNREACHABLE:
        return UnreachableError("redis is unreachable")
    if ending is Ending.REFUSED:
        return FeedError("redis refused to read the channel", WSCloseCode.INTERNAL_ERROR)
    return FeedError("the feed's reader failed", WSCloseCode.INTERNAL_ERROR)


for _public in (Gap, FeedError, BacklogError, UnreachableError, GapError):
    _public.__module__ = "wsmessage.redis"
