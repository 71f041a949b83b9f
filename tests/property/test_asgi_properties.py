"""ASGI events: round trips of what an application sends, and junk events."""

from __future__ import annotations

from typing import Any

from hypothesis import given, strategies as st

from wsmessage import (
    BinaryMessage,
    CloseMessage,
    TextMessage,
    WSMessage,
    is_valid_close_code,
)
from wsmessage.asgi import from_asgi, to_asgi

from .test_messages_properties import junk
from .test_serialize_properties import reads_or_refuses

sendable = st.one_of(
    st.text().map(TextMessage),
    st.binary().map(BinaryMessage),
    st.builds(
        CloseMessage,
        st.sampled_from([code for code in range(5000) if is_valid_close_code(code)]),
        st.text(max_size=40).filter(lambda text: len(text.encode()) <= 123),
    ),
)

event_types = st.sampled_from(
    [
        "websocket.receive",
        "websocket.send",
        "websocket.close",
        "websocket.disconnect",
        "websocket.connect",
        "websocket.accept",
    ]
)
events = st.dictionaries(
    st.sampled_from(["type", "text", "bytes", "code", "reason"]) | st.text(max_size=5),
    junk | event_types | st.integers(0, 5000),
    max_size=5,
) | st.fixed_dictionaries(
    {"type": event_types},
    optional={"text": junk, "bytes": junk, "code": junk | st.integers(0, 5000), "reason": junk},
)


@given(sendable)
def test_what_an_application_sends_round_trips(message: WSMessage) -> None:
    assert from_asgi(to_asgi(message)) == message


@given(events | junk)
def test_from_asgi_raises_only_message_errors(event: Any) -> None:
    reads_or_refuses(from_asgi, event)
