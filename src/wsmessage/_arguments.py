"""Checks for arguments that take one of a few strings, a str, a count, or a duration.

Each fails with a ``TypeError`` for a value of the wrong type and a
``ValueError`` for one out of range, naming the argument.
"""

from __future__ import annotations

__all__ = ["choice", "count", "seconds", "text"]


def choice(name: str, value: object, options: tuple[str, ...]) -> str:
    """Check an argument that takes one of a few strings."""
    if isinstance(value, str) and value in options:
        return str(value)
    listed = " or ".join(repr(option) for option in options)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be {listed}, not {type(value).__name__}")
    raise ValueError(f"{name} must be {listed}, not {value!r}")


def count(name: str, value: object, *, least: int) -> int:
    """Check an int argument of at least ``least``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < least:
        raise ValueError(f"{name} must be at least {least}, not {value}")
    return int(value)


def seconds(name: str, value: object) -> float:
    """Check a duration in seconds: a number of at least 0."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not value >= 0:  # NaN too
        raise ValueError(f"{name} must be at least 0, not {value}")
    return float(value)


def text(name: str, value: object, *, empty: bool = True) -> str:
    """Check a str argument; with ``empty=False``, one that is not ``""``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value and not empty:
        raise ValueError(f"{name} must not be empty")
    return str(value)
