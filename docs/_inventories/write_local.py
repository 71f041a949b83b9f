"""Write the inventories of projects whose docs have none to download here.

msgspec's, pydantic's, redis-py's and Starlette's objects.inv live on their sites,
which the docs build cannot reach (it runs offline, as CI does). This
writes, in Sphinx's inventory format, an entry for each of their names the
docs cite, pointing at the page that documents it. Run it after citing a
new name: ``python docs/_inventories/write_local.py``.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).parent

# project: (version, {name: (role, path on the project's site)})
ENTRIES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "msgspec": (
        "0.19",
        {
            "msgspec.Struct": ("py:class", "api.html#msgspec.Struct"),
            "msgspec.Meta": ("py:class", "api.html#msgspec.Meta"),
            "msgspec.json.Decoder": ("py:class", "api.html#msgspec.json.Decoder"),
            "msgspec.json.Encoder": ("py:class", "api.html#msgspec.json.Encoder"),
            "msgspec.msgpack.Decoder": ("py:class", "api.html#msgspec.msgpack.Decoder"),
            "msgspec.json.schema": ("py:function", "api.html#msgspec.json.schema"),
            "msgspec.DecodeError": ("py:exception", "api.html#msgspec.DecodeError"),
            "msgspec.ValidationError": ("py:exception", "api.html#msgspec.ValidationError"),
        },
    ),
    "pydantic": (
        "2",
        {
            "pydantic.BaseModel": ("py:class", "api/base_model/#pydantic.BaseModel"),
            "pydantic.TypeAdapter": (
                "py:class",
                "api/type_adapter/#pydantic.type_adapter.TypeAdapter",
            ),
            "pydantic.Field": ("py:function", "api/fields/#pydantic.fields.Field"),
            "pydantic.ValidationError": (
                "py:exception",
                "errors/validation_errors/",
            ),
        },
    ),
    "typing_extensions": (
        "4.12",
        {"typing_extensions.TypeForm": ("py:class", "#typing_extensions.TypeForm")},
    ),
    "websockets": (
        "15",
        {
            name: ("py:class", f"reference/asyncio/{page}.html#{name}")
            for name, page in {
                "websockets.asyncio.connection.Connection": "common",
                "websockets.asyncio.client.ClientConnection": "client",
                "websockets.asyncio.server.ServerConnection": "server",
            }.items()
        },
    ),
    "redis": (
        "5.3",
        {"redis.asyncio.Redis": ("py:class", "connections.html#redis.asyncio.client.Redis")},
    ),
    "starlette": (
        "0.37",
        {
            "starlette.websockets.WebSocket": ("py:class", "websockets/"),
            "starlette.websockets.WebSocketDisconnect": ("py:exception", "websockets/"),
        },
    ),
}


def inventory(project: str, version: str, entries: dict[str, tuple[str, str]]) -> bytes:
    """Sphinx's inventory format, version 2: a plain header, then zlib-compressed lines."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = "".join(f"{name} {role} 1 {path} -\n" for name, (role, path) in sorted(entries.items()))
    return header.encode() + zlib.compress(lines.encode())


def main() -> None:
    for project, (version, entries) in ENTRIES.items():
        (HERE / f"{project}.inv").write_bytes(inventory(project, version, entries))


if __name__ == "__main__":
    main()
