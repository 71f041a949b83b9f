"""JSON Schema 2020-12, as msgspec and pydantic write it, as AsyncAPI 3.0's Schema Object.

AsyncAPI's Schema Object is a superset of JSON Schema draft-07, which reads
some of 2020-12's keywords differently or not at all. :class:`SchemaRegistry`
takes the schemas a backend wrote, with their ``$defs``, and keeps them for
``components/schemas``:

- definitions are hoisted from ``$defs`` and every ``$ref`` rewritten to
  ``#/components/schemas/Name``; a name taken by a different definition
  (another backend's class of the same name) gets a suffix: ``User_2``;
- ``prefixItems`` (a tuple) becomes draft-07's ``items`` array, and the
  ``items`` beside it (``false``: nothing more) ``additionalItems``;
- a ``$ref`` with siblings, which draft-07 ignores, is wrapped:
  ``{"allOf": [{"$ref": ...}], "default": ...}``;
- ``dependentRequired`` and ``dependentSchemas`` become ``dependencies``;
- OpenAPI's ``discriminator`` object, which msgspec and pydantic add to
  tagged unions, is dropped: AsyncAPI's ``discriminator`` is a property
  name with other rules, and each member's ``const`` or ``enum`` tag
  already tells them apart.

A keyword draft-07 has no way to say (``unevaluatedProperties``,
``$dynamicRef``, ...) is a ValueError.
"""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["COMPONENT_SCHEMAS", "SchemaRegistry", "component_key"]

COMPONENT_SCHEMAS = "#/components/schemas/"
_DEFS = "#/$defs/"
# The names AsyncAPI allows as keys of components (its JSON Schema's
# pattern, with \w read as ASCII, as JavaScript reads it).
_KEY = re.compile(r"[A-Za-z0-9._-]+")
_NOT_KEY = re.compile(r"[^A-Za-z0-9._-]+")
# Keywords of 2019-09 and 2020-12 that draft-07 has no way to say.
_INEXPRESSIBLE = (
    "unevaluatedProperties",
    "unevaluatedItems",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
)
# Keywords of 2020-12 that only annotate, and that draft-07 does not know.
_DROPPED = ("$schema", "$vocabulary", "$anchor", "contentSchema", "discriminator")

Json = dict[str, Any]


def component_key(name: str) -> str:
    """``name`` as a key of AsyncAPI's components: runs of other characters become ``_``."""
    key = _NOT_KEY.sub("_", name).strip("_")
    return key or "_"


class SchemaRegistry:
    """``components/schemas``, filled from what the backends wrote."""

    def __init__(self) -> None:
        self.schemas: dict[str, Json] = {}

    def add(self, schemas: list[Json], definitions: Json, labels: list[str]) -> list[Json]:
        """Hoist ``definitions``; ``schemas``, rewritten. ``labels`` name the schemas in errors."""
        renames = self._names_for(definitions)
        for name, definition in definitions.items():
            if renames[name] not in self.schemas:
                self.schemas[renames[name]] = _draft7(definition, renames, f"schema {name}")
        pairs = zip(schemas, labels, strict=True)
        return [_draft7(schema, renames, label) for schema, label in pairs]

    def add_named(self, name: str, schema: Json) -> str:
        """Keep ``schema`` (rewritten) under ``name``, or a free name like it; its ref."""
        key = component_key(name)
        if self.schemas.get(key) != schema:
            key = self._free(key, set())
            self.schemas[key] = schema
        return COMPONENT_SCHEMAS + key

    def _names_for(self, definitions: Json) -> dict[str, str]:
        """The name each definition takes: its own, unless another definition holds it.

        The definitions already kept that share names with these are reused
        only if all of them are the same; else all of these are renamed.
        Definitions refer to each other by name, so reusing some but not
        others could join schemas that differ.
        """
        # The backends' names are keys already (both keep [A-Za-z0-9._-]).
        keys = {name: component_key(name) for name in definitions}
        taken = [name for name, key in keys.items() if key in self.schemas]
        same = all(
            _draft7(definitions[name], keys, name) == self.schemas[keys[name]] for name in taken
        )
        if not same:
            reserved = set(keys.values())
            for name in taken:
                keys[name] = self._free(keys[name], reserved)
                reserved.add(keys[name])
        return keys

    def _free(self, key: str, reserved: set[str]) -> str:
        candidate, number = key, 1
        while candidate in self.schemas or candidate in reserved:
            number += 1
            candidate = f"{key}_{number}"
        return candidate


