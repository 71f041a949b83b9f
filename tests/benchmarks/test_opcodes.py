"""Counting bytecodes on a live server (benchmarks.live.opcodes), on real aiohttp servers."""

from __future__ import annotations

import sys

import pytest
from benchmarks.live.opcodes import Count, count_variant
from benchmarks.live.rounds import Load
from benchmarks.live.variants import aiohttp_floor, variant

TINY = Load(connections=2, messages=30, warmup=5, rounds=1, timeout=120)


def named(file: str, qualname: str) -> str:
    """How the count names a function: its qualified name from Python 3.11, its name before."""
    name = qualname if sys.version_info >= (3, 11) else qualname.rpartition(".")[2]
    return f"{file}:{name}"


@pytest.fixture(scope="module")
def row() -> Count:
    return count_variant(variant("aiohttp"), TINY, legs=2)


def test_each_side_answers_every_message_it_is_counted_for(row: Count) -> None:
    # Two legs a side of 2 connections x 30 messages; the warm-up leg is not counted.
    assert row.messages == {"ours": 120, "floor": 120}


def test_the_librarys_functions_run_on_our_side_only(row: Count) -> None:
    ours, floor = row.functions["ours"], row.functions["floor"]
    receive_loop = named("_handlers.py", "Receiver.__anext__")
    floor_handler = named("variants.py", aiohttp_floor.__qualname__)
    # One step of the loop per message: a few dozen bytecodes each.
    assert ours[receive_loop] / row.messages["ours"] > 10
    assert floor[receive_loop] == 0
    assert floor[floor_handler] > 0
    assert ours[floor_handler] == 0


def regular(count: Count, side: str) -> set[str]:
    """The functions ``side`` ran for every message (a call is 3 bytecodes at least).

    A timer, or a connection's opening or end, may fall in one side's window only.
    """
    counts, messages = count.functions[side], count.messages[side]
    return {name for name, bytecodes in counts.items() if bytecodes >= 3 * messages}


def test_both_sides_share_the_framework_and_the_event_loop(row: Count) -> None:
    shared = [name for name in regular(row, "ours") if name.startswith("web_ws.py:")]
    assert shared
    assert all(row.functions["floor"][name] > 0 for name in shared)
    assert row.per_message("ours") > 100
    assert row.per_message("floor") > 100


def test_the_biggest_differences_come_first(row: Count) -> None:
    differences = row.differences(top=5)
    gaps = [abs(ours - floor) for _, ours, floor in differences]
    assert len(differences) == 5
    assert gaps == sorted(gaps, reverse=True)


def test_a_control_counts_the_same_code_on_both_sides() -> None:
    control = count_variant(variant("aiohttp-control"), TINY, legs=1)
    assert regular(control, "ours") == regular(control, "floor")
    # The same handler on both paths; the event loop's own share varies a
    # little with how the messages happen to arrive.
    assert 0.9 < control.ratio < 1.1
