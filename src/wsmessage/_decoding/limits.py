"""The size limit a codec or an endpoint puts on payloads, checked before any decoding."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .failures import payload_too_big

__all__ = ["check_max_size", "is_over", "limited"]


def check_max_size(max_size: object) -> int | None:
    """Check a ``max_size`` argument: None, or an int of at least 0."""
    if max_size is None:
        return None
    if not isinstance(max_size, int) or isinstance(max_size, bool):
        raise TypeError(f"max_size must be an int or None, not {type(max_size).__name__}")
    if max_size < 0:
        raise ValueError(f"max_size must be at least 0, not {max_size}")
    return int(max_size)


def is_over(data: str | bytes, max_size: int) -> bool:
    """Whether ``data`` is over ``max_size`` bytes once UTF-8 encoded.

    A str is encoded only when its length cannot tell: a character takes one
    to four bytes, exactly one if the str is ASCII (which CPython knows
    without looking).
    """
    size = len(data)
    if type(data) is not str:
        return size > max_size
    if size * 4 <= max_size:
        return False
    if size > max_size or data.isascii():
        return size > max_size
    return len(data.encode("utf-8", "surrogatepass")) > max_size


def limited(decode: Callable[[Any], Any], max_size: int) -> Callable[[Any], Any]:
    """``decode``, refusing a payload over ``max_size`` bytes before any decoding."""

    def decode_limited(data: str | bytes) -> Any:
        if is_over(data, max_size):
            raise payload_too_big(max_size)
        return decode(data)

    return decode_limited
