"""The check's report: text grouped by connection for people, one JSON document for CI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import msgspec
import pytest

from wsmessage._check import Checker, ErrorItem, Report, Skipped, Summary, Violation
from wsmessage._check_report import write_json, write_text
from wsmessage._recordings import open_recording

from ..recordings.protocol import endpoints

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings"


@pytest.fixture(autouse=True)
def in_recordings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are named as given: from the recordings' folder, by their bare names."""
    monkeypatch.chdir(RECORDINGS)


def report_of(name: str) -> Report:
    checker = Checker(endpoints)
    with open_recording(name) as recording:
        checker.check(name, recording.frames())
    return checker.report()


def text(report: Report, *, colour: bool = False) -> str:
    out = io.StringIO()
    write_text(report, out, colour=colour)
    return out.getvalue()


def violation(**fields: object) -> Violation:
    base: dict[str, object] = {
        "kind": "message",
        "file": "f.jsonl",
        "line": 1,
        "entry": None,
        "url": None,
        "endpoint": "/ws",
        "index": 0,
        "direction": "send",
        "time": None,
        "close_code": 1008,
        "reason": "bad",
        "errors": [],
    }
    return msgspec.convert({**base, **fields}, Violation)


def report(*violations: Violation, summary: Summary | None = None) -> Report:
    return Report(
        files=["f.jsonl"],
        summary=summary or Summary(checked=1, invalid=len(violations)),
        violations=list(violations),
        error_items=[],
        skipped=[],
    )


def test_text_groups_by_file_and_connection_with_aligned_columns() -> None:
    lines = text(report_of("chrome.har")).splitlines()
    assert lines[:6] == [
        "chrome.har",
        "  entry 1  wss://chat.example.com/ws/chat/lobby?token=abc  (/ws/chat/{room})",
        "    #4  send     2024-05-01T10:00:00.300Z  1008 POLICY_VIOLATION  "
        "text: Object missing required field `text`",
        "    #5  receive  2024-05-01T10:00:00.310Z  1003 UNSUPPORTED_DATA  "
        "cannot decode JSON from a binary message",
        "    #6  error    2024-05-01T10:00:00.400Z  not checked            "
        "net::ERR_CONNECTION_RESET",
        "  entry 2  wss://chat.example.com/ws/chat/kitchen  (/ws/chat/{room})",
    ]
    assert "    #3                                     cannot read            " in lines[9]
    assert lines[-3:] == [
        "skipped",
        "  chrome.har  entry 4  wss://chat.example.com/socket.io/?EIO=4&transport=websocket: "
        "no endpoint serves this path (2 messages)",
        "11 messages checked: 7 valid, 4 invalid (1 x 1003 UNSUPPORTED_DATA, "
        "3 x 1008 POLICY_VIOLATION); 2 skipped; 1 part of the recordings unreadable; "
        "1 error item (not checked)",
    ]


def test_json_lines_are_placed_by_line_and_unreadable_lines_by_file() -> None:
    lines = text(report_of("session.jsonl")).splitlines()
    assert lines[1] == "  ws://127.0.0.1:8000/ws/chat/lobby  (/ws/chat/{room})"
    assert lines[2].startswith("    line 4   send   -   ")
    assert lines[3].startswith("    line 10  error  2024-05-01T10:00:00.900Z  not checked")
    assert lines[4] == "  line 5  cannot read  invalid JSON: invalid character at byte 4"


def test_colour_only_when_asked() -> None:
    plain = text(report_of("chrome.har"))
    coloured = text(report_of("chrome.har"), colour=True)
    assert "\033[" not in plain
    assert "\033[31m1008 POLICY_VIOLATION\033[0m" in coloured
    assert "\033[1mchrome.har\033[0m" in coloured


def test_an_all_valid_report_is_its_summary_in_green() -> None:
    clean = Report(
        files=["a"],
        summary=Summary(checked=1, valid=1),
        violations=[],
        error_items=[],
        skipped=[],
    )
    assert text(clean) == "1 message checked: 1 valid, 0 invalid; 0 skipped\n"
    assert text(clean, colour=True) == (
        "\033[32m1 message checked: 1 valid, 0 invalid; 0 skipped\033[0m\n"
    )


def test_a_stopped_check_says_so() -> None:
    stopped = report(violation(), summary=Summary(checked=1, invalid=1, stopped=True))
    assert text(stopped).endswith("; stopped at --max-errors\n")


@pytest.mark.parametrize(
    ("time", "shown"),
    [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1714557600.25, "2024-05-01T10:00:00.250Z"),
        (1e300, "1e+300"),
        (-1e300, "-1e+300"),
        (float("inf"), "inf"),
        (float("nan"), "nan"),
        (None, "-"),
    ],
)
def test_any_time_is_shown(time: float | None, shown: str) -> None:
    assert f"  send  {shown}  1008" in text(report(violation(time=time)))


def test_text_a_terminal_cannot_encode_is_escaped() -> None:
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    write_text(report(violation(reason="caf\u00e9 \U0001f600", url="ws://h/\udc80")), out)
    out.seek(0)
    written = out.read()
    assert "caf\\xe9 \\U0001f600" in written
    assert "ws://h/\\udc80" in written


def test_an_unknown_close_code_is_shown_as_a_number() -> None:
    unknown = report(violation(close_code=4000), summary=Summary(invalid_by_close_code={"4000": 1}))
    assert "  4000  bad" in text(unknown)
    assert "1 x 4000)" in text(unknown)


def test_json_is_the_report_on_one_line() -> None:
    out = io.StringIO()
    full = report_of("chrome.har")
    write_json(full, out)
    written = out.getvalue()
    assert written.count("\n") == 1
    assert msgspec.json.decode(written, type=Report) == full
    document = json.loads(written)
    assert document["violations"][4]["kind"] == "recording"
    assert document["summary"]["invalid_by_close_code"] == {"1003": 1, "1008": 3}


def test_skipped_and_error_items_keep_their_place() -> None:
    full = Report(
        files=["f.har"],
        summary=Summary(),
        violations=[],
        error_items=[
            ErrorItem(
                file="f.har", line=None, entry=0, url="ws://h/x", index=2, time=None, text="e"
            )
        ],
        skipped=[Skipped(file="f.har", entry=0, url="ws://h/x", messages=1, reason="why")],
    )
    lines = text(full).splitlines()
    assert lines[:3] == ["f.har", "  entry 0  ws://h/x", "    #2  error  -  not checked  e"]
    assert lines[4] == "  f.har  entry 0  ws://h/x: why (1 message)"


def test_control_characters_from_a_recording_are_escaped() -> None:
    hostile = violation(url="ws://h/\x1b]0;owned\x07", reason="bad \x1b[2J\nnext\x9b")
    written = text(report(hostile))
    assert "\x1b" not in written
    assert "\x9b" not in written
    assert "ws://h/\\x1b]0;owned\\x07" in written
    assert "bad \\x1b[2J\\nnext\\x9b" in written
    assert written.count("\n") == len(written.splitlines())  # no line of the recording's own
