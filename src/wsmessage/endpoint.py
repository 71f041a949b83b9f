"""Endpoints: one declaration of a WebSocket protocol, used by its server and its clients.

>>> import msgspec
>>> from wsmessage import Endpoint
>>> class Join(msgspec.Struct, tag="join"):
...     name: str
>>> class Said(msgspec.Struct, tag="said"):
...     name: str
...     text: str
>>> chat = Endpoint("/ws/chat/{room}", receives=Join, sends=Said)
>>> chat.match("/ws/chat/lobby")
{'room': 'lobby'}
>>> chat.decode(TextMessage('{"type":"join","name":"ada"}'))
Join(name='ada')
>>> chat.client.encode(Join("ada"))
TextMessage(data='{"type":"join","name":"ada"}')
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from . import _handlers
from ._decoding.backend import schema_name
from ._decoding.failures import unreadable_message
from ._decoding.limits import check_max_size
from ._handlers import Receiver, closes_on_error
from ._json_schema import DRAFT_2020_12, json_schema
from ._path import PathTemplate
from ._router import Router
from .codecs import Codec, JsonCodec, MsgpackCodec
from .messages import BinaryMessage, TextMessage, WSMessage

if TYPE_CHECKING:  # neither is needed at run time
    from aiohttp import web
    from typing_extensions import TypeForm

__all__ = ["Endpoint", "Receiver", "Router"]

R = TypeVar("R")
S = TypeVar("S")

_FORMATS: dict[str, type[Codec[Any]]] = {"json": JsonCodec, "msgpack": MsgpackCodec}
_DIRECTIONS = ("receives", "sends")
# Headroom given to a framework's own size limit over the endpoint's: a
# message a little over max_size is read whole and refused by the endpoint,
# with a reason and a clean close; one far over it is cut off by the
# framework before it is buffered.
_FRAMEWORK_HEADROOM = 64 * 1024


def _text_or_none(value: object, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return None if value is None else str(value)
    raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")


class Endpoint(Generic[R, S]):
    """A WebSocket endpoint: its path, what it receives and what it sends, in one format.

    ``Endpoint("/ws/chat/{room}", receives=Join | Say, sends=Said)`` is an
    ``Endpoint[Join | Say, Said]``: the server's view. ``receives`` and
    ``sends`` take any schema a codec takes (msgspec Structs and tagged
    unions, pydantic models and discriminated unions, dataclasses,
    TypedDicts). ``format="json"`` exchanges JSON in TEXT frames,
    ``"msgpack"`` msgpack in BINARY frames; a frame of the other kind is a
    :class:`~wsmessage.PayloadError` with UNSUPPORTED_DATA. ``max_size``
    limits what the endpoint receives, in payload bytes, checked before any
    decoding.

    Everything is checked here: a path that is no template (see
    :meth:`match`), an unknown format, a bad ``max_size`` or a schema no
    backend handles is a ``ValueError`` or ``TypeError`` naming what is
    wrong.
    """

    __slots__ = (
        "_client",
        "_decode_frame",
        "_description",
        "_encode",
        "_format",
        "_max_size",
        "_receive_codec",
        "_receives",
        "_send_codec",
        "_sends",
        "_template",
        "_title",
    )

    def __init__(
        self,
        path: str,
        *,
        receives: TypeForm[R],
        sends: TypeForm[S],
        format: Literal["json", "msgpack"] = "json",
        max_size: int | None = None,
        title: str | None = None,
        description: str | None = None,
    ) -> None:
        self._template = PathTemplate(path)
        self._format: Literal["json", "msgpack"] = _checked_format(format)
        self._max_size = check_max_size(max_size)
        self._title = _text_or_none(title, "title")
        self._description = _text_or_none(description, "description")
        codec_class = _FORMATS[self._format]
        self._receives = receives
        self._sends = sends
        self._receive_codec: Codec[R] = codec_class(receives, max_size=self._max_size)
        self._send_codec: Codec[S] = codec_class(sends)
        self._encode = self._send_codec.encode
        self._decode_frame = self._receive_codec.decode
        self._client: Endpoint[S, R] | None = None

    def __repr__(self) -> str:
        limit = "" if self.max_size is None else f", max_size={self.max_size}"
        return (
            f"Endpoint({self.path!r}, receives={schema_name(self.receives)}, "
            f"sends={schema_name(self.sends)}, format={self.format!r}{limit})"
        )

    # --- the declaration, as given: read only, since the codecs are built from it -------

    @property
    def receives(self) -> TypeForm[R]:
        """The schema of what the endpoint receives."""
        return self._receives

    @property
    def sends(self) -> TypeForm[S]:
        """The schema of what the endpoint sends."""
        return self._sends

    @property
    def format(self) -> Literal["json", "msgpack"]:
        """``"json"`` (TEXT frames of JSON) or ``"msgpack"`` (BINARY frames of msgpack)."""
        return self._format

    @property
    def max_size(self) -> int | None:
        """The largest payload the endpoint receives, in bytes; None for no limit."""
        return self._max_size

    @property
    def title(self) -> str | None:
        """A title for documentation generated from the endpoint; None if not given."""
        return self._title

    @property
    def description(self) -> str | None:
        """A description for documentation generated from the endpoint; None if not given."""
        return self._description

    # --- the path ---------------------------------------------------------------------

    @property
    def path(self) -> str:
        """The path template, as given: ``/ws/chat/{room}``."""
        return self._template.template

    @property
    def path_parameters(self) -> tuple[str, ...]:
        """The names of the template's parameters, in order: ``("room",)``."""
        return self._template.parameters

    def match(self, path: str) -> dict[str, str] | None:
        """The parameters if the concrete ``path`` fits the template, else None.

        A parameter matches one or more characters other than ``/``; the
        path is compared as given (no percent-decoding, no query string).
        """
        return self._template.match(path)

    # --- the peer's view --------------------------------------------------------------

    @property
    def client(self) -> Endpoint[S, R]:
        """The endpoint as a client sees it: receives and sends swapped, the rest the same.

        Its ``max_size`` limits what the client receives.
        """
        if self._client is None:
            client: Endpoint[S, R] = Endpoint(
                self.path,
                receives=self.sends,
                sends=self.receives,
                format=self.format,
                max_size=self.max_size,
                title=self.title,
                description=self.description,
            )
            client._client = self
            self._client = client
        return self._client

    # --- without a socket -------------------------------------------------------------

    def decode(self, msg: WSMessage) -> R:
        """Decode a message the endpoint receives: TEXT for JSON, BINARY for msgpack.

        A message of another type is a :class:`~wsmessage.PayloadError` with
        UNSUPPORTED_DATA; otherwise the errors are the codecs'.
        """
        if self._format == "json" and isinstance(msg, BinaryMessage):
            raise unreadable_message("JSON", "binary")
        return self._decode_frame(msg)

    def encode(self, value: S) -> TextMessage | BinaryMessage:
        """Encode a value the endpoint sends: TextMessage for JSON, BinaryMessage for msgpack."""
        return self._encode(value)

    def json_schema(self, direction: Literal["receives", "sends"] = "receives") -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) of what the endpoint receives, or sends.

        Definitions are under ``$defs``; ``title`` and ``description``, when
        the endpoint has them, are the schema's. pydantic models are
        described as they validate (receives) or as they serialize (sends).
        """
        if direction not in _DIRECTIONS:
            raise ValueError(f"direction must be 'receives' or 'sends', not {direction!r}")
        receiving = direction == "receives"
        schema = self.receives if receiving else self.sends
        result = {"$schema": DRAFT_2020_12}
        result.update(json_schema(schema, "validation" if receiving else "serialization"))
        if self.title is not None:
            result.setdefault("title", self.title)
        if self.description is not None:
            result.setdefault("description", self.description)
        return result

    # --- on a socket ------------------------------------------------------------------

    def receive(self, ws: Any, *, on_error: Literal["close", "raise"] = "close") -> Receiver[R]:
        """Iterate over what the endpoint receives on ``ws``; then read how it closed.

        ``ws`` is an aiohttp ``web.WebSocketResponse`` (prepared) or
        ``ClientWebSocketResponse``, an accepted Starlette (or FastAPI)
        ``WebSocket``, or a ``websockets`` asyncio connection. See
        :class:`~wsmessage.Receiver` for ``on_error``, the close that
        answers an application's own exception, and ``close_code``. A bad
        ``on_error`` or an object that is no WebSocket fails here.
        """
        # Text is decoded as decode() would, without its message, unless a
        # subclass decodes its own way.
        codec = self._receive_codec
        text = codec._text_reader() if type(self).decode is Endpoint[Any, Any].decode else None  # pyright: ignore[reportPrivateUsage]
        return Receiver(ws, self.decode, close_on_error=closes_on_error(on_error), text=text)

    def send(self, ws: Any, value: S) -> Awaitable[object]:
        """Send ``value`` on ``ws``: a TEXT frame of JSON, or a BINARY frame of msgpack.

        Errors are those of :meth:`encode`, and of the framework once the
        connection is closed (Starlette's ``WebSocketDisconnect``, including
        when the server closed it itself).
        """
        # The framework's own awaitable, returned: no coroutine of ours per message.
        return _handlers.send_encoded(ws, value, self._send_codec)

    async def prepare(self, request: web.BaseRequest, **kwargs: Any) -> web.WebSocketResponse:
        """An aiohttp ``web.WebSocketResponse`` for this endpoint, prepared for ``request``.

        Its ``max_msg_size`` is set from ``max_size`` (twice it, plus 64 KiB),
        so that a message over ``max_size`` is refused by the endpoint with
        MESSAGE_TOO_BIG, its reason and a clean close, rather than by
        aiohttp, which drops the connection without a reason. ``kwargs`` go
        to ``WebSocketResponse`` as they are.
        """
        from aiohttp import web

        if self.max_size is not None:
            kwargs.setdefault("max_msg_size", self.framework_max_size)
        ws = web.WebSocketResponse(**kwargs)
        await ws.prepare(request)
        return ws

    @property
    def framework_max_size(self) -> int | None:
        """The size to give a framework's own message limit, so the endpoint refuses first.

        None without ``max_size``. Pass it as aiohttp's ``max_msg_size``
        (:meth:`prepare` does), websockets' ``max_size`` or uvicorn's
        ``ws_max_size``.
        """
        if self.max_size is None:
            return None
        return 2 * self.max_size + _FRAMEWORK_HEADROOM

    def router(self, handlers: Any) -> Router[R]:
        """A handler table for what the endpoint receives, checked now.

        ``handlers`` maps each class the endpoint receives (each member of
        the ``receives`` union) to a handler; a kind left without one, or
        one the endpoint does not receive, is a ``ValueError`` here, before
        the first client connects. ``await router(value, *args)`` runs the
        value's handler as ``handler(value, *args)``.
        """
        return Router(self.receives, handlers)


def _checked_format(format: object) -> Literal["json", "msgpack"]:
    # The literal itself, not the argument: a str subclass stays outside.
    if format == "json":
        return "json"
    if format == "msgpack":
        return "msgpack"
    if not isinstance(format, str):
        raise TypeError(f"format must be 'json' or 'msgpack', not {type(format).__name__}")
    raise ValueError(f"format must be 'json' or 'msgpack', not {format!r}")
