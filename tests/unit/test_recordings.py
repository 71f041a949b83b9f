"""Reading recordings: HAR files (mitmproxy's, Chrome's) and JSON Lines, as frames.

tests/recordings holds the files: mitmproxy.har recorded by
record_mitmproxy.py, chrome.har and session.jsonl built by hand in the
shapes Chrome and a service's log write.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest

from wsmessage import (
    BinaryMessage,
    DecodeError,
    ErrorMessage,
    MessageError,
    PayloadError,
    RemoteError,
    TextMessage,
    ValidationError,
)
from wsmessage._recordings import Broken, Frame, open_recording, read_jsonl

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings"


def read(path: Path | str) -> list[Frame | Broken]:
    with open_recording(str(path)) as recording:
        return list(recording.frames())


def frames_of(path: Path | str) -> list[Frame]:
    items = read(path)
    assert all(isinstance(item, Frame) for item in items), items
    return [item for item in items if isinstance(item, Frame)]


def write(tmp_path: Path, content: bytes | str, name: str = "recording") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def item(kind: str = "send", data: str = "{}", opcode: int = 1, **more: object) -> str:
    return json.dumps({"type": kind, "time": 1714557600.5, "opcode": opcode, "data": data, **more})


def har(*entries: object) -> str:
    return json.dumps({"log": {"version": "1.2", "entries": list(entries)}})


def ws_entry(url: str, *messages: object) -> dict[str, object]:
    return {
        "request": {"method": "GET", "url": url},
        "_resourceType": "websocket",
        "_webSocketMessages": list(messages),
    }


# --- the recorded files -----------------------------------------------------------


def test_mitmproxy_har_gives_every_message_of_every_connection() -> None:
    frames = frames_of(RECORDINGS / "mitmproxy.har")
    by_entry: dict[int | None, list[Frame]] = {}
    for frame in frames:
        by_entry.setdefault(frame.entry, []).append(frame)
    assert [len(connection) for connection in by_entry.values()] == [9, 4, 2]
    chat, ticks, metrics = by_entry.values()
    assert {frame.url for frame in chat} == {frame.url for frame in chat[:1]}
    assert chat[0].url is not None
    assert chat[0].url.endswith("/ws/chat/lobby")
    assert [frame.index for frame in chat] == list(range(9))
    assert [frame.direction for frame in chat[:4]] == ["send", "receive", "send", "receive"]
    assert chat[0].message == TextMessage('{"type": "join", "name": "ada"}')
    # mitmproxy escapes non-ASCII in JSON: it reads back as the text that was sent
    assert chat[2].message == TextMessage('{"type": "say", "text": "h\u00e9llo \u2713 \U0001f600"}')
    assert chat[8].message == BinaryMessage(b'{"type": "say", "text": "bin"}')
    assert isinstance(ticks[0].message, BinaryMessage)
    assert ticks[0].message.data == b"\x82\xa4type\xa9subscribe\xa6symbol\xa3WSM"
    assert metrics[1].message == TextMessage("pong")
    times = [frame.time for frame in frames]
    assert all(isinstance(time, float) and time > 1.7e9 for time in times)
    assert all(frame.line is None for frame in frames)


def test_chrome_har_skips_other_entries_and_keeps_error_items() -> None:
    items = read(RECORDINGS / "chrome.har")
    frames = [item for item in items if isinstance(item, Frame)]
    assert {frame.entry for frame in frames} == {1, 2, 3, 4}  # entry 0 is the page
    error = next(frame for frame in frames if frame.direction == "error")
    assert error.message == ErrorMessage(RemoteError("net::ERR_CONNECTION_RESET"))
    assert (error.entry, error.index) == (1, 6)
    unicode = frames[2].message
    assert unicode == TextMessage('{"type": "say", "text": "日本語 and emoji 🎉"}')
    (broken,) = [item for item in items if isinstance(item, Broken)]
    assert (broken.entry, broken.index) == (3, 3)
    assert broken.url == "wss://chat.example.com/ws/ticks"
    assert broken.error.reason == "binary data is not valid base64"


def test_jsonl_session_reports_each_bad_line_and_reads_on() -> None:
    items = read(RECORDINGS / "session.jsonl")
    lines = {item.line: item for item in items}
    assert 3 not in lines  # blank
    assert isinstance(lines[4], Frame)
    assert lines[4].time is None
    broken = {item.line or 0: item.error for item in items if isinstance(item, Broken)}
    assert sorted(broken) == [5, 6, 7, 8, 9]
    assert isinstance(broken[5], DecodeError)
    assert broken[6].reason == "opcode: Object missing required field `opcode`"
    assert broken[7].reason == "binary data is not valid base64"
    assert isinstance(broken[8], ValidationError)
    assert broken[8].reason == "time: Expected `float | null`, got `str`"
    assert broken[9].reason == "opcode must be 1 (text) or 2 (binary), not 9"
    last = lines[13]
    assert isinstance(last, Frame)
    assert last.message == TextMessage('{"type": "said", "name": "ada", "text": "été 🌞"}')
    # the index counts the items of one URL
    lobby = [i for i in items if isinstance(i, Frame) and i.url is not None and "lobby" in i.url]
    assert [frame.index for frame in lobby] == [0, 1, 2, 3, 4]


# --- telling the format -----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "form"),
    [
        (har(), "har"),
        ("\ufeff" + har(), "har"),  # a byte order mark
        ("\n\n  " + json.dumps({"log": {"entries": []}}, indent=4), "har"),
        (item(), "jsonl"),
        ("\n\n" + item() + "\n" + item(), "jsonl"),
        ("", "jsonl"),
        ('{"type": "send"}', "jsonl"),  # an item missing fields is a bad line, not a bad file
    ],
)
def test_format_comes_from_the_content_not_the_name(
    tmp_path: Path, content: str, form: str
) -> None:
    path = write(tmp_path, content, name="recording.har" if form == "jsonl" else "x.jsonl")
    with open_recording(str(path)) as recording:
        assert recording.format == form
        assert recording.size == path.stat().st_size


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"name,type\nada,send\n",
        b'[{"type": "send"}]\n',
        b'{\n  "entries": []\n}\n',  # JSON, but neither HAR nor one object a line
        b"\xff\xfe{\x00",
        b"not json\n" + item().encode(),
    ],
)
def test_a_file_that_is_neither_is_a_payload_error(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(PayloadError, match=r"^not a HAR file or JSON Lines$"):
        open_recording(str(write(tmp_path, content)))


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        open_recording(str(tmp_path / "missing.har"))


def test_stdin_is_always_json_lines() -> None:
    stdin = io.BytesIO(f"{item()}\nnot json\n".encode())
    with open_recording("-", stdin) as recording:
        assert recording.format == "jsonl"
        assert recording.size is None
        first, second = recording.frames()
    assert isinstance(first, Frame)
    assert first.source == "-"
    assert not stdin.closed  # its owner closes it
    assert isinstance(second, Broken)
    assert second.line == 2


# --- HAR --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        ('{"log": 1}', ValidationError, "log: Expected `object`, got `int`"),
        ('{"log": {"version": "1.2"}}', ValidationError, "missing required field `entries`"),
        ('{"log": {"entries": [', DecodeError, "invalid JSON: truncated"),
    ],
)
def test_a_har_document_that_does_not_parse_raises_before_any_frame(
    tmp_path: Path, content: str, error: type[MessageError], reason: str
) -> None:
    with pytest.raises(error, match=reason):
        read(write(tmp_path, content))


def test_a_har_without_websocket_entries_gives_one_broken(tmp_path: Path) -> None:
    page = {"request": {"url": "https://example.com/"}, "_resourceType": "document"}
    (broken,) = read(write(tmp_path, har(page)))
    assert isinstance(broken, Broken)
    assert broken.error.reason == "no WebSocket connection in this HAR file"


def test_a_websocket_entry_without_messages_is_a_connection_without_frames(
    tmp_path: Path,
) -> None:
    entry = {"request": {"url": "wss://x/ws"}, "_resourceType": "websocket"}
    assert read(write(tmp_path, har(entry))) == []


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (2, "Expected `object`, got `int`"),
        ({"_webSocketMessages": []}, "request: Object missing required field `request`"),
        ({"request": {"url": 7}, "_webSocketMessages": []}, "request.url: Expected `str`"),
        ({"request": {"url": "wss://x"}, "_webSocketMessages": {}}, "_webSocketMessages: Expected"),
    ],
)
def test_a_bad_entry_is_broken_and_the_next_is_read(
    tmp_path: Path, entry: object, reason: str
) -> None:
    good = ws_entry("wss://x/ws", json.loads(item()))
    first, second = read(write(tmp_path, har(entry, good)))
    assert isinstance(first, Broken)
    assert first.entry == 0
    assert first.index is None
    assert reason in first.error.reason
    assert isinstance(second, Frame)
    assert second.entry == 1


def test_binary_items_are_base64_and_text_items_are_kept_as_is(tmp_path: Path) -> None:
    payload = bytes(range(256))
    entry = ws_entry(
        "wss://x/ws",
        json.loads(item("receive", base64.b64encode(payload).decode(), opcode=2)),
        json.loads(item("send", "  not json, still text  ")),
        json.loads(item("send", "", opcode=2)),
    )
    binary, text, empty = frames_of(write(tmp_path, har(entry)))
    assert binary.message == BinaryMessage(payload)
    assert text.message == TextMessage("  not json, still text  ")
    assert empty.message == BinaryMessage(b"")


@pytest.mark.parametrize("data", ["%%%", "abc", "YWJj\n", "ÿÿÿÿ"])
def test_base64_is_strict(tmp_path: Path, data: str) -> None:
    (broken,) = read(write(tmp_path, item(data=data, opcode=2)))
    assert isinstance(broken, Broken)
    assert broken.error.reason == "binary data is not valid base64"


# --- JSON Lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[]", "Expected `object`, got `array`"),
        ('{"type": "send", "opcode": 1}', "data: Object missing required field `data`"),
        ('{"type": "sent", "opcode": 1, "data": ""}', "type: Invalid enum value 'sent'"),
        ('{"type": "send", "opcode": 1.5, "data": ""}', "opcode: Expected `int`, got `float`"),
        ('{"type": "send", "opcode": 1, "data": 3}', "data: Expected `str`, got `int`"),
        ('{"type": "send", "opcode": 1, "data": "", "url": []}', "url: Expected `str | null`"),
        ('{"type": "send", "opcode": 1, "data": "\\ud800"}', "invalid JSON"),
        ("\xe9t\xe9", "invalid JSON"),
    ],
)
def test_a_bad_line_is_broken_with_its_number(tmp_path: Path, line: str, reason: str) -> None:
    path = write(tmp_path, "\n".join([item(), line, item()]).encode("latin-1", "replace"))
    first, broken, third = read(path)
    assert isinstance(first, Frame)
    assert isinstance(third, Frame)
    assert isinstance(broken, Broken)
    assert broken.line == 2
    assert reason in broken.error.reason


def test_items_without_url_are_one_connection() -> None:
    lines = io.BytesIO(f"{item()}\n{item('receive')}\n".encode())
    frames = list(read_jsonl("log", lines))
    assert [(f.url, f.index) for f in frames if isinstance(f, Frame)] == [(None, 0), (None, 1)]


def test_a_file_of_blank_lines_gives_one_broken(tmp_path: Path) -> None:
    (broken,) = read(write(tmp_path, "\n  \n\r\n"))
    assert isinstance(broken, Broken)
    assert broken.error.reason == "no message in this file"


def test_progress_is_reported_in_bytes_up_to_the_end() -> None:
    content = (item(data="x" * 1000) + "\n").encode() * 3000
    seen: list[int] = []
    frames = list(read_jsonl("log", io.BytesIO(content), progress=seen.append))
    assert len(frames) == 3000
    assert seen == sorted(seen)
    assert len(seen) >= 3
    assert seen[-1] == len(content)


def test_stdin_that_starts_a_har_document_is_read_as_har() -> None:
    content = har(ws_entry("wss://x/ws", json.loads(item())))
    stdin = io.BufferedReader(io.BytesIO(content.encode()))  # peeks, as sys.stdin.buffer does
    with open_recording("-", stdin) as recording:
        assert recording.format == "har"
        (frame,) = recording.frames()
    assert isinstance(frame, Frame)
    assert frame.url == "wss://x/ws"
