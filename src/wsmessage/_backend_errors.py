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
from typing import NoReturn

import msgspec

from .errors import DecodeError, ErrorDetail, MessageError, ValidationError

__all__ = [
    "clip",
    "format_loc",
    "msgspec_detail",
    "msgspec_loc",
    "peer_error",
    "raise_peer_error",
    "validation_error",
]

#: Longest quoted value kept in a message: backends may quote the peer's data.
MAX_QUOTED_CHARS = 24
#: Longest message kept for one problem, after quoted values are shortened.
MAX_MSG_CHARS = 160

_QUOTED = re.compile(r"'([^']*)'|`([^`]*)`")
# One step of a msgspec path: `.name`, `[index]`, or `[...]` for a dict key.
_STEP = re.compile(r"\.([^.\[]*)|\[(\d+)\]|(\[\.\.\.\])")
_PATH_MARK = " - at `$"
# msgspec's DecodeError messages start with one of these; the rest is the detail.
_MALFORMED = ("JSON is malformed: ", "MessagePack data is malformed: ")


def _shorten_quoted(match: re.Match[str]) -> str:
    text = match[0]
    if len(text) <= MAX_QUOTED_CHARS + 2:
        return text
    return f"{text[0]}{text[1 : MAX_QUOTED_CHARS + 1]}...{text[-1]}"


def clip(msg: str) -> str:
    """``msg`` with long quoted values shortened, and at most 160 characters."""
    msg = _QUOTED.sub(_shorten_quoted, msg)
    return msg if len(msg) <= MAX_MSG_CHARS else msg[: MAX_MSG_CHARS - 3] + "..."


def msgspec_loc(path: str) -> tuple[str | int, ...]:
    """A msgspec path after its ``$`` as a ``loc``: ``.user.id`` -> ``("user", "id")``.

    A dict key, which msgspec does not name, is ``"..."``. Names holding
    dots or brackets cannot be told apart from steps; whatever cannot be
    read as steps is kept as one last string.
    """
    loc: list[str | int] = []
    pos = 0
    while pos < len(path):
        step = _STEP.match(path, pos)
        if step is None:
            loc.append(path[pos:])
            break
        name, index, _ = step.groups()
        loc.append(name if name is not None else int(index) if index is not None else "...")
        pos = step.end()
    return tuple(loc)


def msgspec_detail(text: str) -> ErrorDetail:
    """msgspec's ``"Expected `int`, got `str` - at `$.user.id`"`` as an ErrorDetail."""
    msg, mark, path = text.rpartition(_PATH_MARK)
    if mark and path.endswith("`"):
        return {"loc": msgspec_loc(path[:-1]), "msg": clip(msg)}
    return {"loc": (), "msg": clip(text)}


def format_loc(loc: Sequence[str | int]) -> str:
    """``("items", 2, "id")`` as ``items[2].id``, for a reason."""
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in loc).lstrip(".")


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
    # No input, context or URL: the input is the peer's data, and only the
    # location and message are kept.
    errors = exc.errors(include_url=False, include_context=False, include_input=False)
    if errors and not errors[0]["loc"]:
        kind = errors[0]["type"]
        if kind == "json_invalid":
            detail = errors[0]["msg"].removeprefix("Invalid JSON: ")
            return DecodeError(f"invalid {fmt}: {clip(detail)}")
        if kind == "string_unicode":  # a str payload with lone surrogates
            return DecodeError(f"invalid {fmt}: not valid UTF-8")
    return validation_error([{"loc": tuple(e["loc"]), "msg": clip(e["msg"])} for e in errors])


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
