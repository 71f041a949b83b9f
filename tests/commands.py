"""Running ``python -m wsmessage`` in a child process, as a user's shell would."""

from __future__ import annotations

import subprocess
import sys

__all__ = ["run_module"]


def run_module(*args: str, setup: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m wsmessage *args``, after running ``setup`` in the same interpreter."""
    code = f"{setup}\nimport runpy\nrunpy.run_module('wsmessage', run_name='__main__')"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60
    )
