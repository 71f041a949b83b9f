"""The messages of an AsyncAPI document: one per member of what each endpoint receives and sends.

A message is named by its member's tag, else its class name (see
``_json_schema.members``), and keyed by that name in
``components/messages``. The same class met twice (in two endpoints, or
received and sent) is one message; two different members of one name are
a ValueError. A pydantic model that validates and serializes differently
(a computed field, say) is two messages, ``name-Input`` and
``name-Output``, as pydantic names its two schemas.

Each message's example is a candidate from ``_schema_example`` that the
endpoint's own decoder accepts as that member, written back as the
endpoint's encoder writes it (JSON, whatever the endpoint's format, since
the payload schema describes JSON).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from ._asyncapi_schemas import COMPONENT_SCHEMAS, SchemaRegistry, component_key
from ._decoding.backend import schema_name
from ._decoding.choice import uses_pydantic
from ._json_schema import is_class, members, shared_json_schemas
from ._safe_text import excerpt
from ._schema_example import built_examples, given_examples
from .codecs import JsonCodec
from .endpoint import Endpoint
from .errors import MessageError, ValidationError
from .messages import TextMessage

if TYPE_CHECKING:  # typing_extensions is no dependency of wsmessage's
    from typing_extensions import TypeForm

__all__ = ["Direction", "MessageCatalog"]

Json = dict[str, Any]
Direction = Literal["receives", "sends"]

_CONTENT_TYPES = {"json": "application/json", "msgpack": "application/msgpack"}
_DIRECTIONS: tuple[Direction, Direction] = ("receives", "sends")
_SUFFIXES: dict[Direction, str] = {"receives": "-Input", "sends": "-Output"}


@dataclass
class _Entry:
    """One member of what one endpoint receives or sends, and its message."""

    endpoint: Endpoint[Any, Any]
    direction: Direction
    name: str
    member: object
    pydantic: bool
    message: Json = field(default_factory=dict[str, Any])
    key: str = ""

    @property
    def label(self) -> str:
        return f"{schema_name(self.member)} ({self.direction} of {self.endpoint.path})"


class MessageCatalog:
    """The messages of ``endpoints``, their schemas, and which each endpoint uses."""

    def __init__(self, endpoints: list[Endpoint[Any, Any]]) -> None:
        self._registry = SchemaRegistry()
        self._codecs: dict[tuple[int, Direction], JsonCodec[Any]] = {}
        entries: list[_Entry] = []
        for endpoint in endpoints:
            for direction in _DIRECTIONS:
                schema = _schema_of(endpoint, direction)
                pydantic = uses_pydantic(schema)  # the union's backend decodes its members
                entries += [
                    _Entry(endpoint, direction, name, member, pydantic)
                    for name, member in _named_members(schema)
                ]
        payloads = self._payloads(entries)
        for entry, payload in zip(entries, payloads, strict=True):
            entry.message = self._message(entry, payload)
        self.messages: dict[str, Json] = _keyed(entries)
        self._entries = entries

    @property
    def schemas(self) -> dict[str, Json]:
        """``components/schemas``: every payload schema and the definitions they share."""
        return self._registry.schemas

    def keys(self, endpoint: Endpoint[Any, Any], direction: Direction) -> list[str]:
        """The keys of the messages ``endpoint`` receives or sends, in the schema's order."""
        found = [
            entry.key
            for entry in self._entries
            if entry.endpoint is endpoint and entry.direction == direction
        ]
        return list(dict.fromkeys(found))

    def _payloads(self, entries: list[_Entry]) -> list[Json]:
        """Each entry's payload, a ref into ``components/schemas``; one backend at a time."""
        payloads: dict[int, Json] = {}
        for pydantic in (False, True):
            batch = [(index, e) for index, e in enumerate(entries) if e.pydantic is pydantic]
            if not batch:
                continue
            schemas, definitions = shared_json_schemas(
                [(e.member, _mode(e.direction)) for _, e in batch], pydantic=pydantic
            )
            labels = [e.label for _, e in batch]
            rewritten = self._registry.add(schemas, definitions, labels)
            for (index, entry), schema in zip(batch, rewritten, strict=True):
                if set(schema) == {"$ref"}:
                    payloads[index] = schema
                else:  # a member that is no class: list[Join], int
                    payloads[index] = {"$ref": self._registry.add_named(entry.name, schema)}
        return [payloads[index] for index in range(len(entries))]

    def _message(self, entry: _Entry, payload: Json) -> Json:
        ref = str(payload["$ref"])
        schema = self.schemas[ref[len(COMPONENT_SCHEMAS) :]]
        message: Json = {"name": entry.name}
        if isinstance(schema.get("title"), str):
            message["title"] = schema["title"]
        summary = _first_paragraph(schema.get("description"))
        if summary:
            message["summary"] = summary
        message["contentType"] = _CONTENT_TYPES[entry.endpoint.format]
        message["payload"] = payload
        example = self._example(entry, schema)
        if example is not None:
            message["examples"] = [{"payload": example[0]}]
        return message

    def _example(self, entry: _Entry, schema: Json) -> tuple[object] | None:
        """An example payload the endpoint decodes as this member; None if none is found.

        Examples given in the schema come first; if all are refused, that
        is the class's mistake, and a ValueError.
        """
        given = given_examples(schema, self.schemas)
        found = self._first_accepted(entry, given)
        if isinstance(found, MessageError):
            raise ValueError(
                f"{entry.label}: its example {excerpt(json.dumps(given[0]))} "
                f"is refused: {found.reason}"
            )
        if found is None:
            found = self._first_accepted(entry, built_examples(schema, self.schemas))
        return found if isinstance(found, tuple) else None

    def _first_accepted(
        self, entry: _Entry, candidates: list[object]
    ) -> tuple[object] | MessageError | None:
        """The first candidate accepted, as written; else the first refusal; None if none."""
        refusal: MessageError | None = None
        for candidate in candidates:
            try:
                return (self._accepted(entry, candidate),)
            except MessageError as exc:
                refusal = refusal or exc
        return refusal

    def _accepted(self, entry: _Entry, candidate: object) -> object:
        """``candidate`` as the endpoint writes it, if it decodes it as the entry's member.

        A refusal is the codec's MessageError, or a ValidationError if the
        candidate decodes as another member.
        """
        codec = self._codec(entry)
        value = codec.decode(TextMessage(json.dumps(candidate)))
        if not _is_member(value, entry.member):
            raise ValidationError(f"decodes as {type(cast(object, value)).__name__}")
        written: object = json.loads(codec.encode(value).data)
        if entry.direction == "sends":
            return written  # what the server sends
        try:  # what a client sends: the canonical form, if it reads back
            codec.decode(TextMessage(json.dumps(written)))
        except MessageError:
            return candidate
        return written

    def _codec(self, entry: _Entry) -> JsonCodec[Any]:
        key = (id(entry.endpoint), entry.direction)
        if key not in self._codecs:
            self._codecs[key] = JsonCodec(_schema_of(entry.endpoint, entry.direction))
        return self._codecs[key]


