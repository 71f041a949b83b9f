"""``python -m wsmessage check``: recorded traffic checked against endpoints.

Exit status 0 if every message is valid, 1 if anything is not (a message,
or a part of a file that cannot be read), 2 for a usage error: an endpoint
that cannot be loaded, a file that cannot be opened or is no recording at
all. A usage error is one line on stderr, with its traceback under
``--debug``.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from typing import IO, Any

from ._check import Checker
from ._check_report import write_json, write_text
from ._progress import progress_bar
from ._recordings import Recording, open_recording
from ._targets import TargetError, load_targets
from .endpoint import Endpoint
from .errors import MessageError

__all__ = ["add_parser", "run"]

PROG = "python -m wsmessage check"


class UsageError(Exception):
    """What makes the check impossible, said in one line."""


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return number


def add_parser(commands: Any) -> None:
    """Add ``check`` to the command line's subcommands."""
    parser = commands.add_parser(
        "check",
        help="check recorded WebSocket traffic (HAR, JSON Lines) against endpoints",
        description=(
            "Check every message of HAR files (Chrome DevTools, mitmproxy) or JSON Lines "
            "against the endpoints that serve their connections. Exit status: 0 if all are "
            "valid, 1 if any is not, 2 for a usage error."
        ),
    )
    parser.add_argument(
        "-e",
        "--endpoint",
        action="append",
        required=True,
        metavar="MODULE:ATTR",
        help="an Endpoint, or a list, tuple or dict of them, as myapp.protocol:chat; repeatable",
    )
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a HAR file or JSON Lines; '-' reads stdin",
    )
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (the default), json for CI: one document",
    )
    parser.add_argument(
        "--max-errors",
        type=_positive,
        metavar="N",
        help="stop after N violations",
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of a usage error")


def _endpoints(specs: Sequence[str]) -> list[Endpoint[Any, Any]]:
    endpoints: list[Endpoint[Any, Any]] = []
    for spec in specs:
        endpoints += load_targets(spec, Endpoint)
    return endpoints


def _unreadable(source: str, error: OSError | MessageError) -> UsageError:
    why = error.reason if isinstance(error, MessageError) else error.strerror or str(error)
    return UsageError(f"cannot read {source}: {why}")


def _open(source: str, stdin: IO[bytes]) -> Recording:
    try:
        return open_recording(source, stdin)
    except (OSError, MessageError) as exc:
        raise _unreadable(source, exc) from exc


def _sizes(files: Sequence[str], stdin: IO[bytes]) -> int | None:
    """Check that every file opens and is a recording; their total size, if known."""
    if files.count("-") > 1:
        raise UsageError("'-' (stdin) can be read only once")
    total: int | None = 0
    for source in files:
        if source == "-":
            total = None
            continue
        with _open(source, stdin) as recording:
            if total is not None and recording.size is not None:
                total += recording.size
    return total


def _check(args: argparse.Namespace, stdin: IO[bytes], stderr: IO[str]) -> Checker:
    checker = Checker(_endpoints(args.endpoint), max_errors=args.max_errors)
    bar = progress_bar(_sizes(args.files, stdin), stderr)
    try:
        for source in args.files:
            with _open(source, stdin) as recording:
                progress = bar.reporter() if bar is not None else None
                try:
                    checker.check(source, recording.frames(progress))
                except (OSError, MessageError) as exc:  # MessageError: a HAR that does not parse
                    raise _unreadable(source, exc) from exc
            if checker.stopped:
                break
    finally:
        if bar is not None:
            bar.close()
    return checker


def _colour(stream: IO[str]) -> bool:
    """Whether to colour: on a terminal, unless NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def run(
    args: argparse.Namespace,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run ``check`` as parsed into ``args``; return the exit status."""
    source: IO[bytes] = sys.stdin.buffer if stdin is None else stdin
    out: IO[str] = sys.stdout if stdout is None else stdout
    err: IO[str] = sys.stderr if stderr is None else stderr
    try:
        checker = _check(args, source, err)
    except (UsageError, TargetError) as exc:
        if args.debug:
            traceback.print_exception(exc, file=err)
        print(f"{PROG}: {exc}", file=err)
        return 2
    report = checker.report()
    try:
        if args.format == "json":
            write_json(report, out)
        else:
            write_text(report, out, colour=_colour(out))
        out.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): what it did not read is not
        # wanted, and Python's own flush at exit must not fail on it either.
        # As the Python docs advise (signal module, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    return 0 if report.ok else 1
