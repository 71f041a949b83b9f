"""The typing contract, under mypy --strict and basedpyright strict alike.

User code (the typing cases) is checked against the stubs as a wheel
installs them, as an editable install exposes them, and beside the oldest
Starlette the extra allows. The runtime, the tests, the tutorial's examples
and the benchmarks pass both checkers; stubtest holds the stubs to the
runtime.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, check_mypy, check_pyright, run_tool
from .visibility import uses_internals

CASES = sorted((ROOT / "tests" / "typing" / "cases").glob("*.py"))
RUNTIME_MODULES = sorted(
    p.stem for p in (ROOT / "src" / "wsmessage").glob("*.py") if not p.stem.startswith("_")
)
SRC = sorted((ROOT / "src").rglob("*.py"))


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

pytestmark = pytest.mark.slow


def test_wheel_ships_a_stub_next_to_every_public_module(built_wheel: Path) -> None:
    names = set(zipfile.ZipFile(built_wheel).namelist())
    assert "wsmessage/py.typed" in names
    for module in ["__init__", *RUNTIME_MODULES]:
        assert f"wsmessage/{module}.py" in names, module
        assert f"wsmessage/{module}.pyi" in names, module
    assert not any(name.startswith(("stubs/", "tests/")) for name in names)


# --- what users' code sees -------------------------------------------------------------


def test_cases_pass_mypy_against_the_wheel(installed_tree: Path) -> None:
    assert CASES, "no typing cases found"
    check_mypy(CASES, cache="cases-wheel", mypypath=[installed_tree])


def test_cases_pass_pyright_against_the_wheel(installed_tree: Path, tmp_path: Path) -> None:
    check_pyright(CASES, tmp_path, extra_paths=[installed_tree])


def test_cases_pass_mypy_with_an_editable_install(editable_python: Path) -> None:
    # No MYPYPATH: what an editable install puts on sys.path decides.
    check_mypy(CASES, cache="cases-editable", python=editable_python)


def test_cases_pass_pyright_with_an_editable_install(editable_python: Path, tmp_path: Path) -> None:
    check_pyright(CASES, tmp_path, python=editable_python)


def test_cases_pass_both_beside_the_oldest_starlette(
    installed_tree: Path, oldest_starlette_python: Path, tmp_path: Path
) -> None:
    # The stubs type Starlette's WebSocket by the methods they use, so any
    # Starlette the extra allows must pass.
    python = oldest_starlette_python
    check_mypy(CASES, cache="cases-starlette", mypypath=[installed_tree], python=python)
    check_pyright(CASES, tmp_path, extra_paths=[installed_tree], python=python)


def test_an_editable_install_exposes_the_stubs_not_the_modules(editable_python: Path) -> None:
    # What makes the checks above read the stubs: stubs/ comes before src/
    # on the editable install's sys.path, and Python still imports src/.
    shown = subprocess.run(
        [
            str(editable_python),
            "-c",
            "import sys, wsmessage; print(wsmessage.__file__); print(*sys.path, sep='\\n')",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    module, *search = shown.stdout.splitlines()
    assert module == str(ROOT / "src" / "wsmessage" / "__init__.py")
    assert search.index(str(ROOT / "stubs")) < search.index(str(ROOT / "src"))


# --- the project's own code --------------------------------------------------------------


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
        mypypath=[ROOT / "stubs"],
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_src_passes_mypy() -> None:
    check_mypy(SRC, cache="src")


def test_src_passes_pyright(tmp_path: Path) -> None:
    check_pyright(SRC, tmp_path, extra_paths=[ROOT / "src"])


def test_public_tests_examples_and_benchmarks_pass_mypy_against_the_stubs() -> None:
    # They use the library as its users do: through the stubs.
    assert PUBLIC
    check_mypy(PUBLIC, cache="public", mypypath=[ROOT / "stubs"])


def test_public_tests_examples_and_benchmarks_pass_pyright_against_the_stubs(
    tmp_path: Path,
) -> None:
    check_pyright(PUBLIC, tmp_path, extra_paths=[ROOT / "stubs", ROOT, ROOT / "docs" / "examples"])


def test_tests_of_internals_pass_mypy_against_src() -> None:
    # The stubs name only what users may import: tests of the internals
    # are checked against the runtime's own annotations.
    assert INTERNAL
    check_mypy(INTERNAL, cache="internal", mypypath=[ROOT / "src"])


def test_tests_of_internals_pass_pyright_against_src(tmp_path: Path) -> None:
    # Tests of internals read private names: that is what they are for.
    check_pyright(
        INTERNAL, tmp_path, extra_paths=[ROOT / "src", ROOT], settings={"reportPrivateUsage": False}
    )
