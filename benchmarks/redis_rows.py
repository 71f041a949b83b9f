"""Redis rows: RedisHub publish -> subscriber beside redis-py by hand, through one real Redis.

The anchor is what an application writes without wsmessage: ``json.dumps``
of a dict into ``XADD`` (or ``PUBLISH``), and ``XREAD`` (or a ``PubSub``)
with ``json.loads`` on the other side. Ours publishes a msgspec Struct
with ``hub.publish`` and reads it back, validated, from ``hub.subscribe``.
Both run in this process, in an event loop of the benchmark's, against a
redis-server it starts on a free port of 127.0.0.1 and stops by its PID.

The rows are timed like every in-process row (:func:`.harness.time_pair`),
per message, in wall time: a statement publishes a batch of messages one
after the other and waits until the subscriber has them all. A time ratio
of at most 1.0 is DESIGN.md's "at least 1.0x the messages per second".
The latency rows publish 1 KB messages one at a time, each waited for; they
also keep every message's publish -> receipt time, whose p50 and p99
:meth:`RedisRows.latency` gives.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import tempfile
import time
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec
import redis.asyncio
from tests.integration.redis_server import HOW_TO_INSTALL, RedisServer, find_binaries

from wsmessage.redis import RedisHub

from .harness import Pair

__all__ = ["RedisRows", "pairs", "report_latency"]

Mode = Literal["streams", "pubsub"]


class Chat(msgspec.Struct):
    user: str
    room: str
    text: str
    seq: int


def chat(i: int, text: str) -> Chat:
    return Chat("ada", "lobby", text, i)


# --- one side of a row: publish count values, wait until the subscriber has them all ----------


async def ours(
    client: redis.asyncio.Redis, mode: Mode, values: list[Chat], *, lockstep: bool = False
) -> list[float]:
    """Per-message publish -> receipt times; the last is when the subscriber had them all."""
    hub = RedisHub(client, Chat, mode=mode, maxlen=len(values) + 10)
    channel = f"bench-{time.monotonic_ns()}"
    received: list[float] = []
    async with hub, hub.subscribe(channel, max_backlog=len(values) + 10) as feed:

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
    client: redis.asyncio.Redis, mode: Mode, values: list[Chat], *, lockstep: bool = False
) -> list[float]:
    """The same through redis-py by hand: json.dumps in, json.loads out, dicts."""
    key = f"bench-hand-{time.monotonic_ns()}"
    dicts = [msgspec.to_builtins(value) for value in values]
    received: list[float] = []
    pubsub: Any = client.pubsub()  # redis-py leaves it untyped  # pyright: ignore[reportUnknownMemberType]
    if mode == "pubsub":
        await pubsub.subscribe(key)
        await pubsub.get_message(timeout=5)  # the confirmation

        async def consume() -> None:
            while len(received) < len(values):
                message: Any = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5)
                if message is not None:
                    json.loads(message["data"])
                    received.append(time.perf_counter())

        async def publish(value: dict[str, Any]) -> object:
            return await client.publish(key, json.dumps(value))  # pyright: ignore[reportUnknownMemberType]

    else:
        last = "0-0"

        async def consume() -> None:
            nonlocal last
            while len(received) < len(values):
                # [[key, [(id, {field: value}), ...]]] (redis-py's RESP2 shape)
                reply: Any = await client.xread({key: last}, count=1000, block=1000)
                streams: list[Any] = reply or []
                for _stream, entries in streams:
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
    await pubsub.aclose()
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
    sent: list[float] = []
    for i, value in enumerate(values):
        sent.append(time.perf_counter())
        await publish(value)
        while received is not None and len(received) <= i:
            await asyncio.sleep(0)
    return sent


# --- the rows ----------------------------------------------------------------------------------

GROUP = "Redis fan-out"
ANCHOR_NAME = "redis-py, json.dumps/json.loads by hand"
THROUGHPUT = "RedisHub {mode}, publish -> subscriber, per message"
LATENCY = "RedisHub {mode}, 1 KB, one at a time: publish -> receipt"
MODES: list[Mode] = ["streams", "pubsub"]


@dataclass
class RedisRows:
    """The Redis rows, or why there are none; and the latency samples they keep."""

    pairs: list[Pair] = field(default_factory=list)
    missing: str | None = None
    #: Per latency row: publish -> receipt times in seconds, ours and the anchor's.
    samples: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    def latency(self) -> list[dict[str, Any]]:
        """p50 and p99 of publish -> receipt, in microseconds, per latency row."""
        return [
            {
                "name": name,
                **{
                    f"{side}_{label}_us": round(_percentile(times, fraction) * 1e6, 1)
                    for side, times in sides.items()
                    for label, fraction in [("p50", 0.5), ("p99", 0.99)]
                },
            }
            for name, sides in self.samples.items()
            if all(sides.values())
        ]


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _rows(run: Callable[..., Any], client: redis.asyncio.Redis, quick: bool) -> RedisRows:
    count, latency_count = (200, 50) if quick else (1_000, 300)
    values = [chat(i, "x" * 100) for i in range(count)]
    text = "x" * (1024 - len(msgspec.msgpack.encode(chat(0, ""))))
    one_kb = [chat(i, text) for i in range(latency_count)]
    rows = RedisRows()
    for mode in MODES:
        namespace = {"run": run, "ours": ours, "anchor": anchor, "client": client, "mode": mode}
        rows.pairs.append(
            Pair(
                group=GROUP,
                name=THROUGHPUT.format(mode=mode),
                ours="run(ours(client, mode, values))",
                anchor="run(anchor(client, mode, values))",
                anchor_name=ANCHOR_NAME,
                namespace={**namespace, "values": values},
                # At most the anchor's time per message: at least its messages/s.
                target=1.0,
                operations=count,
            )
        )
        name = LATENCY.format(mode=mode)
        samples: dict[str, list[float]] = {"ours": [], "anchor": []}
        rows.samples[name] = samples
        rows.pairs.append(
            Pair(
                group=GROUP,
                name=name,
                ours="samples['ours'] += run(ours(client, mode, values, lockstep=True))",
                anchor="samples['anchor'] += run(anchor(client, mode, values, lockstep=True))",
                anchor_name=ANCHOR_NAME,
                namespace={**namespace, "values": one_kb, "samples": samples},
                operations=latency_count,
            )
        )
    return rows


@contextlib.contextmanager
def pairs(*, quick: bool, only: str = "") -> Generator[RedisRows]:
    """The rows whose names hold ``only``, with a redis-server and a loop while the block runs."""
    names = [row.format(mode=mode) for row in (THROUGHPUT, LATENCY) for mode in MODES]
    if not any(only in name for name in names):
        yield RedisRows()
        return
    binaries = find_binaries()
    if not binaries:
        yield RedisRows(missing=HOW_TO_INSTALL)
        return
    loop = asyncio.new_event_loop()
    with tempfile.TemporaryDirectory(prefix="wsmessage-bench-") as folder:
        server = RedisServer(binaries[0], Path(folder))
        server.start()
        client = server.client()
        try:
            rows = _rows(loop.run_until_complete, client, quick)
            rows.pairs = [pair for pair in rows.pairs if only in pair.name]
            yield rows
        finally:
            loop.run_until_complete(client.aclose())
            loop.close()
            server.stop()


def report_latency(rows: RedisRows) -> None:
    """Print the latency percentiles, or why the Redis rows were not measured."""
    if rows.missing is not None:
        print(f"\n{GROUP}: not measured: {rows.missing}")
    for row in rows.latency():
        print(
            f"  {row['name']}: p50 {row['ours_p50_us']:,.0f} us, p99 {row['ours_p99_us']:,.0f} us; "
            f"by hand p50 {row['anchor_p50_us']:,.0f} us, p99 {row['anchor_p99_us']:,.0f} us"
        )
