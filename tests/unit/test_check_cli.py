"""``python -m wsmessage check``: exit statuses, outputs, usage errors, stdin, the progress bar."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from wsmessage.cli import main

from ..commands import run_module

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings"
ROOT = RECORDINGS.parents[1]
BOTH = "tests.recordings.protocol:endpoints"
CHAT = "tests.recordings.protocol:chat"


def line(kind: str = "send", data: str = '{"type": "say", "text": "hi"}', **more: object) -> str:
    return json.dumps({"type": kind, "time": 1714557600.5, "opcode": 1, "data": data, **more})


def valid_jsonl(tmp_path: Path, lines: int = 3) -> Path:
    path = tmp_path / "valid.jsonl"
    path.write_text("".join(line() + "\n" for _ in range(lines)))
    return path


def run(
    *args: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:  # status, stdout, stderr
    status = main(["check", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_all_valid_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run("-e", CHAT, str(valid_jsonl(tmp_path)), capsys=capsys)
    assert (status, err) == (0, "")
    assert out == "3 messages checked: 3 valid, 0 invalid; 0 skipped\n"


def test_a_violation_exits_1_with_the_report_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run("-e", BOTH, str(RECORDINGS / "mitmproxy.har"), capsys=capsys)
    assert (status, err) == (1, "")
    assert "1008 POLICY_VIOLATION  text: Expected `str`, got `int`" in out
    assert out.endswith("2 skipped\n")


def test_endpoints_may_be_given_one_by_one(capsys: pytest.CaptureFixture[str]) -> None:
    one_by_one = run(
        "-e", CHAT, "-e", "tests.recordings.protocol:ticks", str(RECORDINGS / "mitmproxy.har"),
        capsys=capsys,
    )  # fmt: skip
    together = run("-e", BOTH, str(RECORDINGS / "mitmproxy.har"), capsys=capsys)
    assert one_by_one == together


def test_json_format_is_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(RECORDINGS / name) for name in ("chrome.har", "session.jsonl")]
    status, out, err = run("-e", BOTH, *files, "--format", "json", capsys=capsys)
    assert (status, err) == (1, "")
    document = json.loads(out)
    assert document["files"] == files
    assert document["summary"]["checked"] == 11 + 5
    assert document["summary"]["recording_errors"] == 1 + 5


def test_max_errors_stops_early(capsys: pytest.CaptureFixture[str]) -> None:
    har = str(RECORDINGS / "mitmproxy.har")
    status, out, _ = run("-e", BOTH, har, "--max-errors", "2", "--format", "json", capsys=capsys)
    document = json.loads(out)
    assert status == 1
    assert len(document["violations"]) == 2
    assert document["summary"]["stopped"] is True
    files = [har, str(RECORDINGS / "chrome.har")]
    status, out, _ = run("-e", BOTH, *files, "--max-errors", "1", "--format", "json", capsys=capsys)
    assert json.loads(out)["files"] == [har]  # the second file is not read


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-e", "no_such_module:chat", "x"], "cannot import no_such_module:chat: no module named"),
        (["-e", "tests.recordings.protocol:nothing", "x"], "no attribute 'nothing'"),
        (["-e", "tests.recordings.protocol:Join", "x"], "expected Endpoint, got StructMeta"),
        (["-e", "tests.recordings.protocol", "x"], "is not of the form MODULE:ATTR"),
        (["-e", CHAT, "missing.har"], "cannot read missing.har: No such file or directory"),
        (["-e", CHAT, "tests"], "cannot read tests: Is a directory"),
        (["-e", CHAT, "README.md"], "cannot read README.md: not a HAR file or JSON Lines"),
        (["-e", CHAT, "-", "-"], "'-' (stdin) can be read only once"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    status, out, err = run(*args, capsys=capsys)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("python -m wsmessage check: ")
    assert message in err


def test_a_har_that_does_not_parse_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = tmp_path / "cut.har"
    cut.write_bytes((RECORDINGS / "chrome.har").read_bytes()[:2000])
    status, out, err = run("-e", BOTH, str(cut), capsys=capsys)
    assert (status, out) == (2, "")
    reason = "invalid JSON: truncated"
    assert err == f"python -m wsmessage check: cannot read {cut}: {reason}\n"


def test_debug_shows_the_traceback_too(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run("-e", "no_such_module:chat", "x", "--debug", capsys=capsys)
    assert status == 2
    assert err.startswith("Traceback (most recent call last):")
    assert "ModuleNotFoundError" in err
    assert err.splitlines()[-1].startswith("python -m wsmessage check: cannot import")


@pytest.mark.parametrize(
    "args",
    [
        ["x"],
        ["-e", CHAT],
        ["-e", CHAT, "x", "--max-errors", "0"],
        ["-e", CHAT, "x", "--format", "xml"],
    ],
)
def test_argparse_refuses_bad_arguments_with_status_2(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", *args])
    assert info.value.code == 2
    assert "usage: python -m wsmessage check" in capsys.readouterr().err


def test_help_lists_check(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "check" in capsys.readouterr().out


# --- as a process: stdin, terminals, files ---------------------------------------------


def test_dash_reads_json_lines_from_stdin() -> None:
    lines = "\n".join([line(), line(data="nope"), "not json"]) + "\n"
    result = subprocess.run(
        [sys.executable, "-m", "wsmessage", "check", "-e", CHAT, "-", "--format", "json"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["files"] == ["-"]
    assert [(v["kind"], v["line"]) for v in document["violations"]] == [
        ("message", 2),
        ("recording", 3),
    ]


def test_nothing_is_written_but_stdout_and_stderr(tmp_path: Path) -> None:
    recording = tmp_path / "in" / "recording.har"
    recording.parent.mkdir()
    recording.write_bytes((RECORDINGS / "mitmproxy.har").read_bytes())
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "HOME": str(work), "TMPDIR": str(work), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "wsmessage", "check", "-e", BOTH, str(recording)],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["in", "recording.har", "work"]


def run_on_terminal(args: list[str], setup: str = "", **env: str) -> tuple[int, str, str]:
    """Run ``python -m wsmessage check *args`` with stdout and stderr each on a terminal.

    Returns the status and what each terminal showed.
    """
    out_master, out_slave = pty.openpty()
    err_master, err_slave = pty.openpty()
    for terminal in (out_slave, err_slave):
        # 24 rows of 100 columns: tqdm draws nothing on a terminal of no size
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    code = f"{setup}\nimport runpy\nrunpy.run_module('wsmessage', run_name='__main__')"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "check", *args],
        stdout=out_slave,
        stderr=err_slave,
        cwd=ROOT,
        env={**os.environ, "TERM": "xterm", **env},
    )
    os.close(out_slave)
    os.close(err_slave)
    shown = {out_master: b"", err_master: b""}
    deadline = time.monotonic() + 120
    open_fds = [out_master, err_master]
    while open_fds and time.monotonic() < deadline:
        ready, _, _ = select.select(open_fds, [], [], 1)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the terminal closed: the child is done with it
                chunk = b""
            if chunk:
                shown[fd] += chunk
            else:
                open_fds.remove(fd)
    status = process.wait(timeout=10)
    os.close(out_master)
    os.close(err_master)
    return status, shown[out_master].decode(), shown[err_master].decode()


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file big and slow enough for the progress bar: about 60 MB, a second or more."""
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    text = line(data=json.dumps({"type": "say", "text": "x" * 200}))
    path.write_text((text + "\n") * 200_000)
    return path


