"""wsmessage.asyncapi.document: AsyncAPI 3.0.0 documents of endpoints.

Every document is checked against the official AsyncAPI 3.0.0 JSON Schema,
and for what that schema cannot check: references that resolve, operations
that list only their channel's messages, examples that fit their payload
schema and decode, and the rewrites from JSON Schema 2020-12 to draft-07.
tests/property/test_asyncapi_properties.py holds the payload schemas to
what the endpoints accept and refuse.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal, cast

import msgspec
import pydantic
import pytest

from wsmessage import BinaryMessage, Endpoint, TextMessage
from wsmessage.asyncapi import document

from ..asyncapi import protocols
from ..asyncapi.checks import (
    official_errors,
    operation_payloads,
    payload_validator,
    refs,
    resolve,
)
from ..asyncapi.protocols import ALL, chat, ticks

DOCUMENTS = {endpoint.path: document(endpoint, title="t", version="1") for endpoint in ALL}
DOCUMENTS["all"] = document(*ALL, title="All", version="2.1.0", description="Every kind.")
CASES = sorted(DOCUMENTS)


def walk(value: object) -> Iterator[tuple[str, object]]:
    """Every (key, value) pair of every dict in ``value``."""
    if isinstance(value, dict):
        for key, item in cast("dict[str, object]", value).items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in cast("list[object]", value):
            yield from walk(item)


def as_message(endpoint: Endpoint[Any, Any], payload: object) -> TextMessage | BinaryMessage:
    """``payload`` in a frame of the endpoint's format."""
    if endpoint.format == "msgpack":
        return BinaryMessage(msgspec.msgpack.encode(payload))
    return TextMessage(json.dumps(payload))


# --- what the official schema checks ----------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_document_is_valid_asyncapi_3(case: str) -> None:
    assert official_errors(DOCUMENTS[case]) == []


def test_the_official_schema_does_find_errors() -> None:
    broken = json.loads(json.dumps(DOCUMENTS["all"]))
    broken["channels"]["ws_chat_room"]["bindings"]["ws"]["method"] = "PUT"
    del broken["info"]["version"]
    broken["components"]["schemas"]["Join"]["discriminator"] = {"propertyName": "type"}
    errors = official_errors(broken)
    assert any("'PUT' is not one of" in error for error in errors)
    assert any("'version' is a required property" in error for error in errors)
    assert any("is not of type 'string'" in error for error in errors)


# --- what it cannot check -------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_ref_resolves(case: str) -> None:
    doc = DOCUMENTS[case]
    found = set(refs(doc))
    assert found
    for ref in found:
        assert ref.startswith(("#/components/", "#/channels/")), ref
        resolve(doc, ref)  # KeyError if it names nothing


@pytest.mark.parametrize("case", CASES)
def test_operations_list_only_their_channels_messages(case: str) -> None:
    doc = DOCUMENTS[case]
    assert len(doc["operations"]) == 2 * len(doc["channels"])
    for name, operation in doc["operations"].items():
        channel_ref = operation["channel"]["$ref"]
        channel = resolve(doc, channel_ref)
        assert name == f"{operation['action']}_{channel_ref.rsplit('/', 1)[1]}"
        for message in operation["messages"]:
            assert message["$ref"].startswith(channel_ref + "/messages/")
            assert message["$ref"].rsplit("/", 1)[1] in channel["messages"]


@pytest.mark.parametrize("case", CASES)
def test_every_message_and_schema_is_used(case: str) -> None:
    doc = DOCUMENTS[case]
    found = set(refs(doc))
    for name in doc["components"]["messages"]:
        assert f"#/components/messages/{name}" in found
    for name in doc["components"]["schemas"]:
        assert f"#/components/schemas/{name}" in found


@pytest.mark.parametrize("case", CASES)
def test_no_2020_12_keyword_is_left(case: str) -> None:
    for key, value in walk(DOCUMENTS[case]["components"]["schemas"]):
        assert key not in ("prefixItems", "$defs", "$schema", "dependentRequired")
        if key == "$ref":
            assert str(value).startswith("#/components/schemas/")


@pytest.mark.parametrize("endpoint", ALL, ids=lambda endpoint: endpoint.path)
def test_every_example_fits_its_schema_and_decodes(endpoint: Endpoint[Any, Any]) -> None:
    doc = DOCUMENTS[endpoint.path]
    channel = next(iter(doc["channels"]))
    for direction, decode in (("receive", endpoint.decode), ("send", endpoint.client.decode)):
        payloads = operation_payloads(doc, f"{direction}_{channel}")
        for reference in doc["operations"][f"{direction}_{channel}"]["messages"]:
            message = resolve(doc, resolve(doc, reference["$ref"])["$ref"])
            for example in message.get("examples", []):
                fits = [payload_validator(doc, p).is_valid(example["payload"]) for p in payloads]
                assert fits.count(True) == 1, (message["name"], example)
                decode(as_message(endpoint, example["payload"]))


