"""Things built once per schema and kept: backends for ``json(schema)``, codecs for handlers.

Each user keeps its own dict and looks a class up in it inline, which is as
fast as a lookup gets; :func:`cached` is what happens on a miss, so that
every cache is bounded, keyed alike, and safe to share between threads.

A class is kept under itself. Any other schema is kept under its shape
with its arguments in order (:func:`schema_key`): typing holds
``Union[A, B] == Union[B, A]``, but pydantic tries a union's members in
order, so the two must never share a decoder.
"""

from __future__ import annotations

import threading
import typing
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["MAX_CACHED_SCHEMAS", "cached", "schema_key"]

V = TypeVar("V")

#: Schemas each cache keeps; past this, the oldest is dropped.
MAX_CACHED_SCHEMAS = 256

# Writers take it; readers need not (a dict lookup is atomic), and a writer
# that evicts iterates the dict while no other writer changes it.
_WRITING = threading.Lock()


def schema_key(schema: object) -> object:
    """``schema`` itself if it has no arguments, else (origin, keys of its arguments, in order).

    Equal keys mean the same schema, argument order included; the key is
    as hashable as the schema is.
    """
    args = typing.get_args(schema)
    if not args:
        return schema
    return (typing.get_origin(schema), tuple(map(schema_key, args)))


def cached(cache: dict[Any, V], schema: Any, build: Callable[[Any], V]) -> V:
    """What ``cache`` keeps for ``schema``, built with ``build(schema)`` and kept if missing.

    An unhashable schema (an ``Annotated`` alias holding a dict, say) is
    built on every call and never kept, so it never pushes a kept one out.
    Two threads that miss together may both build; one result is kept.
    """
    try:
        return cache[schema]  # kept under itself: a class, the common case
    except (KeyError, TypeError):
        pass
    key = schema_key(schema)
    try:
        return cache[key]
    except KeyError:
        pass
    except TypeError:  # unhashable
        return build(schema)
    value = build(schema)
    with _WRITING:
        while len(cache) >= MAX_CACHED_SCHEMAS:
            del cache[next(iter(cache))]
        return cache.setdefault(key, value)
