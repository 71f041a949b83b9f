"""Recordings of any bytes: every reader gives frames, Broken parts, or a clean MessageError.

Whatever a file holds (HAR and JSON Lines built from junk, valid ones with
a few bytes changed, raw bytes), opening it raises at most a
PayloadError, reading it yields Frames and Brokens whose errors are fit to
report, or raises a MessageError for a HAR document that does not parse;
nothing the file names is imported, opened or run.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import given, strategies as st

from wsmessage import MessageError, PayloadError
from wsmessage._recordings import Broken, Frame, open_recording, read_jsonl

from ..strategies import check_error, mutated, nothing_resolved
from .recording_strategies import jsonls, recordings


def read_all(path: str) -> list[Frame | Broken]:
    """Open and read ``path``: a PayloadError when opening, or frames, or a MessageError."""
    try:
        recording = open_recording(path)
    except PayloadError as err:
        check_error(err)
        return []
    with recording:
        items: list[Frame | Broken] = []
        try:
            with nothing_resolved():
                items.extend(recording.frames())
        except MessageError as err:
            assert recording.format == "har"
            check_error(err)
    return items


def check_items(items: list[Frame | Broken]) -> None:
    for item in items:
        assert isinstance(item, Frame | Broken)
        if isinstance(item, Broken):
            check_error(item.error)
        else:
            assert item.direction in ("send", "receive", "error")
            assert item.index >= 0


@given(recordings)
def test_any_file_is_read_or_refused_cleanly(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "recording")
        path.write_bytes(content)
        check_items(read_all(str(path)))


@given(jsonls | mutated(jsonls) | st.binary())
def test_stdin_yields_one_frame_or_broken_per_line_that_is_not_blank(content: bytes) -> None:
    with nothing_resolved():
        items = list(read_jsonl("-", io.BytesIO(content)))
    check_items(items)
    lines = [line for line in io.BytesIO(content) if line.strip()]
    assert len(items) == max(len(lines), 1)