def test_examples_are_found_for_every_member_here() -> None:
    without = [m["name"] for m in DOCUMENTS["all"]["components"]["messages"].values()
               if "examples" not in m]  # fmt: skip
    assert without == []


# --- channels, operations, messages, schemas -------------------------------------------------


def test_a_channel_per_endpoint_with_its_path_parameters_and_ws_binding() -> None:
    channels = DOCUMENTS["all"]["channels"]
    assert list(channels) == [
        "ws_chat_room", "ws_auth", "ws_chess_game_player", "ws_editor", "ws_ticks",
        "ws_trees", "ws_numbers", "ws_echo", "ws_stamps",
    ]  # fmt: skip
    game = channels["ws_chess_game_player"]
    assert game["address"] == "/ws/chess/{game}/{player}"
    assert game["parameters"] == {"game": {}, "player": {}}
    assert game["bindings"] == {"ws": {"method": "GET", "bindingVersion": "0.1.0"}}
    assert "parameters" not in channels["ws_auth"]
    assert channels["ws_chat_room"]["title"] == "Chat"
    assert channels["ws_chat_room"]["description"] == "One room per path."


def test_operations_are_the_servers_view() -> None:
    doc = DOCUMENTS["/ws/chat/{room}"]
    operations = doc["operations"]
    receive, send = operations["receive_ws_chat_room"], operations["send_ws_chat_room"]
    assert (receive["action"], send["action"]) == ("receive", "send")
    assert [m["$ref"].rsplit("/", 1)[1] for m in receive["messages"]] == ["join", "say"]
    assert [m["$ref"].rsplit("/", 1)[1] for m in send["messages"]] == ["welcome", "said"]


def test_messages_are_named_by_tag_else_class_name() -> None:
    messages = DOCUMENTS["all"]["components"]["messages"]
    assert {"join", "say", "login", "logout", "session", "denied", "tick"} <= set(messages)
    assert {"Move", "Board", "Cursor", "Edit", "Tree"} <= set(messages)
    assert messages["list_Tree"]["name"] == "list[Tree]"  # no class: the type, shortened
    assert messages["login"]["payload"] == {"$ref": "#/components/schemas/Login"}


def test_title_and_summary_come_from_the_class() -> None:
    join = DOCUMENTS["all"]["components"]["messages"]["join"]
    assert join["title"] == "Join"
    assert join["summary"] == "Join the room under a name."  # the docstring's first paragraph
    assert "summary" not in DOCUMENTS["all"]["components"]["messages"]["said"]  # no docstring


def test_content_type_follows_the_format() -> None:
    messages = DOCUMENTS["all"]["components"]["messages"]
    assert messages["tick"]["contentType"] == "application/msgpack"
    assert messages["subscribe"]["contentType"] == "application/msgpack"
    assert messages["join"]["contentType"] == "application/json"


def test_nested_and_recursive_models_are_components() -> None:
    schemas = DOCUMENTS["all"]["components"]["schemas"]
    assert schemas["Join"]["properties"]["profile"]["anyOf"][0] == {
        "$ref": "#/components/schemas/Profile"
    }
    children = schemas["Tree"]["properties"]["children"]
    assert children["items"] == {"$ref": "#/components/schemas/Tree"}
    assert schemas["Login"]["properties"]["home"]["anyOf"][0] == {
        "$ref": "#/components/schemas/Address"
    }


def test_tuples_become_draft_7_item_arrays() -> None:
    said = DOCUMENTS["all"]["components"]["schemas"]["Said"]["properties"]["at"]
    assert said["items"] == [{"type": "number"}, {"type": "string"}]
    assert said["additionalItems"] is False
    pair = DOCUMENTS["all"]["components"]["schemas"]["Session"]["properties"]["pair"]
    assert pair["items"] == [{"type": "integer"}, {"type": "string"}]


def test_a_ref_with_siblings_is_wrapped_so_draft_7_keeps_them() -> None:
    mood = DOCUMENTS["all"]["components"]["schemas"]["Profile"]["properties"]["mood"]
    assert mood == {"allOf": [{"$ref": "#/components/schemas/Mood"}], "default": "happy"}


class A(msgspec.Struct, tag=True):
    x: int


class B(msgspec.Struct, tag=True):
    y: int


class Holder(msgspec.Struct):
    inner: A | B


def test_discriminator_objects_are_dropped_and_tags_stay() -> None:
    doc = document(Endpoint("/h", receives=Holder, sends=Holder), title="t", version="1")
    inner = doc["components"]["schemas"]["Holder"]["properties"]["inner"]
    either = [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]
    assert inner == {"anyOf": either}
    assert doc["components"]["schemas"]["A"]["properties"]["type"] == {"enum": ["A"]}
    assert official_errors(doc) == []


