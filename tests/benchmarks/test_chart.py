"""The chart of ratios: live rows with their per-round range, in-process rows beside them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.chart import IN_PROCESS, LIVE, bars, draw

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

LIVE_RESULT: dict[str, Any] = {
    "live": {
        "variants": [
            {
                "name": "aiohttp, Struct",
                "floor": "by hand",
                "cpu_ratio": 1.01,
                "cpu_ratios": [0.85, 1.01, 1.11],
                "target": 1.03,
            },
            {
                "name": "aiohttp: floor against itself (control)",
                "floor": "by hand",
                "cpu_ratio": 1.04,
                "cpu_ratios": [0.89, 1.04, 2.6],
                "target": None,
            },
        ]
    }
}
IN_PROCESS_RESULT: dict[str, Any] = {
    "timings": [
        {"name": "to_json(msg)", "anchor": "msgspec", "ratio": 1.27, "target": 1.3},
        {"name": "to_dict(msg)", "anchor": "msgspec", "ratio": 2.4, "target": None},
    ]
}


def test_live_bars_carry_their_lowest_and_highest_round() -> None:
    found = bars(LIVE_RESULT)
    assert [(bar.section, bar.ratio, bar.spread) for bar in found] == [
        (LIVE, 1.01, (0.85, 1.11)),
        (LIVE, 1.04, (0.89, 2.6)),
    ]


def test_in_process_bars_are_the_rows_with_a_target_and_have_no_range() -> None:
    found = bars(IN_PROCESS_RESULT)
    assert [(bar.section, bar.label.split("\n")[0], bar.spread) for bar in found] == [
        (IN_PROCESS, "to_json(msg)", None)
    ]


def test_live_and_in_process_bars_draw_together(tmp_path: Path) -> None:
    path = tmp_path / "ratios.png"
    draw(bars(IN_PROCESS_RESULT) + bars(LIVE_RESULT), path, "a caption")
    assert path.read_bytes().startswith(PNG_SIGNATURE)
