"""How applications see wsmessage.asyncapi: checked against the stubs.

``document`` takes any endpoints, whatever they receive and send, and
keyword-only metadata; it returns a JSON-ready dict.
"""

from typing import Any

import msgspec
from typing_extensions import assert_type

from wsmessage import Endpoint
from wsmessage.asyncapi import document


class Join(msgspec.Struct, tag=True):
    name: str


class Said(msgspec.Struct, tag=True):
    text: str


chat = Endpoint("/ws/chat/{room}", receives=Join, sends=Said)
ticks = Endpoint("/ws/ticks", receives=int, sends=list[float], format="msgpack")

assert_type(document(chat, title="Chat", version="1.0.0"), dict[str, Any])
assert_type(
    document(
        chat,
        ticks,
        chat.client,
        title="Chat",
        version="1.0.0",
        servers={"production": "wss://chat.example.com"},
        description="Rooms.",
    ),
    dict[str, Any],
)
endpoints: list[Endpoint[Any, Any]] = [chat, ticks]  # mypy joins the two as object
assert_type(document(*endpoints, title="t", version="1"), dict[str, Any])

# --- what must be rejected ----------------------------------------------------------------

document(chat)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
document(chat, "Chat", "1.0.0")  # type: ignore[call-arg, arg-type]  # pyright: ignore[reportCallIssue]
document(chat, title=1, version="1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
document("/ws/chat", title="t", version="1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
document(chat, title="t", version="1", servers=["wss://x"])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
document(chat, title="t", version="1", servers={"p": 1})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]