@pytest.mark.slow
def test_a_progress_bar_shows_on_a_terminal_for_a_big_input(big_jsonl: Path) -> None:
    status, out, err = run_on_terminal(["-e", CHAT, str(big_jsonl)])
    assert status == 0
    assert "200000 messages checked: 200000 valid" in out
    assert "checking:" in err
    assert "MB/s" in err or "kB/s" in err or "B/s" in err


@pytest.mark.slow
def test_without_tqdm_there_is_no_bar_and_no_error(big_jsonl: Path) -> None:
    status, out, err = run_on_terminal(
        ["-e", CHAT, str(big_jsonl)], setup="import sys; sys.modules['tqdm'] = None"
    )
    assert status == 0
    assert "200000 messages checked" in out
    assert err == ""


def test_no_bar_for_a_small_input_and_colour_on_a_terminal_only() -> None:
    har = str(RECORDINGS / "mitmproxy.har")
    status, out, err = run_on_terminal(["-e", BOTH, har])
    assert (status, err) == (1, "")
    assert "\033[31m1008 POLICY_VIOLATION\033[0m" in out
    status, out, err = run_on_terminal(["-e", BOTH, har], NO_COLOR="1")
    assert (status, err) == (1, "")
    assert "\033[" not in out
    assert "1008 POLICY_VIOLATION" in out


def test_the_demo_still_runs_as_a_command() -> None:
    result = run_module("demo", setup="import sys; sys.modules['aiohttp'] = None")
    assert result.returncode == 1
    assert "pip install 'wsmessage[aiohttp]'" in result.stderr


def test_a_reader_that_goes_away_ends_the_output_without_a_traceback(tmp_path: Path) -> None:
    invalid = tmp_path / "invalid.jsonl"
    invalid.write_text((line(data="nope") + "\n") * 1000)
    with subprocess.Popen(
        [sys.executable, "-m", "wsmessage", "check", "-e", CHAT, str(invalid)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        # Gone before the report is written (as `| head` is once it has
        # enough): however big the pipe's buffer, writing fails.
        process.stdout.close()
        err = process.stderr.read()
        status = process.wait(timeout=60)
    assert err == b""
    assert status == 1
