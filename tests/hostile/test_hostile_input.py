"""Every entry point that takes outside data, fed hostile input: a value or a clean MessageError.

One table (:mod:`tests.hostile.entry_points`) lists the entry points and the
input each is fed; one property holds them all to
:func:`~tests.strategies.refuses_cleanly`. Run it longer with
``WSMESSAGE_FUZZ_EXAMPLES`` (see the README's Development section).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import pytest
from hypothesis import given, strategies as st
from pydantic import BaseModel

from wsmessage import (
    BinaryMessage,
    ErrorMessage,
    JsonCodec,
    RemoteError,
    TextMessage,
    WSMessage,
    from_dict,
    from_json,
    from_msgpack,
)

from ..strategies import DANGEROUS_NAMES, nothing_resolved, refuses_cleanly
from .entry_points import ENTRY_POINTS, EntryPoint

# The codec json() decodes bytes with is imported on first use, whatever
# the input: import it now, so that what is watched is what the input
# makes happen.
BinaryMessage(b"null").json()


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda entry: entry.name)
@given(data=st.data())
def test_hostile_input_gives_a_value_or_a_clean_message_error(
    entry: EntryPoint, data: st.DataObject
) -> None:
    value = data.draw(entry.inputs, label="input")
    entry.prepare(value)
    result = refuses_cleanly(entry.call, value)
    assert result is None or isinstance(result, entry.returns)


# --- nothing named by the input is resolved ---------------------------------------------------


class Holder(BaseModel):
    message: WSMessage


HOLDER = JsonCodec(Holder)


def _error_envelope(text: str) -> dict[str, Any]:
    return {"type": "error", "data": text, "extra": None}


ERROR_READERS: list[tuple[str, Callable[[str], WSMessage]]] = [
    ("from_dict", lambda text: from_dict(_error_envelope(text))),
    ("from_dict, type as int", lambda text: from_dict({"type": 0x102, "data": text})),
    ("from_json", lambda text: from_json(msgspec.json.encode(_error_envelope(text)))),
    ("from_msgpack", lambda text: from_msgpack(msgspec.msgpack.encode(_error_envelope(text)))),
    (
        "pydantic field",
        lambda text: (
            HOLDER.decode(
                TextMessage(msgspec.json.encode({"message": _error_envelope(text)}).decode())
            ).message
        ),
    ),
]


@pytest.mark.parametrize(("name", "read"), ERROR_READERS, ids=[name for name, _ in ERROR_READERS])
@given(st.sampled_from(DANGEROUS_NAMES) | st.text())
def test_an_error_naming_anything_reads_as_a_remote_error_with_that_text(
    name: str, read: Callable[[str], WSMessage], text: str
) -> None:
    with nothing_resolved():
        message = read(text)
    assert message == ErrorMessage(RemoteError(text))
    assert type(message.data) is RemoteError
