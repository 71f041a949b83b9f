"""Writing what ``check`` found: text for people, one JSON document for CI.

The text groups violations by file and connection, in the order the files
hold them, and ends with the summary; it is coloured only when asked (on
a terminal). The JSON document is the :class:`~._check.Report` itself, its
keys documented in docs/reference/cli.rst and versioned by ``version``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import IO, NamedTuple

import msgspec

from ._check import Report, Summary
from .enums import WSCloseCode

__all__ = ["write_json", "write_text"]

_RED, _YELLOW, _GREEN, _BOLD, _DIM, _RESET = (
    "\033[31m",
    "\033[33m",
    "\033[32m",
    "\033[1m",
    "\033[2m",
    "\033[0m",
)


class _Style(NamedTuple):
    """ANSI colours, or nothing when the output is not a terminal."""

    on: bool

    def __call__(self, text: str, *codes: str) -> str:
        return f"{''.join(codes)}{text}{_RESET}" if self.on and codes else text


# Control characters: a recording's URL or payload could hold escape
# sequences that a terminal would obey.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _shown(text: str) -> str:
    """``text`` from a recording, with control characters escaped (``\\x1b``)."""
    return _CONTROL.sub(lambda control: repr(control[0])[1:-1], text)


def _time(seconds: float | None) -> str:
    """``seconds`` since the epoch as UTC ISO 8601 to the millisecond."""
    if seconds is None:
        return "-"
    try:
        moment = datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):  # a time no calendar holds
        return repr(seconds)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _code_name(code: int | str) -> str:
    try:
        return f"{code} {WSCloseCode(int(code)).name}"
    except ValueError:
        return str(code)


def _where(line: int | None, index: int | None) -> str:
    """A message's place: its line in JSON Lines, its index in a HAR entry."""
    if line is not None:
        return f"line {line}"
    return "" if index is None else f"#{index}"


def _connection(entry: int | None, url: str | None, endpoint: str | None) -> str:
    parts = [] if entry is None else [f"entry {entry}"]
    parts.append("(no URL)" if url is None else _shown(url))
    if endpoint:
        parts.append(f"({endpoint})")
    return "  ".join(parts)


class _Row(NamedTuple):
    """One line of a connection's list, in cells that are aligned across the list."""

    position: tuple[int, int]
    where: str
    direction: str
    time: str
    verdict: str
    colour: str
    text: str


# (file, (entry, url)): the connection a row belongs to; (None, None) for the file itself.
_Key = tuple[str, tuple[int | None, str | None]]


def _rows(report: Report) -> Iterator[tuple[_Key, str, _Row]]:
    """(connection, its title, row) for everything reported, in no particular order."""
    for v in report.violations:
        position = (-1 if v.entry is None else v.entry, v.line or v.index or 0)
        where = _where(v.line, v.index)
        if v.kind == "recording":
            key = (v.entry, v.url) if v.entry is not None else (None, None)
            row = _Row(position, where, "", "", "cannot read", _YELLOW, v.reason)
            yield (v.file, key), _connection(v.entry, v.url, None), row
            continue
        verdict = _code_name(v.close_code or 0)
        row = _Row(position, where, v.direction or "", _time(v.time), verdict, _RED, v.reason)
        yield (v.file, (v.entry, v.url)), _connection(v.entry, v.url, v.endpoint), row
    for item in report.error_items:
        position = (-1 if item.entry is None else item.entry, item.line or item.index)
        where = _where(item.line, item.index)
        row = _Row(position, where, "error", _time(item.time), "not checked", _YELLOW, item.text)
        yield (item.file, (item.entry, item.url)), _connection(item.entry, item.url, None), row


def _aligned(rows: list[_Row], style: _Style) -> Iterator[str]:
    """The rows, their cells padded to the widest of the list; empty columns left out."""
    table = [(row, [row.where, row.direction, row.time, row.verdict]) for row in sorted(rows)]
    widths = [max(len(cells[column]) for _, cells in table) for column in range(4)]
    for row, cells in table:
        padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=True)]
        padded[2] = style(padded[2], _DIM)
        padded[3] = style(padded[3], row.colour)
        shown = [cell for cell, width in zip(padded, widths, strict=True) if width]
        yield "  ".join([*shown, _shown(row.text)])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _summary(summary: Summary, style: _Style) -> str:
    invalid = f"{summary.invalid} invalid"
    if summary.invalid_by_close_code:
        counts = ", ".join(
            f"{count} x {_code_name(code)}"
            for code, count in sorted(summary.invalid_by_close_code.items())
        )
        invalid += f" ({counts})"
    parts = [
        f"{_plural(summary.checked, 'message')} checked: {summary.valid} valid, "
        + (style(invalid, _RED) if summary.invalid else invalid),
        f"{summary.skipped} skipped",
    ]
    if summary.recording_errors:
        unreadable = _plural(summary.recording_errors, "part")
        parts.append(style(f"{unreadable} of the recordings unreadable", _YELLOW))
    if summary.error_items:
        parts.append(f"{_plural(summary.error_items, 'error item')} (not checked)")
    line = "; ".join(parts)
    if summary.stopped:
        line += "; " + style("stopped at --max-errors", _YELLOW)
    return line


def write_text(report: Report, out: IO[str], *, colour: bool = False) -> None:
    """Write ``report`` for people: violations by file and connection, then the summary."""
    style = _Style(colour)
    groups: dict[_Key, tuple[str, list[_Row]]] = {}
    for key, title, row in _rows(report):
        groups.setdefault(key, (title, []))[1].append(row)
    lines: list[str] = []
    for file in report.files:
        connections = [(key[1], group) for key, group in groups.items() if key[0] == file]
        if not connections:
            continue
        lines.append(style(_shown(file), _BOLD))
        connections.sort(key=lambda connection: min(connection[1][1]).position)
        for (entry, url), (title, rows) in connections:
            indent = "  "
            if entry is not None or url is not None:
                lines.append(f"  {style(title, _BOLD)}")
                indent = "    "
            lines.extend(indent + line for line in _aligned(rows, style))
    if report.skipped:
        lines.append(style("skipped", _BOLD))
        for skipped in report.skipped:
            where = _connection(skipped.entry, skipped.url, None)
            count = _plural(skipped.messages, "message")
            lines.append(f"  {_shown(skipped.file)}  {where}: {skipped.reason} ({count})")
    summary = _summary(report.summary, style)
    lines.append(style(summary, _GREEN) if report.ok else summary)
    out.write(_encodable("\n".join(lines) + "\n", out))


def _encodable(text: str, out: IO[str]) -> str:
    """``text``, with what ``out``'s encoding cannot write as backslash escapes.

    A recording's URLs and reasons may hold any character, and an ASCII
    terminal must not turn that into a traceback.
    """
    encoding = getattr(out, "encoding", None) or "utf-8"
    return text.encode(encoding, "backslashreplace").decode(encoding)


def write_json(report: Report, out: IO[str]) -> None:
    """Write ``report`` as one JSON document, the layout of :class:`~._check.Report`."""
    out.write(msgspec.json.encode(report).decode() + "\n")
