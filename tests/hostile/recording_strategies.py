"""Recordings built from junk: HAR and JSON Lines files of any shape, for the hostile tests."""

from __future__ import annotations

import base64
import json
from typing import Any

from hypothesis import strategies as st

from ..strategies import json_dumps, json_junk, mutated, texts

__all__ = ["hars", "jsonls", "recordings"]

DIRECTIONS = st.sampled_from(["send", "receive", "error"]) | texts
OPCODES = st.sampled_from([1, 2, -1, 9]) | st.integers() | json_junk
DATA = texts | st.binary().map(lambda b: base64.b64encode(b).decode()) | json_junk

items = st.fixed_dictionaries(
    {"type": DIRECTIONS, "opcode": OPCODES, "data": DATA},
    optional={
        "time": st.floats() | st.integers() | json_junk,
        "url": st.sampled_from(["ws://h/ws/chat/a", "wss://h/x?y", "http://[::1"]) | json_junk,
    },
)
items_or_junk = items | json_junk


def _jsonl(lines: list[Any]) -> bytes:
    return b"\n".join(json_dumps(line, ascii_only=False) for line in lines)


entries = st.fixed_dictionaries(
    {},
    optional={
        "request": st.fixed_dictionaries({"url": texts | json_junk}) | json_junk,
        "_resourceType": st.just("websocket") | json_junk,
        "_webSocketMessages": st.lists(items_or_junk, max_size=5) | json_junk,
    },
)
hars = st.lists(entries | json_junk, max_size=4).map(
    lambda entries: json.dumps({"log": {"entries": entries}}).encode()
)
jsonls = st.lists(items_or_junk, min_size=1, max_size=6).map(_jsonl)
recordings = st.one_of(st.binary(), hars, jsonls, mutated(hars | jsonls))
