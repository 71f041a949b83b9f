"""Things built once per schema and kept: backends for ``json(schema)``, codecs for handlers.

Each user keeps its own dict and looks it up inline, which is as fast as a
lookup gets; :func:`cached` is what happens on a miss, so that every cache
is bounded and treats unhashable schemas alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["MAX_CACHED_SCHEMAS", "cached"]

V = TypeVar("V")

#: Schemas each cache keeps; past this, the oldest is dropped.
MAX_CACHED_SCHEMAS = 256


def cached(cache: dict[Any, V], schema: Any, build: Callable[[Any], V]) -> V:
    """``cache[schema]``, built with ``build(schema)`` and kept if it was missing.

    An unhashable schema (an ``Annotated`` alias holding a dict, say) is
    built on every call and never kept, so it never pushes a kept one out.
    """
    try:
        return cache[schema]
    except KeyError:
        pass
    except TypeError:  # unhashable
        return build(schema)
    value = build(schema)
    if len(cache) >= MAX_CACHED_SCHEMAS:
        cache.pop(next(iter(cache), None), None)
    cache[schema] = value
    return value
