from collections.abc import Mapping
from typing import Any

from .endpoint import Endpoint

__all__ = ["document"]

def document(
    *endpoints: Endpoint[Any, Any],
    title: str,
    version: str,
    servers: Mapping[str, str] | None = None,
    description: str | None = None,
) -> dict[str, Any]: ...
