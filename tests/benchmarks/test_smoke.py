"""A quick pass of the benchmark suite, so it never rots. Timings are not checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.slow

# DESIGN.md's performance table: every row must be measured, with its target.
DESIGN_ROWS = [
    ("TextMessage(s), validated", 0.5),
    ("JsonCodec(Struct).decode(msg), 150 B", 1.25),
    ("JsonCodec(Struct).decode(msg), 100 KB", 1.05),
    ("msg.json(Struct), 150 B", 1.35),
    ("JsonCodec(Model).decode(msg), 150 B", 1.1),
    ("from_dict(d)", 1.5),
    ("send_encoded(ws, value), aiohttp, 150 B", 1.15),
    ("JsonCodec(Struct).encode(value), 150 B", 1.05),
    ("to_json(msg)", 1.3),
    ("to_msgpack(msg)", 1.3),
]
# The rows of issue 13 that inform without a target of their own.
INFORMING_ROWS = [
    "iter_decoded(ws, Struct) step, aiohttp, 150 B",
    "iter_decoded(websocket, Struct) step, Starlette, 150 B",
    'to_dict(msg, mode="json")',
]
# DESIGN.md's live handler rows, and the one against what handlers do today.
DESIGN_LIVE_ROWS = [
    ("aiohttp, Struct", 1.03),
    ("aiohttp, Endpoint", 1.03),
    ("Starlette/uvicorn (websockets-sansio)", 1.03),
    ("Starlette/uvicorn (wsproto)", 1.03),
    ("aiohttp, pydantic model", None),
]
# The floor against itself, on each kind of server: the method's resolution.
CONTROL_ROWS = [
    "aiohttp: floor against itself (control)",
    "uvicorn-websockets: floor against itself (control)",
    "uvicorn-wsproto: floor against itself (control)",
]


def run_benchmarks(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_quick_run_reports_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = run_benchmarks("--json", str(out))
    results = json.loads(out.read_text())
    timings = results["timings"]
    for name, target in DESIGN_ROWS:
        assert any(row["name"] == name and row["target"] == target for row in timings), name
        assert name in result.stdout
    names = [row["name"] for row in timings]
    for name in INFORMING_ROWS:
        assert name in names, name
    for row in timings:
        assert row["ours_ns"] > 0
        assert row["anchor_ns"] > 0
        assert row["ratio"] > 0
    # The Redis rows, against a redis-server the benchmark starts itself:
    # throughput with its target, latency with its percentiles.
    for mode in ["streams", "pubsub"]:
        name = f"RedisHub {mode}, publish -> subscriber, per message"
        assert any(row["name"] == name and row["target"] == 1.0 for row in timings), name
        assert f"RedisHub {mode}, 1 KB, one at a time: publish -> receipt" in names
    latency = {row["name"]: row for row in results["redis_latency"]}
    assert len(latency) == 2
    for row in latency.values():
        assert 0 < row["ours_p50_us"] <= row["ours_p99_us"]
        assert 0 < row["anchor_p50_us"] <= row["anchor_p99_us"]
    (memory,) = results["memory"]
    assert memory["target"] == 48
    assert memory["ours_bytes"] > 0
    assert "targets missed:" in result.stdout


def is_running(pid: int) -> bool:
    """Whether ``pid`` is still one of the benchmark's processes."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the system whether the PID exists at all
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return b"benchmarks" in cmdline


def test_quick_live_run_reports_every_variant_and_round(tmp_path: Path) -> None:
    out, rst, png = tmp_path / "live.json", tmp_path / "live.rst", tmp_path / "ratios.png"
    result = run_benchmarks("--live", "--json", str(out), "--rst", str(rst), "--chart", str(png))
    live: dict[str, Any] = json.loads(out.read_text())["live"]
    load = live["load"]
    variants = {row["name"]: row for row in live["variants"]}
    for name, target in DESIGN_LIVE_ROWS:
        assert variants[name]["target"] == target, name
        assert name in result.stdout
        assert name in rst.read_text()
    for name in CONTROL_ROWS:
        assert variants[name]["target"] is None, name
        assert variants[name]["ours"] == variants[name]["floor"], name
        assert name in rst.read_text()
    for row in variants.values():
        assert len(row["cpu_ratios"]) == load["rounds"]
        assert all(ratio > 0 for ratio in row["cpu_ratios"] + row["throughput_ratios"])
    runs = live["runs"]
    assert len(runs) == len(variants) * 2 * load["rounds"]
    for run in runs:
        # Every message was acknowledged, and the figures are real.
        assert run["messages"] == load["connections"] * load["messages"], run
        assert run["server_cpu"] > 0, run
        assert run["seconds"] > 0, run
        assert run["cpu_per_message"] > 0, run
    keys = {(run["variant"], run["side"], run["round"]) for run in runs}
    assert len(keys) == len(runs)
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    assert live["pids"]
    assert not [pid for pid in live["pids"] if is_running(pid)]