def _schema_of(endpoint: Endpoint[Any, Any], direction: Direction) -> TypeForm[Any]:
    return endpoint.receives if direction == "receives" else endpoint.sends


# A module path in a type's repr: "app.models." of "list[app.models.Tree]".
_MODULE_PATH = re.compile(r"\b(?:\w+\.)+(?=\w)")


def _named_members(schema: object) -> list[tuple[str, object]]:
    """The members with their message names; ``list[Tree]``, not ``list[app.models.Tree]``."""
    return [
        (name if is_class(member) else _MODULE_PATH.sub("", name), member)
        for name, member in members(schema)
    ]


def _mode(direction: Direction) -> Literal["validation", "serialization"]:
    return "validation" if direction == "receives" else "serialization"


def _is_member(value: object, member: object) -> bool:
    if not isinstance(member, type):
        return True  # list[Join]: nothing else in the union decodes to it
    try:
        return isinstance(value, member)
    except TypeError:  # a TypedDict: the only dict-like member a union may hold
        return True


def _first_paragraph(description: object) -> str:
    if not isinstance(description, str):
        return ""
    return " ".join(description.strip().split("\n\n", 1)[0].split())


def _keyed(entries: list[_Entry]) -> dict[str, Json]:
    """``components/messages``, and each entry's key in it."""
    groups: dict[str, list[_Entry]] = {}
    for entry in entries:
        groups.setdefault(component_key(entry.name), []).append(entry)
    messages: dict[str, Json] = {}
    for key, group in groups.items():
        distinct: list[_Entry] = []
        for entry in group:
            if not any(entry.message == seen.message for seen in distinct):
                distinct.append(entry)
        suffixed = len(distinct) > 1 and _reads_and_writes_differently(distinct)
        for entry in group:
            first = next(seen for seen in distinct if seen.message == entry.message)
            entry.key = key + _SUFFIXES[first.direction] if suffixed else key
            messages[entry.key] = first.message
    return messages


def _reads_and_writes_differently(distinct: list[_Entry]) -> bool:
    """Whether these messages are one class read one way and written another; else a ValueError."""
    first = distinct[0]
    for other in distinct[1:]:
        if other.member is not first.member:
            raise ValueError(
                f"two messages are named {component_key(first.name)!r}: "
                f"{first.label} and {other.label}"
            )
        if other.message["contentType"] != first.message["contentType"]:
            raise ValueError(
                f"message {first.name!r} is {first.message['contentType']} in {first.label} "
                f"and {other.message['contentType']} in {other.label}: "
                "a message has one content type"
            )
    second = distinct[1]
    if len(distinct) > 2 or first.direction == second.direction:
        why = " (one read by msgspec, one by pydantic)" if first.pydantic != second.pydantic else ""
        raise ValueError(
            f"message {first.name!r} is described two ways, in {first.label} "
            f"and {second.label}{why}"
        )
    return True
