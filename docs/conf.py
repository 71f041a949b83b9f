"""Sphinx configuration: built with -W -n (warnings are errors, every reference resolved)."""

from __future__ import annotations

import wsmessage

project = "wsmessage"
author = "The wsmessage developers"
copyright = "2026, the wsmessage developers"
release = wsmessage.__version__
version = ".".join(release.split(".")[:2])

extensions = ["sphinx.ext.autodoc", "sphinx.ext.doctest"]
exclude_patterns = ["_build"]
nitpicky = True
html_theme = "alabaster"
html_static_path: list[str] = []

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
doctest_global_setup = "from wsmessage import *"

# No network for intersphinx: references into other projects' docs are
# left as text. Each pattern names modules documented elsewhere.
nitpick_ignore_regex: list[tuple[str, str]] = [
    (r"py:.*", r"(typing|collections\.abc|json)\..*"),
    # to_aiohttp's return annotation, aiohttp.WSMessage, and the handlers'
    # WebSocketResponse and ClientWebSocketResponse, which autodoc resolves
    # to the private modules that define them.
    (r"py:class", r"aiohttp\..*"),
    # wsmessage.starlette's handlers take Starlette's WebSocket.
    (r"py:class", r"starlette\.websockets\.WebSocket"),
    # wsmessage.redis takes redis-py's client.
    (r"py:class", r"redis\..*"),
]
