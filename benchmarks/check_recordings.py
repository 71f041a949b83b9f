"""``python -m wsmessage check`` on JSON Lines, against the loop one would write by hand.

The row in ``python -m benchmarks``: a file of chat messages (1,000,000 of
them; 20,000 with ``--quick``) generated in a temporary folder, checked by
the command line called in-process (``wsmessage.cli.main``, its report
written to /dev/null), against a bare loop over the same file:
``json.loads`` per line and a reused msgspec Decoder per direction.

Run alone, it checks a bigger file in a child process and reports wall
time and peak memory (the child's maximum resident set size)::

    python -m benchmarks.check_recordings --megabytes 1024
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import msgspec

from wsmessage import Endpoint
from wsmessage.cli import main as wsmessage_main

from . import payloads as p
from .harness import Pair

#: The endpoint the file is checked against.
chat = Endpoint("/ws/chat/{room}", receives=p.Chat | p.Join, sends=p.Chat | p.Leave)

URL = "ws://127.0.0.1:8000/ws/chat/lobby"
#: ``-e`` for it: this module by name, also when it runs as ``__main__``.
ENDPOINT = "benchmarks.check_recordings:chat"
#: Where ``-e benchmarks.check_recordings:chat`` can be imported from.
ROOT = Path(__file__).resolve().parents[1]


def write_jsonl(path: Path, messages: int) -> int:
    """Write ``messages`` items, sent and received in turn, as JSON Lines; return the bytes."""
    sent = {"type": "send", "time": 1714557600.0, "opcode": 1, "data": p.CHAT_150B, "url": URL}
    received = {**sent, "type": "receive"}
    pair = (json.dumps(sent) + "\n" + json.dumps(received) + "\n").encode()
    with path.open("wb") as out:
        for _ in range(messages // 2):
            out.write(pair)
        if messages % 2:
            out.write(pair[: pair.index(b"\n") + 1])
    return path.stat().st_size


def bare_loop(path: Path) -> int:
    """The hand-written check: json.loads per line, a reused msgspec Decoder per direction."""
    decoders: dict[str, msgspec.json.Decoder[Any]] = {
        "send": msgspec.json.Decoder(p.Chat | p.Join),
        "receive": msgspec.json.Decoder(p.Chat | p.Leave),
    }
    invalid = 0
    with path.open("rb") as lines:
        for line in lines:
            item = json.loads(line)
            try:
                decoders[item["type"]].decode(item["data"])
            except msgspec.ValidationError:
                invalid += 1
    return invalid


def check(path: Path) -> int:
    """``python -m wsmessage check -e benchmarks.check_recordings:chat PATH``, in-process."""
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        return wsmessage_main(["check", "-e", ENDPOINT, str(path)])


@contextlib.contextmanager
def pairs(*, quick: bool, only: str = "") -> Generator[list[Pair]]:
    """The row, if its name holds ``only``, with its file generated while the block runs."""
    messages = 20_000 if quick else 1_000_000
    name = f"python -m wsmessage check, {messages:,} JSONL messages"
    if only not in name:
        yield []
        return
    with tempfile.TemporaryDirectory(prefix="wsmessage-bench-") as folder:
        path = Path(folder, "recording.jsonl")
        write_jsonl(path, messages)
        assert check(path) == 0, "the generated file must be valid"
        yield [
            Pair(
                group="check recordings",
                name=name,
                ours="check(path)",
                anchor="bare_loop(path)",
                anchor_name="json.loads + msgspec Decoder, per line",
                namespace={"check": check, "bare_loop": bare_loop, "path": path},
                target=1.0,
            )
        ]


def _run_child(args: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident memory in bytes, and exit status of a child process."""
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux
    return time.perf_counter() - started, usage.ru_maxrss * 1024, child.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check_recordings")
    parser.add_argument("--megabytes", type=int, default=1024, help="size of the file to check")
    args = parser.parse_args(argv)
    line_bytes = len(json.dumps({"type": "receive", "data": p.CHAT_150B, "url": URL})) + 40
    messages = args.megabytes * 1024 * 1024 // line_bytes
    with tempfile.TemporaryDirectory(prefix="wsmessage-bench-") as folder:
        path = Path(folder, "recording.jsonl")
        size = write_jsonl(path, messages)
        print(f"{messages:,} messages, {size / 2**20:,.0f} MiB")
        command = [sys.executable, "-m", "wsmessage", "check", "-e", ENDPOINT]
        bare = "from pathlib import Path; from benchmarks.check_recordings import bare_loop; "
        bare += f"bare_loop(Path({str(path)!r}))"
        failed = False
        for name, child in [
            ("wsmessage check", [*command, str(path)]),
            ("bare loop", [sys.executable, "-c", bare]),
        ]:
            seconds, peak, status = _run_child(child)
            failed = failed or status != 0
            print(
                f"  {name:<16} {seconds:7.1f} s  {messages / seconds:12,.0f} messages/s  "
                f"peak memory {peak / 2**20:6.1f} MiB  exit status {status}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
