"""``python -m wsmessage demo``: it runs on its own, prints what the docs show, cleans up."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from wsmessage._demo import run

pytestmark = pytest.mark.slow

TRANSCRIPT = Path(__file__).resolve().parents[2] / "docs" / "tutorial" / "demo-transcript.txt"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """The demo, run as the README says, in dev mode with every warning an error."""
    return subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", "-m", "wsmessage", "demo"],
        cwd=tmp_path_factory.mktemp("demo"),  # nothing from the checkout's folder
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_demo_exits_0_with_nothing_on_stderr(demo: subprocess.CompletedProcess[str]) -> None:
    assert demo.returncode == 0, demo.stderr
    assert demo.stderr == ""  # no warning, no unclosed socket, no log line


@pytest.mark.parametrize(
    "line",
    [
        "   server decoded  Join(user='ada', room='lobby')",
        "   client got      Ack(seq=1, note='ada joined lobby')",
        "   client got      Pong(id=7)",
        "                   at ('text',): Expected `str`, got `int`",
        "   client got      close 1008 POLICY_VIOLATION: 'text: Expected `str`, got `int`'",
        "   client got      close 1007 INVALID_TEXT: 'invalid JSON: truncated'",
        "   server decoded  Chat(user='bob', room='lobby', text='packed')",
        "   server ends     its loop: the client closed, 1000",
        "   client got      Ack(seq=2, note='bob joined lobby')",
        "   server refused  ValidationError: kind: unknown tag",
        "   client ends     its loop: close 1008 POLICY_VIOLATION: 'kind: unknown tag'",
        "Every connection closed, and the server stopped.",
    ],
)
def test_the_transcript_shows(line: str, demo: subprocess.CompletedProcess[str]) -> None:
    assert line in demo.stdout.splitlines()


def test_the_transcript_never_names_the_port(demo: subprocess.CompletedProcess[str]) -> None:
    assert "127.0.0.1:" not in demo.stdout


def test_the_docs_show_the_transcript_the_demo_prints(
    demo: subprocess.CompletedProcess[str],
) -> None:
    assert TRANSCRIPT.read_text() == demo.stdout


async def test_the_demo_leaves_no_task_behind() -> None:
    lines: list[str] = []
    await asyncio.wait_for(run(lines.append), 60)
    assert asyncio.all_tasks() == {asyncio.current_task()}
    assert "\n".join(lines) + "\n" == TRANSCRIPT.read_text()
