"""New virtualenvs for tests that need another version of a library than the one installed.

Such a virtualenv holds only what a test installs in it, and finds every
other library in the test's own virtualenv, after its own. The oldest
version an extra allows is read from pyproject.toml, so the tests follow
the bounds there.
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

__all__ = ["ROOT", "oldest", "pip_install", "venv_with_the_libraries"]

ROOT = Path(__file__).resolve().parents[1]


def oldest(package: str) -> str:
    """The oldest version of ``package`` that the extras allow (its ``>=`` bound)."""
    found = re.search(rf'"{package}>=([\w.]+)"', (ROOT / "pyproject.toml").read_text())
    assert found, f"no lower bound for {package} in pyproject.toml"
    return found[1]


def venv_with_the_libraries(home: Path) -> tuple[Path, Path]:
    """A new virtualenv that finds this one's libraries after its own: (python, site-packages)."""
    env = home / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Named to be read last: what is installed in the new venv comes first.
    (Path(site_packages) / "zz_libraries.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python, Path(site_packages)


def pip_install(python: Path, *requirements: str) -> None:
    """Install ``requirements`` into ``python``'s virtualenv, without their dependencies.

    They come from PyPI (or the index pip is configured with): without it
    the test cannot run, and fails saying why.
    """
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    result = subprocess.run(
        [*pip, "--no-deps", *requirements],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
