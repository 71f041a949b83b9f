"""The how-to "Check a recorded session" shows the report ``check`` really writes."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from wsmessage.cli import main

ROOT = Path(__file__).resolve().parents[2]
HOWTO = ROOT / "docs" / "howto" / "check-recordings.rst"


def test_the_sample_report_is_the_real_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = HOWTO.read_text()
    section = text.split("Read the report\n---------------", 1)[1]
    block = re.search(r"\.\. code-block:: text\n\n((?:   .*\n|\n)+)", section)
    assert block is not None
    shown = textwrap.dedent(block[1]).strip("\n") + "\n"
    monkeypatch.chdir(ROOT / "tests" / "recordings")
    assert main(["check", "-e", "tests.recordings.protocol:endpoints", "chrome.har"]) == 1
    assert capsys.readouterr().out == shown
