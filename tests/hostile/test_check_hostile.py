"""The check on recordings of any bytes: a report whose counts add up, or a one-line usage error.

Frames come from the recordings' strategies (junk HAR and JSON Lines, their
mutations, raw bytes); payloads from the property tests' JSON and msgpack
documents, so the endpoints' codecs see hostile input too.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given, strategies as st

from wsmessage._check import Checker, Report
from wsmessage._check_report import write_json, write_text
from wsmessage._recordings import Frame
from wsmessage.cli import main
from wsmessage.messages import BinaryMessage, TextMessage

from ..recordings.protocol import endpoints
from ..strategies import as_text, json_documents, msgpack_documents, nothing_resolved
from .recording_strategies import recordings

URLS = st.sampled_from([None, "ws://h/ws/chat/a", "ws://h/ws/ticks", "ws://h/other", "::"])
DIRECTIONS = st.sampled_from(["send", "receive"])
payloads = json_documents.map(lambda doc: TextMessage(as_text(doc))) | (
    msgpack_documents | json_documents
).map(BinaryMessage)
frames = st.builds(
    Frame,
    source=st.just("f"),
    url=URLS,
    index=st.integers(0, 10),
    direction=DIRECTIONS,
    time=st.none() | st.floats(),
    message=payloads,
)


def check_report(report: Report) -> None:
    summary = report.summary
    assert summary.checked == summary.valid + summary.invalid
    assert summary.invalid == sum(summary.invalid_by_close_code.values())
    assert len(report.violations) == summary.invalid + summary.recording_errors
    assert summary.skipped == sum(skipped.messages for skipped in report.skipped)
    for violation in report.violations:
        assert (violation.close_code is None) == (violation.kind == "recording")
        assert len(violation.reason.encode("utf-8", "surrogatepass")) <= 123
    write_text(report, io.StringIO(), colour=True)
    out = io.StringIO()
    write_json(report, out)
    assert json.loads(out.getvalue())["summary"]["checked"] == summary.checked


@given(st.lists(frames, max_size=8))
def test_any_payload_is_valid_or_a_violation_with_the_server_s_close_code(
    items: list[Frame],
) -> None:
    checker = Checker(endpoints)
    with nothing_resolved():
        checker.check("f", items)
    report = checker.report()
    check_report(report)
    assert report.summary.checked + report.summary.skipped == len(items)


@given(recordings)
def test_any_file_gives_a_report_or_a_usage_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "recording")
        path.write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(
                [
                    "check",
                    "-e",
                    "tests.recordings.protocol:endpoints",
                    str(path),
                    "--format",
                    "json",
                ]
            )
    if status == 2:
        assert out.getvalue() == ""
        assert err.getvalue().count("\n") == 1
        assert "Traceback" not in err.getvalue()
        return
    assert err.getvalue() == ""
    document = json.loads(out.getvalue())
    assert status == (0 if not document["violations"] else 1)
    report = Checker(endpoints).report()
    assert set(document) == set(report.__struct_fields__)
