"""How handlers see wsmessage.websockets: checked against the stubs."""

import msgspec
from typing_extensions import assert_type
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.server import ServerConnection

from wsmessage import JsonCodec, MsgpackCodec, Receiver
from wsmessage.websockets import iter_decoded, send_encoded


class Chat(msgspec.Struct):
    user: str
    text: str


async def server(connection: ServerConnection) -> None:
    assert_type(iter_decoded(connection, Chat), Receiver[Chat])
    async for chat in iter_decoded(connection, Chat, on_error="raise"):
        assert_type(chat, Chat)
        await send_encoded(connection, chat)
    async for packed in iter_decoded(connection, MsgpackCodec(Chat)):
        assert_type(packed, Chat)
    async for anything in iter_decoded(connection, Chat | int):
        assert_type(anything, Chat | int)


async def client(connection: ClientConnection) -> None:
    await send_encoded(connection, Chat("ada", "hi"), JsonCodec(Chat))
    async for chat in iter_decoded(connection, JsonCodec(Chat)):
        assert_type(chat, Chat)


# --- must fail -------------------------------------------------------------------


async def must_fail(connection: ClientConnection, chat: Chat) -> None:
    iter_decoded(connection, Chat, on_error="clos")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    iter_decoded(object(), Chat)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    await send_encoded(connection, "not a chat", JsonCodec(Chat))  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    await send_encoded(connection, chat, codec=Chat)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
