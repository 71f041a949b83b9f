"""Shared helpers for the checks that run the type checkers, and the installs they check."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pyright_settings() -> dict[str, object]:
    """The checks pyrightconfig.json asks for (a JSON file with ``//`` comments)."""
    lines = (ROOT / "pyrightconfig.json").read_text().splitlines()
    settings: dict[str, object] = json.loads(
        "\n".join(line for line in lines if not line.lstrip().startswith("//"))
    )
    return {key: value for key, value in settings.items() if key not in ("include", "exclude")}


def run_tool(
    args: Sequence[str], *, mypypath: Sequence[Path] = (), cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m <args>`` (from the repository root), capturing its output."""
    env = dict(os.environ)
    env.pop("MYPYPATH", None)
    if mypypath:
        env["MYPYPATH"] = os.pathsep.join(map(str, mypypath))
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def check_mypy(
    files: Sequence[Path],
    *,
    cache: str,
    mypypath: Sequence[Path] = (),
    python: Path | None = None,
) -> None:
    """mypy --strict (mypy.ini) passes on ``files``: the stubs or src on ``mypypath``."""
    args = ["mypy", "--config-file", str(ROOT / "mypy.ini"), "--cache-dir", f".mypy_cache/{cache}"]
    if python is not None:
        args += ["--python-executable", str(python)]
    result = run_tool([*args, *map(str, files)], mypypath=mypypath)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"no issues found in {len(files)} source file" in result.stdout, result.stdout


def check_pyright(
    files: Sequence[Path],
    workdir: Path,
    *,
    extra_paths: Sequence[Path] = (),
    python: Path | None = None,
    settings: dict[str, object] | None = None,
) -> None:
    """basedpyright, as pyrightconfig.json configures it (and ``settings``), passes on ``files``.

    It runs from ``workdir``, so that it reads wsmessage from
    ``extra_paths`` or the interpreter's site-packages, never from this
    checkout's src/ (which pyright would look in by itself).
    """
    config = pyright_settings() | (settings or {})
    config["include"] = [str(path) for path in files]
    config["extraPaths"] = [str(path) for path in extra_paths]
    (workdir / "pyrightconfig.json").write_text(json.dumps(config))
    result = run_tool(
        [
            "basedpyright",
            "--project",
            str(workdir / "pyrightconfig.json"),
            "--pythonpath",
            str(python or sys.executable),
            "--outputjson",
        ],
        cwd=workdir,
    )
    report = json.loads(result.stdout)
    problems = [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['severity']}: {d['message']}"
        + (f" ({d['rule']})" if "rule" in d else "")
        for d in report["generalDiagnostics"]
        if d["severity"] in ("error", "warning")
    ]
    assert not problems, "\n".join(problems)
    assert report["summary"]["filesAnalyzed"] >= len(files)


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


def _oldest(package: str) -> str:
    """The oldest version of ``package`` that the extras allow (its ``>=`` bound)."""
    found = re.search(rf'"{package}>=([\w.]+)"', (ROOT / "pyproject.toml").read_text())
    assert found, f"no lower bound for {package} in pyproject.toml"
    return found[1]


def _venv_with_the_libraries(home: Path) -> tuple[Path, Path]:
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


def _pip_install(python: Path, *requirements: str) -> None:
    result = run_tool(
        ["pip", "--python", str(python), "install", "--quiet", "--no-deps", *requirements]
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def editable_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a new virtualenv with this checkout installed in editable mode.

    The editable wheel is built by the build backend, as pip builds one for
    ``pip install -e``, and installed by pip. The libraries the typing cases
    import (msgspec, pydantic, aiohttp, Starlette) are found after it.
    """
    home = tmp_path_factory.mktemp("editable")
    wheels = home / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from hatchling.build import build_editable; "
            "print(build_editable(sys.argv[1]))",
            str(wheels),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    python, _ = _venv_with_the_libraries(home)
    _pip_install(python, str(wheels / build.stdout.strip().splitlines()[-1]))
    return python


@pytest.fixture(scope="session")
def oldest_starlette_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a new virtualenv holding the oldest Starlette the extra allows.

    It comes from PyPI: without it this check cannot run, and says so.
    """
    home = tmp_path_factory.mktemp("starlette")
    python, _ = _venv_with_the_libraries(home)
    _pip_install(python, f"starlette=={_oldest('starlette')}")
    return python
