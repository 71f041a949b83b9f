"""aiohttp's messages: every message round trips."""

from __future__ import annotations

from hypothesis import given

from wsmessage import WSMessage
from wsmessage.aiohttp import from_aiohttp, to_aiohttp

from ..strategies import messages


@given(messages)
def test_every_message_round_trips(message: WSMessage) -> None:
    # The exception of an ERROR stays in the process, so it is kept itself.
    assert from_aiohttp(to_aiohttp(message)) == message
