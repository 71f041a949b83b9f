from . import codecs as codecs
from . import enums as enums
from . import errors as errors
from . import messages as messages
from .codecs import (
    JsonCodec as JsonCodec,
)
from .codecs import (
    MsgpackCodec as MsgpackCodec,
)
from .enums import (
    WSCloseCode as WSCloseCode,
)
from .enums import (
    WSMsgType as WSMsgType,
)
from .enums import (
    is_valid_close_code as is_valid_close_code,
)
from .errors import (
    DecodeError as DecodeError,
)
from .errors import (
    ErrorDetail as ErrorDetail,
)
from .errors import (
    MessageError as MessageError,
)
from .errors import (
    PayloadError as PayloadError,
)
from .errors import (
    ValidationError as ValidationError,
)
from .messages import (
    BinaryMessage as BinaryMessage,
)
from .messages import (
    ClosedMessage as ClosedMessage,
)
from .messages import (
    CloseMessage as CloseMessage,
)
from .messages import (
    ClosingMessage as ClosingMessage,
)
from .messages import (
    ContinuationMessage as ContinuationMessage,
)
from .messages import (
    ErrorMessage as ErrorMessage,
)
from .messages import (
    PingMessage as PingMessage,
)
from .messages import (
    PongMessage as PongMessage,
)
from .messages import (
    TextMessage as TextMessage,
)
from .messages import (
    WSMessage as WSMessage,
)
from .messages import (
    make_message as make_message,
)

__version__: str

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
