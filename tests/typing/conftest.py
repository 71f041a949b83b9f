"""Shared helpers for the checks that run the type checker."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_tool(args: list[str], *, mypypath: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m <args>`` from the repository root, capturing its output."""
    env = dict(os.environ)
    env.pop("MYPYPATH", None)
    if mypypath is not None:
        env["MYPYPATH"] = str(mypypath)
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout, as pip would install it."""
    out = tmp_path_factory.mktemp("wheel")
    result = run_tool(
        [
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(out),
            ".",
        ]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = out.glob("wsmessage-*.whl")
    return wheel


@pytest.fixture(scope="session")
def installed_tree(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked: the files an installed user's type checker reads."""
    target = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(built_wheel) as archive:
        archive.extractall(target)
    return target
