"""Sphinx configuration: built with -W -n (warnings are errors, every reference resolved)."""

from __future__ import annotations

from typing import Any

from docutils.nodes import Element
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.ext.intersphinx import missing_reference

import wsmessage

project = "wsmessage"
author = "The wsmessage developers"
copyright = "2026, the wsmessage developers"
release = wsmessage.__version__
version = ".".join(release.split(".")[:2])

extensions = ["sphinx.ext.autodoc", "sphinx.ext.doctest", "sphinx.ext.intersphinx"]
exclude_patterns = ["_build", "_inventories"]
nitpicky = True
html_theme = "furo"
html_title = f"wsmessage {release}"
html_static_path: list[str] = []

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
doctest_global_setup = "from wsmessage import *"

# Links into other projects' docs. The docs build offline (CI has no network
# but the package registries), so each inventory is a file in _inventories/:
# its README says where each comes from and how to refresh it.
intersphinx_mapping = {
    name: (url, (f"_inventories/{name}.inv",))
    for name, url in {
        "python": "https://docs.python.org/3",
        "aiohttp": "https://docs.aiohttp.org/en/stable",
        "msgspec": "https://jcristharif.com/msgspec",
        "pydantic": "https://docs.pydantic.dev/latest",
        "redis": "https://redis.readthedocs.io/en/stable",
        "starlette": "https://www.starlette.io",
        "typing_extensions": "https://typing-extensions.readthedocs.io/en/latest/",
        "websockets": "https://websockets.readthedocs.io/en/stable",
    }.items()
}

# autodoc names a class by the module that defines it; aiohttp documents
# these under the module that exports them.
PUBLIC_NAMES = {
    "aiohttp.web_ws.WebSocketResponse": "aiohttp.web.WebSocketResponse",
    "aiohttp.client_ws.ClientWebSocketResponse": "aiohttp.ClientWebSocketResponse",
    "aiohttp._websocket.models.WSMessage": "aiohttp.WSMessage",
    # Imported for type checkers only, so autodoc sees just the name.
    "TypeForm": "typing_extensions.TypeForm",
    "web.BaseRequest": "aiohttp.web.BaseRequest",
    "web.WebSocketResponse": "aiohttp.web.WebSocketResponse",
}


def _public_name(app: Sphinx, env: BuildEnvironment, node: Element, contnode: Element) -> Any:
    """Resolve a reference to a private module's class as its public name."""
    target = PUBLIC_NAMES.get(node.get("reftarget", ""))
    if target is None:
        return None
    node["reftarget"] = target
    return missing_reference(app, env, node, contnode)


def setup(app: Sphinx) -> None:
    app.connect("missing-reference", _public_name)
