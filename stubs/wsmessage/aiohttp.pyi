from typing import Any, Protocol

import aiohttp

from .messages import WSMessage

__all__ = ["from_aiohttp", "to_aiohttp"]

# What from_aiohttp reads, by attribute: aiohttp 3's WSMessage and the
# per-type named tuples of later versions alike.
class _AiohttpMessage(Protocol):
    @property
    def type(self) -> int: ...
    @property
    def data(self) -> Any: ...
    @property
    def extra(self) -> str | None: ...

def _per_type_classes(union: object) -> dict[int, Any]: ...
def from_aiohttp(msg: _AiohttpMessage) -> WSMessage: ...
def to_aiohttp(msg: WSMessage) -> aiohttp.WSMessage: ...
