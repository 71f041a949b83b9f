"""What may be said to a peer (wsmessage._safe_text): reasons that fit, excerpts that stay short."""

from __future__ import annotations

import pytest

from wsmessage._safe_text import (
    MAX_EXCERPT_CHARS,
    MAX_MSG_CHARS,
    MAX_REASON_BYTES,
    clip,
    excerpt,
    fit_reason,
    format_loc,
    quoted,
    shown,
    type_name,
)


@pytest.mark.parametrize(
    "text",
    ["a" * 200, "é" * 100, "€" * 100, "😀" * 100, "a" + "😀" * 40, "x" * 1_000_000],
)
def test_fit_reason_cuts_at_a_character_and_marks_the_cut(text: str) -> None:
    reason = fit_reason(text)
    assert len(reason.encode("utf-8")) <= MAX_REASON_BYTES
    assert reason.endswith("...")
    assert text.startswith(reason[:-3])


@pytest.mark.parametrize("text", ["", "short", "a" * MAX_REASON_BYTES, "é" * 61])
def test_fit_reason_keeps_what_fits(text: str) -> None:
    assert fit_reason(text) == text


def test_fit_reason_replaces_what_cannot_be_encoded() -> None:
    assert fit_reason("a\ud800b") == "a?b"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("short", "short"),
        ("x" * (MAX_EXCERPT_CHARS + 1), "x" * (MAX_EXCERPT_CHARS + 1)),
        ("x" * 40, "x" * MAX_EXCERPT_CHARS + "..."),
        ("'" + "x" * 40 + "'", "'" + "x" * (MAX_EXCERPT_CHARS - 1) + "...'"),
    ],
)
def test_excerpt(value: str, expected: str) -> None:
    assert excerpt(value) == expected


class Sneaky(str):
    def __repr__(self) -> str:
        return "anything at all"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("type", " 'type'"),
        ("x" * MAX_EXCERPT_CHARS, f" '{'x' * MAX_EXCERPT_CHARS}'"),
        ("x" * (MAX_EXCERPT_CHARS + 1), ""),
        (Sneaky("type"), ""),
        (3, ""),
        (None, ""),
    ],
)
def test_quoted_quotes_only_short_exact_strs(value: object, expected: str) -> None:
    assert quoted(value) == expected


class Liar(int):
    def __format__(self, spec: str) -> str:
        return "lies"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, " 0"),
        (1005, " 1005"),
        (0xFFFF, " 65535"),
        (0x10000, ""),
        (-1, ""),
        pytest.param(10**5000, "", id="huge"),
    ],
)
def test_shown_formats_only_16_bit_ints(number: int, expected: str) -> None:
    assert shown(number) == expected


@pytest.mark.parametrize("number", [Liar(1000), True, 1.0, "1000"])
def test_shown_formats_nothing_but_an_exact_int(number: object) -> None:
    assert shown(number) == ""


def test_type_name_names_the_type_never_the_value() -> None:
    assert type_name("secret") == "str"
    long_name = type("A" * 100, (), {})()
    assert type_name(long_name) == "A" * MAX_EXCERPT_CHARS + "..."


def test_clip_cuts_quoted_values_and_the_whole_message() -> None:
    assert clip("Invalid value 'short'") == "Invalid value 'short'"
    assert clip("Invalid value '" + "x" * 100 + "'") == (
        "Invalid value '" + "x" * (MAX_EXCERPT_CHARS - 1) + "...'"
    )
    assert clip("y" * 500) == "y" * (MAX_MSG_CHARS - 3) + "..."


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        ((), ""),
        (("user", "id"), "user.id"),
        (("items", 2, "id"), "items[2].id"),
        (("d", "..."), "d[...]"),
        (("d", "...", "[key]"), "d[...][key]"),
        (("d", "x", "[key]"), "d.x[key]"),
        (("a b",), "['a b']"),
        (("n" * 40,), "n" * MAX_EXCERPT_CHARS + "..."),
    ],
)
def test_format_loc(loc: tuple[str | int, ...], expected: str) -> None:
    assert format_loc(loc) == expected
