"""The live benchmark's results: progress lines, the table, JSON and RST."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..report import describe, list_table, status
from .rounds import Load, Outcome, Run

__all__ = ["as_json", "as_rst", "report_outcomes", "report_run"]


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


def report_run(run: Run) -> None:
    # How busy each process was: a client near 100% would be the bottleneck.
    busy = run.server_cpu / run.seconds, run.client_cpu / run.seconds
    print(
        f"  round {run.round + 1}  {run.variant:<20} {run.side:<5}  "
        f"server CPU {_us(run.cpu_per_message)}/msg  {run.messages_per_second:>9,.0f} msgs/s  "
        f"(server busy {busy[0]:.0%}, client {busy[1]:.0%})"
    )


def _spread(outcome: Outcome) -> str:
    """The lowest and highest of the per-round ratios: how far one round can read."""
    ratios = outcome.cpu_ratios
    return f"{min(ratios):.2f}-{max(ratios):.2f}"


def _target(outcome: Outcome) -> str:
    target = outcome.variant.target
    return "" if target is None else f"<= {target:.2f}x"


def report_outcomes(outcomes: list[Outcome]) -> None:
    width = max(len(o.variant.name) for o in outcomes)
    print(
        f"\n  {'handler':<{width}}  {'server CPU per message':>29}  {'ratio':>6}  {'rounds':>9}"
        f"  {'target':>8}  {'messages/s':>21}  {'ratio':>6}"
    )
    for outcome in outcomes:
        cpu = [outcome.median(side, lambda r: r.cpu_per_message) for side in ("ours", "floor")]
        rate = [outcome.median(side, lambda r: r.messages_per_second) for side in ("ours", "floor")]
        print(
            f"  {outcome.variant.name:<{width}}  {_us(cpu[0]):>12} vs {_us(cpu[1]):>12}  "
            f"{outcome.cpu_ratio:>5.2f}x  {_spread(outcome):>9}  {_target(outcome):>8}  "
            f"{rate[0]:>9,.0f} vs {rate[1]:>9,.0f}  {outcome.throughput_ratio:>5.2f}x  "
            f"{status(outcome.missed, outcome.variant.target)}"
        )
        print(f"  {'':<{width}}  ours:  {outcome.variant.ours_name}")
        print(f"  {'':<{width}}  floor: {outcome.variant.floor_name}")


def as_json(
    outcomes: list[Outcome], load: Load, pinning: str, pids: list[int], floor_send: str
) -> dict[str, Any]:
    return {
        "live": {
            "load": dataclasses.asdict(load),
            "pinning": pinning,
            "floor_send": floor_send,
            "pids": pids,
            "variants": [
                {
                    "key": o.variant.key,
                    "name": o.variant.name,
                    "ours": o.variant.ours_name,
                    "floor": o.variant.floor_name,
                    "cpu_ratio": round(o.cpu_ratio, 3),
                    "throughput_ratio": round(o.throughput_ratio, 3),
                    "cpu_ratios": [round(r, 3) for r in o.cpu_ratios],
                    "throughput_ratios": [round(r, 3) for r in o.throughput_ratios],
                    "target": o.variant.target,
                    "missed": o.missed,
                }
                for o in outcomes
            ],
            "runs": [
                {
                    **dataclasses.asdict(run),
                    "cpu_per_message": run.cpu_per_message,
                    "messages_per_second": run.messages_per_second,
                }
                for o in outcomes
                for run in o.runs
            ],
        }
    }


def as_rst(info: dict[str, Any], outcomes: list[Outcome], load: Load, pinning: str) -> str:
    """The live table as the reStructuredText the docs include."""
    rows: list[list[str]] = []
    for outcome in outcomes:
        cpu = [outcome.median(side, lambda r: r.cpu_per_message) for side in ("ours", "floor")]
        rate = [outcome.median(side, lambda r: r.messages_per_second) for side in ("ours", "floor")]
        target = _target(outcome) + (" (missed)" if outcome.missed else "")
        rows.append(
            [
                outcome.variant.name,
                f"``{outcome.variant.ours_name}``",
                f"``{outcome.variant.floor_name}``",
                f"{_us(cpu[0])} / {_us(cpu[1])}",
                f"{outcome.cpu_ratio:.2f}x",
                _spread(outcome),
                target,
                f"{rate[0]:,.0f} / {rate[1]:,.0f}",
                f"{outcome.throughput_ratio:.2f}x",
            ]
        )
    header = [
        "handler",
        "ours",
        "floor",
        "server CPU per message, ours / floor",
        "ratio",
        "per-round ratios",
        "target",
        "messages/s, ours / floor",
        "ratio",
    ]
    lines = [
        ".. This file is written by `python -m benchmarks --live --rst ...`; "
        "do not edit it by hand.",
        "",
        f"{describe(info)} {load.rounds} rounds of {load.connections} connections x "
        f"{load.messages:,} messages per side, in {load.legs} turns; {pinning}.",
        "",
        *list_table(header, rows),
    ]
    return "\n".join(lines) + "\n"
