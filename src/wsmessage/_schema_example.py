"""Example values built from a JSON Schema (draft-07, as AsyncAPI reads it).

:func:`given_examples` are those the schema states (pydantic's
``json_schema_extra={"examples": [...]}``); :func:`built_examples` are
made from the schema: its required properties, each from its own
examples, default, ``const``, first ``enum`` value or a plain value of its
type and format. They are candidates only: what may have no value (a
``pattern`` it cannot satisfy, a schema that nests without end) gives
none, and the caller keeps one only if the endpoint decodes it.
"""

from __future__ import annotations

import math
from typing import Any, cast

__all__ = ["built_examples", "given_examples"]

Json = dict[str, Any]

_REF_PREFIX = "#/components/schemas/"
_MAX_DEPTH = 32
# Values for the formats msgspec and pydantic write, each one they decode.
_FORMATS: dict[str, str] = {
    "date-time": "2024-05-01T12:00:00Z",
    "date": "2024-05-01",
    "time": "12:00:00",
    "duration": "PT1M",
    "uuid": "123e4567-e89b-42d3-a456-426614174000",
    "email": "ada@example.com",
    "uri": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "decimal": "1.5",
}


class _NoValue(Exception):
    """The schema gives no value this module can build."""


def given_examples(schema: Json, components: dict[str, Json]) -> list[object]:
    """The examples the schema (or the definition it refers to) states; none if it states none."""
    try:
        resolved = _resolve(schema, components, 0)
    except _NoValue:
        return []
    examples = resolved.get("examples") if isinstance(resolved, dict) else None
    return list(cast("list[object]", examples)) if isinstance(examples, list) else []


def built_examples(schema: Json, components: dict[str, Json]) -> list[object]:
    """Values made from the schema: one from its stated values, one from types alone."""
    found: list[object] = []
    for stated in (True, False):
        try:
            value = _Builder(components, stated).build(schema, 0)
        except _NoValue:
            continue
        if value not in found:
            found.append(value)
    return found


def _resolve(schema: object, components: dict[str, Json], depth: int) -> Json | bool:
    """``schema``, or the definition its ``$ref`` names, followed to the end."""
    while isinstance(schema, dict):
        node = cast("Json", schema)
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return node
        if not ref.startswith(_REF_PREFIX) or depth > _MAX_DEPTH:
            raise _NoValue
        schema = components.get(ref[len(_REF_PREFIX) :])
        depth += 1
    if isinstance(schema, bool):
        return schema
    raise _NoValue


class _Builder:
    """Builds one value; ``stated`` says whether to use the schema's examples and defaults."""

    def __init__(self, components: dict[str, Json], stated: bool) -> None:
        self.components = components
        self.stated = stated

    def build(self, schema: object, depth: int) -> object:
        if depth > _MAX_DEPTH:
            raise _NoValue
        node = _resolve(schema, self.components, depth)
        if node is True or node == {}:
            return None  # anything: null will do
        if node is False:
            raise _NoValue  # nothing at all
        if self.stated:
            examples: object = node.get("examples")
            if isinstance(examples, list) and examples:
                return cast("list[object]", examples)[0]
            if "default" in node:
                return node["default"]
        if "const" in node:
            return node["const"]
        if isinstance(node.get("enum"), list) and node["enum"]:
            return node["enum"][0]
        if "allOf" in node:
            return self.build(self._merged(node, depth), depth + 1)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(node.get(keyword), list):
                return self._first_of(node[keyword], depth)
        return self._of_type(node, depth)

    def _merged(self, node: Json, depth: int) -> Json:
        """``allOf`` as one schema: its parts' keywords, properties and requirements joined."""
        merged: Json = {key: value for key, value in node.items() if key != "allOf"}
        for part in node["allOf"]:
            resolved = _resolve(part, self.components, depth)
            if isinstance(resolved, bool):
                raise _NoValue
            for key, value in resolved.items():
                if key == "properties":
                    merged["properties"] = {**merged.get("properties", {}), **value}
                elif key == "required":
                    merged["required"] = [*merged.get("required", []), *value]
                else:
                    merged.setdefault(key, value)
        return merged

    def _first_of(self, options: list[object], depth: int) -> object:
        # null last: an example shows the value, not its absence.
        ordered = sorted(options, key=lambda option: option == {"type": "null"})
        for option in ordered:
            try:
                return self.build(option, depth + 1)
            except _NoValue:
                continue
        raise _NoValue

    def _of_type(self, node: Json, depth: int) -> object:
        kind = node.get("type")
        if isinstance(kind, list):
            kinds = [str(k) for k in cast("list[object]", kind)]
            kind = next((k for k in kinds if k != "null"), "null")
        if kind is None:
            kind = "object" if "properties" in node else "array" if "items" in node else "null"
        if kind == "object":
            return self._object(node, depth)
        if kind == "array":
            return self._array(node, depth)
        if kind == "string":
            return _string(node)
        if kind in ("integer", "number"):
            return _number(node, integer=kind == "integer")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        raise _NoValue

    def _object(self, node: Json, depth: int) -> Json:
        """The required properties, and the tags: a union's member is told by its tag."""
        properties: Json = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        tags = [name for name, schema in properties.items() if self._is_tag(schema, depth)]
        value: Json = {}
        for name in [*node.get("required", []), *tags]:
            value[name] = self.build(properties.get(name, extra), depth + 1)
        return value

    def _is_tag(self, schema: object, depth: int) -> bool:
        resolved = _resolve(schema, self.components, depth)
        if isinstance(resolved, bool):
            return False
        enum: object = resolved.get("enum")
        one_value = isinstance(enum, list) and len(cast("list[object]", enum)) == 1
        return "const" in resolved or one_value

    def _array(self, node: Json, depth: int) -> list[object]:
        items = node.get("items", True)
        if isinstance(items, list):  # a tuple, one schema per position
            return [self.build(item, depth + 1) for item in cast("list[object]", items)]
        return [self.build(items, depth + 1) for _ in range(int(node.get("minItems", 0)))]


def _string(node: Json) -> str:
    if "pattern" in node:
        raise _NoValue  # no value is known to match it
    text = _FORMATS.get(str(node.get("format", "")), "string")
    if node.get("contentEncoding") == "base64":
        text = "aGk="  # b"hi"
    low, high = int(node.get("minLength", 0)), node.get("maxLength")
    if high is not None:
        text = text[: int(high)]
    return text + "x" * max(0, low - len(text))


def _number(node: Json, *, integer: bool) -> int | float:
    """Zero, or the value nearest it that the bounds and ``multipleOf`` allow."""
    step = node.get("multipleOf") or (1 if integer else 0.5)
    low, high = node.get("minimum"), node.get("maximum")
    above, below = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    value: float = 0
    if low is not None and value < low:
        value = math.ceil(low / step) * step
    if above is not None and value <= above:
        value = (math.floor(above / step) + 1) * step
    if high is not None and value > high:
        value = math.floor(high / step) * step
    if below is not None and value >= below:
        value = (math.ceil(below / step) - 1) * step
    fits = (low is None or value >= low) and (above is None or value > above)
    if not fits or (high is not None and value > high):
        raise _NoValue
    return int(value) if integer else float(value)