def _draft7(schema: object, renames: dict[str, str], what: str) -> Any:
    """``schema`` with every rewrite of the module docstring made; a new object.

    Only schemas are rewritten, never values: a property named
    ``discriminator`` or a default holding ``$ref`` stays as it is.
    """
    if not isinstance(schema, dict):
        return schema  # true, false
    node: Json = {}
    for keyword, value in cast("Json", schema).items():
        if keyword in _SCHEMA_KEYWORDS and not isinstance(value, list):
            node[keyword] = _draft7(value, renames, what)
        elif keyword in _SCHEMA_LIST_KEYWORDS and isinstance(value, list):
            node[keyword] = [_draft7(item, renames, what) for item in cast("list[object]", value)]
        elif keyword in _SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
            node[keyword] = {
                name: _draft7(item, renames, what) for name, item in cast("Json", value).items()
            }
        else:
            node[keyword] = value
    return _rewrite(node, renames, what)


# Where a schema holds schemas: one, a list, a map of them ("items" is one
# in 2020-12 and may be a list in draft-07; "dependencies" maps to a schema
# or to a list of names, which is left alone).
_SCHEMA_KEYWORDS = frozenset(
    ("additionalItems", "additionalProperties", "contains", "contentSchema", "else", "if", "items",
     "not", "propertyNames", "then", "unevaluatedItems", "unevaluatedProperties")
)  # fmt: skip
_SCHEMA_LIST_KEYWORDS = frozenset(("allOf", "anyOf", "oneOf", "prefixItems", "items"))
_SCHEMA_MAP_KEYWORDS = frozenset(
    ("$defs", "definitions", "dependencies", "dependentSchemas", "patternProperties", "properties")
)


def _rewrite(node: Json, renames: dict[str, str], what: str) -> Json:
    """One schema's own rewrites, its subschemas being done."""
    for keyword in _INEXPRESSIBLE:
        if keyword in node:
            raise ValueError(
                f"{what}: its JSON Schema uses {keyword}, which AsyncAPI 3.0 "
                "(JSON Schema draft-07) cannot express"
            )
    node = {key: value for key, value in node.items() if key not in _DROPPED}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_DEFS):
        name = ref[len(_DEFS) :]
        if name not in renames:
            raise ValueError(f"{what}: its JSON Schema refers to {ref}, which it does not define")
        node["$ref"] = COMPONENT_SCHEMAS + renames[name]
    if "prefixItems" in node:
        node = _tuple(node)
    dependencies = {**node.pop("dependentSchemas", {}), **node.pop("dependentRequired", {})}
    if dependencies:
        node["dependencies"] = {**node.get("dependencies", {}), **dependencies}
    if "$ref" in node and len(node) > 1:
        reference = {"$ref": node.pop("$ref")}
        node = {"allOf": [reference], **node}
    node.pop("$defs", None)  # hoisted: every ref to it now points at components
    return node


def _tuple(node: Json) -> Json:
    """``prefixItems`` as draft-07's ``items`` array; what followed it, ``additionalItems``."""
    node = dict(node)
    prefix = node.pop("prefixItems")
    rest = node.pop("items", None)
    if prefix:
        node["items"] = prefix
        if rest is not None:
            node["additionalItems"] = rest
    elif rest is not None:
        node["items"] = rest
    return node
