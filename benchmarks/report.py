"""What the numbers were measured on, and the in-process rows as text, JSON and RST."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from .harness import Footprint, Timing
from .payloads import sizes

__all__ = [
    "as_json",
    "as_rst",
    "caption",
    "describe",
    "list_table",
    "machine",
    "report_footprints",
    "report_timings",
    "status",
]

PACKAGES = [
    "wsmessage",
    "msgspec",
    "pydantic",
    "pydantic-core",
    "aiohttp",
    "starlette",
    "uvicorn",
    "websockets",
    "wsproto",
]


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
        "load": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "packages": {name: metadata.version(name) for name in PACKAGES},
        "payload_bytes": sizes(),
    }


def _busy(info: dict[str, Any]) -> str:
    load = info.get("load")
    return f" (load average {load[0]:.2f} when it started)" if load else ""


def describe(info: dict[str, Any]) -> str:
    """One sentence for a table's caption: the machine and the package versions."""
    packages = ", ".join(f"{name} {version}" for name, version in info["packages"].items())
    return (
        f"Measured with Python {info['python']} ({info['implementation']}) on "
        f"{info['cpu']}, {info['cores']} cores{_busy(info)}, {info['platform']}; {packages}."
    )


def caption(results: list[dict[str, Any]]) -> str:
    """What the results were measured with; the first in full, the others where they differ."""
    first = results[0]["machine"]
    sentences = [describe(first)]
    for other in results[1:]:
        kind = "live" if "live" in other else "in-process"
        info = other["machine"]
        if {**info, "load": None} == {**first, "load": None}:
            sentences.append(
                f"The {kind} rows are from another run on the same setup{_busy(info)}."
            )
        else:
            sentences.append(f"The {kind} rows are from another run. {describe(info)}")
    return " ".join(sentences)


def status(missed: bool, target: float | None) -> str:
    if target is None:
        return ""
    return "MISS" if missed else "ok"


def list_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """An RST ``list-table`` with one header row."""
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for cells in [header, *rows]:
        lines += [f"   * - {cells[0]}", *(f"     - {cell}" for cell in cells[1:])]
    return lines


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
            f"{timing.ratio:>6.2f}x  {target:>9}  {status(timing.missed, pair.target)}"
        )


def report_footprints(footprints: list[Footprint]) -> None:
    print("\nmemory")
    for row in footprints:
        pair = row.pair
        target = f"<= {pair.target:.0f} B" if pair.target is not None else ""
        print(
            f"  {pair.name}: {row.ours_bytes:.1f} B, {pair.anchor_name}: "
            f"{row.anchor_bytes:.1f} B  {target}  {status(row.missed, pair.target)}"
        )


def as_json(timings: list[Timing], footprints: list[Footprint]) -> dict[str, Any]:
    return {
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
    }


def as_rst(info: dict[str, Any], timings: list[Timing], footprints: list[Footprint]) -> str:
    """The results as the reStructuredText the docs include."""
    rows: list[list[str]] = []
    for timing in timings:
        pair = timing.pair
        target = "" if pair.target is None else f"<= {pair.target:.2f}x"
        if timing.missed:
            target += " (missed)"
        rows.append(
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
        rows.append(
            [
                memory.name,
                f"{row.ours_bytes:.0f} B",
                memory.anchor_name,
                f"{row.anchor_bytes:.0f} B",
                f"{row.ours_bytes / row.anchor_bytes:.2f}x",
                target,
            ]
        )
    header = ["operation", "ours", "anchor", "anchor's time", "ratio", "target"]
    lines = [
        ".. This file is written by `python -m benchmarks --rst ...`; do not edit it by hand.",
        "",
        describe(info),
        "",
        *list_table(header, rows),
    ]
    return "\n".join(lines) + "\n"
