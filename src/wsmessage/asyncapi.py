"""AsyncAPI 3.0 documents of endpoints: what a WebSocket API receives and sends, for others.

:func:`document` describes endpoints as an AsyncAPI 3.0.0 document, a
dict ready for ``json.dumps``, valid against the official AsyncAPI 3.0.0
JSON Schema. ``python -m wsmessage asyncapi`` writes one from the command
line.

>>> import msgspec
>>> from wsmessage import Endpoint
>>> from wsmessage.asyncapi import document
>>> class Join(msgspec.Struct, tag="join"):
...     '''A client joins the room.'''
...     name: str
>>> chat = Endpoint("/chat/{room}", receives=Join, sends=Join)
>>> doc = document(chat, title="Chat", version="1.0.0")
>>> doc["channels"]["chat_room"]["address"]
'/chat/{room}'
>>> doc["components"]["messages"]["join"]["summary"]
'A client joins the room.'
>>> doc["components"]["messages"]["join"]["examples"]
[{'payload': {'type': 'join', 'name': 'string'}}]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urlsplit

from ._asyncapi_messages import Direction, MessageCatalog
from ._asyncapi_schemas import component_key
from .endpoint import Endpoint

__all__ = ["document"]

_ASYNCAPI_VERSION = "3.0.0"
_WS_BINDING = {"method": "GET", "bindingVersion": "0.1.0"}
_PARAMETER = re.compile(r"\{[^{}]*\}")
# The server's view: it receives what the endpoint receives, sends what it sends.
_OPERATIONS: tuple[tuple[str, Direction], ...] = (("receive", "receives"), ("send", "sends"))


def document(
    *endpoints: Endpoint[Any, Any],
    title: str,
    version: str,
    servers: Mapping[str, str] | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """An AsyncAPI 3.0.0 document of ``endpoints``, as the server sees them.

    Each endpoint is a channel, named after its path (``/chat/{room}`` is
    ``chat_room``), whose ``address`` is the path template and whose
    parameters are the template's, with a ``ws`` binding; the channel has
    a ``receive`` and a ``send`` operation (``receive_chat_room``,
    ``send_chat_room``). Each member of what an endpoint receives or sends
    is a message in ``components/messages``, named by its tag where it has
    one, else by its class name, with its payload schema in
    ``components/schemas`` and, where one can be found, an example that
    the endpoint decodes. ``servers`` maps a name to a ``ws://`` or
    ``wss://`` URL.

    A schema with no JSON Schema, or one AsyncAPI cannot express, is a
    TypeError or ValueError naming it; so are two messages of one name,
    two endpoints at one path, an example given on a class that the
    endpoint refuses, and a server URL that is not a WebSocket URL.
    """
    checked = _checked_endpoints(endpoints)
    info: dict[str, Any] = {"title": _text(title, "title"), "version": _text(version, "version")}
    if description is not None:
        info["description"] = _text(description, "description")
    result: dict[str, Any] = {"asyncapi": _ASYNCAPI_VERSION, "info": info}
    if servers is not None:
        result["servers"] = _servers(servers)
    catalog = MessageCatalog(checked)
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for channel_id, endpoint in zip(_channel_ids(checked), checked, strict=True):
        channels[channel_id] = _channel(endpoint, catalog)
        for action, direction in _OPERATIONS:
            operations[f"{action}_{channel_id}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{channel_id}"},
                "summary": f"What the server {direction} on {endpoint.path}",
                "messages": [
                    {"$ref": f"#/channels/{channel_id}/messages/{key}"}
                    for key in catalog.keys(endpoint, direction)
                ],
            }
    result["channels"] = channels
    result["operations"] = operations
    result["components"] = {"schemas": catalog.schemas, "messages": catalog.messages}
    return result


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return str(value)


def _checked_endpoints(endpoints: tuple[Endpoint[Any, Any], ...]) -> list[Endpoint[Any, Any]]:
    if not endpoints:
        raise ValueError("no endpoints to document")
    checked: list[Endpoint[Any, Any]] = []
    served: dict[str, str] = {}
    for endpoint in endpoints:
        if not isinstance(cast(object, endpoint), Endpoint):  # typed so, but it may not be
            raise TypeError(f"expected an Endpoint, got {type(endpoint).__name__}")
        if any(endpoint is seen for seen in checked):
            continue  # named twice (alone and in a list, say): one channel
        checked.append(endpoint)
        # /chat/{room} and /chat/{name} serve the same URLs.
        shape = _PARAMETER.sub("{}", endpoint.path)
        if shape in served:
            raise ValueError(
                f"two endpoints serve the same path: {served[shape]!r} and {endpoint.path!r}"
            )
        served[shape] = endpoint.path
    return checked


def _channel_ids(endpoints: list[Endpoint[Any, Any]]) -> list[str]:
    """A key per endpoint, from its path: ``/ws/chat/{room}`` is ``ws_chat_room``."""
    ids: list[str] = []
    for endpoint in endpoints:
        base = component_key(endpoint.path)
        base = "root" if base == "_" else base
        key, number = base, 1
        while key in ids:
            number += 1
            key = f"{base}_{number}"
        ids.append(key)
    return ids


def _channel(endpoint: Endpoint[Any, Any], catalog: MessageCatalog) -> dict[str, Any]:
    channel: dict[str, Any] = {"address": endpoint.path}
    if endpoint.title is not None:
        channel["title"] = endpoint.title
    if endpoint.description is not None:
        channel["description"] = endpoint.description
    if endpoint.path_parameters:
        channel["parameters"] = {name: {} for name in endpoint.path_parameters}
    keys = dict.fromkeys([*catalog.keys(endpoint, "receives"), *catalog.keys(endpoint, "sends")])
    channel["messages"] = {key: {"$ref": f"#/components/messages/{key}"} for key in keys}
    channel["bindings"] = {"ws": dict(_WS_BINDING)}
    return channel


def _servers(servers: object) -> dict[str, Any]:
    if not isinstance(servers, Mapping):
        raise TypeError(f"servers must map names to URLs, not be a {type(servers).__name__}")
    return {
        _text(name, "a server's name"): _server(str(name), url)
        for name, url in cast("Mapping[object, object]", servers).items()
    }


def _server(name: str, url: object) -> dict[str, str]:
    """``wss://host:port/path`` as AsyncAPI's server: host, protocol, pathname."""
    text = _text(url, f"server {name!r}")
    parts = urlsplit(text)
    if parts.scheme not in ("ws", "wss") or not parts.netloc:
        raise ValueError(f"server {name!r}: expected a ws:// or wss:// URL, not {text!r}")
    if "@" in parts.netloc:
        raise ValueError(f"server {name!r}: a URL with a user or password is not published")
    if parts.query or parts.fragment:
        raise ValueError(f"server {name!r}: a server URL has no query or fragment: {text!r}")
    try:
        parts.port  # noqa: B018 - it checks the port
    except ValueError:
        raise ValueError(f"server {name!r}: bad port in {text!r}") from None
    server = {"host": parts.netloc, "protocol": parts.scheme}
    if parts.path not in ("", "/"):
        server["pathname"] = parts.path
    return server
