from collections.abc import Callable, Mapping
from typing import Any, Generic, Literal, TypeAlias, TypeVar

from aiohttp import web
from typing_extensions import TypeForm

from ._handlers import Receiver as Receiver
from ._sockets import _AiohttpWebSocket, _StarletteWebSocket, _WebsocketsConnection
from .messages import BinaryMessage, TextMessage, WSMessage

__all__ = ["Endpoint", "Receiver", "Router"]

# Any WebSocket the handlers take: aiohttp's, Starlette's (FastAPI's), websockets'.
_AnyWebSocket: TypeAlias = _AiohttpWebSocket | _StarletteWebSocket | _WebsocketsConnection

_R = TypeVar("_R")
_S = TypeVar("_S")

class Router(Generic[_R]):
    def __init__(self, schema: object, handlers: Mapping[Any, Callable[..., object]]) -> None: ...
    @property
    def handlers(self) -> dict[type, Callable[..., Any]]: ...
    async def __call__(self, value: _R, /, *args: Any, **kwargs: Any) -> Any: ...

# Generic in what it receives (_R) and what it sends (_S), both inferred
# from the schemas given: Endpoint("/x", receives=Join | Say, sends=Said) is
# an Endpoint[Join | Say, Said].
class Endpoint(Generic[_R, _S]):
    receives: TypeForm[_R]
    sends: TypeForm[_S]
    format: Literal["json", "msgpack"]
    max_size: int | None
    title: str | None
    description: str | None
    def __init__(
        self,
        path: str,
        *,
        receives: TypeForm[_R],
        sends: TypeForm[_S],
        format: Literal["json", "msgpack"] = "json",
        max_size: int | None = None,
        title: str | None = None,
        description: str | None = None,
    ) -> None: ...
    @property
    def path(self) -> str: ...
    @property
    def path_parameters(self) -> tuple[str, ...]: ...
    def match(self, path: str) -> dict[str, str] | None: ...
    @property
    def client(self) -> Endpoint[_S, _R]: ...
    def decode(self, msg: WSMessage) -> _R: ...
    def encode(self, value: _S) -> TextMessage | BinaryMessage: ...
    def json_schema(
        self, direction: Literal["receives", "sends"] = "receives"
    ) -> dict[str, Any]: ...
    def receive(
        self, ws: _AnyWebSocket, *, on_error: Literal["close", "raise"] = "close"
    ) -> Receiver[_R]: ...
    async def send(self, ws: _AnyWebSocket, value: _S) -> None: ...
    # aiohttp's own class: bare, which every aiohttp version the extras allow takes.
    async def prepare(self, request: web.BaseRequest, **kwargs: Any) -> web.WebSocketResponse: ...
    @property
    def framework_max_size(self) -> int | None: ...
    def router(self, handlers: Mapping[type, Callable[..., object]]) -> Router[_R]: ...
