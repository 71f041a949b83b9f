"""The one map from a failure to decode to the error the peer is answered with.

Every path that reads a peer's payload (``msg.json()`` with or without a
schema, the codecs, ``from_json``/``from_msgpack``, the handlers) sends
what its parser raised through :func:`peer_error`, so the same fault reads
the same whichever path and whichever backend found it:

============================  ==============================================  =====
fault                         reason                                          code
============================  ==============================================  =====
malformed JSON or msgpack     ``invalid JSON: expected ':' at byte 5``        1007
cut short                     ``invalid JSON: truncated``                     1007
text that is not UTF-8        ``invalid JSON: not valid UTF-8``               1007
nested too deeply             ``invalid JSON: nested too deeply``             1007
a union's tag unknown         ``items[0].type: unknown tag``                  1008
a union's tag missing         ``items[0].type: missing tag``                  1008
any other schema mismatch     ``user.id: <the backend's words>``              1008
over ``max_size``             ``payload is over the 1024 bytes allowed``      1009
a message the codec skips     ``cannot decode JSON from a ping message``      1003
============================  ==============================================  =====

Malformed input is described by msgspec's parser whichever parser found
it (on the failure path only, so it costs nothing when decoding works).
Anything else a decoder raises (a bug, or an exception from the
application's own validator) is not the peer's fault and goes on as it is.
pydantic is never imported here: its errors are recognised only once the
application has imported it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import Any, Literal, NoReturn, cast

import msgspec

from .._safe_text import MAX_EXCERPT_CHARS, clip, excerpt, format_loc
from ..enums import WSCloseCode
from ..errors import DecodeError, ErrorDetail, MessageError, PayloadError, ValidationError

__all__ = [
    "Format",
    "failure_handler",
    "malformed",
    "msgspec_loc",
    "not_utf8",
    "payload_too_big",
    "peer_error",
    "plain_json_error",
    "unreadable_message",
]

#: How a reason names the format: ``"invalid JSON: ..."``.
Format = Literal["JSON", "msgpack"]

#: Problems kept in ``ValidationError.errors``: the reason uses the first,
#: and a peer must not make the error cost more to build than to find.
MAX_DETAILS = 100

# One step of a msgspec path: `.name`, `[index]`, or `[...]` for a dict key.
_STEP = re.compile(r"\.([^.\[]*)|\[(\d+)\]|(\[\.\.\.\])")
_PATH_MARK = " - at `$"
# How msgspec locates a dict key it refused: the dict's path follows.
_KEY_MARK = " - at `key` in `$"
# A key's own fault, where pydantic puts it: after the key ("..." when unnamed).
_KEY_STEP = "[key]"
# msgspec's messages that end with a value taken from the payload.
_MSGSPEC_VALUE_PREFIXES = ("Invalid enum value ", "Object contains unknown field ")
# msgspec's message for a tag it does not know; only tags use these words.
_UNKNOWN_TAG = "Invalid value "
# A tag of the wrong type: "Expected `str`", where other fields say ", got ...".
_WRONG_TAG_TYPE = re.compile(r"Expected `(?:str|int)`")
_MISSING_FIELD = re.compile(r"Object missing required field `([^`]*)`")
# msgspec's DecodeError messages start with one of these; the rest is the detail.
_MALFORMED = ("JSON is malformed: ", "MessagePack data is malformed: ")
_AT_BYTE = re.compile(r" \(byte (\d+)\)$")
# pydantic's discriminator as its context names it: a field name in quotes.
_DISCRIMINATOR = re.compile(r"'([^']*)'")
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "JSON": msgspec.json.decode,
    "msgpack": msgspec.msgpack.decode,
}


# --- the words ----------------------------------------------------------------------


def malformed(fmt: Format, detail: str = "") -> DecodeError:
    """The error for a payload that does not parse as ``fmt``."""
    return DecodeError(f"invalid {fmt}: {detail}" if detail else f"invalid {fmt}")


def not_utf8(fmt: Format) -> DecodeError:
    """The error for a payload whose text is not UTF-8."""
    return malformed(fmt, "not valid UTF-8")


def payload_too_big(max_size: int) -> PayloadError:
    """The error for a payload over ``max_size`` bytes, found before any decoding."""
    return PayloadError(
        f"payload is over the {max_size} bytes allowed", WSCloseCode.MESSAGE_TOO_BIG
    )


def unreadable_message(fmt: Format, kind: str) -> PayloadError:
    """The error for a message of a ``kind`` (a type name) that holds no ``fmt``."""
    return PayloadError(f"cannot decode {fmt} from a {kind} message", WSCloseCode.UNSUPPORTED_DATA)


def _validation_error(details: list[ErrorDetail]) -> ValidationError:
    """A ValidationError whose reason names the first problem and where it is."""
    if not details:
        return ValidationError("invalid value")
    first = details[0]
    where = format_loc(first["loc"])
    return ValidationError(f"{where}: {first['msg']}" if where else first["msg"], details)


def _tag_detail(loc: tuple[str | int, ...], missing: bool) -> ErrorDetail:
    # The tag's value is not shown: pydantic gives it as text whatever its
    # JSON type, and the peer knows what it sent.
    return {"loc": loc, "msg": "missing tag" if missing else "unknown tag"}


# --- what the parsers say -----------------------------------------------------------


def _msgspec_syntax(exc: msgspec.DecodeError) -> str:
    """msgspec's DecodeError as the words after ``invalid JSON:``."""
    text = str(exc)
    if text == "Input data was truncated":
        return "truncated"
    if text.startswith("Invalid UTF-8"):
        return "not valid UTF-8"
    for prefix in _MALFORMED:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    text = _AT_BYTE.sub(r" at byte \1", text)
    return clip(text[:1].lower() + text[1:])


