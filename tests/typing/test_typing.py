"""The typing contract: user code checked against the stubs as installed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, run_tool

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


def test_tests_examples_and_benchmarks_pass_mypy_strict_against_the_stubs() -> None:
    # The tests, the tutorial's examples and the benchmarks use the library
    # as its users do: through the stubs.
    result = run_tool(
        [
            "mypy",
            "--config-file",
            "mypy.ini",
            "--cache-dir",
            ".mypy_cache/tests",
            "tests",
            "docs/examples",
            "benchmarks",
        ],
        mypypath=ROOT / "stubs",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout
