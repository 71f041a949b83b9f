"""The payload schemas of an AsyncAPI document agree with the endpoint they describe.

For every endpoint of tests/asyncapi/protocols.py:

- values of what it receives, encoded by its client, validate (with
  jsonschema) against exactly one payload schema of the channel's receive
  operation; values of what it sends, encoded by it, against exactly one of
  its send operation's;
- payloads it refuses for a schema reason (a ValidationError) validate
  against none of its receive operation's schemas.

Two differences between JSON Schema and the decoders are left out of the
generated payloads, as the how-to says: JSON Schema cannot tell ``1.0``
from ``1`` (msgspec refuses ``1.0`` for an int), and it bounds no number
(the decoders refuse numbers beyond a float's range).
"""

from __future__ import annotations

import json
import typing
from typing import Any, cast

import msgspec
import pytest
from hypothesis import given, reject, settings, strategies as st

from wsmessage import BinaryMessage, Endpoint, MessageError, TextMessage, ValidationError
from wsmessage.asyncapi import document

from ..asyncapi import protocols
from ..asyncapi.checks import Validator, operation_payloads, payload_validator
from ..asyncapi.protocols import ALL


def _struct(cls: type[msgspec.Struct]) -> st.SearchStrategy[Any]:
    """Every field drawn, defaults included: hypothesis reads msgspec's default factories
    as values."""
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = {name: st.from_type(hints[name]) for name in cls.__struct_fields__}
    return st.builds(cls, **fields)


def _deferred_struct(cls: type[msgspec.Struct]) -> st.SearchStrategy[Any]:
    """``_struct(cls)``, built when first drawn: the Structs refer to each other."""

    def definition() -> st.SearchStrategy[Any]:
        return _struct(cls)

    return st.deferred(definition)


for _name in dir(protocols):
    _cls = getattr(protocols, _name)
    if isinstance(_cls, type) and issubclass(_cls, msgspec.Struct) and _cls is not msgspec.Struct:
        st.register_type_strategy(_cls, _deferred_struct(_cls))
# Small trees: what matters is that they nest, not that they are big.
st.register_type_strategy(
    protocols.Tree,
    st.recursive(
        st.builds(protocols.Tree, label=st.text(max_size=3), children=st.just([])),
        lambda trees: st.builds(
            protocols.Tree, label=st.text(max_size=3), children=st.lists(trees, max_size=3)
        ),
        max_leaves=6,
    ),
)


