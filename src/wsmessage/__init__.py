"""Typed, validated WebSocket messages and protocols for aiohttp, Starlette, FastAPI and websockets.

Everything public is importable from here; the submodules group it by concept.
"""

from .codecs import Codec, JsonCodec, MsgpackCodec
from .endpoint import Endpoint, Receiver, Router
from .enums import WSCloseCode, WSMsgType, is_valid_close_code
from .errors import (
    DecodeError,
    ErrorDetail,
    MessageError,
    PayloadError,
    RemoteError,
    ValidationError,
)
from .messages import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    ErrorMessage,
    Message,
    PingMessage,
    PongMessage,
    TextMessage,
    WSMessage,
    make_message,
)
from .serialize import from_dict, from_json, from_msgpack, to_dict, to_json, to_msgpack

__version__ = "0.1.0"

# Spelled out for type checkers; tests/unit/test_init.py holds it equal to
# the union of the modules' __all__.
__all__ = [
    "BinaryMessage",
    "CloseMessage",
    "ClosedMessage",
    "ClosingMessage",
    "Codec",
    "ContinuationMessage",
    "DecodeError",
    "Endpoint",
    "ErrorDetail",
    "ErrorMessage",
    "JsonCodec",
    "Message",
    "MessageError",
    "MsgpackCodec",
    "PayloadError",
    "PingMessage",
    "PongMessage",
    "Receiver",
    "RemoteError",
    "Router",
    "TextMessage",
    "ValidationError",
    "WSCloseCode",
    "WSMessage",
    "WSMsgType",
    "from_dict",
    "from_json",
    "from_msgpack",
    "is_valid_close_code",
    "make_message",
    "to_dict",
    "to_json",
    "to_msgpack",
]
