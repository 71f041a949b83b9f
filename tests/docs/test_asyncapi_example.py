"""docs/examples/chat-asyncapi.json, the tutorial chat's AsyncAPI document, is current.

It is what the command the how-to shows writes today; if this fails after
a change to the chat or to wsmessage, write it again (from docs/examples):

    python -m wsmessage asyncapi chat_protocol:CHAT --title Chat --version 1.0.0 \\
        --server local=ws://127.0.0.1:8000 -o chat-asyncapi.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from wsmessage.cli import main

from ..asyncapi.checks import official_errors

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
COMMAND = ["asyncapi", "chat_protocol:CHAT", "--title", "Chat", "--version", "1.0.0",
           "--server", "local=ws://127.0.0.1:8000"]  # fmt: skip


def test_the_committed_document_is_what_the_command_writes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "path", [str(EXAMPLES), *sys.path])
    assert main(COMMAND) == 0
    written = capsys.readouterr().out
    committed = (EXAMPLES / "chat-asyncapi.json").read_text(encoding="utf-8")
    assert written == committed, "docs/examples/chat-asyncapi.json is stale: see this module"


def test_the_committed_document_is_valid_asyncapi_3() -> None:
    document = json.loads((EXAMPLES / "chat-asyncapi.json").read_text(encoding="utf-8"))
    assert official_errors(document) == []
    assert document["components"]["messages"]["join"]["summary"] == (
        "Join the room under a name: a client's first message."
    )


def test_the_howto_shows_the_command() -> None:
    howto = (EXAMPLES.parents[0] / "howto" / "document-protocol.rst").read_text()
    assert "python -m wsmessage asyncapi chat_protocol:CHAT --title Chat --version 1.0.0" in howto
    assert "--server local=ws://127.0.0.1:8000 -o chat-asyncapi.json" in howto
