"""The checker: connections matched to endpoints, messages decoded as a live server would.

The expected violations of the recorded files are spelled out: each is a
mistake made on purpose when the file was recorded (see
tests/recordings/record_mitmproxy.py) or built.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from wsmessage import Endpoint, TextMessage
from wsmessage._check import Checker, Problem, Report
from wsmessage._recordings import Frame, open_recording, read_jsonl

from ..recordings.protocol import chat, endpoints, ticks

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings"


def check(*paths: Path, using: list[Endpoint[Any, Any]] | None = None, **options: Any) -> Report:
    checker = Checker(endpoints if using is None else using, **options)
    for path in paths:
        with open_recording(str(path)) as recording:
            checker.check(str(path), recording.frames())
    return checker.report()


def check_lines(*lines: dict[str, Any], using: list[Endpoint[Any, Any]]) -> Report:
    content = "".join(json.dumps(line) + "\n" for line in lines).encode()
    checker = Checker(using)
    checker.check("log", read_jsonl("log", io.BytesIO(content)))
    return checker.report()


def said(text: object = "hi", kind: str = "receive", **more: Any) -> dict[str, Any]:
    data = json.dumps({"type": "said", "name": "ada", "text": text})
    return {"type": kind, "opcode": 1, "data": data, **more}


def table(report: Report) -> list[tuple[Any, ...]]:
    return [
        (v.kind, v.entry, v.index, v.direction, v.close_code, v.reason) for v in report.violations
    ]


def test_the_mitmproxy_recording() -> None:
    report = check(RECORDINGS / "mitmproxy.har")
    assert table(report) == [
        ("message", 0, 4, "send", 1008, "text: Expected `str`, got `int`"),
        ("message", 0, 5, "receive", 1008, "text: Object missing required field `text`"),
        ("message", 0, 6, "send", 1008, "type: unknown tag"),
        ("message", 0, 7, "send", 1007, "invalid JSON: invalid character at byte 0"),
        ("message", 0, 8, "send", 1003, "cannot decode JSON from a binary message"),
        ("message", 1, 2, "receive", 1008, "price: Expected `float`, got `str`"),
        ("message", 1, 3, "send", 1003, "cannot decode msgpack from a text message"),
    ]
    first = report.violations[0]
    assert first.endpoint == "/ws/chat/{room}"
    assert first.url is not None
    assert first.url.endswith("/ws/chat/lobby")
    assert first.errors == [Problem(["text"], "Expected `str`, got `int`")]
    assert first.time == pytest.approx(1795991282.871, abs=0.001)
    assert report.violations[5].endpoint == "/ws/ticks"
    summary = report.summary
    assert (summary.checked, summary.valid, summary.invalid) == (13, 6, 7)
    assert summary.invalid_by_close_code == {"1008": 4, "1007": 1, "1003": 2}
    assert (summary.skipped, summary.recording_errors, summary.error_items) == (2, 0, 0)
    (skipped,) = report.skipped
    assert (skipped.entry, skipped.messages) == (2, 2)
    assert skipped.url is not None
    assert skipped.url.endswith("/metrics")
    assert skipped.reason == "no endpoint serves this path"
    assert not report.ok


def test_the_chrome_recording() -> None:
    report = check(RECORDINGS / "chrome.har")
    assert table(report) == [
        ("message", 1, 4, "send", 1008, "text: Object missing required field `text`"),
        ("message", 1, 5, "receive", 1003, "cannot decode JSON from a binary message"),
        ("message", 2, 1, "receive", 1008, "members: Expected `int`, got `str`"),
        ("message", 3, 2, "receive", 1008, "price: Object missing required field `price`"),
        ("recording", 3, 3, None, None, "binary data is not valid base64"),
    ]
    (error,) = report.error_items
    assert (error.entry, error.index, error.text) == (1, 6, "net::ERR_CONNECTION_RESET")
    assert error.url == "wss://chat.example.com/ws/chat/lobby?token=abc"
    summary = report.summary
    assert (summary.checked, summary.valid, summary.invalid, summary.skipped) == (11, 7, 4, 2)
    assert (summary.recording_errors, summary.error_items) == (1, 1)


def test_the_json_lines_session() -> None:
    report = check(RECORDINGS / "session.jsonl")
    assert [(v.kind, v.line, v.close_code) for v in report.violations] == [
        ("message", 4, 1008),
        ("recording", 5, None),
        ("recording", 6, None),
        ("recording", 7, None),
        ("recording", 8, None),
        ("recording", 9, None),
    ]
    assert report.violations[2].errors == [
        Problem(["opcode"], "Object missing required field `opcode`")
    ]
    summary = report.summary
    assert (summary.checked, summary.valid, summary.invalid) == (5, 4, 1)
    assert (summary.skipped, summary.recording_errors, summary.error_items) == (1, 5, 1)
    assert [s.url for s in report.skipped] == ["ws://127.0.0.1:8000/admin"]


def test_several_files_are_counted_together_in_order() -> None:
    report = check(RECORDINGS / "chrome.har", RECORDINGS / "mitmproxy.har")
    assert report.files == [str(RECORDINGS / "chrome.har"), str(RECORDINGS / "mitmproxy.har")]
    assert report.summary.checked == 11 + 13
    assert [v.file for v in report.violations] == [str(RECORDINGS / "chrome.har")] * 5 + [
        str(RECORDINGS / "mitmproxy.har")
    ] * 7


# --- matching connections to endpoints ----------------------------------------------


def test_without_url_a_single_endpoint_takes_every_message() -> None:
    report = check_lines(said(), said(7), using=[chat])
    assert report.summary.checked == 2
    assert [(v.url, v.endpoint, v.index) for v in report.violations] == [
        (None, "/ws/chat/{room}", 1)
    ]


def test_without_url_several_endpoints_skip_the_connection() -> None:
    report = check_lines(said(), said(), using=[chat, ticks])
    assert report.summary.checked == 0
    (skipped,) = report.skipped
    assert (skipped.url, skipped.messages) == (None, 2)
    assert skipped.reason == "no URL to choose among 2 endpoints"


@pytest.mark.parametrize(
    ("url", "checked"),
    [
        ("ws://h/ws/chat/lobby", True),
        ("wss://h:8443/ws/chat/lobby?token=x#y", True),
        ("/ws/chat/lobby", True),
        ("ws://h/ws/chat/", False),
        ("ws://h/ws/chat/a/b", False),
        ("ws://h/ws/chat", False),
        ("ws://[::1/ws/chat/lobby", False),  # no URL at all
    ],
)
def test_a_connection_goes_to_the_endpoint_whose_template_matches_its_path(
    url: str, checked: bool
) -> None:
    report = check_lines(said(url=url), using=[chat])
    assert report.summary.checked == int(checked)
    assert report.summary.skipped == int(not checked)


def test_an_unparsable_url_is_skipped_as_such() -> None:
    report = check_lines(said(url="ws://[::1/x"), using=[chat])
    assert report.skipped[0].reason == "not a URL"


def test_the_first_endpoint_that_matches_wins() -> None:
    loose = Endpoint("/ws/{anything}/{room}", receives=str, sends=str)
    strict_first = check_lines(said(url="ws://h/ws/chat/a"), using=[chat, loose])
    loose_first = check_lines(said(url="ws://h/ws/chat/a"), using=[loose, chat])
    assert strict_first.summary.valid == 1
    assert loose_first.summary.invalid == 1  # an object is no str
    assert loose_first.violations[0].endpoint == "/ws/{anything}/{room}"


def test_send_is_decoded_as_the_server_receives_and_receive_as_its_client_does() -> None:
    say = {"type": "send", "opcode": 1, "data": '{"type": "say", "text": "x"}'}
    report = check_lines(say, {**say, "type": "receive"}, said(), said(kind="send"), using=[chat])
    assert [(v.index, v.direction) for v in report.violations] == [(1, "receive"), (3, "send")]


def test_the_endpoint_s_size_limit_holds_in_both_directions() -> None:
    small = Endpoint("/ws", receives=str, sends=str, max_size=8)
    big = json.dumps("x" * 20)
    report = check_lines(
        {"type": "send", "opcode": 1, "data": big},
        {"type": "receive", "opcode": 1, "data": big},
        using=[small],
    )
    assert [v.close_code for v in report.violations] == [1009, 1009]


def test_error_items_are_reported_even_on_skipped_connections_and_not_checked() -> None:
    error = {"type": "error", "opcode": -1, "data": "boom", "url": "ws://h/other"}
    report = check_lines(error, using=[chat])
    assert report.summary.checked == report.summary.skipped == 0
    assert [item.text for item in report.error_items] == ["boom"]
    assert report.ok


# --- stopping, and what is kept ------------------------------------------------------


def test_max_errors_stops_the_check_after_that_many_violations() -> None:
    checker = Checker([chat], max_errors=2)
    lines = io.BytesIO(b"".join(json.dumps(said(7)).encode() + b"\n" for _ in range(10)))
    checker.check("log", read_jsonl("log", lines))
    assert checker.stopped
    report = checker.report()
    assert len(report.violations) == 2
    assert report.summary.checked == 2
    assert report.summary.stopped
    assert not report.ok


def test_valid_messages_are_counted_not_kept() -> None:
    checker = Checker([chat])
    good = Frame("f", None, 0, "receive", None, TextMessage(said()["data"]))
    checker.check("f", [good] * 1000)
    report = checker.report()
    assert report.summary.valid == report.summary.checked == 1000
    assert report.violations == []
    assert report.ok


def test_a_broken_part_is_a_violation_without_a_close_code() -> None:
    checker = Checker([chat])
    lines = io.BytesIO(b"{\n")
    checker.check("log", read_jsonl("log", lines))
    (violation,) = checker.report().violations
    assert violation.kind == "recording"
    assert violation.close_code is None
    assert violation.line == 1


def test_the_report_is_one_json_document_with_stable_keys() -> None:
    report = check(RECORDINGS / "chrome.har")
    document = json.loads(msgspec.json.encode(report))
    assert list(document) == ["version", "files", "summary", "violations", "error_items", "skipped"]
    assert document["version"] == 1
    assert list(document["summary"]) == [
        "checked",
        "valid",
        "invalid",
        "invalid_by_close_code",
        "skipped",
        "recording_errors",
        "error_items",
        "stopped",
    ]
    violation_keys = ["kind", "file", "line", "entry", "url", "endpoint", "index"]
    violation_keys += ["direction", "time", "close_code", "reason", "errors"]
    assert all(list(v) == violation_keys for v in document["violations"])
    assert list(document["error_items"][0]) == [
        "file",
        "line",
        "entry",
        "url",
        "index",
        "time",
        "text",
    ]
    assert list(document["skipped"][0]) == ["file", "entry", "url", "messages", "reason"]


def test_a_checker_needs_an_endpoint() -> None:
    with pytest.raises(ValueError, match="no endpoint"):
        Checker([])


def test_routes_are_remembered_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wsmessage._check.MAX_ROUTES", 3)
    lines = [said(url=f"ws://h/ws/chat/room{number}") for number in range(10)]
    lines += [said(url=f"ws://h/elsewhere/{number}") for number in range(10)]
    report = check_lines(*lines, using=[chat])
    assert report.summary.valid == 10
    assert report.summary.skipped == 10
    assert len(report.skipped) == 10
