"""An endpoint's path template, as Endpoint.match reads a path against it (wsmessage._path)."""

from __future__ import annotations

from typing import Any

import pytest

from wsmessage import Endpoint

from .endpoint_schemas import CHAT, Join, Said


@pytest.mark.parametrize(
    ("template", "path", "expected"),
    [
        ("/ws/chat/{room}", "/ws/chat/lobby", {"room": "lobby"}),
        ("/ws/chat/{room}", "/ws/chat/a%20b", {"room": "a%20b"}),  # as given
        ("/ws/chat/{room}", "/ws/chat/", None),
        ("/ws/chat/{room}", "/ws/chat/a/b", None),
        ("/ws/chat/{room}", "/ws/chat/lobby/", None),
        ("/ws/chat/{room}", "/ws/chat/lobby?x=1", {"room": "lobby?x=1"}),
        ("/ws/{a}/{b}", "/ws/1/2", {"a": "1", "b": "2"}),
        ("/ws/{name}.json", "/ws/ada.json", {"name": "ada"}),
        ("/ws", "/ws", {}),
        ("/ws", "/WS", None),
        ("/ws.v1", "/wsxv1", None),  # a dot is a dot
        ("/ws/(x)+", "/ws/(x)+", {}),
    ],
)
def test_match(template: str, path: str, expected: dict[str, str] | None) -> None:
    assert Endpoint(template, receives=Join, sends=Said).match(path) == expected


@pytest.mark.parametrize("path", [None, b"/ws/chat/lobby", 7])
def test_match_takes_only_a_str(path: Any) -> None:
    assert CHAT.match(path) is None