def test_a_name_two_backends_define_differently_gets_a_suffix() -> None:
    schemas = DOCUMENTS["all"]["components"]["schemas"]
    assert schemas["Mood"]["enum"] == ["grumpy", "happy"]  # msgspec's
    assert schemas["Mood_2"]["enum"] == ["happy", "grumpy"]  # pydantic's
    assert schemas["Session"]["properties"]["mood"] == {"$ref": "#/components/schemas/Mood_2"}


def test_one_class_received_and_sent_is_one_message() -> None:
    doc = DOCUMENTS["/ws/echo"]
    assert list(doc["components"]["messages"]) == ["echo"]
    assert list(doc["channels"]["ws_echo"]["messages"]) == ["echo"]


def test_a_model_read_and_written_differently_is_two_messages() -> None:
    doc = DOCUMENTS["/ws/stamps"]
    assert list(doc["components"]["messages"]) == ["Stamp-Input", "Stamp-Output"]
    output = doc["components"]["messages"]["Stamp-Output"]
    assert output["name"] == "Stamp"
    assert output["payload"] == {"$ref": "#/components/schemas/Stamp-Output"}
    assert output["examples"] == [{"payload": {"n": 0, "double": 0}}]


def test_members_that_are_no_classes_are_named_schemas() -> None:
    doc = DOCUMENTS["/ws/numbers"]
    assert doc["components"]["schemas"] == {
        "int": {"type": "integer"},
        "list_int": {"type": "array", "items": {"type": "integer"}},
    }
    assert doc["components"]["messages"]["list_int"]["examples"] == [{"payload": []}]


def test_examples_given_on_the_class_come_first() -> None:
    login = DOCUMENTS["all"]["components"]["messages"]["login"]
    assert login["examples"] == [{"payload": {"kind": "login", "user": "ada", "home": None}}]


class Greeting(msgspec.Struct, tag="greeting"):
    name: Annotated[str, msgspec.Meta(examples=["ada"])]
    times: int = 1


class Greeted(pydantic.BaseModel):
    name: str = pydantic.Field(examples=["grace"])


def test_examples_given_on_fields_are_used() -> None:
    doc = document(Endpoint("/g", receives=Greeting, sends=Greeted), title="t", version="1")
    messages = doc["components"]["messages"]
    assert messages["greeting"]["examples"] == [
        {"payload": {"type": "greeting", "name": "ada", "times": 1}}
    ]
    assert messages["Greeted"]["examples"] == [{"payload": {"name": "grace"}}]
    assert official_errors(doc) == []


def test_examples_are_written_as_the_server_writes_them() -> None:
    session = DOCUMENTS["all"]["components"]["messages"]["session"]["examples"][0]["payload"]
    assert session["shout"] == session["user"].upper()  # computed by the model, not made up
    tick = DOCUMENTS["all"]["components"]["messages"]["tick"]["examples"][0]["payload"]
    assert tick == {"type": "tick", "symbol": "string", "price": 0.0, "volume": 0}


class Code(msgspec.Struct):
    value: Annotated[str, msgspec.Meta(pattern="^[A-Z]{3}-[0-9]{4}$")]


def test_no_example_where_none_can_be_found() -> None:
    doc = document(Endpoint("/c", receives=Code, sends=Code), title="t", version="1")
    assert "examples" not in doc["components"]["messages"]["Code"]
    assert official_errors(doc) == []


def test_info_and_servers() -> None:
    doc = document(
        chat,
        title="Chat",
        version="1.2.3",
        description="Rooms.",
        servers={
            "production": "wss://chat.example.com/api",
            "local": "ws://127.0.0.1:8000",
            "slash": "wss://example.com/",
        },
    )
    assert doc["asyncapi"] == "3.0.0"
    assert doc["info"] == {"title": "Chat", "version": "1.2.3", "description": "Rooms."}
    assert doc["servers"] == {
        "production": {"host": "chat.example.com", "protocol": "wss", "pathname": "/api"},
        "local": {"host": "127.0.0.1:8000", "protocol": "ws"},
        "slash": {"host": "example.com", "protocol": "wss"},
    }
    assert official_errors(doc) == []
    assert "servers" not in DOCUMENTS["all"]


def test_the_same_endpoint_twice_is_one_channel() -> None:
    assert document(chat, chat, title="t", version="1") == DOCUMENTS["/ws/chat/{room}"]


def test_the_documents_are_the_same_each_time() -> None:
    assert (
        document(*ALL, title="All", version="2.1.0", description="Every kind.")
        == (DOCUMENTS["all"])
    )


