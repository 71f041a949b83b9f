from . import (
    codecs as codecs,
    endpoint as endpoint,
    enums as enums,
    errors as errors,
    messages as messages,
    serialize as serialize,
)
from .codecs import (
    Codec as Codec,
    JsonCodec as JsonCodec,
    MsgpackCodec as MsgpackCodec,
)
from .endpoint import (
    Endpoint as Endpoint,
    Receiver as Receiver,
    Router as Router,
)
from .enums import (
    WSCloseCode as WSCloseCode,
    WSMsgType as WSMsgType,
    is_valid_close_code as is_valid_close_code,
)
from .errors import (
    DecodeError as DecodeError,
    ErrorDetail as ErrorDetail,
    MessageError as MessageError,
    PayloadError as PayloadError,
    RemoteError as RemoteError,
    ValidationError as ValidationError,
)
from .messages import (
    BinaryMessage as BinaryMessage,
    ClosedMessage as ClosedMessage,
    CloseMessage as CloseMessage,
    ClosingMessage as ClosingMessage,
    ContinuationMessage as ContinuationMessage,
    ErrorMessage as ErrorMessage,
    Message as Message,
    PingMessage as PingMessage,
    PongMessage as PongMessage,
    TextMessage as TextMessage,
    WSMessage as WSMessage,
    make_message as make_message,
)
from .serialize import (
    from_dict as from_dict,
    from_json as from_json,
    from_msgpack as from_msgpack,
    to_dict as to_dict,
    to_json as to_json,
    to_msgpack as to_msgpack,
)

__version__: str

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
