"""Headless Chromium, driven over the DevTools protocol with the websockets library.

``chromium()`` starts Debian's ``chromium`` on a free DevTools port, in a
temporary profile, and stops it by its PID (with the helper processes of
its process group); ``Page.evaluate`` runs a
script in a page and awaits its promise. Without Chromium, the test fails
and says how to install it: it is never skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from .conftest import within

INSTALL = (
    "Chromium is not installed; the browser tests need it. On Debian or Ubuntu: "
    "apt-get install -y chromium (or set WSMESSAGE_CHROMIUM to a Chromium or Chrome binary)"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
]


def chromium_binary() -> str:
    """The Chromium to run; fails the test with how to install one if there is none."""
    given = os.environ.get("WSMESSAGE_CHROMIUM")
    for candidate in (given, "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.fail(INSTALL)


class DevTools:
    """One DevTools connection: commands answered in turn, events ignored."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.ids = itertools.count(1)

    async def call(self, method: str, session: str | None = None, **params: Any) -> Any:
        command: dict[str, Any] = {"id": next(self.ids), "method": method, "params": params}
        if session is not None:
            command["sessionId"] = session
        await self.connection.send(json.dumps(command))
        while True:
            reply = json.loads(await within(self.connection.recv()))
            if reply.get("id") == command["id"]:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]


class Page:
    """A tab, attached over the browser's DevTools connection."""

    def __init__(self, devtools: DevTools, session: str) -> None:
        self.devtools = devtools
        self.session = session

    async def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` in the page, its promise awaited."""
        result = await self.devtools.call(
            "Runtime.evaluate",
            self.session,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"the page raised: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def goto(self, url: str, ready: str) -> None:
        """Load ``url``, then wait until the expression ``ready`` is true."""
        await self.devtools.call("Page.navigate", self.session, url=url)
        for _ in range(500):
            with contextlib.suppress(RuntimeError):  # the old document may be going
                if await self.evaluate(ready):
                    return
            await asyncio.sleep(0.02)
        raise AssertionError(f"{url} never became ready")


async def _devtools_url(profile: Path, process: subprocess.Popen[bytes]) -> str:
    """The browser's DevTools WebSocket URL, once Chromium has written it down."""
    active = profile / "DevToolsActivePort"
    for _ in range(1000):
        if process.poll() is not None:
            raise AssertionError(f"Chromium exited with status {process.returncode}")
        with contextlib.suppress(FileNotFoundError, ValueError):
            port, path = active.read_text().split("\n")[:2]
            if port and path:
                return f"ws://127.0.0.1:{int(port)}{path}"
        await asyncio.sleep(0.02)
    raise AssertionError("Chromium never opened its DevTools port")


@contextlib.asynccontextmanager
async def chromium() -> AsyncGenerator[Page]:
    """A headless Chromium with one blank tab; stopped by its PID afterwards."""
    binary = chromium_binary()
    with tempfile.TemporaryDirectory(prefix="wsmessage-chromium-") as profile:
        process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Its own process group, whose id is its PID: Chromium's helper
            # processes are stopped with it, before its profile is removed.
            start_new_session=True,
        )
        try:
            url = await _devtools_url(Path(profile), process)
            async with connect(url, max_size=None, open_timeout=10) as connection:
                devtools = DevTools(connection)
                target = await devtools.call("Target.createTarget", url="about:blank")
                attached = await devtools.call(
                    "Target.attachToTarget", targetId=target["targetId"], flatten=True
                )
                yield Page(devtools, attached["sessionId"])
        finally:
            stop(process)


def _signal_group(pid: int, signum: int) -> bool:
    """Send ``signum`` to the process group ``pid`` leads; False if it is gone."""
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        return False
    return True


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop Chromium, started in a group of its own, and every helper process it started."""
    _signal_group(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        _signal_group(process.pid, signal.SIGKILL)
        process.wait(10)
    # Helpers may outlive the browser by a moment; none may still write to the profile.
    for _ in range(200):
        if not _signal_group(process.pid, 0):
            return
        time.sleep(0.05)
    _signal_group(process.pid, signal.SIGKILL)
