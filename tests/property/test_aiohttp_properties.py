"""aiohttp's messages: every message round trips, and junk only raises MessageError."""

from __future__ import annotations

from typing import Any

import aiohttp
from hypothesis import given, strategies as st

from wsmessage import WSMessage, WSMsgType
from wsmessage.aiohttp import from_aiohttp, to_aiohttp

from .test_messages_properties import junk
from .test_serialize_properties import messages, reads_or_refuses


@given(messages)
def test_every_message_round_trips(message: WSMessage) -> None:
    # The exception of an ERROR stays in the process, so it is kept itself.
    assert from_aiohttp(to_aiohttp(message)) == message


kinds = st.sampled_from(list(aiohttp.WSMsgType)) | st.sampled_from(list(WSMsgType)) | junk


@given(kinds, junk | st.integers(0, 5000), junk)
def test_junk_raises_only_message_errors(kind: Any, data: Any, extra: Any) -> None:
    reads_or_refuses(from_aiohttp, aiohttp.WSMessage(kind, data, extra))


@given(junk)
def test_things_that_are_not_messages_raise_message_errors(value: Any) -> None:
    reads_or_refuses(from_aiohttp, value)
