from collections.abc import Callable

__all__ = ["run"]

async def run(write: Callable[[str], object] = ...) -> None: ...
