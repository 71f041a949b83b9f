"""Load on a real server: many clients, some of them hostile, nothing lost.

A server in its own process (``load_server.py``) reads with ``iter_decoded``
and acknowledges every item. Each client sends its items without waiting;
one client in ten breaks its stream at a random point in a random way. Every
item before a client's first bad message must be acknowledged exactly once
and in order, every bad client must be closed with the code documented for
its fault, and between two rounds the server must stay up, hold no socket
open and not grow.

The default run is short enough for CI. The full one, 200 clients x 500
messages per round, is ``WSMESSAGE_LOAD=full python -m pytest
tests/integration/test_load.py -s`` (``-s`` shows the figures). Everything
stays on 127.0.0.1 and is bounded in count and time.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from wsmessage import WSCloseCode

from .conftest import serving, within

SERVER = Path(__file__).with_name("load_server.py")
FULL = os.environ.get("WSMESSAGE_LOAD") == "full"
CLIENTS, MESSAGES = (200, 500) if FULL else (40, 100)
ROUNDS = 2
SEED = int(os.environ.get("WSMESSAGE_LOAD_SEED", "6455"))
#: The server's max_size (load_server.MAX_SIZE); "oversize" goes past it.
MAX_SIZE = 1024

# How a client goes wrong, and the close code the server must answer with.
FAULTS: dict[str, WSCloseCode] = {
    "schema": WSCloseCode.POLICY_VIOLATION,  # decodes, but seq is a str
    "json": WSCloseCode.INVALID_TEXT,  # not JSON
    "oversize": WSCloseCode.MESSAGE_TOO_BIG,  # over max_size
    "utf8": WSCloseCode.INVALID_TEXT,  # a binary frame whose JSON is not UTF-8
}

# Between rounds, after a full collection. A leak of even a few objects per
# connection, over a round's clients, goes past the object bound; the
# memory bound leaves room for the allocator's own bookkeeping.
MAX_NEW_OBJECTS = 2 * CLIENTS
MAX_RSS_GROWTH = 8 * 1024 * 1024

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Plan:
    """What one client sends: ``count`` items, or items up to a fault at ``fault_at``."""

    client: int
    count: int
    fault: str | None = None
    fault_at: int = 0

    @property
    def good(self) -> int:
        """How many items the server must acknowledge."""
        return self.count if self.fault is None else self.fault_at


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    acks: list[int]
    close_code: int | None


def plans(rng: random.Random) -> list[Plan]:
    result: list[Plan] = []
    for client in range(CLIENTS):
        if rng.random() < 0.1:
            fault = rng.choice(sorted(FAULTS))
            result.append(Plan(client, MESSAGES, fault, rng.randrange(MESSAGES)))
        else:
            result.append(Plan(client, MESSAGES))
    return result


def item(client: int, seq: int, text: str = "hello") -> str:
    return json.dumps({"client": client, "seq": seq, "text": text})


async def send_fault(ws: aiohttp.ClientWebSocketResponse[bool], plan: Plan) -> None:
    if plan.fault == "schema":
        await ws.send_str(json.dumps({"client": plan.client, "seq": "one", "text": ""}))
    elif plan.fault == "json":
        await ws.send_str(item(plan.client, plan.fault_at)[:-3])
    elif plan.fault == "oversize":
        await ws.send_str(item(plan.client, plan.fault_at, "x" * (2 * MAX_SIZE)))
    elif plan.fault == "utf8":
        await ws.send_bytes(
            item(plan.client, plan.fault_at, "caf\udce9").encode("utf-8", "surrogateescape")
        )
    else:
        raise AssertionError(plan.fault)


async def run_client(session: aiohttp.ClientSession, url: str, plan: Plan) -> Outcome:
    acks: list[int] = []
    async with session.ws_connect(url) as ws:
        for seq in range(plan.good):
            await ws.send_str(item(plan.client, seq))
        if plan.fault is not None:
            await send_fault(ws, plan)
        async for msg in ws:
            assert msg.type is aiohttp.WSMsgType.TEXT, msg
            acks.append(json.loads(msg.data)["seq"])
            if plan.fault is None and len(acks) == plan.count:
                await ws.close()
        return Outcome(plan, acks, ws.close_code)


async def run_round(url: str, round_plans: list[Plan]) -> list[Outcome]:
    connector = aiohttp.TCPConnector(limit=0)  # every client at once
    async with aiohttp.ClientSession(connector=connector) as session:
        return list(await asyncio.gather(*(run_client(session, url, p) for p in round_plans)))


async def server_stats(base: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session, session.get(f"{base}/stats") as response:
        stats: dict[str, Any] = await response.json()
        return stats


@pytest.fixture
def server() -> Iterator[tuple[subprocess.Popen[str], str]]:
    with serving([sys.executable, str(SERVER)]) as (process, port):
        yield process, f"http://127.0.0.1:{port}"


def check(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        plan = outcome.plan
        assert outcome.acks == list(range(plan.good)), f"client {plan.client}: lost or reordered"
        expected = WSCloseCode.OK if plan.fault is None else FAULTS[plan.fault]
        assert outcome.close_code == expected, f"client {plan.client}, fault {plan.fault}"


async def test_many_clients_some_hostile(server: tuple[subprocess.Popen[str], str]) -> None:
    process, base = server
    rng = random.Random(SEED)
    figures: list[dict[str, Any]] = []
    for index in range(ROUNDS):
        round_plans = plans(rng)
        started = time.perf_counter()
        outcomes = await within(run_round(f"{base}/ws", round_plans), 300)
        elapsed = time.perf_counter() - started
        check(outcomes)
        stats = await within(server_stats(base))
        assert process.poll() is None, "the server went down"
        assert stats["open_sockets"] == 0
        faults = Counter(p.fault for p in round_plans if p.fault is not None)
        figures.append(
            {
                "round": index + 1,
                "items acknowledged": sum(len(o.acks) for o in outcomes),
                "clients": len(round_plans),
                "faults": dict(sorted(faults.items())),
                "seconds": round(elapsed, 2),
                **stats,
            }
        )
    print(f"\nload (seed {SEED}):")
    for row in figures:
        print("  " + ", ".join(f"{key} {value}" for key, value in row.items()))

    first, last = figures[0], figures[-1]
    assert last["objects"] - first["objects"] < MAX_NEW_OBJECTS
    assert last["rss"] - first["rss"] < MAX_RSS_GROWTH

    # Still serving: one more client, one item, one acknowledgement.
    (outcome,) = await within(run_round(f"{base}/ws", [Plan(CLIENTS, 1)]))
    check([outcome])
