"""Load: one publisher, many feeds in another process, one redis-server, all on 127.0.0.1.

The default run is short (20 feeds x 500 messages per mode);
``WSMESSAGE_LOAD=full`` runs 100 feeds x 2,000 messages. ``-s`` prints the
figures: feeds x messages, time, loss, and the subscriber process's peak
memory. Streams lose nothing; in pub/sub, nothing is lost on a healthy
loopback either, and each feed's values come in order.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import msgspec
import pytest

from wsmessage.redis import RedisHub

from .redis_server import RedisServer

FULL = os.environ.get("WSMESSAGE_LOAD") == "full"
FEEDS, MESSAGES = (100, 2000) if FULL else (20, 500)
ROOT = Path(__file__).resolve().parents[2]


class Tick(msgspec.Struct):
    seq: int
    text: str


def wait_for_line(process: subprocess.Popen[str], seconds: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], seconds)
    assert ready, "the subscriber process said nothing"
    return process.stdout.readline()


@pytest.mark.parametrize("mode", ["streams", "pubsub"])
async def test_many_feeds_in_another_process_get_every_message(
    redis_server: RedisServer, mode: Any
) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.redis_load_subscriber",
            redis_server.url,
            mode,
            str(FEEDS),
            str(MESSAGES),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert wait_for_line(process, 60).strip() == "ready"
        started = time.perf_counter()
        async with redis_server.client() as client:
            hub = RedisHub(client, Tick, mode=mode, maxlen=MESSAGES + 1000)
            for seq in range(MESSAGES):
                await hub.publish("load", Tick(seq, "x" * 100))
        report = json.loads(wait_for_line(process, 120))
        elapsed = time.perf_counter() - started
    finally:
        process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
    received = sum(feed["received"] for feed in report["feeds"])
    lost = FEEDS * MESSAGES - received
    print(
        f"\n{mode}: {FEEDS} feeds x {MESSAGES} messages in {elapsed:.1f} s "
        f"({received / elapsed:,.0f} deliveries/s), lost {lost}, "
        f"subscriber peak RSS {report['peak_rss'] / 2**20:.0f} MiB"
    )
    assert len(report["feeds"]) == FEEDS
    assert lost == 0
    assert all(feed["in_order"] and feed["gaps"] == 0 for feed in report["feeds"])
