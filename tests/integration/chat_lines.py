"""What the Redis chat tests expect each client to hear: every line, once, in its speaker's order.

A helper of the cross-process and tutorial tests; it has no tests of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

__all__ = ["Line", "by_speaker", "lines_of", "said_by"]


class Line(Protocol):
    """A line heard in the room: who said it, and what."""

    @property
    def name(self) -> str: ...

    @property
    def text(self) -> str: ...


def said_by(speaker: str, count: int) -> list[str]:
    """What one speaker says, in order: ``"<speaker> <i>"`` for i below ``count``."""
    return [f"{speaker} {i}" for i in range(count)]


def lines_of(speakers: Iterable[str], count: int) -> dict[str, list[str]]:
    """What each speaker says (:func:`said_by`), by speaker."""
    return {name: said_by(name, count) for name in speakers}


def by_speaker(heard: Iterable[Line], speakers: Iterable[str]) -> dict[str, list[str]]:
    """The texts heard from each speaker, in the order heard; a silent speaker has none.

    Compared with :func:`lines_of`, it says whether every line was heard
    exactly once and in the order its speaker said them, whatever the
    interleaving of speakers.
    """
    texts: dict[str, list[str]] = {name: [] for name in speakers}
    for line in heard:
        texts[line.name].append(line.text)
    return texts
