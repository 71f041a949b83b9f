"""What a backend's failure means for the peer: msgspec's and pydantic's errors as ours.

A decoder raises its backend's exceptions; :func:`peer_error` turns the ones
a peer can cause into a :class:`~wsmessage.DecodeError` or a
:class:`~wsmessage.ValidationError`, and leaves anything else (a bug in a
user's validator, say) alone. pydantic is never imported here: its errors
are recognised only if the application has imported it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import msgspec

from .errors import DecodeError, ErrorDetail, MessageError, ValidationError

__all__ = [
    "clip",
    "excerpt",
    "format_loc",
    "msgspec_detail",
    "msgspec_loc",
    "peer_error",
    "quoted",
    "raise_peer_error",
    "validation_error",
]

#: Longest excerpt of a value kept in a message or a reason: it may be the peer's.
MAX_EXCERPT_CHARS = 24
#: Longest message kept for one problem.
MAX_MSG_CHARS = 160

_QUOTED = re.compile(r"'[^']*'|`[^`]*`")
# One step of a msgspec path: `.name`, `[index]`, or `[...]` for a dict key.
_STEP = re.compile(r"\.([^.\[]*)|\[(\d+)\]|(\[\.\.\.\])")
_PATH_MARK = " - at `$"
# msgspec's messages that end with a value taken from the payload.
_MSGSPEC_VALUE_PREFIXES = (
    "Invalid enum value ",
    "Invalid value ",
    "Object contains unknown field ",
)
# msgspec's DecodeError messages start with one of these; the rest is the detail.
_MALFORMED = ("JSON is malformed: ", "MessagePack data is malformed: ")
# A loc step that reads as a name in a reason; others are shown in brackets.
_PLAIN_NAME = re.compile(r"[^.\[\]\s]+")


def excerpt(value: str) -> str:
    """``value``, cut to its first 24 characters (and its closing quote, if any)."""
    if len(value) <= MAX_EXCERPT_CHARS + 1:
        return value
    end = value[-1] if value[-1] in "'`\"" else ""
    return f"{value[:MAX_EXCERPT_CHARS]}...{end}"


def quoted(value: object) -> str:
    """`` 'value'`` for a str short enough to quote whole, else nothing.

    For reasons that name a peer's key or type: they never echo much input.
    """
    if type(value) is str and len(value) <= MAX_EXCERPT_CHARS:
        return f" {value!r}"
    return ""


def clip(msg: str) -> str:
    """``msg`` with each quoted value cut to an excerpt, and at most 160 characters.

    A value that holds quotes itself can defeat the quoting; the length
    limit still holds.
    """
    msg = _QUOTED.sub(lambda quoted: excerpt(quoted[0]), msg)
    return msg if len(msg) <= MAX_MSG_CHARS else msg[: MAX_MSG_CHARS - 3] + "..."


def msgspec_loc(path: str) -> tuple[str | int, ...]:
    """A msgspec path after its ``$`` as a ``loc``: ``.user.id`` -> ``("user", "id")``.

    A dict key, which msgspec does not name, is ``"..."``. A name holding a
    dot or a bracket cannot be told from steps; what cannot be read as a
    step belongs to the name before it.
    """
    loc: list[str | int] = []
    pos = 0
    while pos < len(path):
        step = _STEP.match(path, pos)
        if step is None:
            rest = path[pos:]
            if loc and isinstance(loc[-1], str):
                loc[-1] += rest
            else:
                loc.append(rest)
            break
        name, index, _ = step.groups()
        loc.append(name if name is not None else int(index) if index is not None else "...")
        pos = step.end()
    return tuple(loc)


def msgspec_detail(text: str) -> ErrorDetail:
    """msgspec's ``"Expected `int`, got `str` - at `$.user.id`"`` as an ErrorDetail."""
    # The path comes last: a value from the peer earlier in the message
    # cannot move it. A field whose name holds " - at `$" can, and its
    # location is lost; names come from the schema, never from the peer.
    msg, mark, path = text.rpartition(_PATH_MARK)
    loc: tuple[str | int, ...] = ()
    if mark and path.endswith("`"):
        loc = msgspec_loc(path[:-1])
    else:
        msg = text
    for prefix in _MSGSPEC_VALUE_PREFIXES:
        if msg.startswith(prefix):
            msg = prefix + excerpt(msg[len(prefix) :])
            break
    return {"loc": loc, "msg": clip(msg)}


