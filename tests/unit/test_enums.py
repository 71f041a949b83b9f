"""WSMsgType, WSCloseCode and is_valid_close_code against DESIGN.md and RFC 6455."""

from __future__ import annotations

import aiohttp
import pytest

from wsmessage import WSCloseCode, WSMsgType, is_valid_close_code

MSG_TYPES = {
    "CONTINUATION": 0x0,
    "TEXT": 0x1,
    "BINARY": 0x2,
    "CLOSE": 0x8,
    "PING": 0x9,
    "PONG": 0xA,
    "CLOSING": 0x100,
    "CLOSED": 0x101,
    "ERROR": 0x102,
}

CLOSE_CODES = {
    "OK": 1000,
    "GOING_AWAY": 1001,
    "PROTOCOL_ERROR": 1002,
    "UNSUPPORTED_DATA": 1003,
    "NO_STATUS_RECEIVED": 1005,
    "ABNORMAL_CLOSURE": 1006,
    "INVALID_TEXT": 1007,
    "POLICY_VIOLATION": 1008,
    "MESSAGE_TOO_BIG": 1009,
    "MANDATORY_EXTENSION": 1010,
    "INTERNAL_ERROR": 1011,
    "SERVICE_RESTART": 1012,
    "TRY_AGAIN_LATER": 1013,
    "BAD_GATEWAY": 1014,
    "TLS_HANDSHAKE": 1015,
}


def test_msg_type_has_exactly_the_design_members() -> None:
    assert {member.name: member.value for member in WSMsgType} == MSG_TYPES


@pytest.mark.parametrize(("name", "value"), MSG_TYPES.items())
def test_msg_type_matches_aiohttp(name: str, value: int) -> None:
    ours = WSMsgType[name]
    assert ours == value
    assert ours == int(aiohttp.WSMsgType[name])
    assert WSMsgType(aiohttp.WSMsgType[name]) is ours


def test_close_code_has_exactly_the_design_members() -> None:
    assert {member.name: member.value for member in WSCloseCode} == CLOSE_CODES


@pytest.mark.parametrize(("name", "value"), CLOSE_CODES.items())
def test_close_code_matches_aiohttp(name: str, value: int) -> None:
    assert WSCloseCode[name] == value
    # aiohttp names 1005 and 1006 differently and lacks 1015; values must agree.
    if value in {code.value for code in aiohttp.WSCloseCode}:
        assert WSCloseCode(aiohttp.WSCloseCode(value)) is WSCloseCode[name]


@pytest.mark.parametrize("member", [*WSMsgType, *WSCloseCode])
def test_every_member_is_documented(member: WSMsgType | WSCloseCode) -> None:
    # Sphinx reads the "#:" comment above each member from the source.
    import inspect

    import wsmessage.enums

    source = inspect.getsource(wsmessage.enums)
    line = next(ln for ln in source.splitlines() if ln.strip().startswith(f"{member.name} = "))
    above = source.splitlines()[source.splitlines().index(line) - 1].strip()
    assert above.startswith("#: "), member.name
    assert len(above) > len("#: ") + 10


def expected_validity(code: int) -> bool:
    """RFC 6455 section 7.4 and the IANA registry, as DESIGN.md states them."""
    return code in range(1000, 1004) or code in range(1007, 1015) or code in range(3000, 5000)


@pytest.mark.parametrize("code", [-1, -1000, 2**16, 2**64 + 1000])
def test_codes_no_frame_can_carry_are_never_valid(code: int) -> None:
    # Every code a frame can carry is in tests/hostile/test_close_codes.py.
    assert is_valid_close_code(code) is False


def test_close_code_validity_over_the_whole_range() -> None:
    for code in range(0, 70000):
        assert is_valid_close_code(code) is expected_validity(code), code


@pytest.mark.parametrize("value", [True, False, 1000.0, "1000", b"1000", None, [1000], object()])
def test_non_ints_are_never_valid(value: object) -> None:
    assert is_valid_close_code(value) is False


def test_enum_members_are_valid_where_the_rfc_says() -> None:
    assert {c for c in WSCloseCode if not is_valid_close_code(c)} == {
        WSCloseCode.NO_STATUS_RECEIVED,
        WSCloseCode.ABNORMAL_CLOSURE,
        WSCloseCode.TLS_HANDSHAKE,
    }
