"""The docs: they build with no warnings, their examples run, they cover the API."""

from __future__ import annotations

import doctest
import importlib
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
from sphinx.util.inventory import InventoryFile

import wsmessage

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

pytestmark = pytest.mark.slow


def sphinx(builder: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-n",
            "--keep-going",
            "-q",
            "-b",
            builder,
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    result = sphinx("html", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_html_builds_without_warnings(html: Path) -> None:
    assert (html / "index.html").exists()


def test_every_public_name_is_in_the_reference(html: Path) -> None:
    with (html / "objects.inv").open("rb") as stream:
        # Sphinx types the stream as a protocol that pyright finds files do not meet.
        inventory = InventoryFile.load(cast(Any, stream), "", posixpath.join)
    documented = {name for entries in inventory.values() for name in entries}
    missing = [name for name in wsmessage.__all__ if f"wsmessage.{name}" not in documented]
    assert not missing


def test_doc_examples_run(tmp_path: Path) -> None:
    result = sphinx("doctest", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = (tmp_path / "output.txt").read_text()
    summary = report.split("Doctest summary", 1)[1]
    assert "0 failures in tests" in summary
    ran = re.search(r"(\d+) tests", summary)
    assert ran is not None
    assert int(ran[1]) >= 20


@pytest.mark.parametrize(
    "module",
    sorted(
        p.stem for p in (ROOT / "src" / "wsmessage").glob("*.py") if not p.stem.startswith("__")
    ),
)
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"wsmessage.{module}"))
    assert result.failed == 0


def test_readme_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    assert blocks, "the README has no Python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})


def test_readme_quick_start_has_exactly_two_commands() -> None:
    # One installs and runs the demo, one installs and runs the tests (.ci/run
    # runs that one).
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [c.strip() for c in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)]
    assert len(commands) == 2
    demo, tests = commands
    assert demo.startswith("python -m pip install ")
    assert demo.endswith(" && python -m wsmessage demo")
    assert demo in (DOCS / "tutorial" / "demo.rst").read_text()  # the docs say the same
    assert "pytest" in tests
    assert "demo" not in tests


def test_changelog_names_the_current_version() -> None:
    assert wsmessage.__version__ in (DOCS / "changelog.rst").read_text()
