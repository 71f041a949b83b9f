"""Instructions per message on a live server: ``python -m benchmarks.live.instructions``.

Server CPU per message rides on the machine's speed, and on a shared
machine a single run resolves a few per cent (see the controls). The
machine instructions the server executes per message do not, and unlike
the bytecodes of :mod:`.opcodes` they include the C code: msgspec, the
frameworks' parsers and writers, the interpreter itself. Only the kernel's
work is left out, and both sides make the same system calls per message.

Each side of each selected variant is served by a server under valgrind's
callgrind, which counts every instruction the process executes, and the
live client: once with a short measured leg and once with a long one,
after the same warm-up. The difference of the two counts over the
difference of their messages is that side's instructions per message: the
server's start, imports and warm-up cancel out. Callgrind makes the server
some 50 times slower: its CPU time here means nothing.

It needs valgrind (``apt-get install -y valgrind`` on Debian).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..processes import Child
from .rounds import SIDES, Load, load_client, run_leg
from .variants import Variant, select

__all__ = ["Count", "count_side", "count_variant", "instructions_in", "main", "require_valgrind"]

#: The measured legs, per connection: the short one and the long one.
SHORT, LONG = 100, 1_100
CONNECTIONS = 5
#: A server under callgrind starts in tens of seconds and answers slowly.
_PATIENCE = 600.0


def require_valgrind() -> str:
    """The path of valgrind; SystemExit (status 1) saying how to install it when missing."""
    path = shutil.which("valgrind")
    if path is None:
        sys.exit("valgrind is not installed: on Debian, apt-get install -y valgrind")
    return path


def instructions_in(callgrind_out: Path) -> int:
    """The instructions a callgrind output file counted, from its ``totals:`` line."""
    for line in callgrind_out.read_text().splitlines():
        if line.startswith(("totals:", "summary:")):
            return int(line.split()[1])
    raise ValueError(f"{callgrind_out} holds no totals")


def _serve_side(
    client: Child, entry: Variant, side: str, messages: int, connections: int, out: Path
) -> tuple[int, int]:
    """The instructions of one server's whole life, and the acks of its measured leg."""
    wrapper = [require_valgrind(), "--tool=callgrind", "--quiet", f"--callgrind-out-file={out}"]
    with Child(
        "benchmarks.live.server", entry.key, name=f"{entry.key} server", wrapper=wrapper
    ) as server:
        port = server.read(timeout=_PATIENCE)["port"]
        leg = Load(connections, messages, warmup=20, rounds=1, timeout=_PATIENCE)
        _, figures = run_leg(client, server, port, side, leg)
        # Callgrind writes its count as the server ends: wait for it.
        server.stop(grace=_PATIENCE)
    return instructions_in(out), figures["acks"]


@dataclass(frozen=True)
class Count:
    """Instructions per message on each side of one variant."""

    entry: Variant
    per_message: dict[str, float]

    @property
    def ratio(self) -> float:
        return self.per_message["ours"] / self.per_message["floor"]


def count_side(
    client: Child, entry: Variant, side: str, *, short: int, long: int, connections: int
) -> float:
    """One side's instructions per message: a short and a long run under callgrind."""
    if not 0 < short < long:
        raise ValueError(f"the short leg ({short}) must be shorter than the long one ({long})")
    with tempfile.TemporaryDirectory() as directory:
        runs = [
            _serve_side(client, entry, side, n, connections, Path(directory, f"{side}.{n}"))
            for n in (short, long)
        ]
    (short_total, short_acks), (long_total, long_acks) = runs
    return (long_total - short_total) / (long_acks - short_acks)


def count_variant(
    entry: Variant, *, short: int = SHORT, long: int = LONG, connections: int = CONNECTIONS
) -> Count:
    """Both sides of ``entry``, each counted by :func:`count_side`."""
    with load_client() as client:
        per_message = {
            side: count_side(client, entry, side, short=short, long=long, connections=connections)
            for side in SIDES
        }
    return Count(entry, per_message)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.live.instructions")
    parser.add_argument("--only", default="", help="variants whose name holds this, and controls")
    parser.add_argument("--short", type=int, default=SHORT, help="the short leg, a connection")
    parser.add_argument("--long", type=int, default=LONG, help="the long leg, a connection")
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    args = parser.parse_args(argv)
    require_valgrind()
    extra = (args.long - args.short) * args.connections
    print(f"{args.connections} connections; {extra:,} messages between the short and long runs")
    for entry in select(args.only):
        count = count_variant(entry, short=args.short, long=args.long, connections=args.connections)
        ours, floor = count.per_message["ours"], count.per_message["floor"]
        each = f"{ours:,.0f} vs {floor:,.0f} instructions per message"
        print(f"{entry.name}: {each}, {count.ratio:.3f}x", flush=True)


if __name__ == "__main__":
    main()
