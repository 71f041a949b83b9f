"""Whatever other clients write where a hub reads, a feed yields the schema's type or counts it.

Hypothesis writes raw payloads and raw stream entries through a plain
redis-py client into a real redis-server; the feed must yield exactly the
entries that decode into the schema, in order, and count every other one
as invalid, never failing with anything else.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import msgspec
import redis.asyncio
from hypothesis import HealthCheck, given, settings, strategies as st

from wsmessage import MessageError
from wsmessage.redis import RedisHub

from .conftest import within
from .redis_schemas import Failed, Said, take
from .redis_server import RedisServer

END = Said("end", "end")

valid_values = st.builds(Said, st.text(max_size=20), st.text(max_size=20)) | st.builds(
    Failed, st.text(max_size=20)
)
payloads = st.one_of(
    st.binary(max_size=64),
    valid_values.map(msgspec.msgpack.encode),
    valid_values.map(msgspec.json.encode),
    st.sampled_from([b"", b"\xc1", b"\x91" * 200 + b"\x00", b"\x82\xa4type\xa4Said"]),
)
field_names = st.sampled_from([b"data", b"seq", b"other"]) | st.binary(max_size=5)
seqs = st.integers(-5, 2**70).map(lambda n: str(n).encode()) | st.binary(max_size=5)
entries = st.lists(st.tuples(field_names, payloads | seqs), min_size=1, max_size=4).map(
    lambda pairs: [part for pair in pairs for part in pair]
)

EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def expected_values(hub: RedisHub[Said | Failed], raw: list[bytes]) -> list[Said | Failed]:
    values: list[Said | Failed] = []
    for data in raw:
        with contextlib.suppress(MessageError):
            values.append(hub.decode(data))
    return values


async def check_payloads(url: str, mode: Any, fmt: Any, raw: list[bytes]) -> None:
    async with redis.asyncio.Redis.from_url(url) as client:  # pyright: ignore[reportUnknownMemberType]
        hub = RedisHub(client, Said | Failed, mode=mode, format=fmt)
        key = hub.key("lobby")
        async with hub.subscribe("lobby") as feed:
            for data in raw:
                if mode == "pubsub":
                    await client.publish(key, data)  # pyright: ignore[reportUnknownMemberType]
                else:
                    await client.xadd(key, {b"data": data})
            await hub.publish("lobby", END)
            expected = expected_values(hub, raw)
            received = await take(feed, len(expected) + 1)
        await client.delete(key)
    assert received == [*expected, END]
    assert all(isinstance(value, Said | Failed) for value in received)
    assert feed.invalid == len(raw) - len(expected)


async def check_entries(url: str, raw: list[list[bytes]]) -> None:
    async with redis.asyncio.Redis.from_url(url) as client:  # pyright: ignore[reportUnknownMemberType]
        hub = RedisHub(client, Said | Failed)
        key = hub.key("lobby")
        async with hub.subscribe("lobby") as feed:
            for fields in raw:
                await client.execute_command("XADD", key, "*", *fields)  # type: ignore[no-untyped-call]  # pyright: ignore[reportUnknownMemberType]
            # Without a seq, as another client writes it: no gap is checked.
            await client.xadd(key, {b"data": hub.encode(END)})
            received: list[Said | Failed] = []
            while (value := await within(anext(feed))) != END:
                assert isinstance(value, Said | Failed)
                received.append(value)
        await client.delete(key)
    assert len(received) + feed.invalid == len(raw)


def test_raw_payloads_come_out_as_the_schema_or_counted(redis_server: RedisServer) -> None:
    @EXAMPLES
    @given(
        st.sampled_from(["streams", "pubsub"]),
        st.sampled_from(["msgpack", "json"]),
        st.lists(payloads, max_size=8),
    )
    def check(mode: str, fmt: str, raw: list[bytes]) -> None:
        asyncio.run(check_payloads(redis_server.url, mode, fmt, raw))

    check()


def test_raw_stream_entries_come_out_as_the_schema_or_counted(redis_server: RedisServer) -> None:
    @EXAMPLES
    @given(st.lists(entries, min_size=1, max_size=6))
    def check(raw: list[list[bytes]]) -> None:
        asyncio.run(check_entries(redis_server.url, raw))

    check()
