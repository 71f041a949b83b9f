"""What the property tests generate: schemas, valid messages and values, and hostile input.

Hostile input is whatever a peer, a server or a careless caller could hand
an entry point: nested junk of every type, JSON and msgpack documents built
from junk, and valid documents with a few bytes changed. :func:`refuses_cleanly`
says what may come out of an entry point given any of it.
"""

from __future__ import annotations

import enum
import json
import os
import sys
import threading
from collections.abc import Callable, Generator
from contextlib import contextmanager
from typing import Annotated, Any, Literal, cast

import msgspec
from hypothesis import strategies as st
from pydantic import BaseModel, Field

import wsmessage
from wsmessage import (
    BinaryMessage,
    ClosedMessage,
    CloseMessage,
    ClosingMessage,
    ContinuationMessage,
    ErrorMessage,
    MessageError,
    PingMessage,
    PongMessage,
    RemoteError,
    TextMessage,
    WSCloseCode,
    WSMessage,
    WSMsgType,
    is_valid_close_code,
)

from .impostors import (
    IMPOSTOR_TYPES,
    builtin_items,
    impostor_dicts,
    impostors,
    read_as_builtin,
)

# --- schemas: msgspec and pydantic, nested, tagged unions -----------------------------


class User(msgspec.Struct):
    id: int
    name: str


class Chat(msgspec.Struct, tag=True):
    user: User
    text: str
    score: float
    tags: list[str]
    reply_to: int | None = None


class Join(msgspec.Struct, tag=True):
    room: str


class PUser(BaseModel):
    id: int
    name: str


class PChat(BaseModel):
    kind: Literal["chat"] = "chat"
    user: PUser
    text: str
    score: float
    tags: list[str]
    reply_to: int | None = None


class PJoin(BaseModel):
    kind: Literal["join"] = "join"
    room: str


PEvent = Annotated[PChat | PJoin, Field(discriminator="kind")]


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Paint(msgspec.Struct, forbid_unknown_fields=True):
    color: Color
    shade: Literal["light", "dark"] = "light"


# Schemas for both backends: nested, tagged unions, containers, closed Structs.
SCHEMAS: list[Any] = [
    Chat,
    Chat | Join,
    list[Chat],
    dict[str, int],
    Paint,
    PChat,
    PEvent,
    list[PEvent],
    dict[str, PUser],
]
schemas = st.sampled_from(SCHEMAS)

# Every name a field has in SCHEMAS, and the tags: near-valid documents use them.
FIELD_NAMES = [
    *["type", "kind", "user", "id", "name", "text", "score", "tags", "reply_to"],
    *["room", "color", "shade", "Chat", "Join", "chat", "join", "red", "light"],
]

# --- valid values -----------------------------------------------------------------------

# What msgspec and pydantic read back exactly from both formats: 64-bit
# ints and finite floats.
ints = st.integers(-(2**63), 2**63 - 1)
floats = st.floats(allow_nan=False, allow_infinity=False)


def chats_of(chat: type[Any], user: type[Any]) -> st.SearchStrategy[Any]:
    """Chats, as msgspec Structs or as pydantic models: the same fields."""
    return st.builds(
        chat,
        user=st.builds(user, id=ints, name=st.text()),
        text=st.text(),
        score=floats,
        tags=st.lists(st.text(), max_size=4),
        reply_to=st.none() | ints,
    )


chats = chats_of(Chat, User)
events = chats | st.builds(Join, room=st.text())
p_events = chats_of(PChat, PUser) | st.builds(PJoin, room=st.text())

json_values = st.recursive(
    st.none() | st.booleans() | ints | floats | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)

CLOSE_CODES = [code for code in range(5000) if is_valid_close_code(code)] + [1005, 1006, 1015]
EXCEPTIONS: list[type[Exception]] = [
    RuntimeError,
    ValueError,
    OSError,
    TimeoutError,
    KeyError,
    RemoteError,
]

reasons = st.text(max_size=40).filter(lambda text: len(text.encode()) <= 123)


def _exception(cls: type[Exception], text: str) -> Exception:
    return cls(text)


exceptions = st.builds(_exception, st.sampled_from(EXCEPTIONS), st.text())

messages: st.SearchStrategy[WSMessage] = st.one_of(
    st.binary().map(ContinuationMessage),
    st.text().map(TextMessage),
    st.binary().map(BinaryMessage),
    st.binary(max_size=125).map(PingMessage),
    st.binary(max_size=125).map(PongMessage),
    st.builds(CloseMessage, st.sampled_from(CLOSE_CODES), reasons),
    st.just(ClosedMessage()),
    st.just(ClosingMessage()),
    exceptions.map(ErrorMessage),
)

# --- junk -----------------------------------------------------------------------------------

