"""Run the benchmarks: ``python -m benchmarks [--live] [--quick] [--json/--rst/--chart PATH]``.

Without ``--live``: the in-process rows, each timed beside its anchor in one
process. With ``--live``: handlers on live servers, each beside its
hand-written floor. Prints every row with its ratio (ours / anchor) and
target, marking misses. Never fails on a miss: speed is reported, not
asserted. It fails (status 1) if a live run loses an ack or a process fails.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

from . import cases, chart, check_recordings, redis_rows
from .harness import measure_memory, time_pair
from .processes import ChildError, pinnable_cpus
from .report import (
    as_json,
    as_rst,
    caption,
    machine,
    report_footprints,
    report_timings,
)


def in_process(args: argparse.Namespace, info: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Time the in-process rows; their results and their RST table."""
    rounds, seconds, count = (
        (3, 0.002, 10_000) if args.quick else (args.rounds or 15, args.seconds, 100_000)
    )
    print(f"{rounds} alternating rounds per row; ratio = median over rounds of ours / anchor")
    with contextlib.ExitStack() as resources:
        selected = [pair for pair in cases.pairs(resources) if args.only in pair.name]
        timings = [time_pair(pair, rounds=rounds, seconds=seconds) for pair in selected]
    with check_recordings.pairs(quick=args.quick, only=args.only) as rows:
        timings += [time_pair(pair, rounds=min(rounds, 5), seconds=seconds) for pair in rows]
    with redis_rows.pairs(quick=args.quick, only=args.only) as redis:
        timings += [time_pair(pair, rounds=rounds, seconds=seconds) for pair in redis.pairs]
    footprints = [
        measure_memory(pair, count=count) for pair in cases.memory_pairs() if args.only in pair.name
    ]
    if timings:
        report_timings(timings)
    if footprints:
        report_footprints(footprints)
    redis_rows.report_latency(redis)
    misses = [t.pair.name for t in timings if t.missed]
    misses += [f.pair.name for f in footprints if f.missed]
    print(f"\n{len(timings)} rows; targets missed: {', '.join(misses) if misses else 'none'}")
    results = {**as_json(timings, footprints), "redis_latency": redis.latency()}
    return results, as_rst(info, timings, footprints)


def live(args: argparse.Namespace, info: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Run the live variants; their results and their RST table."""
    from .live import report, rounds, variants

    load = rounds.QUICK if args.quick else rounds.FULL
    if args.rounds:
        load = dataclasses.replace(load, rounds=args.rounds)
    selected = variants.select(args.only)
    cpus, pinning = pinnable_cpus()
    print(
        f"{load.rounds} rotated rounds of {load.connections} connections x {load.messages:,} "
        f"messages of {len(variants.MESSAGE)} B per side, in {load.legs} turns, one ack each, "
        f"waited for; {pinning}; "
        f"the aiohttp floor sends with {variants.FLOOR_SEND}"
    )
    outcomes, pids = rounds.run_rounds(selected, load, cpus, progress=report.report_run)
    report.report_outcomes(outcomes)
    misses = [o.variant.name for o in outcomes if o.missed]
    print(f"\ntargets missed: {', '.join(misses) if misses else 'none'}")
    results = report.as_json(outcomes, load, pinning, pids, variants.FLOOR_SEND)
    return results, report.as_rst(info, outcomes, load, pinning)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--live", action="store_true", help="handlers on live servers")
    parser.add_argument("--quick", action="store_true", help="a smoke pass: few, short rounds")
    parser.add_argument(
        "--rounds", type=int, help="rounds (default: 15 per in-process row, 7 live)"
    )
    parser.add_argument("--seconds", type=float, default=0.02, help="time per side per round")
    parser.add_argument("--only", default="", help="run the rows whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--rst", type=Path, help="also write them as a table for the docs")
    parser.add_argument("--chart", type=Path, help="also draw the ratios as a PNG chart")
    parser.add_argument(
        "--chart-with",
        type=Path,
        action="append",
        default=[],
        metavar="JSON",
        help="add the rows of another run's --json file to the chart",
    )
    args = parser.parse_args(argv)
    # Stopped from outside, unwind: every child process is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))

    started = time.perf_counter()
    info = machine()
    print(f"Python {info['python']} on {info['cpu']} ({info['cores']} cores)")
    print("  ".join(f"{name} {version}" for name, version in info["packages"].items()))
    try:
        results, rst = (live if args.live else in_process)(args, info)
    except ChildError as error:
        print(f"\nfailed: {error}", file=sys.stderr)
        return 1
    print(f"done in {time.perf_counter() - started:.0f} s")
    results = {"machine": info, **results}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.rst:
        args.rst.write_text(rst)
    if args.chart:
        earlier = [json.loads(path.read_text()) for path in args.chart_with]
        every_bar = [bar for result in [results, *earlier] for bar in chart.bars(result)]
        chart.draw(every_bar, args.chart, caption([results, *earlier]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
