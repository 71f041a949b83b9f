from typing import TypeVar

__all__ = ["TargetError", "load_targets"]

_T = TypeVar("_T")

class TargetError(Exception): ...

def load_targets(spec: str, cls: type[_T]) -> list[_T]: ...