# Names an input could ask a careless reader to resolve, and words of the formats.
DANGEROUS_NAMES = [
    "os.system",
    "builtins.eval",
    "builtins.exec",
    "builtins.__import__",
    "subprocess.Popen",
    "importlib.import_module",
    "pickle.loads",
    "__builtins__",
    "os.system: rm -rf /",
    "builtins.SystemExit: 1",
]
WORDS = [
    *(t.name.lower() for t in WSMsgType),
    *(t.name for t in WSMsgType),
    *("websocket." + e for e in ["receive", "send", "close", "disconnect", "connect", "accept"]),
    *["type", "data", "extra", "text", "bytes", "code", "reason", "", "null", "A" * 200],
    *FIELD_NAMES,
    *DANGEROUS_NAMES,
]
# Ints where the rules change: close codes, message types, the 64-bit edges.
EDGE_INTS = [
    *[0, -1, 1, 999, 1000, 1004, 1005, 1006, 1015, 1016, 2999, 3000, 4999, 5000, 65535],
    *[0x100, 0x103, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30, -(10**30)],
]

# Text with lone surrogates now and then, which no UTF-8 encoder takes.
texts = st.text(st.characters() | st.characters(categories=["Cs"])) | st.sampled_from(WORDS)


def _released(data: bytes) -> memoryview:
    view = memoryview(data)
    view.release()
    return view


def _words(data: bytes) -> memoryview:
    """A memoryview of 4-byte items: its len() is not its size in bytes."""
    return memoryview(data + bytes(-len(data) % 4)).cast("I")


def bytes_likes(data: st.SearchStrategy[bytes]) -> st.SearchStrategy[Any]:
    """``data`` as bytes, and as every kind of buffer a caller could pass instead."""
    return st.one_of(
        data,
        data.map(bytearray),
        data.map(lambda b: memoryview(b)),
        data.map(lambda b: memoryview(b)[::2]),  # not contiguous
        data.map(lambda b: memoryview(bytearray(b))[1:]),
        data.map(_words),
        data.map(_released),
    )


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(EDGE_INTS),
    st.sampled_from(list(WSMsgType)),
    st.sampled_from(list(WSCloseCode)),
    st.floats(),
    texts,
    bytes_likes(st.binary()),
    impostors,
)
keys = st.none() | st.booleans() | st.integers() | st.floats() | texts | st.binary()

# Whatever a peer or a careless caller could hand over, nested.
junk = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(keys, inner, max_size=4)
        | st.dictionaries(st.sampled_from(WORDS), inner, max_size=4)
        | impostor_dicts
        | st.tuples(inner, inner)
    ),
    max_leaves=10,
)

# Dicts shaped like messages, with junk where the values go.
type_names = st.sampled_from([t.name.lower() for t in WSMsgType]) | st.sampled_from(list(WSMsgType))


def envelopes_of(values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[Any, Any]]:
    """Dicts with a message's keys, or most of them, and ``values`` for values."""
    return st.dictionaries(
        st.sampled_from(["type", "data", "extra"]) | texts, values | type_names, max_size=4
    ) | st.fixed_dictionaries({"type": type_names, "data": values}, optional={"extra": values})


envelopes = envelopes_of(junk)

# JSON-shaped junk: any JSON value, with the names the schemas use as keys.
json_junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)

# --- documents -----------------------------------------------------------------------------


def json_dumps(value: Any, ascii_only: bool = True) -> bytes:
    """``value`` as JSON, NaN and lone surrogates included, or b"" if it cannot be."""
    try:
        return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    except ValueError:  # an int past the digit limit of int-to-str conversion
        return b""


def msgpack_dumps(value: Any) -> bytes:
    """``value`` as msgpack, or b"" if it cannot be (an int past 64 bits, a lone surrogate)."""
    try:
        return msgspec.msgpack.encode(value)
    except (OverflowError, ValueError):
        return b""


def _encoded_messages(encode: Callable[[WSMessage], bytes]) -> st.SearchStrategy[bytes]:
    return messages.filter(lambda m: not isinstance(m, ErrorMessage)).map(encode)


