"""How user code sees wsmessage.asgi: checked by mypy against the shipped stubs."""

from typing import Any

from starlette.types import Message, Receive, Send
from typing_extensions import assert_type

from wsmessage import CloseMessage, TextMessage, WSMessage
from wsmessage.asgi import from_asgi, to_asgi


async def relay(receive: Receive, send: Send) -> None:
    # Starlette's own event type goes in, and what comes out goes to send().
    event: Message = await receive()
    assert_type(from_asgi(event), WSMessage)
    assert_type(from_asgi({"type": "websocket.receive", "text": "hi"}), WSMessage)
    assert_type(to_asgi(TextMessage("hi")), dict[str, Any])
    await send(to_asgi(CloseMessage(1000)))


# --- must fail -------------------------------------------------------------------


def must_fail(msg: WSMessage) -> None:
    from_asgi("websocket.receive")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    from_asgi(None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    to_asgi({"type": "websocket.send", "text": "x"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    text: str = to_asgi(msg)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
