"""The package's public surface: __all__, the stubs, and what importing costs."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest

import wsmessage

from ..typing.visibility import stub_definitions

ROOT = Path(__file__).resolve().parents[2]
STUBS = ROOT / "stubs" / "wsmessage"
SUBMODULES = sorted(
    path.stem for path in (ROOT / "src" / "wsmessage").glob("*.py") if not path.stem.startswith("_")
)


def stub_all(path: Path) -> list[str]:
    """The names a stub file lists in ``__all__``."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            value: object = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(name) for name in cast("list[object]", value)]
    raise AssertionError(f"{path} has no __all__")


# Integrations with one framework each, opted into by importing them: their
# names are not re-exported, so that the top level never needs the framework.
INTEGRATION_MODULES = ["aiohttp", "asgi", "redis", "starlette", "websockets"]
# The command line: run with python -m wsmessage, never imported by applications.
COMMAND_LINE_MODULES = ["cli"]
# Documents of a protocol for others, made at build or start-up time:
# wsmessage.asyncapi.document, whose name means nothing at the top level.
DOCUMENTATION_MODULES = ["asyncapi"]
NOT_RE_EXPORTED = [*INTEGRATION_MODULES, *COMMAND_LINE_MODULES, *DOCUMENTATION_MODULES]


def public_modules() -> list[str]:
    return [
        name
        for name in SUBMODULES
        if hasattr(importlib.import_module(f"wsmessage.{name}"), "__all__")
    ]


def test_all_is_the_union_of_the_modules_all() -> None:
    # Every public module is re-exported, unless it is listed as not re-exported.
    names: list[str] = []
    for name in public_modules():
        if name not in NOT_RE_EXPORTED:
            names.extend(importlib.import_module(f"wsmessage.{name}").__all__)
    assert len(names) == len(set(names)), "a name is exported by two modules"
    assert sorted(wsmessage.__all__) == sorted(names)


@pytest.mark.parametrize("module", NOT_RE_EXPORTED)
def test_opt_in_modules_exist_and_are_not_re_exported(module: str) -> None:
    assert module in public_modules()
    names = set(importlib.import_module(f"wsmessage.{module}").__all__)
    assert not names & set(wsmessage.__all__)
    assert not names & set(dir(wsmessage))


def test_every_exported_name_exists() -> None:
    for name in wsmessage.__all__:
        assert getattr(wsmessage, name) is not None, name


@pytest.mark.parametrize("module", ["__init__", *SUBMODULES])
def test_every_public_module_has_a_stub_with_the_same_all(module: str) -> None:
    stub = STUBS / f"{module}.pyi"
    assert stub.exists(), f"missing stub {stub}"
    runtime = wsmessage if module == "__init__" else importlib.import_module(f"wsmessage.{module}")
    assert sorted(stub_all(stub)) == sorted(runtime.__all__)


def test_no_stub_without_a_public_module() -> None:
    for stub in STUBS.glob("*.pyi"):
        assert stub.stem == "__init__" or not stub.stem.startswith("_"), stub
        assert (ROOT / "src" / "wsmessage" / f"{stub.stem}.py").exists(), stub


@pytest.mark.parametrize("module", ["__init__", *SUBMODULES])
def test_stubs_describe_only_public_names(module: str) -> None:
    # A stub's own names are its __all__, plus underscore helpers that exist
    # only for type checkers (type variables, aliases, protocols): none of
    # them may describe a private object of the runtime.
    stub = STUBS / f"{module}.pyi"
    runtime = wsmessage if module == "__init__" else importlib.import_module(f"wsmessage.{module}")
    public = set(stub_all(stub))
    for name in stub_definitions(stub, imports=False):
        if name.startswith("__"):  # __all__, __version__: documented dunders
            continue
        if name.startswith("_"):
            assert not hasattr(runtime, name), f"{module}.pyi describes the private {name}"
        else:
            assert name in public, f"{module}.pyi describes {name}, which is not in __all__"


def test_version_is_a_string() -> None:
    assert isinstance(wsmessage.__version__, str)
    assert wsmessage.__version__.count(".") == 2


@pytest.mark.parametrize(
    "module",
    [
        "wsmessage",
        "wsmessage.serialize",
        "wsmessage.asgi",
        "wsmessage.cli",
        "wsmessage.endpoint",
        "wsmessage.asyncapi",
    ],
)
def test_import_does_not_pull_in_optional_dependencies(module: str) -> None:
    code = (
        f"import sys, wsmessage, {module}\n"
        "for name in wsmessage.__all__: getattr(wsmessage, name)\n"
        "optional = ('pydantic', 'pydantic_core', 'aiohttp', 'starlette', 'websockets',"
        " 'redis', 'wsmessage.aiohttp', 'wsmessage.redis')\n"
        "print(' '.join(m for m in optional if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
