"""Record a WebSocket session with mitmproxy, as a HAR file: the test data for ``check``.

Run it with the Python of a virtualenv that holds mitmproxy and websockets
(mitmproxy pins its own dependencies, so it lives apart from the dev extra)::

    python3 -m venv /tmp/mitm && /tmp/mitm/bin/pip install mitmproxy websockets
    /tmp/mitm/bin/python tests/recordings/record_mitmproxy.py tests/recordings/mitmproxy.har

It starts a ``websockets`` server on a free port of 127.0.0.1, puts
``mitmdump --mode reverse:...`` in front of it with ``hardump`` set, runs
the client side of :data:`SCENARIO` through the proxy, and stops mitmdump
with SIGINT, which is when it writes the HAR file. Nothing else is written:
mitmproxy's configuration (its CA) goes to a temporary folder.

The scenario is the chat of ``tests/recordings/protocol.py``, with a few
mistakes on purpose; tests/unit/test_check.py says what ``check`` must find
in the result. This file needs neither wsmessage nor msgspec: frames are
written by hand (msgpack with the msgpack package mitmproxy depends on).
"""

from __future__ import annotations

import asyncio
import importlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

# mitmproxy's dependency, in the virtualenv this runs in; untyped, and not
# in the dev extra (where the tests read this file).
msgpack: Any = importlib.import_module("msgpack")

Frame = str | bytes

#: Per path, the steps of one connection: a frame the client sends, then
#: the frames the server answers with.
SCENARIO: dict[str, list[tuple[Frame, list[Frame]]]] = {
    "/ws/chat/lobby": [
        ('{"type": "join", "name": "ada"}', ['{"type": "welcome", "name": "ada", "members": 1}']),
        (
            '{"type": "say", "text": "h\u00e9llo \u2713 \U0001f600"}',
            ['{"type": "said", "name": "ada", "text": "h\u00e9llo \u2713 \U0001f600"}'],
        ),
        # text is not a str: the server would close with 1008
        ('{"type": "say", "text": 42}', ['{"type": "said", "name": "ada"}']),
        # a kind the endpoint does not receive
        ('{"type": "shout", "text": "hi"}', []),
        # not JSON: 1007
        ("say hi", []),
        # a binary frame on a JSON endpoint: 1003
        (b'{"type": "say", "text": "bin"}', []),
    ],
    "/ws/ticks": [
        (
            msgpack.packb({"type": "subscribe", "symbol": "WSM"}),
            [
                msgpack.packb({"type": "tick", "symbol": "WSM", "price": 1.5}),
                msgpack.packb({"type": "tick", "symbol": "WSM", "price": "high"}),
            ],
        ),
        # a text frame on a msgpack endpoint: 1003
        ('{"type": "subscribe", "symbol": "WSM"}', []),
    ],
    # no endpoint serves this path: its messages are skipped
    "/metrics": [("ping?", ["pong"])],
}

#: Seconds any one step may take.
TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def serve_scenario(ws: ServerConnection) -> None:
    assert ws.request is not None
    for _, answers in SCENARIO[ws.request.path]:
        await ws.recv()
        for answer in answers:
            await ws.send(answer)
    await ws.wait_closed()


async def run_client(port: int) -> None:
    for path, steps in SCENARIO.items():
        async with connect(f"ws://127.0.0.1:{port}{path}", open_timeout=TIMEOUT) as ws:
            for frame, answers in steps:
                await ws.send(frame)
                for _ in answers:
                    await asyncio.wait_for(ws.recv(), TIMEOUT)


async def wait_listening(port: int, proxy: subprocess.Popen[bytes]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while loop.time() < deadline:
        if proxy.poll() is not None:
            raise RuntimeError(f"mitmdump exited with status {proxy.returncode}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise RuntimeError("mitmdump did not start listening")


async def record(har: Path) -> None:
    mitmdump = Path(sys.executable).with_name("mitmdump")
    server_port, proxy_port = free_port(), free_port()
    async with serve(serve_scenario, "127.0.0.1", server_port):
        with tempfile.TemporaryDirectory() as confdir:
            proxy = subprocess.Popen(
                [
                    str(mitmdump),
                    "--quiet",
                    "--mode",
                    f"reverse:http://127.0.0.1:{server_port}",
                    "--listen-host",
                    "127.0.0.1",
                    "--listen-port",
                    str(proxy_port),
                    "--set",
                    f"confdir={confdir}",
                    "--set",
                    f"hardump={har}",
                ]
            )
            try:
                await wait_listening(proxy_port, proxy)
                await run_client(proxy_port)
            finally:
                # mitmdump writes the HAR file when it shuts down.
                proxy.send_signal(signal.SIGINT)
                try:
                    status = proxy.wait(TIMEOUT)
                except subprocess.TimeoutExpired:
                    os.kill(proxy.pid, signal.SIGKILL)
                    proxy.wait()
                    raise
    if status != 0 or not har.exists():
        raise RuntimeError(f"mitmdump exited with status {status} and no HAR file")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUT.har")
    asyncio.run(record(Path(sys.argv[1]).resolve()))
