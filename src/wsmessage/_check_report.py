"""Writing what ``check`` found: text for people, one JSON document for CI.

The text groups violations by file and connection, in the order the files
hold them, and ends with the summary; it is coloured only when asked (on
a terminal). The JSON document is the :class:`~._check.Report` itself, its
keys documented in docs/reference/cli.rst and versioned by ``version``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import IO, NamedTuple

import msgspec

from ._check import ErrorItem, Report, Summary, Violation
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
    parts.append(url or "(no URL)")
    if endpoint:
        parts.append(f"({endpoint})")
    return "  ".join(parts)


class _Row(NamedTuple):
    position: tuple[int, int]
    text: str


def _rows(
    violations: list[Violation], errors: list[ErrorItem], style: _Style
) -> Iterator[tuple[str, tuple[int | None, str | None], str, _Row]]:
    """(file, connection, connection title, row) for everything reported, in no order."""
    for v in violations:
        position = (v.entry if v.entry is not None else -1, v.line or v.index or 0)
        where = _where(v.line, v.index)
        if v.kind == "recording":
            text = f"{where}  {style('cannot read', _YELLOW)}: {v.reason}".lstrip()
            key = (v.entry, v.url) if v.entry is not None else (None, None)
            yield v.file, key, _connection(v.entry, v.url, None), _Row(position, text)
            continue
        code = style(_code_name(v.close_code or 0), _RED)
        text = f"{where}  {v.direction:<7}  {style(_time(v.time), _DIM)}  {code}  {v.reason}"
        title = _connection(v.entry, v.url, v.endpoint)
        yield v.file, (v.entry, v.url), title, _Row(position, text)
    for item in errors:
        position = (item.entry if item.entry is not None else -1, item.line or item.index)
        text = (
            f"{_where(item.line, item.index)}  error    {style(_time(item.time), _DIM)}  "
            f"{style('not checked', _YELLOW)}  {item.text}"
        )
        yield (
            item.file,
            (item.entry, item.url),
            _connection(item.entry, item.url, None),
            _Row(position, text),
        )


def _summary(summary: Summary, style: _Style) -> str:
    invalid = f"{summary.invalid} invalid"
    if summary.invalid_by_close_code:
        counts = ", ".join(
            f"{count} x {_code_name(code)}"
            for code, count in sorted(summary.invalid_by_close_code.items())
        )
        invalid += f" ({counts})"
    parts = [
        f"{summary.checked} messages checked: {summary.valid} valid, "
        + (style(invalid, _RED) if summary.invalid else invalid),
        f"{summary.skipped} skipped",
    ]
    if summary.recording_errors:
        parts.append(style(f"{summary.recording_errors} unreadable in the recordings", _YELLOW))
    if summary.error_items:
        parts.append(f"{summary.error_items} error items (not checked)")
    line = "; ".join(parts)
    if summary.stopped:
        line += "; " + style("stopped at --max-errors", _YELLOW)
    return line


def write_text(report: Report, out: IO[str], *, colour: bool = False) -> None:
    """Write ``report`` for people: violations by file and connection, then the summary."""
    style = _Style(colour)
    groups: dict[str, dict[tuple[int | None, str | None], tuple[str, list[_Row]]]] = {
        file: {} for file in report.files
    }
    for file, key, title, row in _rows(report.violations, report.error_items, style):
        connections = groups.setdefault(file, {})
        connections.setdefault(key, (title, []))[1].append(row)
    lines: list[str] = []
    for file, connections in groups.items():
        if not connections:
            continue
        lines.append(style(file, _BOLD))
        ordered = sorted(connections.items(), key=lambda item: min(item[1][1]).position)
        for (entry, url), (title, rows) in ordered:
            indent = "  "
            if entry is not None or url is not None:
                lines.append(f"  {style(title, _BOLD)}")
                indent = "    "
            lines.extend(indent + row.text for row in sorted(rows))
    if report.skipped:
        lines.append(style("skipped", _BOLD))
        for skipped in report.skipped:
            where = _connection(skipped.entry, skipped.url, None)
            lines.append(
                f"  {skipped.file}  {where}: {skipped.reason} ({skipped.messages} messages)"
            )
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
