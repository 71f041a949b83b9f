"""Run the benchmarks: ``python -m benchmarks [--quick] [--only TEXT] [--json PATH]``.

Prints every row with its ratio (ours / anchor) and target, marking misses.
Never fails on a miss: speed is reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from . import cases, redis_rows
from .harness import Footprint, Timing, measure_memory, time_pair
from .payloads import sizes

PACKAGES = ["wsmessage", "msgspec", "pydantic", "pydantic-core", "aiohttp"]


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "packages": {name: metadata.version(name) for name in PACKAGES},
        "payload_bytes": sizes(),
    }


def _status(missed: bool, target: float | None) -> str:
    if target is None:
        return ""
    return "MISS" if missed else "ok"


def report_timings(timings: list[Timing]) -> None:
    width = max(len(t.pair.name) for t in timings)
    anchor_width = max(len(t.pair.anchor_name) for t in timings)
    group = None
    for timing in timings:
        pair = timing.pair
        if pair.group != group:
            group = pair.group
            print(f"\n{group}")
        target = f"<= {pair.target:.2f}x" if pair.target is not None else ""
        print(
            f"  {pair.name:<{width}}  {timing.ours_ns:>11,.0f} ns  "
            f"{pair.anchor_name:<{anchor_width}}  {timing.anchor_ns:>11,.0f} ns  "
            f"{timing.ratio:>6.2f}x  {target:>9}  {_status(timing.missed, pair.target)}"
        )


def report_footprints(footprints: list[Footprint]) -> None:
    print("\nmemory")
    for row in footprints:
        pair = row.pair
        target = f"<= {pair.target:.0f} B" if pair.target is not None else ""
        print(
            f"  {pair.name}: {row.ours_bytes:.1f} B, {pair.anchor_name}: "
            f"{row.anchor_bytes:.1f} B  {target}  {_status(row.missed, pair.target)}"
        )


def as_json(info: dict[str, Any], timings: list[Timing], footprints: list[Footprint]) -> str:
    return json.dumps(
        {
            "machine": info,
            "timings": [
                {
                    "group": t.pair.group,
                    "name": t.pair.name,
                    "anchor": t.pair.anchor_name,
                    "ours_ns": round(t.ours_ns, 1),
                    "anchor_ns": round(t.anchor_ns, 1),
                    "ratio": round(t.ratio, 3),
                    "target": t.pair.target,
                    "missed": t.missed,
                }
                for t in timings
            ],
            "memory": [
                {
                    "name": f.pair.name,
                    "ours_bytes": round(f.ours_bytes, 1),
                    "anchor": f.pair.anchor_name,
                    "anchor_bytes": round(f.anchor_bytes, 1),
                    "target": f.pair.target,
                    "missed": f.missed,
                }
                for f in footprints
            ],
        },
        indent=2,
    )


def _rst_row(cells: list[str]) -> list[str]:
    return [f"   * - {cells[0]}", *(f"     - {cell}" for cell in cells[1:])]


def as_rst(info: dict[str, Any], timings: list[Timing], footprints: list[Footprint]) -> str:
    """The results as the reStructuredText the docs include."""
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items())
    lines = [
        ".. This file is written by `python -m benchmarks --rst ...`; do not edit it by hand.",
        "",
        f"Measured with Python {info['python']} ({info['implementation']}) on "
        f"{info['cpu']}, {info['cores']} cores, {info['platform']}; {packages}.",
        "",
        ".. list-table::",
        "   :header-rows: 1",
        "",
        *_rst_row(["operation", "ours", "anchor", "anchor's time", "ratio", "target"]),
    ]
    for timing in timings:
        pair = timing.pair
        target = "" if pair.target is None else f"<= {pair.target:.2f}x"
        if timing.missed:
            target += " (missed)"
        lines += _rst_row(
            [
                f"``{pair.name}``",
                f"{timing.ours_ns:,.0f} ns",
                pair.anchor_name,
                f"{timing.anchor_ns:,.0f} ns",
                f"{timing.ratio:.2f}x",
                target,
            ]
        )
    for row in footprints:
        memory = row.pair
        target = "" if memory.target is None else f"<= {memory.target:.0f} B"
        if row.missed:
            target += " (missed)"
        lines += _rst_row(
            [
                memory.name,
                f"{row.ours_bytes:.0f} B",
                memory.anchor_name,
                f"{row.anchor_bytes:.0f} B",
                f"{row.ours_bytes / row.anchor_bytes:.2f}x",
                target,
            ]
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke pass: 3 short rounds")
    parser.add_argument("--rounds", type=int, default=15, help="alternating rounds per row")
    parser.add_argument("--seconds", type=float, default=0.02, help="time per side per round")
    parser.add_argument("--only", default="", help="run the rows whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--rst", type=Path, help="also write them as a table for the docs")
    args = parser.parse_args(argv)
    rounds, seconds, count = (
        (3, 0.002, 10_000) if args.quick else (args.rounds, args.seconds, 100_000)
    )

    started = time.perf_counter()
    info = machine()
    print(f"Python {info['python']} on {info['cpu']} ({info['cores']} cores)")
    print("  ".join(f"{name} {version}" for name, version in info["packages"].items()))
    print(f"{rounds} alternating rounds per row; ratio = median over rounds of ours / anchor")

    selected = [pair for pair in cases.pairs() if args.only in pair.name]
    timings = [time_pair(pair, rounds=rounds, seconds=seconds) for pair in selected]
    footprints = [
        measure_memory(pair, count=count) for pair in cases.memory_pairs() if args.only in pair.name
    ]
    redis_results = redis_rows.run(quick=args.quick) if redis_rows.selected(args.only) else []
    if timings:
        report_timings(timings)
    if footprints:
        report_footprints(footprints)
    if redis_results:
        redis_rows.report(redis_results)

    misses = [t.pair.name for t in timings if t.missed]
    misses += [f.pair.name for f in footprints if f.missed]
    misses += redis_rows.misses(redis_results)
    print(
        f"\n{len(timings)} rows in {time.perf_counter() - started:.0f} s; targets missed: "
        f"{', '.join(misses) if misses else 'none'}"
    )
    if args.json:
        results = json.loads(as_json(info, timings, footprints))
        results["redis"] = redis_rows.as_json(redis_results)
        args.json.write_text(json.dumps(results, indent=2))
    if args.rst:
        args.rst.write_text(as_rst(info, timings, footprints))
    return 0


if __name__ == "__main__":
    sys.exit(main())
