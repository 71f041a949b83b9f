"""A real recorder: mitmproxy in front of a real server, its HAR file checked.

The test makes mitmproxy's own virtualenv (its pins clash with the dev
extra's), records tests/recordings/record_mitmproxy.py's scenario through
``mitmdump --set hardump=...``, and checks that ``check`` finds in the new
recording exactly what it finds in the committed one. It needs PyPI, as the
dev extra does: about 30 seconds on a fresh machine, nearly all of it pip.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from wsmessage._check import Checker, Report
from wsmessage._recordings import open_recording

from ..recordings.protocol import endpoints

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings"
#: mitmproxy's HAR layout is what is tested: pinned, as the committed file was made with it.
MITMPROXY = "mitmproxy==11.0.2"

pytestmark = pytest.mark.slow


def report_of(har: Path) -> Report:
    checker = Checker(endpoints)
    with open_recording(str(har)) as recording:
        checker.check("recording", recording.frames())
    return checker.report()


def found(report: Report) -> tuple[object, ...]:
    """What a report found, without what changes from one recording to the next."""
    violations = [
        (v.kind, v.entry, v.index, v.direction, v.close_code, v.reason) for v in report.violations
    ]
    skipped = [(s.entry, s.messages, s.reason) for s in report.skipped]
    return violations, skipped, report.summary


def test_a_fresh_mitmproxy_recording_checks_like_the_committed_one(tmp_path: Path) -> None:
    env = tmp_path / "mitmproxy-venv"
    # Without pip of its own (ensurepip alone takes 10 s): this pip installs into it.
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    install = subprocess.run(
        [*pip, "install", "-q", "--disable-pip-version-check", MITMPROXY, "websockets>=13"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, (
        "installing mitmproxy from PyPI failed (this test needs PyPI, as the dev extra does):\n"
        + install.stderr[-2000:]
    )
    har = tmp_path / "recorded.har"
    record = subprocess.run(
        [str(python), str(RECORDINGS / "record_mitmproxy.py"), str(har)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert record.returncode == 0, record.stdout + record.stderr
    assert json.loads(har.read_bytes())["log"]["creator"]["name"] == "mitmproxy"
    fresh, committed = report_of(har), report_of(RECORDINGS / "mitmproxy.har")
    assert found(fresh) == found(committed)
    assert fresh.summary.invalid == 7
    assert sys.executable != str(python)  # the dev venv was left alone
