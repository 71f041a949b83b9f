"""Messages as field types in pydantic models: validated from and dumped to the to_dict shape.

The message classes' ``__get_pydantic_core_schema__`` and
``__get_pydantic_json_schema__`` hooks call these; pydantic is imported
only then, by the application's own use of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from ._kinds import TAG, message_class
from .errors import PayloadError
from .messages import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    ErrorMessage,
    PingMessage,
    PongMessage,
    TextMessage,
    WSMessage,
)
from .serialize import from_dict, to_dict

__all__ = ["pydantic_core_schema", "pydantic_json_schema"]


def pydantic_core_schema(cls: type[Any]) -> Any:
    """The pydantic-core schema of one message class: the to_dict shape, both ways.

    It validates an instance of ``cls`` or a dict that :func:`from_dict`
    reads as one (in either mode, so JSON input works), and serializes to
    :func:`to_dict` in the mode pydantic dumps in. pydantic makes a union of
    these for ``WSMessage``; a dict of another type fails fast.
    """
    from pydantic_core import PydanticCustomError, core_schema

    tag = TAG[cls]

    def validate(value: Any) -> Any:
        if type(value) is cls:
            return value
        if isinstance(value, Mapping):
            fields = cast("Mapping[str, Any]", value)
            if message_class(fields.get("type")) is cls:
                try:
                    return from_dict(fields)
                except PayloadError as err:
                    reason = {"reason": err.reason}
                    raise PydanticCustomError("ws_message", "{reason}", reason) from err
        raise PydanticCustomError(
            "ws_message_type",
            "Input should be a {type} message, or a dict with type '{type}'",
            {"type": tag},
        )

    def serialize(msg: WSMessage, info: Any) -> dict[str, Any]:
        return to_dict(msg, mode="json" if info.mode_is_json() else "python")

    # The name labels this class's line in the errors of a union.
    validate.__name__ = validate.__qualname__ = cls.__name__
    return core_schema.no_info_plain_validator_function(
        validate,
        serialization=core_schema.plain_serializer_function_ser_schema(serialize, info_arg=True),
    )


_BASE64: dict[str, Any] = {"type": "string", "contentEncoding": "base64"}
_JSON_SCHEMA_DATA: dict[type[Any], dict[str, Any]] = {
    ContinuationMessage: _BASE64,
    TextMessage: {"type": "string"},
    BinaryMessage: _BASE64,
    PingMessage: _BASE64,
    PongMessage: _BASE64,
    CloseMessage: {"type": "integer"},
    ClosingMessage: {"type": "null"},
    ClosedMessage: {"type": "null"},
    ErrorMessage: {"type": "string"},
}


def pydantic_json_schema(cls: type[Any]) -> dict[str, Any]:
    """The JSON schema of one message class in the to_dict shape, JSON mode."""
    extra = {"type": "string"} if cls is CloseMessage else {"type": "null"}
    return {
        "title": cls.__name__,
        "type": "object",
        "properties": {
            "type": {"const": TAG[cls]},
            "data": dict(_JSON_SCHEMA_DATA[cls]),
            "extra": extra,
        },
        "required": ["type", "data"],
        "additionalProperties": False,
    }
