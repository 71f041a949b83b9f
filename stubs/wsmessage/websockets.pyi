from typing import Literal, TypeVar, overload

from typing_extensions import TypeForm

from .codecs import Codec
from .endpoint import Receiver, _WebsocketsConnection

__all__ = ["iter_decoded", "send_encoded"]

_T = TypeVar("_T")

# As in wsmessage.aiohttp: a codec gives its schema's values; a schema, any
# type form, its own. The connection is a protocol, so that any version of
# websockets the extras allow type-checks.
@overload
def iter_decoded(
    connection: _WebsocketsConnection,
    schema_or_codec: Codec[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
@overload
def iter_decoded(
    connection: _WebsocketsConnection,
    schema_or_codec: TypeForm[_T],
    *,
    on_error: Literal["close", "raise"] = "close",
) -> Receiver[_T]: ...
async def send_encoded(
    connection: _WebsocketsConnection, value: _T, codec: Codec[_T] | None = None
) -> None: ...