def test_the_clients_view_swaps_the_operations() -> None:
    doc = document(chat.client, title="t", version="1")
    receive = doc["operations"]["receive_ws_chat_room"]["messages"]
    assert [m["$ref"].rsplit("/", 1)[1] for m in receive] == ["welcome", "said"]


# --- bad input ------------------------------------------------------------------------------


class Opaque:
    pass


class Holds(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
    thing: Opaque


class Wrong(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(json_schema_extra={"examples": [{"n": "many"}]})
    n: int


class Unevaluated(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(json_schema_extra={"unevaluatedProperties": False})
    n: int


@dataclasses.dataclass
class Move:  # a second "Move", not protocols.Move
    who: str


class OtherJoin(msgspec.Struct, tag_field="type", tag="join"):
    who: str


class Name1(pydantic.BaseModel):
    kind: Literal["a"]


@pytest.mark.parametrize(
    ("endpoints", "error", "words"),
    [
        ((), ValueError, "no endpoints to document"),
        ((1,), TypeError, "expected an Endpoint, got int"),
        ((chat, Endpoint("/ws/chat/{name}", receives=int, sends=int)), ValueError,
         "two endpoints serve the same path: '/ws/chat/{room}' and '/ws/chat/{name}'"),
        ((Endpoint("/h", receives=Holds, sends=int),), TypeError, "no JSON schema for Holds"),
        ((Endpoint("/w", receives=Wrong, sends=int),), ValueError,
         "Wrong (receives of /w): its example"),
        ((Endpoint("/u", receives=Unevaluated, sends=int),), ValueError,
         "uses unevaluatedProperties, which AsyncAPI 3.0 (JSON Schema draft-07) cannot express"),
        ((Endpoint("/a", receives=Move, sends=protocols.Move),), ValueError,
         "two messages are named 'Move': Move (receives of /a) and Move (sends of /a)"),
        ((chat, Endpoint("/b", receives=OtherJoin, sends=int)), ValueError,
         "two messages are named 'join': Join (receives of /ws/chat/{room}) and OtherJoin"),
        ((Endpoint("/p", receives=Name1 | Move, sends=int),
          Endpoint("/m", receives=Move, sends=int)), ValueError,
         "message 'Move' is described two ways, in Move (receives of /p) and Move (receives of /m) "
         "(one read by msgspec, one by pydantic)"),
        ((ticks, Endpoint("/t", receives=int, sends=protocols.Tick)), ValueError,
         "message 'tick' is application/msgpack in Tick (sends of /ws/ticks) and "
         "application/json in Tick (sends of /t): a message has one content type"),
    ],
)  # fmt: skip
def test_what_cannot_be_documented_is_an_error_saying_why(
    endpoints: tuple[Any, ...], error: type[Exception], words: str
) -> None:
    with pytest.raises(error) as info:
        document(*endpoints, title="t", version="1")
    assert words in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("servers", "error", "words"),
    [
        ({"p": "https://example.com"}, ValueError,
         "server 'p': expected a ws:// or wss:// URL, not 'https://example.com'"),
        ({"p": "wss://"}, ValueError, "expected a ws:// or wss:// URL"),
        ({"p": "example.com"}, ValueError, "expected a ws:// or wss:// URL"),
        ({"p": "wss://user:secret@example.com"}, ValueError, "with a user or password"),
        ({"p": "wss://example.com/?token=1"}, ValueError, "has no query or fragment"),
        ({"p": "wss://example.com:http/"}, ValueError, "bad port"),
        ({"p": 1}, TypeError, "server 'p' must be a str, not int"),
        ({1: "wss://example.com"}, TypeError, "a server's name must be a str, not int"),
        (["wss://example.com"], TypeError, "servers must map names to URLs, not be a list"),
    ],
)  # fmt: skip
def test_bad_servers_are_errors(servers: Any, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words.replace("?", r"\?")):
        document(chat, title="t", version="1", servers=servers)


def test_the_secret_of_a_refused_server_url_is_not_repeated() -> None:
    with pytest.raises(ValueError, match="user or password") as info:
        document(chat, title="t", version="1", servers={"p": "wss://u:hunter2@example.com"})
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize("field", ["title", "version", "description"])
def test_info_fields_must_be_str(field: str) -> None:
    given: dict[str, Any] = {"title": "t", "version": "1", field: 1}
    with pytest.raises(TypeError, match=f"{field} must be a str, not int"):
        document(chat, **given)


def test_members_of_one_name_in_one_union_are_an_error() -> None:
    class Name2(pydantic.BaseModel):
        kind: Literal["b"]

    Name2.__name__ = "Name1"
    union = Endpoint("/n", receives=Name1 | Name2, sends=int)
    with pytest.raises(ValueError, match="two messages are named 'Name1'"):
        document(union, title="t", version="1")
