"""What the tests check in an AsyncAPI document, beyond the official JSON Schema.

- :func:`official_errors`: the document against AsyncAPI 3.0.0's own JSON
  Schema (draft-07), offline: the schema embeds every definition it uses.
- :func:`refs` and :func:`resolve`: every ``$ref`` in it, and what one names.
- :func:`payload_validator`: a draft-07 validator for a message's payload,
  whose references resolve inside the document.
- :func:`operation_payloads`: the payload schemas an operation lists.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, Protocol, cast

from jsonschema import Draft7Validator, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

__all__ = [
    "OFFICIAL_SCHEMA",
    "Validator",
    "official_errors",
    "operation_payloads",
    "payload_validator",
    "refs",
    "resolve",
]

OFFICIAL_SCHEMA = Path(__file__).with_name("asyncapi-3.0.0.json")
_DOCUMENT_URI = "urn:wsmessage:asyncapi"


class Validator(Protocol):
    """What the tests use of a jsonschema validator, for any JSON value."""

    def is_valid(self, instance: Any) -> bool: ...
    def iter_errors(self, instance: Any) -> Iterator[ValidationError]: ...


@cache
def _official() -> Validator:
    schema: dict[str, Any] = json.loads(OFFICIAL_SCHEMA.read_text())
    return cast("Validator", Draft7Validator(schema))


def official_errors(document: dict[str, Any]) -> list[str]:
    """Where and why ``document`` breaks the official AsyncAPI 3.0.0 JSON Schema; [] if valid.

    An error under a ``oneOf`` (a Reference or a Channel, say) is told by
    what failed in each branch.
    """
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message[:300]}"
        for found in _official().iter_errors(document)
        for error in _leaves(found)
    ]


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    if not error.context:
        yield error
    for inner in error.context:
        yield from _leaves(inner)


def refs(value: object) -> Iterator[str]:
    """Every ``$ref`` in ``value``, at any depth."""
    if isinstance(value, dict):
        for key, item in cast("dict[str, object]", value).items():
            if key == "$ref" and isinstance(item, str):
                yield item
            else:
                yield from refs(item)
    elif isinstance(value, list):
        for item in cast("list[object]", value):
            yield from refs(item)


def resolve(document: dict[str, Any], ref: str) -> Any:
    """What the local reference ``ref`` (``#/a/b``) names in ``document``; KeyError if nothing."""
    assert ref.startswith("#/"), ref
    found: Any = document
    for part in ref[2:].split("/"):
        found = found[part.replace("~1", "/").replace("~0", "~")]
    return found


def payload_validator(document: dict[str, Any], payload: dict[str, Any]) -> Validator:
    """A draft-07 validator of ``payload`` (a message's), its references read in ``document``."""
    resource: Resource[Any] = Resource.from_contents(document, default_specification=DRAFT7)
    registry = Registry[Any]().with_resource(_DOCUMENT_URI, resource)
    schema = {"$ref": _DOCUMENT_URI + payload["$ref"]} if "$ref" in payload else payload
    return cast("Validator", Draft7Validator(schema, registry=registry))


def operation_payloads(document: dict[str, Any], operation: str) -> list[dict[str, Any]]:
    """The payload schemas of the messages ``operation`` lists, in its order."""
    payloads: list[dict[str, Any]] = []
    for reference in document["operations"][operation]["messages"]:
        message = resolve(document, reference["$ref"])
        while "$ref" in message:
            message = resolve(document, message["$ref"])
        payloads.append(message["payload"])
    return payloads
