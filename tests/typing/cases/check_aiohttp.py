"""How user code sees wsmessage.aiohttp: checked by mypy against the shipped stubs."""

import aiohttp
from aiohttp import web
from typing_extensions import assert_type

from wsmessage import TextMessage, WSMessage, WSMsgType
from wsmessage.aiohttp import from_aiohttp, to_aiohttp


async def handler(ws: web.WebSocketResponse, client: aiohttp.ClientWebSocketResponse) -> None:
    async for raw in ws:
        msg = from_aiohttp(raw)
        assert_type(msg, WSMessage)
        if msg.type is WSMsgType.TEXT:
            assert_type(msg.data, str)
    assert_type(from_aiohttp(await ws.receive()), WSMessage)
    assert_type(from_aiohttp(await client.receive()), WSMessage)
    assert_type(to_aiohttp(TextMessage("x")), aiohttp.WSMessage)


# --- must fail -------------------------------------------------------------------


def must_fail(raw: aiohttp.WSMessage) -> None:
    from_aiohttp("text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    from_aiohttp({"type": 1, "data": "x", "extra": None})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    from_aiohttp((1, "x", None))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    to_aiohttp(raw)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