# Each property runs once per endpoint: nine endpoints share the example budget.
_profile: Any = settings()  # some hypothesis versions leave its attributes untyped
per_endpoint = settings(max_examples=max(10, int(_profile.max_examples) // 2))


def values_of(schema: object) -> st.SearchStrategy[Any]:
    """Values of a schema, as hypothesis builds them from its type."""
    return st.from_type(cast(Any, schema))


def payload_of(message: TextMessage | BinaryMessage) -> object:
    if isinstance(message, BinaryMessage):
        return msgspec.msgpack.decode(message.data)
    return json.loads(message.data)


def frame(endpoint: Endpoint[Any, Any], payload: object) -> TextMessage | BinaryMessage:
    if endpoint.format == "msgpack":
        return BinaryMessage(msgspec.msgpack.encode(payload))
    return TextMessage(json.dumps(payload))


_DOCUMENTS: dict[str, dict[str, Any]] = {}
_VALIDATORS: dict[tuple[str, str], list[Validator]] = {}


def document_of(endpoint: Endpoint[Any, Any]) -> dict[str, Any]:
    """The endpoint's document, made once."""
    if endpoint.path not in _DOCUMENTS:
        _DOCUMENTS[endpoint.path] = document(endpoint, title="t", version="1")
    return _DOCUMENTS[endpoint.path]


def validators(endpoint: Endpoint[Any, Any], action: str) -> list[Validator]:
    """Validators of the payloads of the endpoint's ``receive`` or ``send`` operation."""
    key = (endpoint.path, action)
    if key not in _VALIDATORS:
        doc = document_of(endpoint)
        channel = next(iter(doc["channels"]))
        payloads = operation_payloads(doc, f"{action}_{channel}")
        _VALIDATORS[key] = [payload_validator(doc, payload) for payload in payloads]
    return _VALIDATORS[key]


def encoded(endpoint: Endpoint[Any, Any], value: object) -> object:
    """The payload ``endpoint`` writes for ``value``, if its peer reads it back; else rejected.

    A value of the schema's types may still break its constraints (an
    empty ``min_length=1`` string, a NaN): no endpoint sends or takes it.
    """
    try:
        message = endpoint.encode(value)
        endpoint.client.decode(message)
    except (MessageError, TypeError, ValueError, OverflowError):
        reject()
    return payload_of(message)


@pytest.mark.parametrize("action", ["receive", "send"])
@pytest.mark.parametrize("endpoint", ALL, ids=lambda endpoint: endpoint.path)
@per_endpoint
@given(data=st.data())
def test_what_an_endpoint_exchanges_fits_exactly_one_schema_of_its_operation(
    endpoint: Endpoint[Any, Any], action: str, data: st.DataObject
) -> None:
    # What the server receives, its client writes; what it sends, it writes.
    writer = endpoint.client if action == "receive" else endpoint
    payload = encoded(writer, data.draw(values_of(writer.sends)))
    fits = [validator.is_valid(payload) for validator in validators(endpoint, action)]
    assert fits.count(True) == 1, payload


# --- payloads the endpoint refuses ----------------------------------------------------------


def _words(doc: dict[str, Any]) -> list[str]:
    """The property names and string tags of a document's schemas: keys a near miss uses."""
    words: set[str] = set()
    stack: list[object] = [doc["components"]["schemas"]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            schema = cast("dict[str, Any]", node)
            if isinstance(schema.get("properties"), dict):
                words.update(str(name) for name in schema["properties"])
            tags = [*schema.get("enum", []), schema.get("const")]
            words.update(tag for tag in tags if isinstance(tag, str))
            stack.extend(schema.values())
        elif isinstance(node, list):
            stack.extend(cast("list[object]", node))
    return sorted(words)


def _json_values(words: list[str]) -> st.SearchStrategy[object]:
    keys = st.sampled_from([*words, "type"])
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**63), 2**64 - 1),
        st.floats(-1e300, 1e300, allow_nan=False).filter(lambda f: not f.is_integer()),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=5),
        keys,
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(keys | st.text(max_size=2), inner, max_size=4),
        ),
        max_leaves=12,
    )


@st.composite
def _near_misses(draw: st.DrawFn, endpoint: Endpoint[Any, Any], words: list[str]) -> object:
    """A payload the endpoint accepts, with one value changed or dropped; or any JSON value."""
    anything = _json_values(words)
    if draw(st.booleans()):
        return draw(anything)
    payload = encoded(endpoint.client, draw(values_of(endpoint.receives)))
    containers: list[Any] = []
    stack: list[object] = [payload]
    while stack:  # every dict and list in the payload
        node = stack.pop()
        if isinstance(node, dict):
            containers.append(node)
            stack.extend(cast("dict[str, object]", node).values())
        elif isinstance(node, list):
            containers.append(node)
            stack.extend(cast("list[object]", node))
    if not containers:
        return draw(anything)
    target = draw(st.sampled_from(containers))
    if isinstance(target, dict):
        keys: list[Any] = list(cast("dict[str, object]", target))
    else:
        keys = list(range(len(target)))
    if not keys:
        return draw(anything)
    key = draw(st.sampled_from(keys))
    if draw(st.booleans()):
        target[key] = draw(anything)
    else:
        del target[key]
    return payload


@pytest.mark.parametrize("endpoint", ALL, ids=lambda endpoint: endpoint.path)
@per_endpoint
@given(data=st.data())
def test_what_an_endpoint_refuses_fits_no_receive_schema(
    endpoint: Endpoint[Any, Any], data: st.DataObject
) -> None:
    words = _words(document_of(endpoint))
    payload = data.draw(_near_misses(endpoint, words))
    try:
        endpoint.decode(frame(endpoint, payload))
    except ValidationError:
        fits = [validator.is_valid(payload) for validator in validators(endpoint, "receive")]
        assert not any(fits), payload


def test_integral_floats_are_the_known_difference() -> None:
    # Why the payloads above hold no 1.0: msgspec refuses it for an int,
    # which JSON Schema cannot say.
    (validator,) = validators(protocols.numbers, "receive")
    assert validator.is_valid(1.0)
    with pytest.raises(ValidationError):
        protocols.numbers.decode(TextMessage("1.0"))
