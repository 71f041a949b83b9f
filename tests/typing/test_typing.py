"""The typing contract: user code checked against the stubs as installed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, run_tool
from .visibility import uses_internals

CASES = sorted((ROOT / "tests" / "typing" / "cases").glob("*.py"))
RUNTIME_MODULES = sorted(
    p.stem for p in (ROOT / "src" / "wsmessage").glob("*.py") if not p.stem.startswith("_")
)

pytestmark = pytest.mark.slow


def test_wheel_ships_a_stub_next_to_every_public_module(built_wheel: Path) -> None:
    names = set(zipfile.ZipFile(built_wheel).namelist())
    assert "wsmessage/py.typed" in names
    for module in ["__init__", *RUNTIME_MODULES]:
        assert f"wsmessage/{module}.py" in names, module
        assert f"wsmessage/{module}.pyi" in names, module
    assert not any(name.startswith(("stubs/", "tests/")) for name in names)


def test_user_code_type_checks_against_the_installed_stubs(installed_tree: Path) -> None:
    assert CASES, "no typing cases found"
    result = run_tool(
        [
            "mypy",
            "--config-file",
            "mypy.ini",
            "--cache-dir",
            ".mypy_cache/typing-cases",
            *map(str, CASES),
        ],
        mypypath=installed_tree,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"no issues found in {len(CASES)} source files" in result.stdout


def test_stubs_match_the_runtime() -> None:
    result = run_tool(
        [
            "mypy.stubtest",
            "wsmessage",
            "--mypy-config-file",
            "mypy.ini",
            "--allowlist",
            "tests/typing/stubtest-allowlist.txt",
        ],
        mypypath=ROOT / "stubs",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_src_passes_mypy_strict() -> None:
    result = run_tool(["mypy", "--config-file", "mypy.ini"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout


def _python_files(*folders: str) -> list[Path]:
    return sorted(
        path
        for folder in folders
        for path in (ROOT / folder).rglob("*.py")
        if "cases" not in path.relative_to(ROOT).parts
    )


CHECKED = _python_files("tests", "docs/examples", "benchmarks")
INTERNAL = [path for path in CHECKED if uses_internals(path)]
PUBLIC = [path for path in CHECKED if path not in INTERNAL]


def _mypy(files: list[Path], cache: str, mypypath: Path) -> None:
    result = run_tool(
        [
            "mypy",
            "--config-file",
            "mypy.ini",
            "--cache-dir",
            f".mypy_cache/{cache}",
            *(str(path.relative_to(ROOT)) for path in files),
        ],
        mypypath=mypypath,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout


def test_public_tests_examples_and_benchmarks_pass_mypy_strict_against_the_stubs() -> None:
    # They use the library as its users do: through the stubs.
    assert PUBLIC
    _mypy(PUBLIC, "public", ROOT / "stubs")


def test_tests_of_internals_pass_mypy_strict_against_src() -> None:
    # The stubs name only what users may import: tests of the internals
    # are checked against the runtime's own annotations.
    assert INTERNAL
    _mypy(INTERNAL, "internal", ROOT / "src")
