"""wsmessage._asyncapi_schemas: JSON Schema 2020-12 rewritten as AsyncAPI's draft-07 Schema Object.

Each rewrite on hand-written schemas, the keywords that cannot be
expressed, and how definitions of one name from two backends are kept.
tests/unit/test_asyncapi.py checks the same on what msgspec and pydantic
write.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from wsmessage._asyncapi_schemas import SchemaRegistry, component_key


def rewritten(schema: dict[str, Any], definitions: dict[str, Any] | None = None) -> Any:
    return SchemaRegistry().add([schema], definitions or {}, ["S"])[0]


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        # a tuple: positions, then nothing more
        ({"type": "array", "prefixItems": [{"type": "integer"}], "items": False},
         {"type": "array", "items": [{"type": "integer"}], "additionalItems": False}),
        # a tuple followed by more of a kind
        ({"prefixItems": [{"type": "integer"}], "items": {"type": "string"}},
         {"items": [{"type": "integer"}], "additionalItems": {"type": "string"}}),
        # pydantic's tuples: positions and a length, no items
        ({"prefixItems": [{"type": "integer"}], "maxItems": 1},
         {"items": [{"type": "integer"}], "maxItems": 1}),
        ({"prefixItems": [], "items": False}, {"items": False}),
        # a $ref's siblings, which draft-07 ignores, kept by allOf
        ({"$ref": "#/$defs/M", "default": "x", "description": "d"},
         {"allOf": [{"$ref": "#/components/schemas/M"}], "default": "x", "description": "d"}),
        ({"$ref": "#/$defs/M"}, {"$ref": "#/components/schemas/M"}),
        ({"dependentRequired": {"a": ["b"]}, "dependentSchemas": {"c": {"required": ["d"]}}},
         {"dependencies": {"c": {"required": ["d"]}, "a": ["b"]}}),
        ({"anyOf": [{"$ref": "#/$defs/M"}], "discriminator": {"propertyName": "type",
          "mapping": {"m": "#/$defs/M"}}},
         {"anyOf": [{"$ref": "#/components/schemas/M"}]}),
        ({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "null"},
         {"type": "null"}),
    ],
)  # fmt: skip
def test_rewrites(schema: dict[str, Any], expected: object) -> None:
    assert rewritten(schema, {"M": {"type": "string"}}) == expected


def test_rewrites_reach_every_subschema() -> None:
    tuple_of = {"prefixItems": [{"$ref": "#/$defs/M"}], "items": False}
    schema = {
        "properties": {"p": tuple_of},
        "additionalProperties": tuple_of,
        "items": tuple_of,
        "anyOf": [tuple_of],
        "not": tuple_of,
        "patternProperties": {"^x": tuple_of},
    }
    expected = {"items": [{"$ref": "#/components/schemas/M"}], "additionalItems": False}
    result = rewritten(schema, {"M": {}})
    assert result == {
        "properties": {"p": expected},
        "additionalProperties": expected,
        "items": expected,
        "anyOf": [expected],
        "not": expected,
        "patternProperties": {"^x": expected},
    }


def test_values_are_never_rewritten() -> None:
    # Properties named like keywords, and defaults and examples that hold them.
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {"discriminator": {"type": "string"}, "prefixItems": {"type": "integer"}},
        "default": {"$ref": "#/$defs/Nothing", "prefixItems": []},
        "examples": [{"discriminator": "x"}],
        "enum": [{"$schema": 1}],
    }
    assert rewritten(schema) == schema


@pytest.mark.parametrize(
    "keyword", ["unevaluatedProperties", "unevaluatedItems", "minContains", "$dynamicRef"]
)
def test_what_draft_7_cannot_express_is_a_value_error(keyword: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"S: its JSON Schema uses {keyword}, which")):
        rewritten({"properties": {"x": {keyword: 1}}})


def test_a_ref_to_an_undefined_name_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="refers to #/\\$defs/Missing, which it does not define"):
        rewritten({"$ref": "#/$defs/Missing"})


def test_definitions_are_hoisted_and_refs_rewritten() -> None:
    registry = SchemaRegistry()
    definitions: dict[str, Any] = {
        "Tree": {"properties": {"children": {"items": {"$ref": "#/$defs/Tree"}}}},
        "Leaf": {"$defs": {"Inner": {}}, "type": "string"},
    }
    schemas = registry.add([{"$ref": "#/$defs/Tree"}], definitions, ["S"])
    assert schemas == [{"$ref": "#/components/schemas/Tree"}]
    assert registry.schemas == {
        "Tree": {"properties": {"children": {"items": {"$ref": "#/components/schemas/Tree"}}}},
        "Leaf": {"type": "string"},
    }


def test_the_same_definitions_twice_are_kept_once() -> None:
    registry = SchemaRegistry()
    definitions = {"A": {"properties": {"b": {"$ref": "#/$defs/B"}}}, "B": {"type": "string"}}
    registry.add([], definitions, [])
    assert registry.add([{"$ref": "#/$defs/A"}], definitions, ["S"]) == [
        {"$ref": "#/components/schemas/A"}
    ]
    assert list(registry.schemas) == ["A", "B"]


def test_a_name_taken_by_another_definition_gets_a_suffix_and_its_refs_follow() -> None:
    registry = SchemaRegistry()
    a = {"properties": {"b": {"$ref": "#/$defs/B"}}}
    registry.add([], {"A": a, "B": {"type": "string"}}, [])
    # The same A, but a different B: A cannot be shared either, since it
    # would then refer to the first B.
    second = {"A": a, "B": {"type": "integer"}}
    assert registry.add([{"$ref": "#/$defs/A"}], second, ["S"]) == [
        {"$ref": "#/components/schemas/A_2"}
    ]
    assert registry.schemas["A_2"] == {"properties": {"b": {"$ref": "#/components/schemas/B_2"}}}
    assert registry.schemas["B_2"] == {"type": "integer"}
    assert registry.schemas["B"] == {"type": "string"}


def test_named_schemas_are_shared_when_equal_and_suffixed_when_not() -> None:
    registry = SchemaRegistry()
    assert registry.add_named("list[int]", {"type": "array"}) == "#/components/schemas/list_int"
    assert registry.add_named("list[int]", {"type": "array"}) == "#/components/schemas/list_int"
    assert registry.add_named("list[int]", {"type": "null"}) == "#/components/schemas/list_int_2"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("join", "join"),
        ("Model-Input", "Model-Input"),
        ("app.models.User", "app.models.User"),
        ("list[app.Tree]", "list_app.Tree"),
        ("dict[str, int]", "dict_str_int"),
        ("user joined", "user_joined"),
        ("café", "caf"),
        ("/", "_"),
    ],
)
def test_component_keys_fit_asyncapis_pattern(name: str, key: str) -> None:
    assert component_key(name) == key
