"""A progress bar for long checks, from tqdm (the ``cli`` extra), on a terminal only.

Without tqdm there is no bar, and no error: the bar is a comfort, not a need.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

__all__ = ["LARGE_INPUT", "ProgressBar", "progress_bar"]

#: Inputs smaller than this, in bytes, are checked without a bar.
LARGE_INPUT = 8 * 1024 * 1024
#: Seconds a check runs before its bar shows, so a quick one shows none.
DELAY = 0.5


class ProgressBar:
    """Bytes read across all files, on one bar."""

    def __init__(self, bar: Any) -> None:
        self._bar = bar
        self._read = 0

    @property
    def read(self) -> int:
        """Bytes read so far, all files together."""
        return self._read

    @property
    def total(self) -> int | None:
        """Bytes to read, if known."""
        return self._bar.total  # type: ignore[no-any-return]

    def reporter(self) -> Callable[[int], None]:
        """A callback for the next file, called with the bytes read of it so far."""
        start = self._read

        def report(position: int) -> None:
            self._bar.update(start + position - self._read)
            self._read = start + position

        return report

    def close(self) -> None:
        self._bar.close()


def progress_bar(total: int | None, stream: IO[str]) -> ProgressBar | None:
    """A bar for ``total`` bytes (None: unknown, as for a pipe), or None.

    None unless ``stream`` is a terminal, the input is large, and tqdm is
    installed.
    """
    if not stream.isatty() or (total is not None and total < LARGE_INPUT):
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    bar = tqdm(
        total=total,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        file=stream,
        delay=DELAY,
        leave=False,
        dynamic_ncols=True,
        desc="checking",
    )
    return ProgressBar(bar)
