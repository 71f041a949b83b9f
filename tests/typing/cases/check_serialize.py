"""How user code sees the serializers: checked by mypy against the shipped stubs."""

from typing import Any

from typing_extensions import assert_type

from wsmessage import (
    BinaryMessage,
    CloseMessage,
    ErrorMessage,
    RemoteError,
    TextMessage,
    WSMessage,
    from_dict,
    from_json,
    from_msgpack,
    to_dict,
    to_json,
    to_msgpack,
)


def writing(msg: WSMessage, text: TextMessage, close: CloseMessage) -> None:
    assert_type(to_dict(msg), dict[str, Any])
    assert_type(to_dict(text, mode="python"), dict[str, Any])
    assert_type(to_dict(close, mode="json"), dict[str, Any])
    assert_type(to_json(msg), bytes)
    assert_type(to_msgpack(msg), bytes)


def reading(d: dict[str, Any], raw: bytes, text: str, buffer: bytearray) -> None:
    assert_type(from_dict(d), WSMessage)
    assert_type(from_dict({"type": "text", "data": "x"}), WSMessage)
    assert_type(from_json(raw), WSMessage)
    assert_type(from_json(text), WSMessage)
    assert_type(from_json(memoryview(raw)), WSMessage)
    assert_type(from_msgpack(raw), WSMessage)
    assert_type(from_msgpack(buffer), WSMessage)


def remote_errors(msg: WSMessage) -> None:
    err = RemoteError("TimeoutError: slow")
    assert_type(err.text, str)
    if isinstance(msg, ErrorMessage) and isinstance(msg.data, RemoteError):
        assert_type(msg.data.text, str)


def mode_from_a_variable(json_mode: bool, msg: WSMessage) -> None:
    to_dict(msg, mode="json" if json_mode else "python")


# --- must fail -------------------------------------------------------------------


def must_fail(msg: WSMessage, d: dict[str, Any], mode: str) -> None:
    to_dict(msg, mode="jsn")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    to_dict(msg, mode=mode)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    to_dict(msg, "json")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    to_json(d)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    to_msgpack("text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    to_dict(b"x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    from_dict("text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    from_dict([("type", "text")])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    from_json(1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    from_msgpack("x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    RemoteError(RuntimeError("x"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    data: str = to_json(msg)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    text: TextMessage = from_json(b"")  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    BinaryMessage(b"x").data = b"y"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
