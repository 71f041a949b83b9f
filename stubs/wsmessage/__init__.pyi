from . import enums as enums
from . import errors as errors
from . import messages as messages
from . import serialize as serialize
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
    RemoteError as RemoteError,
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
from .serialize import (
    from_dict as from_dict,
)
from .serialize import (
    from_json as from_json,
)
from .serialize import (
    from_msgpack as from_msgpack,
)
from .serialize import (
    to_dict as to_dict,
)
from .serialize import (
    to_json as to_json,
)
from .serialize import (
    to_msgpack as to_msgpack,
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
    "MessageError",
    "PayloadError",
    "PingMessage",
    "PongMessage",
    "RemoteError",
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
