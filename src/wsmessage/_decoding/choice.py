"""Which backend reads a schema: pydantic where pydantic types are in it, msgspec otherwise.

pydantic is never imported here: without it imported by the application,
nothing can be a pydantic type, and its backend is imported only when a
schema needs it.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from collections.abc import Iterator
from typing import cast

from .backend import Backend
from .msgspec_backend import msgspec_backend

__all__ = ["json_backend", "msgpack_backend", "uses_pydantic"]


def _is_pydantic_object(obj: object) -> bool:
    # Models, pydantic dataclasses and types made for pydantic (AnyUrl, ...)
    # define one of these; Annotated metadata such as Field(...) or
    # AfterValidator(...) comes from pydantic's modules.
    if getattr(obj, "__pydantic_validator__", None) is not None:
        return True
    if getattr(obj, "__get_pydantic_core_schema__", None) is not None:
        return True
    return type(obj).__module__.partition(".")[0] in ("pydantic", "pydantic_core")


def _has_fields(schema: object) -> bool:
    """Whether ``schema`` is a dataclass, TypedDict or NamedTuple: fields pydantic reads."""
    if not isinstance(schema, type) or typing.get_args(schema):
        return False
    cls = cast("type[object]", schema)
    return (
        dataclasses.is_dataclass(cls)
        or hasattr(cls, "__required_keys__")  # TypedDict, from typing or typing_extensions
        or (tuple in cls.__mro__ and hasattr(cls, "_fields"))  # NamedTuple
    )


def _inner_types(schema: object) -> Iterator[object]:
    """The types ``schema`` is made of: arguments, metadata, fields."""
    args = typing.get_args(schema)
    if typing.get_origin(schema) is typing.Literal:
        return  # values, not types
    yield from args
    if typing.get_origin(schema) is typing.Annotated:
        return  # args already hold the type and its metadata
    try:
        for attribute in ("__value__", "__supertype__"):  # type aliases, NewType
            inner = getattr(schema, attribute, None)
            if inner is not None:
                yield inner
        if _has_fields(schema):
            yield from typing.get_type_hints(schema, include_extras=True).values()
    except Exception:  # an unresolvable name: the backend will say so
        return


def uses_pydantic(schema: object) -> bool:
    """Whether ``schema`` is, or contains, something only pydantic can validate.

    Without pydantic imported, nothing can be a pydantic model: that check
    costs one dict lookup.
    """
    if "pydantic" not in sys.modules:
        return False
    # By id, since not every type is hashable; holding each object keeps its
    # id from being reused by one that get_type_hints makes later.
    seen: dict[int, object] = {}
    todo = [schema]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen[id(current)] = current
        if _is_pydantic_object(current):
            return True
        todo.extend(_inner_types(current))
    return False


def json_backend(schema: object) -> Backend:
    """The backend that reads and writes ``schema`` as JSON."""
    if uses_pydantic(schema):
        from .pydantic_backend import pydantic_backend

        return pydantic_backend(schema, "JSON")
    return msgspec_backend(schema, "JSON")


def msgpack_backend(schema: object) -> Backend:
    """The backend that reads and writes ``schema`` as msgpack."""
    if uses_pydantic(schema):
        from .pydantic_backend import pydantic_backend

        return pydantic_backend(schema, "msgpack")
    return msgspec_backend(schema, "msgpack")