def _pydantic_detail(error: Any) -> ErrorDetail:
    """One of pydantic's line errors as an ErrorDetail."""
    # pydantic puts values from the payload (a union's tag, say) into its
    # messages through the context: cut those wherever they appear.
    msg = error["msg"]
    for value in error.get("ctx", {}).values():
        if isinstance(value, str) and len(value) > MAX_EXCERPT_CHARS + 1:
            msg = msg.replace(value, excerpt(value))
    return {"loc": tuple(error["loc"]), "msg": clip(msg)}


def format_loc(loc: Sequence[str | int]) -> str:
    """``("items", 2, "id")`` as ``items[2].id``, for a reason; long names cut."""
    parts = []
    for step in loc:
        if isinstance(step, int) or step == "...":
            parts.append(f"[{step}]")
        elif _PLAIN_NAME.fullmatch(step):
            parts.append(f".{excerpt(step)}")
        else:
            parts.append(f"[{excerpt(repr(step))}]")
    return "".join(parts).removeprefix(".")


def validation_error(details: list[ErrorDetail]) -> ValidationError:
    """A ValidationError whose reason names the first problem and where it is."""
    if not details:
        return ValidationError("invalid value")
    first = details[0]
    where = format_loc(first["loc"])
    return ValidationError(f"{where}: {first['msg']}" if where else first["msg"], details)


def _msgspec_decode_error(exc: msgspec.DecodeError, fmt: str) -> DecodeError:
    detail = str(exc)
    for prefix in _MALFORMED:
        if detail.startswith(prefix):
            detail = detail[len(prefix) :]
            break
    detail = clip(detail[:1].lower() + detail[1:])
    return DecodeError(f"invalid {fmt}: {detail}")


def _pydantic_error(exc: Exception, fmt: str) -> MessageError | None:
    """A pydantic ValidationError as ours, or None if ``exc`` is not one."""
    pydantic_core = sys.modules.get("pydantic_core")
    if pydantic_core is None or not isinstance(exc, pydantic_core.ValidationError):
        return None
    # Not the input: it is the peer's data, and only locations and messages
    # are kept.
    errors = exc.errors(include_url=False, include_input=False)
    if errors and not errors[0]["loc"]:
        kind = errors[0]["type"]
        if kind == "json_invalid":
            detail = errors[0]["msg"].removeprefix("Invalid JSON: ")
            return DecodeError(f"invalid {fmt}: {clip(detail)}")
        if kind == "string_unicode":  # a str payload with lone surrogates
            return DecodeError(f"invalid {fmt}: not valid UTF-8")
    return validation_error([_pydantic_detail(error) for error in errors])


def peer_error(exc: Exception, fmt: str) -> MessageError | None:
    """The error to raise for ``exc``, raised while decoding ``fmt``; None to let it go.

    ``fmt`` names the format in reasons: ``"JSON"`` or ``"msgpack"``.
    """
    if isinstance(exc, MessageError):
        return None  # already ours, such as a size limit: raised as it is
    if isinstance(exc, msgspec.ValidationError):
        return validation_error([msgspec_detail(str(exc))])
    if isinstance(exc, msgspec.DecodeError):
        return _msgspec_decode_error(exc, fmt)
    if isinstance(exc, RecursionError):
        return DecodeError(f"invalid {fmt}: nested too deeply")
    if isinstance(exc, UnicodeError):
        return DecodeError(f"invalid {fmt}: not valid UTF-8")
    return _pydantic_error(exc, fmt)


def raise_peer_error(exc: Exception, fmt: str) -> NoReturn:
    """Raise :func:`peer_error`'s error for ``exc``, from it; or ``exc`` itself if none.

    Called in an ``except`` block around a decoder, the one place a decode
    path pays for error handling.
    """
    error = peer_error(exc, fmt)
    if error is None:
        raise exc
    raise error from exc
