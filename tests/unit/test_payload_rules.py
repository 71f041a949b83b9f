"""wsmessage._payload_rules: RFC 6455's rules on payloads, each checked once, exact builtins out."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from wsmessage import PayloadError, WSCloseCode
from wsmessage._payload_rules import (
    as_bytes,
    as_dict,
    check_encodable,
    close_code,
    close_reason,
    exact_int,
    exact_str,
)

from ..impostors import ImpostorBytearray, ImpostorBytes, ImpostorInt, ImpostorStr


@pytest.mark.parametrize(
    "value",
    [
        b"ab",
        bytearray(b"ab"),
        memoryview(b"ab"),
        memoryview(b"xaxb")[1::2],  # not contiguous
        ImpostorBytes(b"ab"),
        ImpostorBytearray(b"ab"),
    ],
    ids=["bytes", "bytearray", "memoryview", "strided", "bytes-subclass", "bytearray-subclass"],
)
def test_as_bytes_reads_any_bytes_like_as_exact_bytes(value: object) -> None:
    result = as_bytes(value, "binary")
    assert type(result) is bytes
    assert result == b"ab"


def test_as_bytes_returns_bytes_itself_without_a_copy() -> None:
    data = b"x" * 100
    assert as_bytes(data, "binary") is data


def test_as_bytes_copies_a_bytearray_so_later_changes_do_not_show() -> None:
    data = bytearray(b"ab")
    result = as_bytes(data, "binary")
    data[0] = 0
    assert result == b"ab"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("ab", "binary data must be bytes, not str"),
        (7, "binary data must be bytes, not int"),
        (None, "binary data must be bytes, not NoneType"),
    ],
)
def test_as_bytes_refuses_what_is_not_bytes_like(value: object, reason: str) -> None:
    with pytest.raises(PayloadError) as info:
        as_bytes(value, "binary")
    assert info.value.reason == reason
    assert info.value.close_code == WSCloseCode.PROTOCOL_ERROR


def test_as_bytes_refuses_a_released_memoryview() -> None:
    view = memoryview(b"ab")
    view.release()
    with pytest.raises(PayloadError, match="ping data is a released buffer"):
        as_bytes(view, "ping")


def test_exact_int_and_str_ask_the_builtin_not_the_subclass() -> None:
    number = exact_int(ImpostorInt(1001))
    assert (type(number), number) == (int, 1001)
    text = exact_str(ImpostorStr("héllo"))
    assert (type(text), str.__len__(text)) == (str, 5)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (1000, WSCloseCode.OK),
        (ImpostorInt(1001), WSCloseCode.GOING_AWAY),
        (4000, 4000),
        (1005, WSCloseCode.NO_STATUS_RECEIVED),  # local-only codes are stored
        (1006, WSCloseCode.ABNORMAL_CLOSURE),
        (1015, WSCloseCode.TLS_HANDSHAKE),
    ],
)
def test_close_code_is_a_member_where_one_exists(code: int, expected: int) -> None:
    stored = close_code(code)
    assert stored == expected
    assert type(stored) is type(expected)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (True, "close code must be int, not bool"),
        ("1000", "close code must be int, not str"),
        (1004, "close code 1004 is not allowed"),
        (999, "close code 999 is not allowed"),
        (5000, "close code 5000 is not allowed"),
    ],
)
def test_close_code_refuses_what_no_close_may_hold(code: object, reason: str) -> None:
    with pytest.raises(PayloadError) as info:
        close_code(code)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    ("reason", "ok"),
    [("", True), ("a" * 123, True), ("é" * 61 + "a", True), ("a" * 124, False), ("é" * 62, False)],
    ids=["empty", "123-ascii", "123-bytes", "124-ascii", "124-bytes"],
)
def test_close_reason_counts_utf8_bytes(reason: str, ok: bool) -> None:
    if ok:
        assert close_reason(reason) == reason
    else:
        with pytest.raises(PayloadError, match="over the 123 allowed"):
            close_reason(reason)


def test_close_reason_with_a_lone_surrogate_is_invalid_text() -> None:
    with pytest.raises(PayloadError) as info:
        close_reason("bye\ud800")
    assert info.value.close_code == WSCloseCode.INVALID_TEXT


def test_close_reason_of_a_str_subclass_is_measured_by_its_text() -> None:
    # ImpostorStr says it is one ASCII char long; its text is 200 bytes.
    with pytest.raises(PayloadError, match="200 bytes"):
        close_reason(ImpostorStr("a" * 200))
    stored = close_reason(ImpostorStr("bye"))
    assert type(stored) is str


def test_check_encodable_refuses_only_lone_surrogates() -> None:
    check_encodable("héllo \U0001f600 \ufffd", "text")
    with pytest.raises(PayloadError) as info:
        check_encodable("x\udc80", "text")
    assert (info.value.close_code, info.value.reason) == (
        WSCloseCode.INVALID_TEXT,
        "text is not valid UTF-8",
    )


class Failing(Mapping[str, Any]):
    """A mapping whose reading fails, as a broker's lazy one might."""

    def __getitem__(self, key: str) -> Any:
        raise OSError("connection lost")

    def __iter__(self) -> Iterator[str]:
        return iter(["type"])

    def __len__(self) -> int:
        return 1


def test_as_dict_copies_a_mapping_into_a_dict_of_its_own() -> None:
    given = {"type": "text"}
    result = as_dict(given, "a message")
    assert result == given
    assert result is not given


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([("type", "text")], "a message must be a dict, not list"),
        (Failing(), "a message cannot be read"),
    ],
    ids=["list", "failing-mapping"],
)
def test_as_dict_refuses_with_a_payload_error(value: object, reason: str) -> None:
    with pytest.raises(PayloadError) as info:
        as_dict(value, "a message")
    assert info.value.reason == reason
