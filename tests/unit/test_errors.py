"""The error hierarchy: close codes, safe reasons, aiohttp compatibility."""

from __future__ import annotations

import json
import pickle

import pytest

from wsmessage import (
    DecodeError,
    ErrorDetail,
    MessageError,
    PayloadError,
    RemoteError,
    ValidationError,
    WSCloseCode,
    is_valid_close_code,
)


@pytest.mark.parametrize(
    ("cls", "close_code"),
    [
        (MessageError, WSCloseCode.POLICY_VIOLATION),
        (PayloadError, WSCloseCode.PROTOCOL_ERROR),
        (DecodeError, WSCloseCode.INVALID_TEXT),
        (ValidationError, WSCloseCode.POLICY_VIOLATION),
    ],
)
def test_default_close_codes(cls: type[MessageError], close_code: WSCloseCode) -> None:
    err = cls("nope")
    assert err.close_code is close_code
    assert err.reason == "nope"
    assert str(err) == "nope"
    assert isinstance(err, ValueError)
    assert isinstance(err, MessageError)


@pytest.mark.parametrize(
    "code",
    [
        WSCloseCode.INVALID_TEXT,
        WSCloseCode.UNSUPPORTED_DATA,
        WSCloseCode.MESSAGE_TOO_BIG,
    ],
)
def test_payload_error_takes_other_codes(code: WSCloseCode) -> None:
    assert PayloadError("x", code).close_code is code


def test_plain_int_close_code_becomes_member() -> None:
    assert PayloadError("x", 1009).close_code is WSCloseCode.MESSAGE_TOO_BIG  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


@pytest.mark.parametrize(
    "code",
    [
        WSCloseCode.NO_STATUS_RECEIVED,
        WSCloseCode.ABNORMAL_CLOSURE,
        WSCloseCode.TLS_HANDSHAKE,
    ],
)
def test_close_codes_that_cannot_be_sent_are_refused(code: WSCloseCode) -> None:
    with pytest.raises(ValueError, match="may be sent"):
        MessageError("x", code)


def test_decode_error_is_a_json_decode_error() -> None:
    err = DecodeError("bad", "ab\ncd", 4)
    assert isinstance(err, json.JSONDecodeError)
    assert (err.msg, err.doc, err.pos, err.lineno, err.colno) == ("bad", "ab\ncd", 4, 2, 2)
    with pytest.raises(json.JSONDecodeError):
        raise err


def test_validation_error_keeps_its_errors() -> None:
    details: list[ErrorDetail] = [{"loc": ("user", "id"), "msg": "Expected `int`, got `str`"}]
    err = ValidationError("user.id: expected int", details)
    assert err.errors == details
    assert err.errors is not details  # a copy: the caller's list stays theirs


@pytest.mark.parametrize(
    "err",
    [
        MessageError("m"),
        PayloadError("p", WSCloseCode.MESSAGE_TOO_BIG),
        DecodeError("d", "{x", 1),
        ValidationError("v", [{"loc": ("a", 0), "msg": "bad"}]),
    ],
)
def test_errors_pickle(err: MessageError) -> None:
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is type(err)
    assert (copy.reason, copy.close_code) == (err.reason, err.close_code)
    assert vars(copy) == vars(err)


def test_repr_names_class_reason_and_code() -> None:
    text = repr(PayloadError("too big", WSCloseCode.MESSAGE_TOO_BIG))
    assert text.startswith("PayloadError('too big'")
    assert "MESSAGE_TOO_BIG" in text


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200,
        "é" * 100,  # 2 bytes each
        "€" * 100,  # 3 bytes each
        "😀" * 100,  # 4 bytes each
        "a" + "😀" * 40,
        "\ud800" * 200,  # lone surrogates cannot be sent
        "x" * 1_000_000,
    ],
)
def test_reasons_fit_a_close_frame(text: str) -> None:
    reason = MessageError(text).reason
    encoded = reason.encode("utf-8")  # must not raise
    assert len(encoded) <= 123
    assert reason.endswith("...")


def test_reasons_replace_what_cannot_be_sent() -> None:
    assert MessageError("bad \ud800 text").reason == "bad ? text"


@pytest.mark.parametrize("text", ["", "short", "a" * 123, "é" * 61])
def test_short_reasons_are_kept(text: str) -> None:
    assert MessageError(text).reason == text


def test_error_close_codes_may_be_sent() -> None:
    for cls in (MessageError, PayloadError, DecodeError, ValidationError):
        assert is_valid_close_code(cls("x").close_code)


# --- RemoteError --------------------------------------------------------------


def test_remote_error_is_an_exception_known_by_its_text() -> None:
    err = RemoteError("TimeoutError: read timed out")
    assert err.text == "TimeoutError: read timed out"
    assert str(err) == err.text
    assert repr(err) == "RemoteError('TimeoutError: read timed out')"
    assert isinstance(err, Exception)
    assert not isinstance(err, MessageError)  # no peer error: it needs no close code


def test_remote_errors_are_equal_and_hash_alike_by_text() -> None:
    assert RemoteError("a") == RemoteError("a")
    assert hash(RemoteError("a")) == hash(RemoteError("a"))
    assert len({RemoteError("a"), RemoteError("a"), RemoteError("b")}) == 2
    assert RemoteError("a") != RemoteError("b")
    assert RemoteError("a") != "a"
    assert RemoteError("a") != RuntimeError("a")


def test_remote_error_subclass_is_not_equal_to_the_base() -> None:
    class Other(RemoteError):
        pass

    assert Other("a") != RemoteError("a")
    assert RemoteError("a") != Other("a")


def test_remote_error_pickles() -> None:
    err = RemoteError("ValueError: x")
    copy = pickle.loads(pickle.dumps(err))
    assert copy == err
    assert copy.text == err.text
