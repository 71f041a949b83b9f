"""wsmessage._schema_example: example values built from a draft-07 schema.

Each value is checked with jsonschema against the schema it was built
from; schemas no value is known for give none.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from jsonschema import Draft7Validator

from wsmessage._schema_example import built_examples, given_examples

from ..asyncapi.checks import Validator

REF = "#/components/schemas/"


def valid(schema: dict[str, Any], value: object, components: dict[str, Any]) -> bool:
    root = {**schema, "components": {"schemas": components}}
    validator = cast("Validator", Draft7Validator(root))
    return validator.is_valid(value)


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, "string"),
        ({"type": "string", "maxLength": 3}, "str"),
        ({"type": "string", "minLength": 8}, "stringxx"),
        ({"type": "string", "format": "date-time"}, "2024-05-01T12:00:00Z"),
        ({"type": "string", "format": "uuid"}, "123e4567-e89b-42d3-a456-426614174000"),
        ({"type": "string", "contentEncoding": "base64"}, "aGk="),
        ({"type": "integer"}, 0),
        ({"type": "integer", "minimum": 3}, 3),
        ({"type": "integer", "exclusiveMinimum": 3}, 4),
        ({"type": "integer", "maximum": -2}, -2),
        ({"type": "integer", "exclusiveMaximum": -2}, -3),
        ({"type": "integer", "minimum": 1, "multipleOf": 5}, 5),
        ({"type": "number", "exclusiveMinimum": 0}, 0.5),
        ({"type": "number"}, 0.0),
        ({"type": "boolean"}, True),
        ({"type": "null"}, None),
        ({"type": ["null", "integer"]}, 0),
        ({"enum": ["b", "a"]}, "b"),
        ({"const": 7}, 7),
        ({"anyOf": [{"type": "null"}, {"type": "integer"}]}, 0),
        ({"oneOf": [{"type": "string", "pattern": "x"}, {"type": "integer"}]}, 0),
        ({"type": "array", "items": {"type": "integer"}, "minItems": 2}, [0, 0]),
        ({"type": "array", "items": [{"type": "integer"}, {"type": "string"}],
          "additionalItems": False}, [0, "string"]),
        ({"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
          "required": ["a"]}, {"a": 0}),
        # tags are kept even when not required: a union's member is told by them
        ({"type": "object", "properties": {"kind": {"const": "k", "default": "k"}}}, {"kind": "k"}),
        ({"type": "object", "properties": {"kind": {"enum": ["k"]}}}, {"kind": "k"}),
        ({"allOf": [{"$ref": REF + "Named"}], "description": "d"}, {"n": 0}),
        ({"allOf": [{"required": ["a"]}, {"properties": {"a": {"type": "integer"}}}]}, {"a": 0}),
        ({"$ref": REF + "Named"}, {"n": 0}),
        ({}, None),
        ({"properties": {"x": {"type": "null"}}, "required": ["x"]}, {"x": None}),
    ],
)  # fmt: skip
def test_values_built_from_types(schema: dict[str, Any], expected: object) -> None:
    components = {"Named": {"type": "object", "properties": {"n": {"type": "integer"}},
                            "required": ["n"]}}  # fmt: skip
    built = built_examples(schema, components)
    assert built[-1] == expected
    assert all(valid(schema, value, components) for value in built)


def test_stated_values_come_first() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": "integer", "examples": [42]},
            "b": {"type": "string", "default": "hello"},
        },
        "required": ["a", "b"],
    }
    assert built_examples(schema, {}) == [{"a": 42, "b": "hello"}, {"a": 0, "b": "string"}]


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "pattern": "^[A-Z]+$"},
        {"type": "integer", "minimum": 5, "maximum": 4},
        False,
        {"$ref": REF + "Missing"},
        {"$ref": "https://example.com/schema"},
        {"anyOf": [False, {"type": "string", "pattern": "x"}]},
        {"type": "array", "items": False, "minItems": 1},
        {"type": "object", "properties": {"x": {"type": "string", "pattern": "."}},
         "required": ["x"]},
        {"type": "frobnicate"},
    ],
)  # fmt: skip
def test_no_value_where_none_is_known(schema: Any) -> None:
    assert built_examples(schema, {}) == []


def test_recursion_without_end_gives_no_value() -> None:
    components = {"Loop": {"type": "object", "properties": {"next": {"$ref": REF + "Loop"}},
                           "required": ["next"]}}  # fmt: skip
    assert built_examples({"$ref": REF + "Loop"}, components) == []
    cycle = {"A": {"$ref": REF + "B"}, "B": {"$ref": REF + "A"}}
    assert built_examples({"$ref": REF + "A"}, cycle) == []


def test_recursion_with_an_end_gives_a_value() -> None:
    components = {"Tree": {"type": "object", "properties": {
        "label": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": REF + "Tree"}},
    }, "required": ["label", "children"]}}  # fmt: skip
    assert built_examples({"$ref": REF + "Tree"}, components) == [
        {"label": "string", "children": []}
    ]


def test_given_examples_are_the_schemas_own() -> None:
    components = {"M": {"type": "object", "examples": [{"a": 1}, {"a": 2}]}}
    assert given_examples({"$ref": REF + "M"}, components) == [{"a": 1}, {"a": 2}]
    assert given_examples({"type": "object"}, components) == []
    assert given_examples({"$ref": REF + "Missing"}, components) == []
