"""Editable installs expose the stubs to type checkers, from stubs/ itself.

A wheel ships each stub beside the module it describes (pyproject.toml's
force-include). An editable install puts src/ on sys.path instead, where
type checkers would read the modules and not the stubs; copying the stubs
into it would leave copies to go stale. So an editable install gets, in
place of the copies, a .pth file that puts stubs/ on sys.path ahead of
src/: mypy and pyright find the stubs there first (stubs/wsmessage holds
py.typed), and Python, which finds no ``__init__.py`` in stubs/wsmessage,
goes on to import the package from src/.
"""

from __future__ import annotations

import os
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# .pth files are read in the order of their names: this one before the
# one that puts src/ on sys.path (``_wsmessage.pth``).
STUBS_PTH = "_0_wsmessage_stubs.pth"


class StubsFirstHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return
        os.makedirs(self.directory, exist_ok=True)
        pth = os.path.join(self.directory, STUBS_PTH)
        with open(pth, "w", encoding="utf-8") as stream:
            stream.write(os.path.join(self.root, "stubs") + "\n")
        build_data["force_include_editable"] = {pth: STUBS_PTH}
