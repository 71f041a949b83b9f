"""Schemas the Redis tests carry, and how to collect what a feed gives."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Literal, TypeVar

import msgspec
import pydantic

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
