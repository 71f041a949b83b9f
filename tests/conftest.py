"""Settings and fixtures for the whole suite."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Tests never assert timings: hypothesis's per-example deadline is one, and a
# shared 2-core machine would make it flaky. WSMESSAGE_FUZZ_EXAMPLES raises
# the example budget for long fuzzing runs.
settings.register_profile(
    "wsmessage",
    deadline=None,
    max_examples=int(os.environ.get("WSMESSAGE_FUZZ_EXAMPLES", "100")),
)
settings.load_profile("wsmessage")


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path for test modules (``MODULE:ATTR``); they are forgotten afterwards."""
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        del sys.modules[name]
