"""The message kinds: each class's tag, and the class a ``type`` value names.

A message's type may be given as its tag (``"text"``, what the envelopes
write), as a :class:`~wsmessage.WSMsgType` or as its int. This is the one
table that reads each; :mod:`wsmessage.messages` fills it as it defines the
classes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CLASS_OF", "TAG", "message_class", "register", "tag_for_class_name", "tag_of"]

#: The tag of each message class.
TAG: dict[type[Any], str] = {}
#: The message class for each tag and each type number.
CLASS_OF: dict[str | int, type[Any]] = {}


def tag_for_class_name(name: str) -> str:
    """A message class's tag, from its name: ``TextMessage`` -> ``"text"``.

    It is the lowercase name of the class's WSMsgType; msgspec calls this
    for every message class, so the rule is written once.
    """
    return name.removesuffix("Message").lower()


def register(*classes: type[Any]) -> None:
    """Enter each message class under its tag and its type number."""
    for cls in classes:
        tag = cls.__struct_config__.tag
        TAG[cls] = tag
        CLASS_OF[tag] = cls
        CLASS_OF[int(cls.type)] = cls


def tag_of(obj: object) -> str | None:
    """The tag of ``obj``'s message class (or of the one it subclasses); None for a non-message."""
    tag = TAG.get(type(obj))
    if tag is None:
        tag = next((TAG[cls] for cls in type(obj).__mro__ if cls in TAG), None)
    return tag


def message_class(kind: object) -> type[Any] | None:
    """The message class a ``type`` value names (a tag, a WSMsgType or its int), if any.

    Only an exact str or a non-bool int names a class, so a subclass cannot
    answer for itself.
    """
    if type(kind) is str:
        return CLASS_OF.get(kind)
    if isinstance(kind, int) and not isinstance(kind, bool):
        try:
            number = int.__index__(kind)
        except Exception:
            return None
        return CLASS_OF.get(number)
    return None
