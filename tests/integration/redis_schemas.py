"""Schemas the Redis tests carry, how to collect what a feed gives, and what a stream holds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Literal, TypeVar

import msgspec
import pydantic
import redis.asyncio

from wsmessage.redis import Feed

T = TypeVar("T")


class Said(msgspec.Struct, tag=True):
    name: str
    text: str


class Failed(msgspec.Struct, tag=True):
    reason: str


class Note(pydantic.BaseModel):
    kind: Literal["note"] = "note"
    seq: int
    text: str


def said(i: int) -> Said:
    return Said("ada", f"message {i}")


def note(i: int) -> Note:
    return Note(seq=i, text=f"note {i}")


#: (schema, a value of it for each i), for tests run with both backends.
SCHEMAS: list[tuple[Any, Callable[[int], Any]]] = [(Said | Failed, said), (Note, note)]


async def take(feed: Feed[T], count: int, seconds: float = 10.0) -> list[T]:
    """The next ``count`` values of ``feed``, failing the test if they take over ``seconds``."""

    async def collect() -> list[T]:
        values: list[T] = []
        async for value in feed:
            values.append(value)
            if len(values) == count:
                break
        return values

    return await asyncio.wait_for(collect(), seconds)


async def stream_entries(client: redis.asyncio.Redis, key: str) -> list[tuple[str, dict[Any, Any]]]:
    """Every entry of the stream at ``key``: its ID as str, and its fields."""
    entries = await client.xrange(key)
    assert entries is not None
    return [
        (entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id), dict(fields or {}))
        for entry_id, fields in entries
    ]
