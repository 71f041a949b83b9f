"""UTF-8 wherever text comes from bytes: the classic decoder stress test, from RFC 3629.

The vectors follow the categories of Markus Kuhn's UTF-8 decoder
capability and stress test, written here from the encoding RFC 3629
section 3 defines (and, for the 5- and 6-byte forms it withdrew, RFC 2279):
code points at the edges of each length, stray continuation bytes, lead
bytes alone, sequences cut short, overlong forms, UTF-16 surrogates, code
points past U+10FFFF and bytes that never appear. Every reader of text in
bytes refuses each with INVALID_TEXT, and reads each valid edge case back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import msgspec
import pytest
from pydantic import BaseModel

from wsmessage import (
    BinaryMessage,
    CloseMessage,
    DecodeError,
    JsonCodec,
    MessageError,
    MsgpackCodec,
    PayloadError,
    WSCloseCode,
    WSMsgType,
    from_json,
    from_msgpack,
    make_message,
)
from wsmessage.aiohttp import from_aiohttp
from wsmessage.asgi import from_asgi

# Lead byte marks by sequence length (RFC 3629 section 3; 5 and 6 from RFC 2279).
LEAD_MARKS = {2: 0xC0, 3: 0xE0, 4: 0xF0, 5: 0xF8, 6: 0xFC}


def encode_as(code_point: int, length: int) -> bytes:
    """``code_point`` in a sequence of ``length`` bytes, allowed or not.

    The bits of the code point fill the x's of the lead byte and of the
    continuation bytes 10xxxxxx, from the right: an overlong form is a
    small code point in more bytes than it needs.
    """
    if length == 1:
        assert code_point < 0x80
        return bytes([code_point])
    tail: list[int] = []
    for _ in range(length - 1):
        tail.append(0x80 | code_point & 0x3F)
        code_point >>= 6
    assert code_point < 1 << (7 - length), "does not fit"
    return bytes([LEAD_MARKS[length] | code_point, *reversed(tail)])


def surrogate(code_point: int) -> bytes:
    return encode_as(code_point, 3)


# --- what must be refused ------------------------------------------------------------------

CONTINUATIONS = bytes(range(0x80, 0xC0))

INVALID: list[tuple[str, bytes]] = [
    # Continuation bytes with no lead.
    ("first continuation byte 0x80", b"\x80"),
    ("last continuation byte 0xbf", b"\xbf"),
    ("two continuation bytes", b"\x80\xbf"),
    ("three continuation bytes", b"\x80\xbf\x80"),
    ("seven continuation bytes", b"\x80\xbf\x80\xbf\x80\xbf\x80"),
    ("all 64 continuation bytes", CONTINUATIONS),
    ("continuation byte after ASCII", b"ok\x80"),
    # Every lead byte alone, followed by a space.
    *[(f"lead byte {lead:#04x} alone", bytes([lead, 0x20])) for lead in range(0xC0, 0xFE)],
    # Sequences with their last continuation byte missing.
    ("2 bytes for U+0080, cut", encode_as(0x80, 2)[:-1]),
    ("3 bytes for U+0800, cut", encode_as(0x800, 3)[:-1]),
    ("4 bytes for U+10000, cut", encode_as(0x10000, 4)[:-1]),
    ("5 bytes for U+200000, cut", encode_as(0x200000, 5)[:-1]),
    ("6 bytes for U+4000000, cut", encode_as(0x4000000, 6)[:-1]),
    ("2 bytes for U+07FF, cut", encode_as(0x7FF, 2)[:-1]),
    ("3 bytes for U+FFFF, cut", encode_as(0xFFFF, 3)[:-1]),
    ("4 bytes for U+10FFFF, cut", encode_as(0x10FFFF, 4)[:-1]),
    ("5 bytes for U+3FFFFFF, cut", encode_as(0x3FFFFFF, 5)[:-1]),
    ("6 bytes for U+7FFFFFFF, cut", encode_as(0x7FFFFFFF, 6)[:-1]),
    ("3 bytes cut after the lead", encode_as(0x20AC, 3)[:1]),
    (
        "cut sequences one after another",
        b"".join(encode_as(cp, n)[:-1] for cp, n in [(0x80, 2), (0x800, 3), (0x10000, 4)]),
    ),
    ("cut at the end of text", b"price: " + "\N{EURO SIGN}".encode()[:-1]),
    # Overlong forms: "/" (U+002F), the largest code point of each length
    # in one byte more, and NUL.
    *[(f"'/' in {n} bytes", encode_as(0x2F, n)) for n in range(2, 7)],
    ("U+007F in 2 bytes", encode_as(0x7F, 2)),
    ("U+07FF in 3 bytes", encode_as(0x7FF, 3)),
    ("U+FFFF in 4 bytes", encode_as(0xFFFF, 4)),
    ("U+1FFFFF in 5 bytes", encode_as(0x1FFFFF, 5)),
    ("U+3FFFFFF in 6 bytes", encode_as(0x3FFFFFF, 6)),
    *[(f"NUL in {n} bytes", encode_as(0, n)) for n in range(2, 7)],
    # UTF-16 surrogates, which are no characters (RFC 3629 section 3).
    *[(f"lone U+{cp:04X}", surrogate(cp)) for cp in (0xD800, 0xDB7F, 0xDB80, 0xDBFF)],
    *[(f"lone U+{cp:04X}", surrogate(cp)) for cp in (0xDC00, 0xDF80, 0xDFFF)],
    *[
        (f"pair U+{high:04X} U+{low:04X}", surrogate(high) + surrogate(low))
        for high, low in [(0xD800, 0xDC00), (0xD800, 0xDFFF), (0xDB7F, 0xDC00), (0xDBFF, 0xDFFF)]
    ],
    # Code points past U+10FFFF, where UTF-8 ends.
    ("U+110000", encode_as(0x110000, 4)),
    ("U+13FFFF", encode_as(0x13FFFF, 4)),
    ("U+140000, lead 0xf5", encode_as(0x140000, 4)),
    ("U+1FFFFF, lead 0xf7", encode_as(0x1FFFFF, 4)),
    ("U+200000 in 5 bytes", encode_as(0x200000, 5)),
    ("U+3FFFFFF in 5 bytes", encode_as(0x3FFFFFF, 5)),
    ("U+4000000 in 6 bytes", encode_as(0x4000000, 6)),
    ("U+7FFFFFFF in 6 bytes", encode_as(0x7FFFFFFF, 6)),
    # Bytes that never appear in UTF-8.
    *[
        (f"impossible byte {byte:#04x}", bytes([byte]))
        for byte in (0xC0, 0xC1, *range(0xF5, 0x100))
    ],
    ("impossible bytes 0xfe 0xfe 0xff 0xff", b"\xfe\xfe\xff\xff"),
    ("impossible byte inside text", b"caf\xff"),
]

# --- what must be read ---------------------------------------------------------------------

VALID: list[tuple[str, str]] = [
    ("U+0000, first of 1 byte", "\x00"),
    ("U+007F, last of 1 byte", "\x7f"),
    ("U+0080, first of 2 bytes", "\x80"),
    ("U+07FF, last of 2 bytes", "\u07ff"),
    ("U+0800, first of 3 bytes", "\u0800"),
    ("U+D7FF, before the surrogates", "\ud7ff"),
    ("U+E000, after the surrogates", "\ue000"),
    ("U+FEFF, the BOM", "\ufeff"),
    ("U+FFFD, the replacement character", "\ufffd"),
    ("U+FFFE, a noncharacter", "\ufffe"),
    ("U+FFFF, last of 3 bytes", "\uffff"),
    ("U+10000, first of 4 bytes", "\U00010000"),
    ("U+10FFFF, the last code point", "\U0010ffff"),
    ("a BOM leading text", "\ufeffhello"),
    ("every length at once", "a\u00e9\u20ac\U0001f600"),
]


def test_the_vectors_are_made_as_the_rfc_says() -> None:
    # The shortest form of a code point is what Python's encoder writes.
    for _, text in VALID:
        for char in text:
            length = len(char.encode())
            assert encode_as(ord(char), length) == char.encode()
    assert encode_as(0x2F, 2) == b"\xc0\xaf"
    assert surrogate(0xD800) == b"\xed\xa0\x80"
    assert encode_as(0x110000, 4) == b"\xf4\x90\x80\x80"
    assert encode_as(0x7FFFFFFF, 6) == b"\xfd\xbf\xbf\xbf\xbf\xbf"


# --- the readers ---------------------------------------------------------------------------


class Text(BaseModel):
    text: str


class Numbered(msgspec.Struct):
    n: int


def quoted(data: bytes) -> bytes:
    """``data`` as a JSON string, bytes as they are; NUL, which JSON wants escaped, escaped."""
    return b'"' + data.replace(b"\x00", b"\\u0000") + b'"'


def packed(data: bytes) -> bytes:
    """``data`` as a msgpack str, bytes as they are."""
    return b"\xd9" + bytes([len(data)]) + data


def packed_text_message(data: bytes) -> bytes:
    return b"\x82\xa4type\xa4text\xa4data" + packed(data)


def skipped_by_a_struct(data: bytes) -> None:
    JsonCodec(Numbered).decode(BinaryMessage(b'{"n": 1, "skipped": ' + quoted(data) + b"}"))


# (name, read the text in data, the error that refuses it); a reader that
# only accepts, giving no text back, returns None.
READERS: list[tuple[str, Callable[[bytes], Any], type[MessageError]]] = [
    ("make_message", lambda data: make_message(WSMsgType.TEXT, data).data, PayloadError),
    (
        "make_message, bytearray",
        lambda data: make_message(WSMsgType.TEXT, bytearray(data)).data,
        PayloadError,
    ),
    (
        "make_message, memoryview",
        lambda data: make_message(WSMsgType.TEXT, memoryview(data)).data,
        PayloadError,
    ),
    (
        "from_aiohttp",
        lambda data: from_aiohttp(aiohttp.WSMessage(aiohttp.WSMsgType.TEXT, data, "")).data,
        PayloadError,
    ),
    (
        "CloseMessage.from_payload",
        lambda data: CloseMessage.from_payload(b"\x03\xe8" + data).extra,
        PayloadError,
    ),
    ("BinaryMessage.json()", lambda data: BinaryMessage(quoted(data)).json(), DecodeError),
    (
        "BinaryMessage.json(str), msgspec",
        lambda data: BinaryMessage(quoted(data)).json(str),
        DecodeError,
    ),
    (
        "BinaryMessage.json(model), pydantic",
        lambda data: BinaryMessage(b'{"text": ' + quoted(data) + b"}").json(Text).text,
        DecodeError,
    ),
    (
        "JsonCodec(str).decode, msgspec",
        lambda data: JsonCodec(str).decode(BinaryMessage(quoted(data))),
        DecodeError,
    ),
    (
        "JsonCodec(model).decode, pydantic",
        lambda data: JsonCodec(Text).decode(BinaryMessage(b'{"text": ' + quoted(data) + b"}")).text,
        DecodeError,
    ),
    ("JsonCodec(Struct).decode, in a field it skips", skipped_by_a_struct, DecodeError),
    (
        "from_json",
        lambda data: from_json(b'{"type": "text", "data": ' + quoted(data) + b"}").data,
        DecodeError,
    ),
    ("from_msgpack", lambda data: from_msgpack(packed_text_message(data)).data, DecodeError),
    (
        "MsgpackCodec(str).decode, msgspec",
        lambda data: MsgpackCodec(str).decode(BinaryMessage(packed(data))),
        DecodeError,
    ),
    (
        "MsgpackCodec(model).decode, pydantic",
        lambda data: MsgpackCodec(Text).decode(BinaryMessage(b"\x81\xa4text" + packed(data))).text,
        DecodeError,
    ),
]
READER_IDS = [name for name, _, _ in READERS]


@pytest.mark.parametrize(("name", "read", "error"), READERS, ids=READER_IDS)
@pytest.mark.parametrize("data", [data for _, data in INVALID], ids=[name for name, _ in INVALID])
def test_bytes_that_are_not_utf8_are_invalid_text(
    name: str, read: Callable[[bytes], Any], error: type[MessageError], data: bytes
) -> None:
    with pytest.raises(MessageError) as info:
        read(data)
    assert type(info.value) is error
    assert info.value.close_code is WSCloseCode.INVALID_TEXT


@pytest.mark.parametrize(("name", "read", "error"), READERS, ids=READER_IDS)
@pytest.mark.parametrize("text", [text for _, text in VALID], ids=[name for name, _ in VALID])
def test_every_edge_of_utf8_is_read(
    name: str, read: Callable[[bytes], Any], error: type[MessageError], text: str
) -> None:
    assert read(text.encode()) in (text, None)


def test_asgi_text_is_a_str_never_bytes_to_decode() -> None:
    # ASGI servers decode text frames themselves: bytes under "text" are a
    # server's mistake, not text to check, whether they are UTF-8 or not.
    for data in (b"hi", b"\xc0\xaf"):
        with pytest.raises(PayloadError) as info:
            from_asgi({"type": "websocket.receive", "text": data})
        assert info.value.close_code is WSCloseCode.PROTOCOL_ERROR
