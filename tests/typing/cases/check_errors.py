"""How user code sees the errors: checked by mypy against the shipped stubs."""

import json

from typing_extensions import assert_type

from wsmessage import (
    DecodeError,
    ErrorDetail,
    MessageError,
    PayloadError,
    ValidationError,
    WSCloseCode,
)


def handle(err: MessageError) -> None:
    assert_type(err.close_code, WSCloseCode)
    assert_type(err.reason, str)
    if isinstance(err, ValidationError):
        assert_type(err.errors, list[ErrorDetail])
        first = err.errors[0]
        assert_type(first["loc"], tuple[str | int, ...])
        assert_type(first["msg"], str)


def aiohttp_style(err: DecodeError) -> None:
    # A DecodeError is what aiohttp users already catch.
    caught: json.JSONDecodeError = err
    also: ValueError = err
    assert_type(err.pos, int)
    del caught, also


PayloadError("too big", WSCloseCode.MESSAGE_TOO_BIG)

# --- must fail -------------------------------------------------------------------
PayloadError("x", 1009)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
ValidationError("x", [{"loc": "user"}])  # type: ignore[typeddict-item]  # pyright: ignore[reportArgumentType]
MessageError(b"reason")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
