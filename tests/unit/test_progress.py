"""The progress bar: tqdm's, on a terminal, for large inputs only; none without tqdm."""

from __future__ import annotations

import io
import sys

import pytest

from wsmessage._progress import LARGE_INPUT, progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_off_a_terminal() -> None:
    assert progress_bar(LARGE_INPUT * 10, io.StringIO()) is None


def test_no_bar_for_a_small_input() -> None:
    assert progress_bar(LARGE_INPUT - 1, Terminal()) is None


def test_no_bar_without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    assert progress_bar(LARGE_INPUT * 10, Terminal()) is None


@pytest.mark.parametrize("total", [LARGE_INPUT, None])
def test_a_bar_counts_the_bytes_of_every_file(total: int | None) -> None:
    bar = progress_bar(total, Terminal())
    assert bar is not None
    first = bar.reporter()
    first(100)
    first(1000)  # positions within the file, not increments
    second = bar.reporter()
    second(50)
    assert bar.read == 1050
    assert bar.total == total
    bar.close()
