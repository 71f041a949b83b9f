"""The live benchmark's method: rounds of runs, and ratios within each round.

A run is one side of a variant (ours or the floor) under load: the load
client opens its connections to a server process and warms them up, the
server is asked for its CPU time, the client sends its messages and waits
for every ack, and the server is asked again. Server CPU per message is the
difference over the messages; messages per second is the client's count over
its wall time. Each round starts one server process per variant, which
serves both sides, and splits each side's messages into legs that take
turns (ours, floor, floor, ours, ... in even rounds; the floor first in odd
ones), each side's legs summed into its run. The order of the variants
rotates from round to round. A variant's ratios (ours / floor) are taken
within each round and their median over the rounds is reported, so a slow
spell on a shared machine, which hits both sides of a round alike, cancels
out; the shorter the turns, the shorter the spells that cancel.
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..processes import Child
from .variants import ACK, MESSAGE, Variant

__all__ = [
    "FULL",
    "QUICK",
    "Load",
    "Outcome",
    "Run",
    "load_client",
    "run_leg",
    "run_rounds",
    "turns",
]

SIDES = ("ours", "floor")


@dataclass(frozen=True)
class Load:
    """How much each run sends, and in how many rounds."""

    connections: int
    messages: int  # per connection, per side and round: the sum of its legs
    warmup: int  # per connection, before the measured part
    rounds: int
    #: Seconds a leg's messages may take before the run fails.
    timeout: float
    #: Turns each side's messages are split into within a round.
    legs: int = 1

    def __post_init__(self) -> None:
        if self.legs < 1 or self.messages % self.legs:
            raise ValueError(f"{self.messages} messages do not split into {self.legs} legs")


FULL = Load(connections=20, messages=5_000, warmup=100, rounds=7, timeout=600, legs=5)
QUICK = Load(connections=4, messages=200, warmup=20, rounds=2, timeout=60, legs=2)


@dataclass(frozen=True)
class Run:
    """One side of one variant in one round."""

    variant: str
    side: str
    round: int
    messages: int
    server_cpu: float  # seconds
    seconds: float  # the client's wall time
    client_cpu: float  # seconds
    server_pid: int

    @property
    def cpu_per_message(self) -> float:
        return self.server_cpu / self.messages

    @property
    def messages_per_second(self) -> float:
        return self.messages / self.seconds


@dataclass(frozen=True)
class Outcome:
    """A variant's runs, and its ratios within each round."""

    variant: Variant
    runs: list[Run] = field(repr=False)

    def _side(self, side: str) -> list[Run]:
        return sorted((r for r in self.runs if r.side == side), key=lambda r: r.round)

    def _ratios(self, figure: Callable[[Run], float]) -> list[float]:
        return [
            figure(ours) / figure(floor)
            for ours, floor in zip(self._side("ours"), self._side("floor"), strict=True)
        ]

    @property
    def cpu_ratios(self) -> list[float]:
        return self._ratios(lambda r: r.cpu_per_message)

    @property
    def throughput_ratios(self) -> list[float]:
        return self._ratios(lambda r: r.messages_per_second)

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu_ratios)

    @property
    def throughput_ratio(self) -> float:
        return statistics.median(self.throughput_ratios)

    def median(self, side: str, figure: Callable[[Run], float]) -> float:
        return statistics.median(figure(r) for r in self._side(side))

    @property
    def missed(self) -> bool:
        return self.variant.target is not None and self.cpu_ratio > self.variant.target


def _order(variants: Sequence[Variant], index: int) -> list[Variant]:
    shift = index % len(variants)
    return [*variants[shift:], *variants[:shift]]


@contextlib.contextmanager
def load_client(*args: str) -> Generator[Child]:
    """The live load client (``args`` go to its command line), started and waiting for a leg."""
    with Child("benchmarks.live.client", *args, name="load client") as client:
        client.read(timeout=60)  # started
        yield client


def run_leg(
    client: Child, server: Child, port: int, side: str, load: Load
) -> tuple[float, dict[str, Any]]:
    """Server CPU seconds for one side, and the client's figures."""
    client.send(
        {
            "url": f"ws://127.0.0.1:{port}/{side}",
            "connections": load.connections,
            "warmup": load.warmup,
            "messages": load.messages // load.legs,
            "message": MESSAGE,
            "ack": ACK.decode(),
            "timeout": load.timeout,
        }
    )
    client.read(timeout=120)  # ready
    before = server.ask({"usage": True}, timeout=30)["cpu"]
    client.send({"go": True})
    result = client.read(timeout=load.timeout + 30)
    after = server.ask({"usage": True}, timeout=30)["cpu"]
    client.read(timeout=60)  # closed
    return after - before, result


def turns(index: int, legs: int) -> list[str]:
    """The order of the sides' legs in round ``index``: ABBA..., the floor first in odd rounds."""
    first, second = SIDES if index % 2 == 0 else SIDES[::-1]
    return [
        side
        for leg in range(legs)
        for side in ((first, second) if leg % 2 == 0 else (second, first))
    ]


def _round(
    client: Child, server: Child, port: int, entry: Variant, index: int, load: Load
) -> list[Run]:
    """Both sides of ``entry`` in round ``index``, each the sum of its legs."""
    legs: dict[str, list[tuple[float, dict[str, Any]]]] = {side: [] for side in SIDES}
    for side in turns(index, load.legs):
        legs[side].append(run_leg(client, server, port, side, load))
    return [
        Run(
            variant=entry.key,
            side=side,
            round=index,
            messages=sum(figures["acks"] for _, figures in legs[side]),
            server_cpu=sum(cpu for cpu, _ in legs[side]),
            seconds=sum(figures["seconds"] for _, figures in legs[side]),
            client_cpu=sum(figures["cpu"] for _, figures in legs[side]),
            server_pid=server.pid,
        )
        for side in SIDES
    ]


def run_rounds(
    variants: Sequence[Variant],
    load: Load,
    cpus: Sequence[int],
    progress: Callable[[Run], None] = lambda run: None,
) -> tuple[list[Outcome], list[int]]:
    """Every variant, ``load.rounds`` times; the outcomes and the PIDs of every process."""
    server_cpu, client_cpu = (str(cpus[0]), str(cpus[1])) if cpus else (None, None)
    pids: list[int] = []
    runs: list[Run] = []
    client_args = ["--cpu", client_cpu] if client_cpu else []
    with load_client(*client_args) as client:
        pids.append(client.pid)
        for index in range(load.rounds):
            for entry in _order(variants, index):
                server_args = ["--cpu", server_cpu] if server_cpu else []
                with Child(
                    "benchmarks.live.server", entry.key, *server_args, name=f"{entry.key} server"
                ) as server:
                    pids.append(server.pid)
                    port = server.read(timeout=60)["port"]
                    both = _round(client, server, port, entry, index, load)
                    runs += both
                    for run in both:
                        progress(run)
    outcomes = [Outcome(entry, [r for r in runs if r.variant == entry.key]) for entry in variants]
    return outcomes, pids
