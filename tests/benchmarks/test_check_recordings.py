"""The check's benchmark row and its big-file run work; their timings are not checked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_the_row_compares_check_with_the_bare_loop(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "check", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (row,) = json.loads(out.read_text())["timings"]
    assert row["name"] == "python -m wsmessage check, 20,000 JSONL messages"
    assert row["anchor"] == "json.loads + msgspec Decoder, per line"
    assert row["target"] == 1.0
    assert row["ours_ns"] > 0
    assert row["anchor_ns"] > 0


def test_the_big_file_run_reports_time_and_memory_of_both() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.check_recordings", "--megabytes", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"[\d,]+ messages, 2 MiB", lines[0])
    for line, name in zip(lines[1:], ["wsmessage check", "bare loop"], strict=True):
        assert line.strip().startswith(name)
        assert "messages/s  peak memory" in line
        assert line.endswith("exit status 0")
