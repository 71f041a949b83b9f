"""Subclasses of str, bytes, bytearray, int and dict whose every method lies or raises.

A peer's value reaches the library as a builtin, but a caller (a framework,
a broker client, a test) may hand over a subclass, and a subclass can
redefine anything: ``isascii``, ``__len__``, ``encode``, ``__int__``,
``__hash__``, ``__eq__``, ``get``. The library must read such a value by the
builtin's own code and store the exact builtin; these hold it to that.
``snapshot`` reads them the same way, so that a test can tell whether its
input was changed without asking the impostor.
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView
from typing import Any, NoReturn, cast

from hypothesis import strategies as st

__all__ = [
    "IMPOSTOR_TYPES",
    "ImpostorKey",
    "builtin_items",
    "impostor_dicts",
    "impostors",
    "read_as_builtin",
]


def _refuse(*args: object, **kwargs: object) -> NoReturn:
    raise LookupError("an impostor's method")


class ImpostorStr(str):
    """Says it is short ASCII, encodes to one byte, and fails to compare or hash."""

    def isascii(self) -> bool:
        return True

    def __len__(self) -> int:
        return 1

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return b"x"

    def __str__(self) -> str:
        return "something else"

    __eq__ = __ne__ = __hash__ = __lt__ = __contains__ = __getitem__ = _refuse


class ImpostorBytes(bytes):
    """Says it is empty, and fails to be read any other way."""

    def __len__(self) -> int:
        return 0

    __bytes__ = __getitem__ = __iter__ = __eq__ = __hash__ = decode = _refuse


class ImpostorBytearray(bytearray):
    """As ImpostorBytes, mutable."""

    def __len__(self) -> int:
        return 0

    __bytes__ = __getitem__ = __iter__ = __eq__ = decode = _refuse


class ImpostorInt(int):
    """Says it is 1000 to int() and index(), and fails to compare, hash or format."""

    def __int__(self) -> int:
        return 1000

    def __index__(self) -> int:
        return 1000

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = __format__ = _refuse
    __bool__ = _refuse


class ImpostorDict(dict[Any, Any]):
    """A dict whose every reading method fails."""

    get = keys = items = values = __getitem__ = __iter__ = __len__ = __contains__ = _refuse


class ImpostorKey(str):
    """A key that hashes as a message's key does and fails to compare with it."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ImpostorKey):
            return self is other
        raise LookupError("an impostor key")

    def __hash__(self) -> int:
        return str.__hash__(str.__str__(self))


IMPOSTOR_TYPES = (
    ImpostorStr,
    ImpostorBytes,
    ImpostorBytearray,
    ImpostorInt,
    ImpostorDict,
    ImpostorKey,
)

_WORDS = ["type", "data", "extra", "text", "bytes", "code", "reason", "kind"]

impostors: st.SearchStrategy[Any] = st.one_of(
    st.text(max_size=300).map(ImpostorStr),
    st.sampled_from(["\ud800", "é" * 200, "text", "websocket.receive", "close"]).map(ImpostorStr),
    st.binary(max_size=300).map(ImpostorBytes),
    st.binary(max_size=300).map(ImpostorBytearray),
    st.integers(-10, 70_000).map(ImpostorInt),
    st.sampled_from([1, 2, 8, 1000, 1005, 5, 0x102]).map(ImpostorInt),
    st.dictionaries(st.sampled_from(_WORDS), st.text(max_size=5), max_size=3).map(ImpostorDict),
)

impostor_dicts: st.SearchStrategy[dict[Any, Any]] = st.dictionaries(
    st.sampled_from(_WORDS).map(ImpostorKey), st.text(max_size=5) | impostors, max_size=3
)


# The builtin's own methods, typed for the checkers (an unbound method of a
# generic class is not solved for its argument).
builtin_items = cast("Callable[[dict[object, object]], ItemsView[object, object]]", dict.items)
builtin_len = cast("Callable[[dict[object, object]], int]", dict.__len__)


def read_as_builtin(value: object) -> object:
    """What an impostor holds, read by the builtin's code; None for anything else."""
    if isinstance(value, str):
        return str, str.__str__(value)
    if isinstance(value, bytes):
        return bytes, bytes.__getitem__(value, slice(None))
    if isinstance(value, bytearray):
        return bytearray, bytes(bytearray.__getitem__(value, slice(None)))
    if isinstance(value, int):
        return int, int.__index__(value)
    if isinstance(value, dict):
        table = cast("dict[object, object]", value)
        return dict, id(table), builtin_len(table)
    return None
