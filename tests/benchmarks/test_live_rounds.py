"""How a live round takes turns between the two sides of a variant."""

from __future__ import annotations

import pytest
from benchmarks.live.rounds import FULL, QUICK, Load, turns


def test_the_sides_take_turns_ours_floor_floor_ours_in_even_rounds() -> None:
    assert turns(0, 4) == ["ours", "floor", "floor", "ours", "ours", "floor", "floor", "ours"]


def test_the_floor_goes_first_in_odd_rounds() -> None:
    assert turns(1, 3) == ["floor", "ours", "ours", "floor", "floor", "ours"]


def test_one_leg_is_one_run_per_side() -> None:
    assert turns(0, 1) == ["ours", "floor"]
    assert turns(3, 1) == ["floor", "ours"]


@pytest.mark.parametrize("legs", [1, 2, 5, 7])
def test_each_side_runs_every_leg_once(legs: int) -> None:
    for index in range(4):
        order = turns(index, legs)
        assert order.count("ours") == order.count("floor") == legs


def test_a_load_whose_messages_do_not_split_into_its_legs_is_refused() -> None:
    with pytest.raises(ValueError, match="do not split"):
        Load(connections=1, messages=10, warmup=0, rounds=1, timeout=1.0, legs=3)
    with pytest.raises(ValueError, match="do not split"):
        Load(connections=1, messages=10, warmup=0, rounds=1, timeout=1.0, legs=0)


def test_the_shipped_loads_split_evenly() -> None:
    for load in (FULL, QUICK):
        assert load.legs > 1
        assert load.messages % load.legs == 0
