"""ASGI events: round trips of what an application sends."""

from __future__ import annotations

from hypothesis import given, strategies as st

from wsmessage import (
    BinaryMessage,
    CloseMessage,
    TextMessage,
    WSMessage,
    is_valid_close_code,
)
from wsmessage.asgi import from_asgi, to_asgi

from ..strategies import reasons

sendable = st.one_of(
    st.text().map(TextMessage),
    st.binary().map(BinaryMessage),
    st.builds(
        CloseMessage,
        st.sampled_from([code for code in range(5000) if is_valid_close_code(code)]),
        reasons,
    ),
)


@given(sendable)
def test_what_an_application_sends_round_trips(message: WSMessage) -> None:
    assert from_asgi(to_asgi(message)) == message
