"""The benchmarks' child processes: started, spoken to in JSON lines, stopped by PID.

The parent writes one JSON object per line to a child's stdin and reads one
per line from its stdout, each read bounded in time; a child stops when its
stdin closes. :class:`Child` stops its process in every case, killing it by
its PID if it does not stop on its own.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import select
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from typing_extensions import Self

__all__ = ["Child", "ChildError", "cpu_seconds", "pin", "pinnable_cpus", "say", "stdin_lines"]

#: The checkout: children run ``python -m benchmarks...`` from here.
ROOT = Path(__file__).resolve().parents[1]


class ChildError(RuntimeError):
    """A child process failed, answered with an error, or did not answer in time."""


class Child:
    """``python -m MODULE ARGS...`` as a child process; ``pass_fds`` are inherited.

    ``wrapper`` comes before the Python command: a tool that runs it (valgrind).
    """

    def __init__(
        self,
        module: str,
        *args: str,
        pass_fds: Sequence[int] = (),
        name: str = "",
        wrapper: Sequence[str] = (),
    ) -> None:
        self.name = name or module
        self.process = subprocess.Popen(
            [*wrapper, sys.executable, "-m", module, *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            pass_fds=pass_fds,
        )
        self.pid = self.process.pid
        self._buffer = b""

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode() + b"\n")
        self.process.stdin.flush()

    def read(self, timeout: float) -> dict[str, Any]:
        """The child's next message; a ChildError if it fails or is silent for ``timeout`` s."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                raise ChildError(f"{self.name} (pid {self.pid}) did not answer in {timeout:.0f} s")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                code = self.process.wait()
                raise ChildError(f"{self.name} (pid {self.pid}) exited with status {code}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        message: dict[str, Any] = json.loads(line)
        if "error" in message:
            raise ChildError(f"{self.name} (pid {self.pid}): {message['error']}")
        return message

    def ask(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        self.send(message)
        return self.read(timeout)

    def stop(self, grace: float = 10.0) -> None:
        """Close stdin so the child stops; kill it by PID if it still runs after ``grace`` s."""
        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
        except BrokenPipeError:
            pass  # it has gone already
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def pinnable_cpus() -> tuple[list[int], str]:
    """Two CPUs to pin the server and the client to, or none and why not."""
    if not hasattr(os, "sched_getaffinity") or not hasattr(os, "sched_setaffinity"):
        return [], "not pinned: this platform has no sched_setaffinity"
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return [], f"not pinned: only CPU {cpus} is available"
    return cpus[:2], f"server pinned to CPU {cpus[0]}, load client to CPU {cpus[1]}"


def pin(cpu: int | None) -> list[int] | None:
    """Pin this process to ``cpu``; the CPUs it may run on after, or None if not pinned."""
    if cpu is None:
        return None
    os.sched_setaffinity(0, {cpu})
    return sorted(os.sched_getaffinity(0))


def cpu_seconds() -> float:
    """CPU time this process has used, user and system, over all its threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def say(message: dict[str, Any]) -> None:
    """Answer the parent: one JSON line on stdout."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def stdin_lines() -> asyncio.StreamReader:
    """The parent's messages, read in the event loop without a thread."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader
