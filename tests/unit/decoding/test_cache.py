"""Kept decoders and codecs (wsmessage._decoding.cache): one per schema, bounded, thread-safe."""

from __future__ import annotations

import threading
import time
from typing import Annotated, Any, Union

import msgspec
import pydantic

from wsmessage import TextMessage
from wsmessage._decoding.cache import MAX_CACHED_SCHEMAS, cached, schema_key
from wsmessage._handlers import codec_for_schema


class Login(pydantic.BaseModel):
    user: str


class Register(pydantic.BaseModel):
    user: str


def test_a_class_is_kept_under_itself() -> None:
    assert schema_key(Login) is Login


def test_equal_schemas_in_another_order_get_other_keys() -> None:
    assert Union[Login, Register] == Union[Register, Login]  # noqa: UP007 (typing says so)
    assert schema_key(Union[Login, Register]) != schema_key(Union[Register, Login])  # noqa: UP007
    assert schema_key(list[Login | Register]) != schema_key(list[Register | Login])
    assert schema_key(list[Login | Register]) == schema_key(list[Login | Register])


def test_handlers_keep_one_codec_per_order() -> None:
    first = codec_for_schema(Login | Register)
    second = codec_for_schema(Register | Login)
    assert first is not second
    assert first is codec_for_schema(Login | Register)
    assert type(second.decode(TextMessage('{"user": "ada"}'))) is Register


def test_an_unhashable_schema_is_built_every_time_and_never_kept() -> None:
    cache: dict[Any, object] = {}
    schema = Annotated[int, {"unhashable": []}]
    built: list[object] = []

    def build(schema: object) -> object:
        built.append(schema)
        return object()

    first = cached(cache, schema, build)
    second = cached(cache, schema, build)
    assert first is not second
    assert len(built) == 2
    assert cache == {}


def test_threads_sharing_a_cache_past_its_bound_never_fail_and_keep_it_bounded() -> None:
    # Eviction used to iterate the dict while other threads changed it:
    # "dictionary changed size during iteration" within a fraction of a second.
    cache: dict[Any, tuple[str, object]] = {}
    schemas = [Annotated[int, msgspec.Meta(ge=-i)] for i in range(MAX_CACHED_SCHEMAS * 3)]
    failures: list[BaseException] = []
    stop = time.monotonic() + 1.0

    def hammer(offset: int) -> None:
        try:
            index = offset
            while time.monotonic() < stop:
                schema = schemas[index % len(schemas)]
                assert cached(cache, schema, lambda s: ("built", s))[1] is schema
                assert len(cache) <= MAX_CACHED_SCHEMAS
                index += 7
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=hammer, args=(n * 97,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert 0 < len(cache) <= MAX_CACHED_SCHEMAS
