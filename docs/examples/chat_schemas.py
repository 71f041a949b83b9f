"""The chat's messages, shared by its servers and its client.

Each is a msgspec Struct with a ``type`` tag, so that one codec decodes a
union of them and a ``match`` tells them apart.
"""

from __future__ import annotations

import msgspec

from wsmessage import JsonCodec

# --- what a client sends -------------------------------------------------------------


class Join(msgspec.Struct, tag_field="type", tag="join"):
    """Join the room under a name: a client's first message."""

    name: str


class Say(msgspec.Struct, tag_field="type", tag="say"):
    """Say something to everyone in the room."""

    text: str


# --- what the server sends -----------------------------------------------------------


class Welcome(msgspec.Struct, tag_field="type", tag="welcome"):
    """The room greets a newcomer."""

    name: str
    members: int  # in the room, the newcomer included


class Said(msgspec.Struct, tag_field="type", tag="said"):
    """Someone in the room said something."""

    name: str
    text: str


# --- their codecs, made once ---------------------------------------------------------

# Annotated, so that mypy knows what decoding a union gives.
FROM_CLIENT: JsonCodec[Join | Say] = JsonCodec(Join | Say, max_size=4096)
FROM_SERVER: JsonCodec[Welcome | Said] = JsonCodec(Welcome | Said)
