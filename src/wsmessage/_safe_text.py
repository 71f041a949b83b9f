"""What may be said to a peer: every rule about the text of a reason lives here.

A reason travels in a close frame, so it must fit in 123 UTF-8 bytes; it
may be read by anyone, so it quotes only a little of what the peer sent
and names values by their type, never by their contents. Every message
and reason the library writes for a peer goes through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "MAX_EXCERPT_CHARS",
    "MAX_MSG_CHARS",
    "MAX_REASON_BYTES",
    "clip",
    "excerpt",
    "fit_reason",
    "format_loc",
    "quoted",
    "shown",
    "type_name",
]

#: Longest reason a close frame can carry: 125 payload bytes minus the code.
MAX_REASON_BYTES = 123
#: Longest excerpt of a value kept in a message or a reason: it may be the peer's.
MAX_EXCERPT_CHARS = 24
#: Longest message kept for one problem in ``ValidationError.errors``.
MAX_MSG_CHARS = 160

_ELLIPSIS = "..."
_QUOTED = re.compile(r"'[^']*'|`[^`]*`")
# A loc step that reads as a name in a reason; others are shown in brackets.
_PLAIN_NAME = re.compile(r"[^.\[\]\s]+")


def fit_reason(text: str) -> str:
    """Shorten ``text`` to at most 123 UTF-8 bytes, cutting at a character.

    Characters that cannot be encoded (lone surrogates) become ``?``, so the
    result can always be sent in a close frame.
    """
    if len(text) <= MAX_REASON_BYTES and text.isascii():
        return text
    encoded = text.encode("utf-8", "replace")
    if len(encoded) <= MAX_REASON_BYTES:
        return encoded.decode("utf-8")
    room = MAX_REASON_BYTES - len(_ELLIPSIS)
    return encoded[:room].decode("utf-8", "ignore") + _ELLIPSIS


def excerpt(value: str) -> str:
    """``value``, cut to its first 24 characters (and its closing quote, if any)."""
    if len(value) <= MAX_EXCERPT_CHARS + 1:
        return value
    end = value[-1] if value[-1] in "'`\"" else ""
    return f"{value[:MAX_EXCERPT_CHARS]}{_ELLIPSIS}{end}"


def quoted(value: object) -> str:
    """`` 'value'`` for a str short enough to quote whole, else nothing.

    For reasons that name a peer's key, tag or type: they never echo much
    input, and never a str subclass, whose repr is its own.
    """
    if type(value) is str and len(value) <= MAX_EXCERPT_CHARS:
        return f" {value!r}"
    return ""


def shown(number: object) -> str:
    """`` 1234`` for an int that fits 16 bits, else nothing.

    A peer's huge int is slow to format, and too long to quote; an int
    subclass may format itself as anything.
    """
    if type(number) is int and 0 <= number <= 0xFFFF:
        return f" {number}"
    return ""


def type_name(value: object) -> str:
    """The name of ``value``'s type, for a reason: never the value itself."""
    return excerpt(type(value).__name__)


def clip(msg: str) -> str:
    """``msg`` with each quoted value cut to an excerpt, and at most 160 characters.

    A value that holds quotes itself can defeat the quoting; the length
    limit still holds.
    """
    msg = _QUOTED.sub(lambda match: excerpt(match[0]), msg)
    return msg if len(msg) <= MAX_MSG_CHARS else msg[: MAX_MSG_CHARS - 3] + _ELLIPSIS


def format_loc(loc: Sequence[str | int]) -> str:
    """``("items", 2, "id")`` as ``items[2].id``, for a reason; long names cut."""
    parts: list[str] = []
    for step in loc:
        if isinstance(step, int) or step == _ELLIPSIS:
            parts.append(f"[{step}]")
        elif step == "[key]":  # the key itself, not its value, is at fault
            parts.append(step)
        elif _PLAIN_NAME.fullmatch(step):
            parts.append(f".{excerpt(step)}")
        else:
            parts.append(f"[{excerpt(repr(step))}]")
    return "".join(parts).removeprefix(".")
