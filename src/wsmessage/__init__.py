"""Typed, validated WebSocket messages for aiohttp, Starlette and FastAPI.

Everything public is importable from here; the submodules group it by concept.
"""

from .codecs import JsonCodec, MsgpackCodec
from .enums import WSCloseCode, WSMsgType, is_valid_close_code
from .errors import DecodeError, ErrorDetail, MessageError, PayloadError, ValidationError
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
    make_message,
)

__version__ = "0.1.0"

# Spelled out for type checkers; tests/unit/test_init.py holds it equal to
# the union of the modules' __all__.
__all__ = [
    "BinaryMessage",
    "CloseMessage",
    "ClosedMessage",
    "ClosingMessage",
    "ContinuationMessage",
    "DecodeError",
    "ErrorDetail",
    "ErrorMessage",
    "JsonCodec",
    "MessageError",
    "MsgpackCodec",
    "PayloadError",
    "PingMessage",
    "PongMessage",
    "TextMessage",
    "ValidationError",
    "WSCloseCode",
    "WSMessage",
    "WSMsgType",
    "is_valid_close_code",
    "make_message",
]
