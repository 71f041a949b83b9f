"""Redis rows: RedisHub publish -> subscriber beside redis-py by hand, through one real Redis.

The anchor is what an application writes without wsmessage: ``json.dumps``
of a dict into ``XADD`` (or ``PUBLISH``), and ``XREAD`` (or a ``PubSub``)
with ``json.loads`` on the other side. Ours publishes a msgspec Struct
with ``hub.publish`` and reads it back, validated, from ``hub.subscribe``.
Both run in this process against a redis-server the benchmark starts on a
free port of 127.0.0.1 and stops by its PID. Rounds alternate between the
two sides; a row's ratio is the median over rounds of ours / anchor in
messages per second (higher is better; the target is at least 1.0x).
Latency rows time one 1 KB message at a time, publish to receipt.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import redis.asyncio
from tests.integration.redis_server import HOW_TO_INSTALL, RedisServer, find_binaries

from wsmessage.redis import RedisHub

__all__ = ["RedisRow", "as_json", "misses", "report", "run", "selected"]

#: DESIGN.md: RedisHub publish -> subscriber, messages/s, against redis-py by hand.
TARGET = 1.0


class Chat(msgspec.Struct):
    user: str
    room: str
    text: str
    seq: int


def chat(i: int, text: str) -> Chat:
    return Chat("ada", "lobby", text, i)


@dataclass(frozen=True)
class RedisRow:
    name: str
    #: Messages per second, or latency percentiles in microseconds.
    ours: float
    anchor: float
    unit: str
    #: ours / anchor: the median of the per-round ratios for throughput.
    ratio: float
    target: float | None = None

    @property
    def missed(self) -> bool:
        return self.target is not None and self.ratio < self.target


# --- one side of a row: publish count values, wait until the subscriber has them all ----------


async def ours(
    client: redis.asyncio.Redis, mode: str, values: list[Chat], *, lockstep: bool = False
) -> list[float]:
    """Per-message publish -> receipt times; the last is when the subscriber had them all."""
    hub = RedisHub(client, Chat, mode=mode, maxlen=len(values) + 10)  # type: ignore[arg-type]
    channel = f"bench-{time.monotonic_ns()}"
    received: list[float] = []
    async with hub.subscribe(channel, max_backlog=len(values) + 10) as feed:

        async def consume() -> None:
            async for _ in feed:
                received.append(time.perf_counter())
                if len(received) == len(values):
                    return

        consumer = asyncio.create_task(consume())
        sent = await _publish_all(
            lambda value: hub.publish(channel, value), values, received if lockstep else None
        )
        await asyncio.wait_for(consumer, 60)
    await client.delete(hub.key(channel))
    return [done - start for start, done in zip(sent, received, strict=True)]


async def anchor(
    client: redis.asyncio.Redis, mode: str, values: list[Chat], *, lockstep: bool = False
) -> list[float]:
    """The same through redis-py by hand: json.dumps in, json.loads out, dicts."""
    key = f"bench-hand-{time.monotonic_ns()}"
    dicts = [msgspec.to_builtins(value) for value in values]
    received: list[float] = []
    pubsub = client.pubsub()
    if mode == "pubsub":
        await pubsub.subscribe(key)
        await pubsub.get_message(timeout=5)  # the confirmation

        async def consume() -> None:
            while len(received) < len(values):
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5)
                if message is not None:
                    json.loads(message["data"])
                    received.append(time.perf_counter())

        async def publish(value: dict[str, Any]) -> object:
            return await client.publish(key, json.dumps(value))

    else:
        last = "0-0"

        async def consume() -> None:
            nonlocal last
            while len(received) < len(values):
                # [[key, [(id, {field: value}), ...]]] (redis-py's RESP2 shape)
                reply: Any = await client.xread({key: last}, count=1000, block=1000)
                for _stream, entries in reply or []:
                    for entry_id, fields in entries:
                        json.loads(fields[b"data"])
                        received.append(time.perf_counter())
                        last = entry_id

        async def publish(value: dict[str, Any]) -> object:
            return await client.xadd(key, {"data": json.dumps(value)}, maxlen=len(values) + 10)

    consumer = asyncio.create_task(consume())
    await asyncio.sleep(0)
    sent = await _publish_all(publish, dicts, received if lockstep else None)
    await asyncio.wait_for(consumer, 60)
    await pubsub.aclose()  # type: ignore[no-untyped-call]
    await client.delete(key)
    return [done - start for start, done in zip(sent, received, strict=True)]


async def _publish_all(
    publish: Callable[[Any], Awaitable[object]],
    values: list[Any],
    received: list[float] | None,
) -> list[float]:
    """Publish each value, one after the other; when each went out.

    Given what was ``received``, wait for each value to arrive before the
    next is published (for latency, one message in flight at a time).
    """
    sent = []
    for i, value in enumerate(values):
        sent.append(time.perf_counter())
        await publish(value)
        while received is not None and len(received) <= i:
            await asyncio.sleep(0)
    return sent


# --- the rows ----------------------------------------------------------------------------------


async def _throughput(
    client: redis.asyncio.Redis, mode: str, count: int, rounds: int
) -> tuple[float, float, float]:
    """Median messages/s of ours and of the anchor, and the median per-round ratio."""
    values = [chat(i, "x" * 100) for i in range(count)]
    rates: dict[str, list[float]] = {"ours": [], "anchor": []}
    ratios = []
    for round_ in range(rounds):
        order = [("ours", ours), ("anchor", anchor)]
        if round_ % 2:
            order.reverse()
        this_round = {}
        for name, side in order:
            started = time.perf_counter()
            await side(client, mode, values)
            this_round[name] = count / (time.perf_counter() - started)
            rates[name].append(this_round[name])
        ratios.append(this_round["ours"] / this_round["anchor"])
    return (
        statistics.median(rates["ours"]),
        statistics.median(rates["anchor"]),
        statistics.median(ratios),
    )


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def _latency(client: redis.asyncio.Redis, mode: str, count: int) -> list[RedisRow]:
    """p50 and p99 of publish -> receipt for 1 KB messages, one in flight at a time."""
    text = "x" * (1024 - len(msgspec.msgpack.encode(chat(0, ""))))
    values = [chat(i, text) for i in range(count)]
    samples = {
        "ours": await ours(client, mode, values, lockstep=True),
        "anchor": await anchor(client, mode, values, lockstep=True),
    }
    rows = []
    for label, fraction in [("p50", 0.5), ("p99", 0.99)]:
        ours_us = _percentile(samples["ours"], fraction) * 1e6
        anchor_us = _percentile(samples["anchor"], fraction) * 1e6
        rows.append(
            RedisRow(
                f"RedisHub {mode}, 1 KB latency {label}",
                ours_us,
                anchor_us,
                "us",
                ours_us / anchor_us,
            )
        )
    return rows


async def _rows(server: RedisServer, quick: bool) -> list[RedisRow]:
    count, rounds, latency_count = (500, 3, 50) if quick else (5_000, 5, 500)
    rows = []
    async with server.client() as client:
        for mode in ["streams", "pubsub"]:
            ours_rate, anchor_rate, ratio = await _throughput(client, mode, count, rounds)
            rows.append(
                RedisRow(
                    f"RedisHub {mode}, publish -> subscriber",
                    ours_rate,
                    anchor_rate,
                    "msg/s",
                    ratio,
                    TARGET,
                )
            )
        for mode in ["streams", "pubsub"]:
            rows += await _latency(client, mode, latency_count)
    return rows


def run(*, quick: bool) -> list[RedisRow] | str:
    """Measure the rows against a redis-server of our own; why not, if there is none."""
    binaries = find_binaries()
    if not binaries:
        return HOW_TO_INSTALL
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(binaries[0], Path(folder))
        server.start()
        try:
            return asyncio.run(_rows(server, quick))
        finally:
            server.stop()


def selected(only: str) -> bool:
    """Whether ``--only`` selects these rows: all run without it."""
    return not only or only.lower() in "redishub publish -> subscriber latency"


def misses(rows: list[RedisRow] | str) -> list[str]:
    return [] if isinstance(rows, str) else [row.name for row in rows if row.missed]


def report(rows: list[RedisRow] | str) -> None:
    print("\nredis: publish -> subscriber through one redis-server, ours beside redis-py by hand")
    if isinstance(rows, str):
        print(f"  not measured: {rows}")
        return
    for row in rows:
        target = f">= {row.target:.2f}x" if row.target is not None else ""
        status = "" if row.target is None else ("MISS" if row.missed else "ok")
        print(
            f"  {row.name:<42} {row.ours:>10,.0f} {row.unit}  by hand {row.anchor:>10,.0f} "
            f"{row.unit}  {row.ratio:>5.2f}x  {target:>8}  {status}"
        )


def as_json(rows: list[RedisRow] | str) -> list[dict[str, Any]] | str:
    if isinstance(rows, str):
        return rows
    return [
        {
            "name": row.name,
            "ours": round(row.ours, 1),
            "anchor": round(row.anchor, 1),
            "unit": row.unit,
            "ratio": round(row.ratio, 3),
            "target": row.target,
            "missed": row.missed,
        }
        for row in rows
    ]