# Bytes and tokens that break a document, or make a reader work hard.
TOKENS = [
    b'"', b"\\", b"{", b"}", b"[", b"]", b",", b":", b"\\u", b"\\ud800", b"\\udc00", b"\x00",
    b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xef\xbb\xbf", b"\xe2\x82",
    b"1e999999", b"-0", b"9" * 40, b"NaN", b"null", b"true", b'"type"', b'"data"', b'"kind"',
    b"\xc1", b"\x91", b"\x81", b"\xdc\xff\xff", b"\xdd\xff\xff\xff\xff", b"\xdf\xff\xff\xff\xff",
    b"\xc6\xff\xff\xff\xff", b"\xdb\xff\xff\xff\xff", b"\xd4\xff\x00", b"\xd6\xff\x00\x00\x00\x01",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, documents: st.SearchStrategy[bytes]) -> bytes:
    """A document from ``documents`` with a few bytes flipped, cut, inserted or repeated."""
    doc = bytearray(draw(documents))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(doc)))
        change = draw(st.sampled_from(["flip", "insert", "token", "delete", "cut", "repeat"]))
        if change == "flip" and at < len(doc):
            doc[at] ^= 1 << draw(st.integers(0, 7))
        elif change == "insert":
            doc[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif change == "token":
            doc[at:at] = draw(st.sampled_from(TOKENS))
        elif change == "delete":
            del doc[at : at + draw(st.integers(1, 8))]
        elif change == "cut":
            del doc[at:]
        elif change == "repeat":
            end = draw(st.integers(at, len(doc)))
            doc[at:at] = doc[at:end]
    return bytes(doc)


def documents_from(
    dumps: Callable[[Any], bytes], valid: st.SearchStrategy[bytes]
) -> st.SearchStrategy[bytes]:
    """Raw bytes, junk documents, valid ``valid`` ones, and mutations of both."""
    built = st.one_of(json_junk.map(dumps), envelopes_of(json_junk).map(dumps), valid)
    return st.one_of(st.binary(), built, mutated(built))


def _json_of_values(encode: Callable[[Any], bytes]) -> st.SearchStrategy[bytes]:
    return st.one_of(events.map(encode), p_events.map(lambda v: v.model_dump_json().encode()))


json_documents = documents_from(
    lambda value: json_dumps(value, ascii_only=False),
    _encoded_messages(wsmessage.to_json) | _json_of_values(msgspec.json.encode),
)
msgpack_documents = documents_from(
    msgpack_dumps,
    _encoded_messages(wsmessage.to_msgpack)
    | _json_of_values(msgspec.msgpack.encode)
    | p_events.map(lambda v: msgspec.msgpack.encode(v.model_dump())),
)


def as_text(document: bytes) -> str:
    """A JSON document as a str, lone surrogates and all."""
    return document.decode("utf-8", "surrogateescape")


# --- what may come out ----------------------------------------------------------------------

#: What no reason may hold: a traceback, a path on disk, an object's repr.
LEAKS = ["Traceback", 'File "', " at 0x", "site-packages", os.path.dirname(wsmessage.__file__)]

# Audit events that would mean the input made us import, run or open something.
RESOLVING_EVENTS = frozenset(
    {
        "import",
        "exec",
        "compile",
        "open",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "subprocess.Popen",
        "pickle.find_class",
        "marshal.loads",
        "ctypes.dlopen",
        "socket.connect",
    }
)
_watching: dict[int, list[str]] = {}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event in RESOLVING_EVENTS:
        seen = _watching.get(threading.get_ident())
        if seen is not None:
            seen.append(event)


# Audit hooks cannot be removed: this one records only while a test watches.
sys.addaudithook(_audit)


@contextmanager
def nothing_resolved() -> Generator[None]:
    """Fail if the block imports a module, runs code, opens a file or a connection."""
    seen: list[str] = []
    _watching[threading.get_ident()] = seen
    try:
        yield
    finally:
        del _watching[threading.get_ident()]
        assert not seen, f"the input made it resolve something: {seen}"


def snapshot(value: object) -> object:
    """A deep copy to compare ``value`` with later; it sees any change in place.

    deepcopy cannot copy a memoryview, and NaN is not equal to itself:
    this can and is.
    """
    kind: type[object] = type(value)
    if kind in IMPOSTOR_TYPES:  # read by the builtin's code, never by the impostor's
        if isinstance(value, dict):
            table = cast("dict[object, object]", value)
            return kind, id(table), [(snapshot(k), snapshot(v)) for k, v in builtin_items(table)]
        return kind, read_as_builtin(value)
    if isinstance(value, dict):
        items = cast("dict[object, object]", value).items()
        return kind, [(snapshot(k), snapshot(v)) for k, v in items]
    if isinstance(value, list | tuple):
        return kind, [snapshot(item) for item in cast("list[object]", value)]
    if isinstance(value, memoryview):
        try:
            return memoryview, value.tobytes(), value.format
        except ValueError:
            return memoryview, "released"
    if isinstance(value, bytearray):
        return bytearray, bytes(value)
    if isinstance(value, float):
        return float, repr(value)
    return type(value), value


def check_error(err: MessageError) -> None:
    """A peer's error: a close code that may be sent, a short reason, nothing internal."""
    assert isinstance(err.close_code, WSCloseCode)
    assert is_valid_close_code(err.close_code)
    assert len(err.reason.encode("utf-8")) <= 123
    assert str(err) == err.reason
    for leak in LEAKS:
        assert leak not in err.reason, leak


def refuses_cleanly(call: Callable[[Any], object], value: Any) -> object:
    """``call(value)``: a result, or a MessageError fit to send; never anything else.

    ``value`` is left as it was, and nothing it names is imported or run.
    """
    before = snapshot(value)
    result: object = None
    try:
        with nothing_resolved():
            result = call(value)
    except MessageError as err:
        check_error(err)
    assert snapshot(value) == before, "the input was changed"
    return result
