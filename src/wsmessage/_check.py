"""Checking recorded frames against endpoints: what ``python -m wsmessage check`` does.

Each connection is matched to an endpoint by its URL's path; a message the
client sent (``send``) is decoded as the endpoint receives it, one the
server sent (``receive``) as its client does, with the same codecs a live
server uses, so a violation carries the close code and reason a server
would answer with. What the check found is a :class:`Report`, which
:mod:`._check_report` writes for people or for CI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

import msgspec

from ._recordings import Broken, Direction, Frame
from .errors import MessageError, ValidationError
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

#: The version of the JSON report's layout; it changes only if a key does.
REPORT_VERSION = 1


class _Decodes(Protocol):
    def decode(self, msg: WSMessage, /) -> object: ...


class Checked(_Decodes, Protocol):
    """What the checker needs of an endpoint (:class:`~wsmessage.Endpoint` has it all)."""

    @property
    def path(self) -> str: ...

    @property
    def client(self) -> _Decodes: ...

    def match(self, path: str, /) -> Mapping[str, str] | None: ...


class Problem(msgspec.Struct, frozen=True):
    """One problem found by validation: where in the payload, and what."""

    loc: list[str | int]
    msg: str


class Violation(msgspec.Struct, frozen=True, kw_only=True):
    """A message that breaks its endpoint's protocol, or a part of a file that cannot be read.

    ``kind`` is ``"message"`` for the first and ``"recording"`` for the
    second, which has no endpoint, direction, time nor close code.
    """

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
    """An ``error`` item of a recording: reported, not checked."""

    file: str
    line: int | None
    entry: int | None
    url: str | None
    index: int
    time: float | None
    text: str


class Skipped(msgspec.Struct, kw_only=True):
    """A connection no endpoint was found for, and how many of its messages were skipped."""

    file: str
    entry: int | None
    url: str | None
    messages: int
    reason: str


class Summary(msgspec.Struct, kw_only=True):
    """The counts: ``checked`` is ``valid`` plus ``invalid``."""

    checked: int = 0
    valid: int = 0
    invalid: int = 0
    #: Invalid messages per close code (a str, as JSON keys are).
    invalid_by_close_code: dict[str, int] = msgspec.field(default_factory=dict)
    skipped: int = 0
    recording_errors: int = 0
    error_items: int = 0
    #: Whether ``--max-errors`` stopped the check before the end.
    stopped: bool = False


class Report(msgspec.Struct, kw_only=True):
    """Everything the check found, in the order the files hold it."""

    version: int = REPORT_VERSION
    files: list[str]
    summary: Summary
    violations: list[Violation]
    error_items: list[ErrorItem]
    skipped: list[Skipped]

    @property
    def ok(self) -> bool:
        """Whether every message was valid and every file could be read."""
        return not self.violations and not self.summary.stopped


# A connection's decoders (for send, for receive) and its endpoint's path, or
# why it has none.
_Route = tuple[Callable[[Any], object], Callable[[Any], object], str] | str
#: URLs whose route is remembered; past this many (a token in every URL, say)
#: the memory starts afresh, so that it stays bounded.
MAX_ROUTES = 4096


class _Stop(Exception):
    """Raised inside the check when ``max_errors`` violations have been found."""


def _problems(error: MessageError) -> list[Problem]:
    if isinstance(error, ValidationError):
        return [Problem(list(detail["loc"]), detail["msg"]) for detail in error.errors]
    return []


class Checker:
    """Checks frames against ``endpoints`` and keeps what it finds.

    ``max_errors`` stops the check after that many violations. A connection
    goes to the first endpoint whose path template matches its URL's path;
    one without a URL goes to the only endpoint if there is just one.
    """

    def __init__(self, endpoints: Sequence[Checked], *, max_errors: int | None = None) -> None:
        if not endpoints:
            raise ValueError("no endpoint to check against")
        self._endpoints = list(endpoints)
        # Made now, not at the first message: a client's codecs are built on first use.
        self._decoders = {
            id(endpoint): (endpoint.decode, endpoint.client.decode, endpoint.path)
            for endpoint in self._endpoints
        }
        self._max_errors = max_errors
        self._routes: dict[str | None, _Route] = {}
        self._skipped: dict[tuple[str, int | None, str | None], Skipped] = {}
        self.summary = Summary()
        self.files: list[str] = []
        self.violations: list[Violation] = []
        self.error_items: list[ErrorItem] = []

    def report(self) -> Report:
        return Report(
            files=list(self.files),
            summary=self.summary,
            violations=list(self.violations),
            error_items=list(self.error_items),
            skipped=list(self._skipped.values()),
        )

    @property
    def stopped(self) -> bool:
        return self.summary.stopped

    def check(self, source: str, frames: Iterable[Frame | Broken]) -> None:
        """Check the frames of one file; return early once stopped by ``max_errors``."""
        self.files.append(source)
        try:
            self._check(frames)
        except _Stop:
            self.summary.stopped = True

    def _add_broken(self, broken: Broken) -> None:
        """Count ``broken``, a part of a file that cannot be read, as a violation."""
        self.summary.recording_errors += 1
        self._add(
            Violation(
                kind="recording",
                file=broken.source,
                line=broken.line,
                entry=broken.entry,
                url=broken.url,
                index=broken.index,
                reason=broken.error.reason,
                errors=_problems(broken.error),
            )
        )

    def _check(self, frames: Iterable[Frame | Broken]) -> None:
        routes = self._routes
        summary = self.summary
        valid = 0
        try:
            for frame in frames:
                if isinstance(frame, Broken):
                    self._add_broken(frame)
                    continue
                route = routes.get(frame.url)
                if route is None:
                    if len(routes) >= MAX_ROUTES:
                        routes.clear()
                    route = routes[frame.url] = self._route(frame.url)
                direction = frame.direction
                if direction == "error":
                    self._add_error_item(frame)
                    continue
                if isinstance(route, str):
                    self._skip(frame, route)
                    continue
                decode_send, decode_receive, _ = route
                try:
                    if direction == "send":
                        decode_send(frame.message)
                    else:
                        decode_receive(frame.message)
                except MessageError as exc:
                    self._add_invalid(frame, route[2], exc)
                else:
                    valid += 1
        finally:
            summary.valid += valid
            summary.checked += valid

    def _route(self, url: str | None) -> _Route:
        """The decoders for a connection to ``url``, or why there are none."""
        if url is None:
            if len(self._endpoints) == 1:
                return self._decoders[id(self._endpoints[0])]
            return f"no URL to choose among {len(self._endpoints)} endpoints"
        try:
            path = urlsplit(url).path
        except ValueError:
            return "not a URL"
        for endpoint in self._endpoints:
            if endpoint.match(path) is not None:
                return self._decoders[id(endpoint)]
        return "no endpoint serves this path"

    def _add_invalid(self, frame: Frame, endpoint: str, error: MessageError) -> None:
        summary = self.summary
        summary.checked += 1
        summary.invalid += 1
        code = str(int(error.close_code))
        summary.invalid_by_close_code[code] = summary.invalid_by_close_code.get(code, 0) + 1
        self._add(
            Violation(
                kind="message",
                file=frame.source,
                line=frame.line,
                entry=frame.entry,
                url=frame.url,
                endpoint=endpoint,
                index=frame.index,
                direction=frame.direction,
                time=frame.time,
                close_code=int(error.close_code),
                reason=error.reason,
                errors=_problems(error),
            )
        )

    def _add(self, violation: Violation) -> None:
        self.violations.append(violation)
        if self._max_errors is not None and len(self.violations) >= self._max_errors:
            raise _Stop

    def _add_error_item(self, frame: Frame) -> None:
        self.summary.error_items += 1
        self.error_items.append(
            ErrorItem(
                file=frame.source,
                line=frame.line,
                entry=frame.entry,
                url=frame.url,
                index=frame.index,
                time=frame.time,
                text=str(frame.message.data),
            )
        )

    def _skip(self, frame: Frame, reason: str) -> None:
        self.summary.skipped += 1
        key = (frame.source, frame.entry, frame.url)
        skipped = self._skipped.get(key)
        if skipped is None:
            skipped = self._skipped[key] = Skipped(
                file=frame.source, entry=frame.entry, url=frame.url, messages=0, reason=reason
            )
        skipped.messages += 1
