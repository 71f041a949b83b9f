"""A quick pass of the benchmark suite, so it never rots. Timings are not checked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

# DESIGN.md's performance table: every row must be measured.
DESIGN_ROWS = [
    "TextMessage(s), validated",
    "JsonCodec(Struct).decode(msg), 150 B",
    "JsonCodec(Struct).decode(msg), 100 KB",
    "msg.json(Struct), 150 B",
    "JsonCodec(Model).decode(msg), 150 B",
    "from_dict(d)",
]


def test_quick_run_reports_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(out.read_text())
    names = [row["name"] for row in results["timings"]]
    for name in DESIGN_ROWS:
        assert name in names, name
        assert name in result.stdout
    for row in results["timings"]:
        assert row["ours_ns"] > 0
        assert row["anchor_ns"] > 0
        assert row["ratio"] > 0
    # The Redis rows, against a redis-server the benchmark starts itself.
    redis_rows = {row["name"]: row for row in results["redis"]}
    for mode in ["streams", "pubsub"]:
        row = redis_rows[f"RedisHub {mode}, publish -> subscriber"]
        assert row["target"] == 1.0
        assert row["ours"] > 0
        assert row["anchor"] > 0
        for percentile in ["p50", "p99"]:
            assert redis_rows[f"RedisHub {mode}, 1 KB latency {percentile}"]["unit"] == "us"
    (memory,) = results["memory"]
    assert memory["target"] == 48
    assert memory["ours_bytes"] > 0
    assert "targets missed:" in result.stdout
