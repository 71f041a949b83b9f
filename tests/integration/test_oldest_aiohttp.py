"""The handlers on the oldest aiohttp the extra allows: text goes out through ``send_str``.

aiohttp sockets take the encoder's bytes as a TEXT frame with ``send_frame``
only from 3.11 on; before, the adapter sends text with ``send_str``. This
runs one real exchange (``aiohttp_exchange.py``) in a virtualenv holding
that aiohttp, which comes from PyPI: without it the test cannot run, and
fails saying why.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import msgspec
import pytest
from packaging.version import Version

from ..venvs import ROOT, oldest, pip_install, venv_with_the_libraries

EXCHANGE = Path(__file__).with_name("aiohttp_exchange.py")


@pytest.fixture(scope="module")
def oldest_aiohttp_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a new virtualenv holding the oldest aiohttp the extra allows."""
    python, _ = venv_with_the_libraries(tmp_path_factory.mktemp("aiohttp"))
    pip_install(python, f"aiohttp=={oldest('aiohttp')}")
    return python


def test_an_exchange_on_the_oldest_aiohttp(oldest_aiohttp_python: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [str(oldest_aiohttp_python), str(EXCHANGE)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert Version(report["version"]) == Version(oldest("aiohttp"))
    assert report["send_frame"] == [False, False]  # so the fallback is what ran
    assert report["adapters"] == {
        "server": "AiohttpSocketWithoutSendFrame",
        "client": "AiohttpSocketWithoutSendFrame",
    }
    msgpack = msgspec.msgpack.encode({"user": "ada", "text": "hi"}).hex()
    assert report["frames"] == [
        [1, '{"user":"ada","text":"HI"}'],  # TEXT: the server decoded the client's value
        [2, msgpack],  # BINARY
        [1, '{"user":"ada","text":"café"}'],
    ]
