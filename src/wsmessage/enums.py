"""Message types and close codes, with aiohttp's numbers and RFC 6455's rules."""

from __future__ import annotations

from enum import IntEnum

__all__ = ["WSCloseCode", "WSMsgType", "is_valid_close_code"]


class WSMsgType(IntEnum):
    """What a message is: a frame opcode, or one of aiohttp's local events.

    The values are aiohttp's, so members compare equal to ``aiohttp.WSMsgType``.
    """

    #: A fragment that carries on the previous data frame (RFC 6455 opcode 0x0).
    CONTINUATION = 0x0
    #: A data frame whose payload is UTF-8 text (opcode 0x1).
    TEXT = 0x1
    #: A data frame whose payload is raw bytes (opcode 0x2).
    BINARY = 0x2
    #: A control frame that starts or answers the closing handshake (opcode 0x8).
    CLOSE = 0x8
    #: A control frame asking the peer for a pong (opcode 0x9).
    PING = 0x9
    #: A control frame answering a ping, or a one-way heartbeat (opcode 0xA).
    PONG = 0xA
    #: Local event, never on the wire: our side has started closing.
    CLOSING = 0x100
    #: Local event, never on the wire: the connection is closed.
    CLOSED = 0x101
    #: Local event, never on the wire: reading from the connection failed.
    ERROR = 0x102


class WSCloseCode(IntEnum):
    """The status codes of RFC 6455 section 7.4.1 and the IANA registry.

    A close frame may also carry a code from 3000 to 4999 that is no member
    here; see :func:`is_valid_close_code`.
    """

    #: Normal closure: the purpose of the connection has been fulfilled.
    OK = 1000
    #: The endpoint is going away: a server shutting down, a page left.
    GOING_AWAY = 1001
    #: The peer broke the protocol.
    PROTOCOL_ERROR = 1002
    #: The peer sent a kind of data this endpoint cannot accept.
    UNSUPPORTED_DATA = 1003
    #: Local only: the close frame carried no status code.
    NO_STATUS_RECEIVED = 1005
    #: Local only: the connection dropped without a close frame.
    ABNORMAL_CLOSURE = 1006
    #: A message's data did not match its type, such as text that is not UTF-8.
    INVALID_TEXT = 1007
    #: A message broke this endpoint's policy; the generic refusal.
    POLICY_VIOLATION = 1008
    #: A message was too big to process.
    MESSAGE_TOO_BIG = 1009
    #: The client needed an extension the server did not agree to.
    MANDATORY_EXTENSION = 1010
    #: The server met an unexpected condition.
    INTERNAL_ERROR = 1011
    #: The server is restarting; the client may reconnect.
    SERVICE_RESTART = 1012
    #: The server is overloaded; the client may retry later.
    TRY_AGAIN_LATER = 1013
    #: A gateway or proxy got an invalid answer from upstream.
    BAD_GATEWAY = 1014
    #: Local only: the TLS handshake failed.
    TLS_HANDSHAKE = 1015


def is_valid_close_code(code: object) -> bool:
    """Whether ``code`` may travel in a close frame.

    True for 1000-1003, 1007-1014 (RFC 6455 section 7.4 and the IANA registry)
    and 3000-4999 (registered and private application codes). False for every
    other value: the reserved 1004, the local-only 1005, 1006 and 1015,
    anything below 1000 or from 1016 to 2999 or above 4999, and anything that
    is not an ``int`` (``bool`` included).

    >>> is_valid_close_code(1000), is_valid_close_code(4001)
    (True, True)
    >>> is_valid_close_code(1005), is_valid_close_code("1000")
    (False, False)
    """
    if not isinstance(code, int) or isinstance(code, bool):
        return False
    return 1000 <= code <= 1003 or 1007 <= code <= 1014 or 3000 <= code <= 4999
