"""The protocol the recordings in this folder are checked against: a chat and a ticker.

The chat's messages are those of the tutorial (docs/examples/chat_schemas.py);
the ticker speaks msgpack. ``-e tests.recordings.protocol:endpoints`` names both.
"""

from __future__ import annotations

from typing import Any

import msgspec

from wsmessage import Endpoint


class Join(msgspec.Struct, tag_field="type", tag="join"):
    name: str


class Say(msgspec.Struct, tag_field="type", tag="say"):
    text: str


class Welcome(msgspec.Struct, tag_field="type", tag="welcome"):
    name: str
    members: int


class Said(msgspec.Struct, tag_field="type", tag="said"):
    name: str
    text: str


class Subscribe(msgspec.Struct, tag_field="type", tag="subscribe"):
    symbol: str


class Tick(msgspec.Struct, tag_field="type", tag="tick"):
    symbol: str
    price: float


chat = Endpoint("/ws/chat/{room}", receives=Join | Say, sends=Welcome | Said)
ticks = Endpoint("/ws/ticks", receives=Subscribe, sends=Tick, format="msgpack")

endpoints: list[Endpoint[Any, Any]] = [chat, ticks]
