"""JSON Schema (draft 2020-12) of a schema, whichever backend decodes it, and its members.

:func:`json_schema` asks the backend that decodes the schema:
``msgspec.json.schema`` for msgspec-backed schemas, pydantic's
``TypeAdapter.json_schema`` for those that hold pydantic models. Both write
draft 2020-12 with shared definitions under ``$defs``, referenced as
``#/$defs/Name``. :func:`members` lists a union's members with the name
each message goes by: its tag where it has one, else its class name.
"""

from __future__ import annotations

import typing
from typing import Any, Literal, TypeGuard, cast

import msgspec

from ._decoding.backend import schema_name
from ._decoding.choice import uses_pydantic

__all__ = ["DRAFT_2020_12", "is_class", "json_schema", "members"]

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

Mode = Literal["validation", "serialization"]


def json_schema(schema: object, mode: Mode = "validation") -> dict[str, Any]:
    """The JSON Schema of ``schema``, with definitions under ``$defs``; no ``$schema`` key.

    ``mode`` matters for pydantic only: what it accepts ("validation") or
    what it writes ("serialization"). A schema the backend cannot describe
    is a TypeError naming it.
    """
    try:
        if uses_pydantic(schema):
            import pydantic

            result = pydantic.TypeAdapter[Any](cast(Any, schema)).json_schema(mode=mode)
        else:
            result = msgspec.json.schema(schema)
    except Exception as exc:
        detail = str(exc).strip().split("\n", 1)[0]
        raise TypeError(f"no JSON schema for {schema_name(schema)}: {detail}") from exc
    return dict(result)


def _strip_annotated(schema: object) -> tuple[object, tuple[object, ...]]:
    """``schema`` without ``Annotated``, and the metadata it carried."""
    metadata: tuple[object, ...] = ()
    while typing.get_origin(schema) is typing.Annotated:
        args = typing.get_args(schema)
        schema, metadata = args[0], metadata + tuple(args[1:])
    return schema, metadata


def _is_union(schema: object) -> bool:
    import types

    return typing.get_origin(schema) in (typing.Union, types.UnionType)


def _discriminator(metadata: tuple[object, ...]) -> str | None:
    """The field a pydantic ``Field(discriminator=...)`` names, if any."""
    for item in metadata:
        discriminator = getattr(item, "discriminator", None)
        if isinstance(discriminator, str):
            return discriminator
    return None


def _literal_of(member: object, field: str) -> str | None:
    """The value of ``member``'s ``Literal`` field ``field``: a pydantic union's tag."""
    try:
        hints = typing.get_type_hints(member, include_extras=True)
    except Exception:
        return None
    annotation, _ = _strip_annotated(hints.get(field))
    if typing.get_origin(annotation) is Literal:
        return str(typing.get_args(annotation)[0])
    return None


def is_class(member: object) -> TypeGuard[type]:
    """Whether ``member`` is a plain class, which values are instances of.

    Not ``list[Join]``, which Python 3.10 still counts as a type.
    """
    return isinstance(member, type) and typing.get_origin(member) is None


def _name(member: object, discriminator: str | None) -> str:
    config = getattr(member, "__struct_config__", None)
    if config is not None and config.tag is not None:  # a tagged msgspec Struct
        return str(config.tag)
    if discriminator is not None:
        tag = _literal_of(member, discriminator)
        if tag is not None:
            return tag
    if is_class(member):
        return member.__name__
    return schema_name(member)


def members(schema: object) -> list[tuple[str, object]]:
    """Each member of a union schema with its message name; one pair for any other schema.

    The name is the member's tag where it has one (a tagged msgspec Struct's
    ``tag``, the ``Literal`` value of a pydantic discriminated union's
    field), else its class name. ``Annotated`` wrappers are looked through,
    and unions in unions are flattened.
    """
    inner, metadata = _strip_annotated(schema)
    if not _is_union(inner):
        return [(_name(inner, None), inner)]
    discriminator = _discriminator(metadata)
    found: list[tuple[str, object]] = []
    for arg in typing.get_args(inner):
        member, _ = _strip_annotated(arg)
        if _is_union(member):
            found.extend(members(member))
        else:
            found.append((_name(member, discriminator), member))
    return found