_UNREAD: Any = object()


def _read(data: object, fmt: Format) -> object:
    """``data`` parsed as plain values, or _UNREAD if it does not parse (or is not given)."""
    try:
        return _PARSERS[fmt](data)
    except Exception:
        return _UNREAD


def _syntax_of(data: object, fmt: Format) -> str:
    """What is wrong with ``data`` as ``fmt``, in msgspec's words; "" if msgspec reads it.

    Any parser's failure is described this way, so that one fault has one
    reason. It runs on the failure path only.
    """
    try:
        _PARSERS[fmt](data)
    except msgspec.DecodeError as exc:
        return _msgspec_syntax(exc)
    except RecursionError:
        return "nested too deeply"
    except UnicodeError:
        return "not valid UTF-8"
    except Exception:  # a type msgspec does not read: no better words
        return ""
    return ""


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


def _msgspec_detail(text: str, tag_fields: frozenset[str]) -> ErrorDetail:
    """msgspec's ``"Expected `int`, got `str` - at `$.user.id`"`` as an ErrorDetail."""
    # The path comes last, so whichever of msgspec's marks comes last is
    # msgspec's: a peer's value earlier in the message may hold either, and
    # cannot move it. A field whose name holds a mark (" - at `$",
    # " - at `key` in `$") can, and its location is lost: msgspec gives the
    # path only as text, and names come from the schema, never from the peer.
    key_error = text.rfind(_KEY_MARK) > text.rfind(_PATH_MARK)
    msg, mark, path = text.rpartition(_KEY_MARK if key_error else _PATH_MARK)
    key_step: tuple[str, ...] = ("...", _KEY_STEP) if key_error else ()
    loc: tuple[str | int, ...] = ()
    if mark and path.endswith("`"):
        loc = (*msgspec_loc(path[:-1]), *key_step)
    else:
        msg = text
    if msg.startswith(_UNKNOWN_TAG) or (
        loc and loc[-1] in tag_fields and _WRONG_TAG_TYPE.fullmatch(msg)
    ):
        return _tag_detail(loc, missing=False)
    missing = _MISSING_FIELD.fullmatch(msg)
    if missing is not None:
        # Located at the field, as pydantic locates it.
        if missing[1] in tag_fields:
            return _tag_detail((*loc, missing[1]), missing=True)
        loc = (*loc, missing[1])
    for prefix in _MSGSPEC_VALUE_PREFIXES:
        if msg.startswith(prefix):
            msg = prefix + excerpt(msg[len(prefix) :])
            break
    return {"loc": loc, "msg": clip(msg)}


def _document_loc(
    loc: tuple[str | int, ...], document: object, missing: bool
) -> tuple[str | int, ...]:
    """``loc`` with only the steps that are keys and indexes of ``document``.

    pydantic puts the branch of a union it tried into its locations (a
    tag, a class name); the document has no such key, and msgspec names
    none. A key's own fault (pydantic's ``[key]``) stays marked, as does
    the key a ``missing`` field was looked for under.
    """
    kept: list[str | int] = []
    node = document
    for index, step in enumerate(loc):
        child = _child(node, step)
        if child is not _UNREAD:
            node = child
        elif step != _KEY_STEP and not (missing and index == len(loc) - 1):
            continue
        kept.append(step)
    return tuple(kept)


def _child(node: object, step: str | int) -> object:
    """What ``step`` leads to in a parsed document's ``node``; _UNREAD if nothing."""
    if isinstance(node, dict):
        return cast("dict[object, object]", node).get(step, _UNREAD)
    if isinstance(node, list) and type(step) is int:
        items = cast("list[object]", node)
        return items[step] if 0 <= step < len(items) else _UNREAD
    return _UNREAD


def _pydantic_detail(error: Any, document: object) -> ErrorDetail:
    """One of pydantic's line errors as an ErrorDetail, located in ``document``."""
    loc = tuple(error["loc"])
    kind = error["type"]
    if document is not _UNREAD:
        loc = _document_loc(loc, document, missing=kind == "missing")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        field = _DISCRIMINATOR.fullmatch(str(error.get("ctx", {}).get("discriminator", "")))
        if field is not None:  # a field name, not a callable discriminator
            return _tag_detail((*loc, field[1]), missing=kind == "union_tag_not_found")
    # pydantic puts values from the payload (a union's tag, say) into its
    # messages through the context: cut those wherever they appear.
    msg = error["msg"]
    for value in error.get("ctx", {}).values():
        if isinstance(value, str) and len(value) > MAX_EXCERPT_CHARS + 1:
            msg = msg.replace(value, excerpt(value))
    return {"loc": loc, "msg": clip(msg)}


