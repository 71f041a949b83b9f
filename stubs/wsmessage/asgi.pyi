from collections.abc import Mapping
from typing import Any

from .messages import WSMessage

__all__ = ["from_asgi", "to_asgi"]

def from_asgi(event: Mapping[str, Any]) -> WSMessage: ...

# A plain dict, not a TypedDict: ASGI's send() takes MutableMapping[str, Any],
# which no TypedDict is compatible with.
def to_asgi(msg: WSMessage) -> dict[str, Any]: ...
