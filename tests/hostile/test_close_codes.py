"""Close codes at every boundary of RFC 6455 section 7.4 and the IANA registry, everywhere.

One table says what each code is; what every API that takes a code does
with it follows from that alone:

- a code that may be sent is valid, makes a CloseMessage, is read from a
  close frame and written to one and to an ASGI close event;
- a local-only code (1005, 1006, 1015: RFC 6455 says they MUST NOT be set
  in a close frame) makes a CloseMessage, which describes a closure, but is
  not valid, not read from a frame, and refused on the way to the wire;
- any other code (reserved, unassigned, outside 1000-4999) is refused by all.
"""

from __future__ import annotations

import enum

import pytest

from wsmessage import CloseMessage, PayloadError, WSCloseCode, is_valid_close_code
from wsmessage.asgi import to_asgi


class Kind(enum.Enum):
    SENDABLE = "may be sent"
    LOCAL_ONLY = "local only"
    REFUSED = "refused"


SENDABLE, LOCAL_ONLY, REFUSED = Kind

# (code, what it is, why)
CODES: list[tuple[int, Kind, str]] = [
    (0, REFUSED, "0-999: not used"),
    (999, REFUSED, "0-999: not used"),
    (1000, SENDABLE, "normal closure"),
    (1001, SENDABLE, "going away"),
    (1002, SENDABLE, "protocol error"),
    (1003, SENDABLE, "unsupported data"),
    (1004, REFUSED, "reserved"),
    (1005, LOCAL_ONLY, "no status received"),
    (1006, LOCAL_ONLY, "abnormal closure"),
    (1007, SENDABLE, "invalid frame payload data"),
    (1008, SENDABLE, "policy violation"),
    (1009, SENDABLE, "message too big"),
    (1010, SENDABLE, "mandatory extension"),
    (1011, SENDABLE, "internal error (IANA registry)"),
    (1012, SENDABLE, "service restart (IANA registry)"),
    (1013, SENDABLE, "try again later (IANA registry)"),
    (1014, SENDABLE, "bad gateway (IANA registry)"),
    (1015, LOCAL_ONLY, "TLS handshake failed"),
    (1016, REFUSED, "1016-2999: the protocol's, unassigned"),
    (2999, REFUSED, "1016-2999: the protocol's, unassigned"),
    (3000, SENDABLE, "3000-3999: registered with IANA for libraries and frameworks"),
    (3999, SENDABLE, "3000-3999: registered with IANA for libraries and frameworks"),
    (4000, SENDABLE, "4000-4999: private, for applications"),
    (4999, SENDABLE, "4000-4999: private, for applications"),
    (5000, REFUSED, "past 4999: not defined"),
    (65535, REFUSED, "past 4999: the largest code a frame can carry"),
]
IDS = [f"{code}-{kind.value}" for code, kind, _ in CODES]
MAKEABLE = [(code, kind, why) for code, kind, why in CODES if kind is not REFUSED]
MAKEABLE_IDS = [f"{code}-{kind.value}" for code, kind, _ in MAKEABLE]

MEMBERS = {int(member): member for member in WSCloseCode}


def frame(code: int, reason: bytes = b"") -> bytes:
    """A close frame's payload: the code in two bytes, big-endian, then the reason."""
    return code.to_bytes(2, "big") + reason


def test_the_table_covers_every_member_and_boundary() -> None:
    codes = [code for code, _, _ in CODES]
    assert set(MEMBERS) <= set(codes)
    assert codes == sorted(codes)
    assert set(range(1000, 1016)) <= set(codes)


@pytest.mark.parametrize(("code", "kind", "why"), CODES, ids=IDS)
def test_is_valid_close_code(code: int, kind: Kind, why: str) -> None:
    assert is_valid_close_code(code) is (kind is SENDABLE)


@pytest.mark.parametrize(("code", "kind", "why"), CODES, ids=IDS)
def test_close_message(code: int, kind: Kind, why: str) -> None:
    if kind is REFUSED:
        with pytest.raises(PayloadError) as info:
            CloseMessage(code)
        assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR
        assert str(code) in info.value.reason
        return
    message = CloseMessage(code, "bye")
    assert message.data == code
    if code in MEMBERS:
        assert message.data is MEMBERS[code]
    else:
        assert type(message.data) is int


@pytest.mark.parametrize(("code", "kind", "why"), CODES, ids=IDS)
def test_from_payload(code: int, kind: Kind, why: str) -> None:
    if kind is not SENDABLE:
        with pytest.raises(PayloadError) as info:
            CloseMessage.from_payload(frame(code, b"bye"))
        assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR
        assert str(code) in info.value.reason
        return
    assert CloseMessage.from_payload(frame(code, b"bye")) == CloseMessage(code, "bye")


@pytest.mark.parametrize(("code", "kind", "why"), MAKEABLE, ids=MAKEABLE_IDS)
def test_to_payload(code: int, kind: Kind, why: str) -> None:
    message = CloseMessage(code, "bye")
    if kind is LOCAL_ONLY:
        with pytest.raises(PayloadError) as info:
            message.to_payload()
        assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR
        assert str(code) in info.value.reason
        return
    assert message.to_payload() == frame(code, b"bye")


@pytest.mark.parametrize(("code", "kind", "why"), MAKEABLE, ids=MAKEABLE_IDS)
def test_to_asgi(code: int, kind: Kind, why: str) -> None:
    message = CloseMessage(code, "bye")
    if kind is LOCAL_ONLY:
        with pytest.raises(PayloadError) as info:
            to_asgi(message)
        assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR
        return
    assert to_asgi(message) == {"type": "websocket.close", "code": code, "reason": "bye"}