def _pydantic_error(exc: Exception, fmt: Format, data: object) -> MessageError | None:
    """A pydantic ValidationError as ours, or None if ``exc`` is not one."""
    pydantic_core: Any = sys.modules.get("pydantic_core")
    if pydantic_core is None or not isinstance(exc, pydantic_core.ValidationError):
        return None
    pydantic_error: Any = exc
    errors = _first_pydantic_errors(pydantic_error)
    first = errors[0] if errors else None
    if first is not None and not first["loc"]:
        if first["type"] == "json_invalid":
            if "recursion limit" in first["msg"]:
                return malformed(fmt, "nested too deeply")
            return malformed(fmt, _syntax_of(data, fmt))
        if first["type"] == "string_unicode":  # a str payload with lone surrogates
            return not_utf8(fmt)
    document = _read(data, fmt)
    return _validation_error([_pydantic_detail(error, document) for error in errors[:MAX_DETAILS]])


def _first_pydantic_errors(exc: Any) -> list[Any]:
    """The first MAX_DETAILS of a pydantic ValidationError's errors, without the input.

    Not the input: it is the peer's data, and only locations and messages
    are kept. pydantic builds every error it found as a dict on
    ``errors()``, which for a payload of a million bad items costs several
    times the validation: past MAX_DETAILS, its JSON form (written in one
    go by pydantic-core) is read only as far as the first ones.
    """
    if exc.error_count() <= MAX_DETAILS:
        return list(exc.errors(include_url=False, include_input=False))
    text: str = exc.json(include_url=False, include_input=False)
    decoder = json.JSONDecoder()
    errors: list[Any] = []
    end = text.index("[") + 1
    while len(errors) < MAX_DETAILS:
        error, end = decoder.raw_decode(text, end)
        error["loc"] = tuple(error["loc"])
        errors.append(error)
        end = text.index(",", end) + 1 if len(errors) < MAX_DETAILS else end
    return errors


def _raised_by_parser(exc: BaseException) -> bool:
    """Whether ``exc`` came from a parser, called from this package, not from user code.

    The parsers are C code, which adds no frame: the innermost frame of the
    traceback is then the one of ours that called them. A validator of the
    application's (a ``__post_init__``, a pydantic validator) adds its own.
    """
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return str(tb.tb_frame.f_globals.get("__name__", "")).startswith("wsmessage.")


def peer_error(
    exc: Exception,
    fmt: Format,
    data: object = None,
    tag_fields: frozenset[str] = frozenset(),
    *,
    typed: bool = True,
) -> MessageError | None:
    """The error to raise for ``exc``, raised while decoding ``data`` as ``fmt``.

    None when ``exc`` is no fault of the peer's: it is then raised as it is
    (a MessageError already, such as a size limit; or the application's own
    exception). ``tag_fields`` names the fields that hold a union's tag in
    the schema, so that msgspec's "missing field" can be told a missing tag.
    Without a schema (``typed=False``), what msgspec refuses (a number out
    of range) is malformed input, not a value that misses a schema.
    """
    if isinstance(exc, MessageError):
        return None
    if isinstance(exc, msgspec.ValidationError) and typed:
        return _validation_error([_msgspec_detail(str(exc), tag_fields)])
    if isinstance(exc, msgspec.DecodeError):
        # msgspec's typed decoders stop at other places than its parser:
        # the parser's words, so that every decoder gives the same.
        return malformed(fmt, _syntax_of(data, fmt) or _msgspec_syntax(exc))
    if isinstance(exc, RecursionError):
        return malformed(fmt, "nested too deeply") if _raised_by_parser(exc) else None
    if isinstance(exc, UnicodeError):
        return not_utf8(fmt) if _raised_by_parser(exc) else None
    return _pydantic_error(exc, fmt, data)


def failure_handler(
    fmt: Format, tag_fields: frozenset[str] = frozenset()
) -> Callable[[Exception, object], NoReturn]:
    """``fail(exc, data)``: raise :func:`peer_error`'s error for ``exc``, from it, or ``exc``.

    Called in an ``except`` block around a decoder, the one place a decode
    path pays for error handling.
    """

    def fail(exc: Exception, data: object) -> NoReturn:
        error = peer_error(exc, fmt, data, tag_fields)
        if error is None:
            raise exc
        raise error from exc

    return fail


def plain_json_error(exc: Exception, data: object) -> DecodeError:
    """The error for ``loads`` failing on ``data`` in ``msg.json()`` without a schema.

    Whatever ``loads`` is, a ValueError or RecursionError from it means the
    payload did not parse; the reason says why in msgspec's words.
    """
    if isinstance(exc, RecursionError):
        return malformed("JSON", "nested too deeply")
    if isinstance(exc, UnicodeError):
        return not_utf8("JSON")
    return malformed("JSON", _syntax_of(data, "JSON"))
