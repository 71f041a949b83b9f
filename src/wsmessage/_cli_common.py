"""What the commands share: a usage error said in one line, and output that survives ``| head``."""

from __future__ import annotations

import os
import traceback
from typing import IO

__all__ = ["UsageError", "reader_gone", "usage_error", "write_output"]


class UsageError(Exception):
    """What makes a command impossible, said in one line."""


def usage_error(prog: str, error: BaseException, *, debug: bool, stderr: IO[str]) -> int:
    """Say ``error`` on one line of ``stderr`` (with its traceback first under ``--debug``); 2."""
    if debug:
        traceback.print_exception(error, file=stderr)
    first_line = str(error).strip().split("\n", 1)[0]
    print(f"{prog}: {first_line}", file=stderr)
    return 2


def write_output(text: str, stdout: IO[str]) -> None:
    """Write ``text`` to ``stdout`` and flush it; a reader that went away is no error."""
    try:
        stdout.write(text)
        stdout.flush()
    except BrokenPipeError:
        reader_gone(stdout)


def reader_gone(stdout: IO[str]) -> None:
    """After a BrokenPipeError on ``stdout`` (``| head``): send the rest nowhere.

    What the reader did not read is not wanted, and Python's own flush at
    exit must not fail on it either (the Python docs, signal module, "Note
    on SIGPIPE").
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stdout.fileno())
    os.close(devnull)
