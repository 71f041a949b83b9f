"""The chart of ratios against their floors, drawn from the benchmark's results.

One horizontal bar per row: the live handlers (server CPU per message, ours /
floor) and the in-process rows that have a target (ours / anchor), each with
its target marked. It reads the same dictionaries ``--json`` writes, so
either kind of run can draw the other's rows, from its file, beside its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display, whatever the environment says

from matplotlib import pyplot
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

__all__ = ["Bar", "bars", "draw"]

LIVE = "live handlers: server CPU per message"
IN_PROCESS = "in process: time per operation"
COLORS = {"ok": "#4c956c", "missed": "#d1495b", "informs": "#8d99ae"}


@dataclass(frozen=True)
class Bar:
    section: str
    label: str
    ratio: float
    target: float | None
    #: The lowest and highest per-round ratio, where the result gives them.
    spread: tuple[float, float] | None = None

    @property
    def reach(self) -> float:
        """How far right the bar draws: its ratio, target or highest round."""
        ends = [self.ratio]
        if self.target is not None:
            ends.append(self.target)
        if self.spread is not None:
            ends.append(self.spread[1])
        return max(ends)

    @property
    def color(self) -> str:
        if self.target is None:
            return COLORS["informs"]
        return COLORS["missed" if self.ratio > self.target else "ok"]


def bars(results: dict[str, Any]) -> list[Bar]:
    """The bars of one ``--json`` result: its live variants, its in-process rows with targets."""
    found = [
        Bar(
            LIVE,
            f"{row['name']}\nvs {row['floor']}",
            row["cpu_ratio"],
            row["target"],
            (min(row["cpu_ratios"]), max(row["cpu_ratios"])),
        )
        for row in results.get("live", {}).get("variants", [])
    ]
    found += [
        Bar(IN_PROCESS, f"{row['name']}\nvs {row['anchor']}", row["ratio"], row["target"])
        for row in results.get("timings", [])
        if row["target"] is not None
    ]
    return found


def draw(all_bars: Iterable[Bar], path: Path, caption: str) -> None:
    """Write the chart of ``all_bars`` to ``path`` (PNG): live rows first, each section titled."""
    rows = sorted(all_bars, key=lambda bar: bar.section != LIVE)
    if not rows:
        raise ValueError("no rows to chart")
    # One line per bar, and one above each section for its title; top to bottom.
    lines: list[Bar | str] = []
    for bar in rows:
        if not lines or bar.section not in lines:
            lines.append(bar.section)
        lines.append(bar)
    top = len(lines) - 1
    bars = [(top - index, line) for index, line in enumerate(lines) if isinstance(line, Bar)]
    titles = [(top - index, line) for index, line in enumerate(lines) if isinstance(line, str)]

    # matplotlib's annotations leave parts of its functions unknown, more so
    # in some versions than others: it is used through Any.
    plt: Any = pyplot
    figure, axes = plt.subplots(figsize=(11, 1.6 + 0.45 * len(lines)), layout="constrained")
    axes.barh(
        [y for y, _ in bars],
        [b.ratio for _, b in bars],
        color=[b.color for _, b in bars],
        height=0.55,
    )
    for y, bar in bars:
        if bar.target is not None:
            axes.vlines(bar.target, y - 0.4, y + 0.4, colors="black", linewidth=2)
        if bar.spread is not None:
            low, high = bar.spread
            axes.hlines(y, low, high, colors="black", linewidth=0.8)
            axes.vlines([low, high], y - 0.12, y + 0.12, colors="black", linewidth=0.8)
        axes.text(bar.reach + 0.03, y, f"{bar.ratio:.2f}x", va="center", fontsize=8)
    for y, title in titles:
        axes.text(0.01, y, title, va="center", fontsize=9, fontweight="bold")
        if y < top:
            axes.axhline(y + 0.5, color="grey", linewidth=0.5)
    axes.axvline(1.0, color="black", linewidth=0.8, linestyle=":")
    axes.set_yticks([y for y, _ in bars], [b.label for _, b in bars], fontsize=7)
    axes.set_ylim(-0.6, top + 0.6)
    axes.set_xlim(0, max(2.0, *(b.reach + 0.35 for b in rows)))
    axes.set_xlabel("ours / floor: lower is better; dotted line: the floor (1.0)", fontsize=9)
    legend = [
        Patch(color=COLORS["ok"], label="within its target"),
        Patch(color=COLORS["missed"], label="over its target"),
        Patch(color=COLORS["informs"], label="no target: informs"),
        Line2D([], [], color="black", linewidth=2, label="target"),
        Line2D([], [], color="black", linewidth=0.8, label="live: lowest to highest round"),
    ]
    axes.legend(handles=legend, loc="lower right", fontsize=7)
    axes.set_title("wsmessage against the hand-written floor", fontsize=11)
    shown: Any = figure
    shown.supxlabel(caption, fontsize=6, wrap=True)
    shown.savefig(path, format="png", dpi=100, metadata={"Software": None})
    pyplot.close(figure)
