"""Messages as field types of pydantic models: validated from and dumped to the to_dict shape."""

from __future__ import annotations

import json
from typing import Any, get_args

import pydantic
import pytest

from wsmessage import BinaryMessage, TextMessage, WSMessage

from ..message_rows import ROW_IDS, ROWS, read_back


class Logged(pydantic.BaseModel):
    msg: WSMessage
    seq: int = 0


class OnlyText(pydantic.BaseModel):
    msg: TextMessage


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS, ids=ROW_IDS)
def test_pydantic_validates_from_instances_and_both_dict_modes(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any]
) -> None:
    assert Logged(msg=message).msg is message
    assert Logged.model_validate({"msg": python}).msg == message
    assert Logged.model_validate({"msg": json_safe}).msg == read_back(message)
    from_json_input = Logged.model_validate_json(json.dumps({"msg": json_safe}))
    assert from_json_input.msg == read_back(message)


@pytest.mark.parametrize(("message", "python", "json_safe"), ROWS, ids=ROW_IDS)
def test_pydantic_serializes_to_the_dict_shape(
    message: WSMessage, python: dict[str, Any], json_safe: dict[str, Any]
) -> None:
    model = Logged(msg=message, seq=3)
    assert model.model_dump() == {"msg": python, "seq": 3}
    assert model.model_dump(mode="json") == {"msg": json_safe, "seq": 3}
    assert json.loads(model.model_dump_json()) == {"msg": json_safe, "seq": 3}
    assert Logged.model_validate_json(model.model_dump_json()).msg == read_back(message)


@pytest.mark.parametrize(
    ("value", "error_type", "text"),
    [
        ({"type": "text", "data": 1}, "ws_message", "text data must be str, not int"),
        ({"type": "text", "data": "x", "extra": ""}, "ws_message", "takes no extra"),
        ({"type": "close", "data": 1000}, "ws_message_type", "text message"),
        ({"type": "text", "data": "x", "id": 1}, "ws_message", "unknown key 'id'"),
        ({"type": "txt", "data": "x"}, "ws_message_type", "text message"),
        ("hello", "ws_message_type", "text message"),
        (BinaryMessage(b"x"), "ws_message_type", "text message"),
    ],
)
def test_pydantic_errors_say_what_is_wrong(value: Any, error_type: str, text: str) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        OnlyText(msg=value)
    (error,) = info.value.errors()
    assert error["type"] == error_type
    assert text in error["msg"]


def test_pydantic_union_reports_each_class_and_the_named_one_precisely() -> None:
    # pydantic gives each member of a plain union its own line; a dict of a
    # known type fails fast in the other eight, so the named class's line
    # is the one that says what is wrong.
    with pytest.raises(pydantic.ValidationError) as info:
        Logged.model_validate({"msg": {"type": "text", "data": 1}})
    errors = info.value.errors()
    assert len(errors) == 9
    assert [e["msg"] for e in errors if e["type"] == "ws_message"] == [
        "text data must be str, not int"
    ]
    assert {e["loc"][1] for e in errors} == {
        f"function-plain[{cls.__name__}()]" for cls in get_args(WSMessage)
    }


def test_pydantic_json_schema_describes_the_json_mode_shape() -> None:
    schema = Logged.model_json_schema()
    choices = schema["properties"]["msg"]["anyOf"]
    assert [choice["properties"]["type"]["const"] for choice in choices] == [
        cls.type.name.lower() for cls in get_args(WSMessage)
    ]
    text = next(c for c in choices if c["title"] == "TextMessage")
    assert text["properties"]["data"] == {"type": "string"}
    assert text["required"] == ["type", "data"]
