"""Counting instructions on a live server (benchmarks.live.instructions), under real valgrind."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import cast

import pytest
from benchmarks.live.instructions import count_side, instructions_in, require_valgrind
from benchmarks.live.rounds import load_client
from benchmarks.live.variants import variant
from benchmarks.processes import Child


def test_the_count_is_read_from_the_totals_line(tmp_path: Path) -> None:
    out = tmp_path / "callgrind.out"
    out.write_text("version: 1\nevents: Ir\nfl=(1) x.c\n0 5\ntotals: 123456\n")
    assert instructions_in(out) == 123456
    out.write_text("events: Ir\nsummary: 789\n")
    assert instructions_in(out) == 789


def test_a_file_without_a_count_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "callgrind.out"
    out.write_text("events: Ir\n")
    with pytest.raises(ValueError, match="holds no totals"):
        instructions_in(out)


def test_without_valgrind_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def nowhere(name: str) -> None:
        return None

    monkeypatch.setattr(shutil, "which", nowhere)
    with pytest.raises(SystemExit, match="apt-get install -y valgrind"):
        require_valgrind()


def test_a_short_leg_must_be_shorter_than_the_long_one() -> None:
    with pytest.raises(ValueError, match="must be shorter"):
        count_side(
            cast(Child, object()), variant("aiohttp"), "ours", short=10, long=10, connections=1
        )


def test_a_live_server_under_callgrind_counts_one_sides_messages() -> None:
    # The suite installs valgrind where it runs (.ci/run); this test fails without it.
    assert shutil.which("valgrind"), "valgrind is not installed: apt-get install -y valgrind"
    with load_client() as client:
        each = count_side(client, variant("aiohttp"), "floor", short=5, long=25, connections=2)
    # A message through aiohttp, msgspec and the event loop: tens of thousands
    # of instructions, and the server's start (billions) cancelled out.
    assert 10_000 < each < 1_000_000
