from typing import Any, Literal, TypeVar, overload

from ._handlers import Receiver
from ._sockets import _WebsocketsConnection
from .codecs import JsonCodec, MsgpackCodec

__all__ = ["iter_decoded", "send_encoded"]

_T = TypeVar("_T")

# As in wsmessage.aiohttp: a codec gives its schema's values, a class its
# instances, anything else Any. The connection is a protocol, so that any
# version of websockets the extras allow type-checks.
@overload
def iter_decoded(
    connection: _WebsocketsConnection,
    schema_or_codec: JsonCodec[_T] | MsgpackCodec[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
@overload
def iter_decoded(
    connection: _WebsocketsConnection,
    schema_or_codec: type[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
@overload
def iter_decoded(
    connection: _WebsocketsConnection,
    schema_or_codec: object,
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[Any]: ...
async def send_encoded(
    connection: _WebsocketsConnection,
    value: _T,
    codec: JsonCodec[_T] | MsgpackCodec[_T] | None = None,
) -> None: ...
