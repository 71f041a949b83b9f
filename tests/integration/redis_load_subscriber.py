"""The subscriber process of the Redis load test.

``python -m tests.integration.redis_load_subscriber URL MODE FEEDS MESSAGES``
opens FEEDS feeds on one channel, prints ``ready`` once all are subscribed,
reads until each has MESSAGES values (or a minute has passed), and prints
one JSON line: the values each feed received, in order or not, how long the
reading took, and the process's peak memory.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from contextlib import AsyncExitStack
from typing import Any

import msgspec
import redis.asyncio

from wsmessage.redis import Feed, RedisHub


class Tick(msgspec.Struct):
    seq: int
    text: str


async def read(feed: Feed[Tick], messages: int) -> dict[str, Any]:
    seqs: list[int] = []
    async for tick in feed:
        seqs.append(tick.seq)
        if len(seqs) == messages:
            break
    return {"received": len(seqs), "in_order": seqs == sorted(seqs), "gaps": feed.gaps}


async def main(url: str, mode: Any, feeds: int, messages: int) -> None:
    async with redis.asyncio.Redis.from_url(url) as client, AsyncExitStack() as stack:  # pyright: ignore[reportUnknownMemberType]
        hub = RedisHub(client, Tick, mode=mode, maxlen=messages + 1000)
        opened = [
            await stack.enter_async_context(hub.subscribe("load", max_backlog=messages))
            for _ in range(feeds)
        ]
        print("ready", flush=True)
        started = time.perf_counter()
        done, pending = await asyncio.wait(
            [asyncio.create_task(read(feed, messages)) for feed in opened], timeout=60
        )
        for task in pending:
            task.cancel()
        results = [task.result() for task in done]
        results += [{"received": 0, "in_order": True, "gaps": 0}] * len(pending)
        print(
            json.dumps(
                {
                    "feeds": results,
                    "seconds": time.perf_counter() - started,
                    # ru_maxrss is in kilobytes on Linux.
                    "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
