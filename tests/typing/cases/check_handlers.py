"""How handlers see wsmessage.aiohttp and wsmessage.starlette: checked against the stubs.

As the codecs: a schema (any type form) gives its values, a codec its
schema's. A value sent must be the codec's type.
"""

from typing import Annotated, Literal

import aiohttp
import msgspec
from aiohttp import web
from pydantic import BaseModel, Field
from starlette.websockets import WebSocket
from typing_extensions import assert_type

from wsmessage import JsonCodec, MsgpackCodec, Receiver
from wsmessage.aiohttp import iter_decoded as aiohttp_iter_decoded, send_encoded as aiohttp_send
from wsmessage.starlette import iter_decoded, send_encoded


class Chat(msgspec.Struct, tag=True):
    user: str
    text: str


class Join(msgspec.Struct, tag=True):
    user: str


class Profile(BaseModel):
    name: str


class PJoin(BaseModel):
    kind: Literal["join"]


class PLeave(BaseModel):
    kind: Literal["leave"]


Event = Annotated[Chat | Join, msgspec.Meta(title="event")]
PEvent = Annotated[PJoin | PLeave, Field(discriminator="kind")]


async def aiohttp_server(ws: web.WebSocketResponse) -> None:
    assert_type(aiohttp_iter_decoded(ws, Chat), Receiver[Chat])
    async for chat in aiohttp_iter_decoded(ws, Chat):
        assert_type(chat, Chat)
        assert_type(chat.text, str)
        await aiohttp_send(ws, chat)
    async for profile in aiohttp_iter_decoded(ws, Profile, on_error="raise"):
        assert_type(profile, Profile)
    async for limited in aiohttp_iter_decoded(ws, JsonCodec(Chat, max_size=1024)):
        assert_type(limited, Chat)
    async for join in aiohttp_iter_decoded(ws, MsgpackCodec(Join)):
        assert_type(join, Join)
    async for event in aiohttp_iter_decoded(ws, Event):
        assert_type(event, Chat | Join)
    assert_type(aiohttp_iter_decoded(ws, list[Chat]), Receiver[list[Chat]])
    assert_type(aiohttp_iter_decoded(ws, Chat | Join), Receiver[Chat | Join])
    assert_type(aiohttp_iter_decoded(ws, PEvent), Receiver[PJoin | PLeave])
    assert_type(aiohttp_iter_decoded(ws, JsonCodec(PEvent)), Receiver[PJoin | PLeave])
    assert_type(await aiohttp_send(ws, Chat("ada", "hi"), JsonCodec(Chat | Join)), None)
    assert_type(await aiohttp_send(ws, Join("ada")), None)
    assert_type(await aiohttp_send(ws, Join("ada"), MsgpackCodec(Join)), None)
    assert_type(await aiohttp_send(ws, {"any": "json"}), None)
    chats = aiohttp_iter_decoded(ws, Chat)
    assert_type(chats.close_code, int | None)
    assert_type(chats.close_reason, str | None)


async def aiohttp_client(ws: aiohttp.ClientWebSocketResponse) -> None:
    await aiohttp_send(ws, Chat("ada", "hi"), JsonCodec(Chat))
    async for chat in aiohttp_iter_decoded(ws, Chat):
        assert_type(chat, Chat)


async def starlette_endpoint(websocket: WebSocket) -> None:
    assert_type(iter_decoded(websocket, Chat), Receiver[Chat])
    async for chat in iter_decoded(websocket, Chat, on_error="close"):
        assert_type(chat, Chat)
        await send_encoded(websocket, chat)
    async for profile in iter_decoded(websocket, JsonCodec(Profile)):
        assert_type(profile, Profile)
    async for packed in iter_decoded(websocket, MsgpackCodec(Chat), on_error="raise"):
        assert_type(packed, Chat)
    async for event in iter_decoded(websocket, Event):
        assert_type(event, Chat | Join)
    assert_type(await send_encoded(websocket, Chat("ada", "hi"), JsonCodec(Chat)), None)
    assert_type(await send_encoded(websocket, Join("ada"), MsgpackCodec(Join)), None)


# --- must fail -------------------------------------------------------------------


async def must_fail(ws: web.WebSocketResponse, websocket: WebSocket, chat: Chat) -> None:
    aiohttp_iter_decoded(ws, Chat, on_error="clos")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    iter_decoded(websocket, Chat, on_error="clos")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    iter_decoded(websocket, Chat, "raise")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    aiohttp_iter_decoded(websocket, Chat)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    iter_decoded(ws, Chat)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    await aiohttp_send(ws, chat, Chat)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await send_encoded(websocket, chat, codec=Chat)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # A value that does not fit the codec: pyright names both types; mypy
    # reports the clash as a type parameter it cannot infer.
    await aiohttp_send(ws, "not a chat", JsonCodec(Chat))  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    await send_encoded(websocket, Join("ada"), MsgpackCodec(Chat))  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    async for decoded in iter_decoded(websocket, Chat):
        decoded.room  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    async for limited in aiohttp_iter_decoded(ws, JsonCodec(Join)):
        limited.text  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    await send_encoded(websocket, PLeave(kind="leave"), JsonCodec(Chat | Join))  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    async for event in iter_decoded(websocket, Chat | Join):
        event.text  # type: ignore[union-attr]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    aiohttp_iter_decoded(aiohttp.WSMessage, Chat)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
