"""Bytecodes per message on a live server: ``python -m benchmarks.live.opcodes [--only KEY]``.

Server CPU per message rides on the machine's speed, and on a shared
machine a single run resolves a few per cent (see the controls). The count
of Python bytecodes the server executes per message does not: it is the
same on a slow machine as on a fast one, so it tells differences of a
fraction of a per cent apart. It counts only the interpreter's work, not
the C code a bytecode calls (msgspec, the kernel), so it explains a CPU
ratio, it does not replace it.

Each selected variant gets a server (:func:`serve_counting`) that counts,
with ``sys.settrace`` opcode events, the bytecodes each function executes,
and the live client; each side runs ``--legs`` legs, taking turns. The
report gives bytecodes per message for each side, their ratio, and the
functions whose counts differ most. Tracing makes the server many times
slower: its CPU time here means nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections import Counter
from dataclasses import dataclass
from types import CodeType, FrameType
from typing import Any

from ..processes import Child
from .rounds import SIDES, Load, load_client, run_leg, turns
from .server import cpu_answer, serve
from .variants import Variant, select, variant

__all__ = ["Count", "count_variant", "main", "serve_counting"]

#: Small: a traced server runs some 20 times slower than a plain one.
LOAD = Load(connections=5, messages=400, warmup=20, rounds=1, timeout=600)


def _name(code: CodeType) -> str:
    """``file.py:qualified.name`` (the plain name before Python 3.11).

    Builtins only: a Python function called here would be counted.
    """
    return f"{code.co_filename.rpartition(os.sep)[2]}:{getattr(code, 'co_qualname', code.co_name)}"


class _Counter:
    """Bytecodes executed per function since the last window."""

    def __init__(self) -> None:
        self.counts: Counter[CodeType] = Counter()
        self.window: dict[str, int] = {}

    def trace(self, frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename == __file__:
            return None  # the counting itself, which must not count or change the counts
        frame.f_trace_opcodes = True
        return self._local

    def _local(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "opcode":
            self.counts[frame.f_code] += 1
        return self._local

    def close_window(self) -> None:
        """What was counted since the last call becomes the window; counting starts again."""
        counts, self.counts = self.counts, Counter()
        window: dict[str, int] = {}
        for code, count in counts.items():
            name = _name(code)
            window[name] = window.get(name, 0) + count
        self.window = window


async def serve_counting(entry: Variant) -> None:
    """Serve ``entry`` as the live server does, counting bytecodes.

    Each line on stdin is answered as the live server answers it (its CPU
    time), and closes a window of counts: a line ``{"window": true}`` is
    answered with the counts of the last closed window instead.
    """
    counter = _Counter()

    def answer(line: bytes) -> dict[str, Any]:
        if b'"window"' in line:
            return {"window": counter.window}
        counter.close_window()
        return cpu_answer(line)

    sys.settrace(counter.trace)
    await serve(entry, None, answer)


@dataclass(frozen=True)
class Count:
    """One variant's bytecodes: per function and side, and the messages each side answered."""

    entry: Variant
    functions: dict[str, Counter[str]]
    messages: dict[str, int]

    def per_message(self, side: str) -> float:
        return sum(self.functions[side].values()) / self.messages[side]

    @property
    def ratio(self) -> float:
        return self.per_message("ours") / self.per_message("floor")

    def differences(self, top: int) -> list[tuple[str, float, float]]:
        """The ``top`` functions whose bytecodes per message differ most: (name, ours, floor)."""
        ours, floor = self.functions["ours"], self.functions["floor"]
        rows = [
            (name, ours[name] / self.messages["ours"], floor[name] / self.messages["floor"])
            for name in ours.keys() | floor.keys()
        ]
        rows.sort(key=lambda row: -abs(row[1] - row[2]))
        return rows[:top]


def count_variant(entry: Variant, load: Load, legs: int) -> Count:
    """``legs`` legs a side of ``entry`` on a counting server, taking turns.

    A leg a side first, not counted, makes the codecs and fills the caches.
    """
    functions: dict[str, Counter[str]] = {side: Counter() for side in SIDES}
    messages: dict[str, int] = dict.fromkeys(SIDES, 0)
    with (
        load_client() as client,
        Child("benchmarks.live.opcodes", "--serve", entry.key, name="server") as server,
    ):
        port = server.read(timeout=60)["port"]
        for side in SIDES:
            run_leg(client, server, port, side, load)
        for side in turns(0, legs):
            _, figures = run_leg(client, server, port, side, load)
            functions[side].update(server.ask({"window": True}, timeout=30)["window"])
            messages[side] += figures["acks"]
    return Count(entry, functions, messages)


def _report(count: Count, top: int) -> None:
    ours, floor = count.per_message("ours"), count.per_message("floor")
    print(f"{count.entry.name}: {ours:,.1f} vs {floor:,.1f} bytecodes per message", end="")
    print(f", {count.ratio:.3f}x")
    for name, mine, theirs in count.differences(top):
        print(f"    {mine:8.1f} {theirs:8.1f} {mine - theirs:+8.1f}  {name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.live.opcodes")
    parser.add_argument("--only", default="", help="variants whose name holds this, and controls")
    parser.add_argument("--legs", type=int, default=2, help="legs a side (default 2)")
    parser.add_argument("--messages", type=int, default=LOAD.messages, help="a connection, a leg")
    parser.add_argument("--top", type=int, default=8, help="functions listed per variant")
    parser.add_argument("--serve", metavar="KEY", help=argparse.SUPPRESS)  # the server child
    args = parser.parse_args(argv)
    if args.serve:
        asyncio.run(serve_counting(variant(args.serve)))
        return
    load = Load(
        connections=LOAD.connections,
        messages=args.messages,
        warmup=LOAD.warmup,
        rounds=1,
        timeout=LOAD.timeout,
    )
    legs = f"{args.legs} legs a side"
    print(f"{load.connections} connections x {load.messages:,} messages a leg, {legs}")
    for entry in select(args.only):
        _report(count_variant(entry, load, args.legs), args.top)


if __name__ == "__main__":
    main()
