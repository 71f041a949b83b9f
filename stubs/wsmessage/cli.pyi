from collections.abc import Sequence
from typing import Final

__all__ = ["main"]

INSTALL_AIOHTTP: Final[str]

def main(argv: Sequence[str] | None = None) -> int: ...
