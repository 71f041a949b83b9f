"""Which test modules use wsmessage's internals, read from their imports.

Tests of the public API are type-checked against the stubs, as users see
the library; tests of its internals against ``src``, since the stubs name
only what users may import. A module uses internals if it imports a
private module, a name that module's stub does not define, or an
underscore attribute of a wsmessage module it imported.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STUBS = ROOT / "stubs"

__all__ = ["stub_definitions", "uses_internals"]


def stub_definitions(path: Path, *, imports: bool = True) -> list[str]:
    """The names a stub file defines at its top level, and those it imports unless told not to."""
    names: list[str] = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
        elif isinstance(node, ast.ImportFrom) and imports:
            names.extend(alias.asname or alias.name for alias in node.names)
    return names


@cache
def _stub_names(module: str) -> frozenset[str] | None:
    """The public names a module's stub defines; None if it has no stub."""
    parts = module.split(".")
    path = STUBS.joinpath(*parts[:-1], f"{parts[-1]}.pyi")
    if module == "wsmessage":
        path = STUBS / "wsmessage" / "__init__.pyi"
    if not path.exists():
        return None
    return frozenset(name for name in stub_definitions(path) if not name.startswith("_"))


def _is_private_module(module: str) -> bool:
    return any(part.startswith("_") for part in module.split(".")[1:])


def uses_internals(path: Path) -> bool:
    """Whether the module at ``path`` reaches past the stubs into wsmessage's internals."""
    tree = ast.parse(path.read_text())
    module_aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "wsmessage":
                    continue
                if _is_private_module(alias.name):
                    return True
                module_aliases.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "wsmessage":
                continue
            if _is_private_module(node.module):
                return True
            public = _stub_names(node.module)
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if _stub_names(submodule) is not None:
                    module_aliases.add(alias.asname or alias.name)
                elif public is None or alias.name not in public:
                    return True
        elif (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in module_aliases:
                return True
    return False
