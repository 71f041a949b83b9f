"""Side-by-side timing: our operation and its anchor, in alternating rounds.

Each row is timed as a pair. A round times both statements back to back, in
an order that alternates from round to round, and the row's ratio is the
median of the per-round ratios (ours / anchor), so drift on a shared machine
(another process, frequency scaling) hits both sides of a round alike and
cancels out. Statements run inline in timeit's loop, not through a lambda,
so the cost of an extra Python call does not pull every ratio towards 1.
"""

from __future__ import annotations

import statistics
import sys
import time
import timeit
import tracemalloc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Pair:
    """One row: a statement of ours beside its anchor, in one namespace."""

    group: str
    name: str
    ours: str
    anchor: str
    anchor_name: str
    namespace: Mapping[str, Any]
    #: Largest acceptable ratio (ours / anchor); None for rows that only inform.
    target: float | None = None
    #: How many operations each statement performs; times are reported per operation.
    operations: int = 1
    #: The clock: wall time, or this process's CPU time for rows that wait on another process.
    timer: Callable[[], float] = time.perf_counter


@dataclass(frozen=True)
class Timing:
    pair: Pair
    ours_ns: float
    anchor_ns: float
    ratio: float
    ratios: list[float] = field(repr=False)

    @property
    def missed(self) -> bool:
        return self.pair.target is not None and self.ratio > self.pair.target


@dataclass(frozen=True)
class MemoryPair:
    """One memory row: objects of ours beside the anchor's, made one by one."""

    name: str
    ours: Callable[[], object]
    anchor: Callable[[], object]
    anchor_name: str
    #: Most bytes per object we accept; None for rows that only inform.
    target: float | None = None


@dataclass(frozen=True)
class Footprint:
    """Bytes per object, from tracemalloc, for ours and for the anchor."""

    pair: MemoryPair
    ours_bytes: float
    anchor_bytes: float

    @property
    def missed(self) -> bool:
        return self.pair.target is not None and self.ours_bytes > self.pair.target


def _batch_size(timer: timeit.Timer, seconds: float) -> int:
    """How many loops make one batch last about ``seconds``."""
    # A first call may build caches (msg.json(schema) builds its decoder):
    # measured, it would make every batch one call long.
    timer.timeit(1)
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= seconds / 5 or number >= 10**7:
            return max(1, int(number * seconds / max(elapsed, 1e-9)))
        number *= 5


def time_pair(pair: Pair, *, rounds: int, seconds: float) -> Timing:
    """Time ``pair`` over ``rounds`` alternating rounds of about ``seconds`` per side."""
    ours = timeit.Timer(pair.ours, timer=pair.timer, globals=dict(pair.namespace))
    anchor = timeit.Timer(pair.anchor, timer=pair.timer, globals=dict(pair.namespace))
    # One batch size for both sides, fitted to the slower one.
    number = min(_batch_size(ours, seconds), _batch_size(anchor, seconds))
    ours_times: list[float] = []
    anchor_times: list[float] = []
    operations = number * pair.operations
    for index in range(rounds):
        if index % 2:
            anchor_time = anchor.timeit(number)
            ours_time = ours.timeit(number)
        else:
            ours_time = ours.timeit(number)
            anchor_time = anchor.timeit(number)
        ours_times.append(ours_time / operations)
        anchor_times.append(anchor_time / operations)
    ratios = [o / a for o, a in zip(ours_times, anchor_times, strict=True)]
    return Timing(
        pair=pair,
        ours_ns=statistics.median(ours_times) * 1e9,
        anchor_ns=statistics.median(anchor_times) * 1e9,
        ratio=statistics.median(ratios),
        ratios=ratios,
    )


def measure_memory(pair: MemoryPair, *, count: int) -> Footprint:
    """Bytes per object for both sides of ``pair``, over ``count`` objects each."""
    return Footprint(
        pair=pair,
        ours_bytes=bytes_per_object(pair.ours, count),
        anchor_bytes=bytes_per_object(pair.anchor, count),
    )


def bytes_per_object(make: Callable[[], object], count: int) -> float:
    """Memory that ``count`` objects from ``make`` hold, per object, past their list."""
    make()  # warm caches and interned values outside the trace
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        objects = [make() for _ in range(count)]
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (after - before - sys.getsizeof(objects)) / count
