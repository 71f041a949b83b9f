"""wsmessage._kinds: the one table from a message class to its tag, and from a type value back."""

from __future__ import annotations

from typing import get_args

import pytest

from wsmessage import TextMessage, WSMessage, WSMsgType
from wsmessage._kinds import message_class, tag_for_class_name, tag_of

from ..impostors import ImpostorInt, ImpostorStr

CLASSES = get_args(WSMessage)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_each_class_is_found_by_its_tag_its_type_and_the_types_int(cls: type[WSMessage]) -> None:
    tag = tag_for_class_name(cls.__name__)
    assert tag == cls.type.name.lower()
    assert message_class(tag) is cls
    assert message_class(cls.type) is cls
    assert message_class(int(cls.type)) is cls


def test_the_tags_are_the_lowercase_type_names() -> None:
    assert sorted(tag_for_class_name(cls.__name__) for cls in CLASSES) == sorted(
        member.name.lower() for member in WSMsgType
    )


@pytest.mark.parametrize(
    "kind",
    ["TEXT", "txt", "", True, 1.0, b"text", None, 0x7, ImpostorStr("text"), 2**70, -1],
    ids=repr,
)
def test_other_values_name_no_class(kind: object) -> None:
    assert message_class(kind) is None


def test_an_int_subclass_names_the_class_of_its_value() -> None:
    # ImpostorInt's __eq__, __hash__ and __int__ lie; its value is read directly.
    assert message_class(ImpostorInt(int(WSMsgType.TEXT))) is TextMessage


class Shout(TextMessage, frozen=True):
    """An application's subclass of a message class."""


def test_tag_of_reads_a_subclass_by_what_it_subclasses() -> None:
    assert tag_of(TextMessage("x")) == "text"
    assert tag_of(Shout("x")) == "text"
    assert tag_of("text") is None
    assert tag_of(None) is None
