from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["BYTES_DECODERS", "STR_DECODERS", "decode_json", "payload_json"]

STR_DECODERS: dict[Any, Callable[[Any], Any]]
BYTES_DECODERS: dict[Any, Callable[[Any], Any]]

class _Payload(Protocol):
    @property
    def data(self) -> str | bytes: ...

def decode_json(data: Any, loads: Callable[[Any], Any]) -> Any: ...
def payload_json(
    self: _Payload, schema: Any = None, /, *, loads: Callable[[Any], Any] = ...
) -> Any: ...
