"""``python -m wsmessage asyncapi`` and ``schema``: outputs, files, YAML, usage errors."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from wsmessage.asyncapi import document
from wsmessage.cli import main

from ..asyncapi.checks import official_errors
from ..asyncapi.protocols import ALL, chat, ticks
from ..commands import run_module

PROTOCOLS = "tests.asyncapi.protocols"
CHAT = f"{PROTOCOLS}:chat"


# Untyped, as the command line loads it: PyYAML's stubs follow typeshed
# ahead of the pinned type checkers.
yaml: Any = importlib.import_module("yaml")


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# --- asyncapi ----------------------------------------------------------------------------


def test_asyncapi_writes_the_document_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        "asyncapi", CHAT, f"{PROTOCOLS}:ticks", "--title", "Chat", "--version", "1.0.0",
        "--description", "Rooms and ticks.",
        "--server", "production=wss://chat.example.com/api", "--server", "local=ws://127.0.0.1:8000",
        capsys=capsys,
    )  # fmt: skip
    assert (status, err) == (0, "")
    written = json.loads(out)
    assert written == document(
        chat,
        ticks,
        title="Chat",
        version="1.0.0",
        description="Rooms and ticks.",
        servers={"production": "wss://chat.example.com/api", "local": "ws://127.0.0.1:8000"},
    )
    assert official_errors(written) == []
    assert out.startswith('{\n  "asyncapi": "3.0.0",\n')  # indented, for people and diffs
    assert out.endswith("}\n")


def test_a_list_of_endpoints_is_each_of_them(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run("asyncapi", f"{PROTOCOLS}:ALL", "--title", "t", "--version", "1",
                         capsys=capsys)  # fmt: skip
    assert status == 0
    assert json.loads(out) == document(*ALL, title="t", version="1")


def test_yaml_is_the_same_document(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run("asyncapi", CHAT, "--title", "t", "--version", "1.0", "--yaml",
                           capsys=capsys)  # fmt: skip
    assert (status, err) == (0, "")
    assert out.startswith("asyncapi: 3.0.0\ninfo:\n")
    assert yaml.safe_load(out) == document(chat, title="t", version="1.0")  # "1.0" stays a str


def test_yaml_without_pyyaml_says_how_to_install_it() -> None:
    result = run_module(
        "asyncapi", CHAT, "--title", "t", "--version", "1", "--yaml",
        setup="import sys; sys.modules['yaml'] = None",
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "python -m wsmessage asyncapi: --yaml needs PyYAML: pip install 'wsmessage[yaml]'\n"
    )


def test_output_goes_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "asyncapi.json"
    status, out, err = run("asyncapi", CHAT, "--title", "t", "--version", "1", "-o", str(target),
                           capsys=capsys)  # fmt: skip
    assert (status, out, err) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8")) == document(chat, title="t", version="1")


def test_python_m_wsmessage_asyncapi_runs() -> None:
    result = run_module("asyncapi", CHAT, "--title", "t", "--version", "1")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["channels"]["ws_chat_room"]["address"] == "/ws/chat/{room}"


# --- schema ------------------------------------------------------------------------------


@pytest.mark.parametrize("direction", ["receives", "sends"])
def test_schema_writes_the_json_schema_of_a_direction(
    direction: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run("schema", CHAT, "--direction", direction, capsys=capsys)
    assert (status, err) == (0, "")
    assert json.loads(out) == chat.json_schema(direction)


def test_schema_describes_what_the_endpoint_receives_by_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run("schema", CHAT, capsys=capsys)
    assert status == 0
    assert json.loads(out) == chat.json_schema("receives")
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_takes_a_list_of_one(modules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (modules / "one_endpoint.py").write_text(f"from {PROTOCOLS} import chat\nendpoints = [chat]\n")
    status, out, _ = run("schema", "one_endpoint:endpoints", capsys=capsys)
    assert status == 0
    assert json.loads(out) == chat.json_schema("receives")


# --- usage errors ----------------------------------------------------------------------------


SCHEMA_ERRORS = f"""
import msgspec, pydantic
from typing import Literal
from wsmessage import Endpoint
from {PROTOCOLS} import chat, Join


class Opaque:
    pass


class Holds(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
    thing: Opaque


class Named(msgspec.Struct, tag_field="type", tag="join"):
    x: int


inexpressible = Endpoint("/x", receives=Holds, sends=int)
same_name = [chat, Endpoint("/other", receives=Named, sends=int)]
same_path = [chat, Endpoint("/ws/chat/{{name}}", receives=int, sends=int)]
"""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["asyncapi", "no_such_module:chat"], "cannot import no_such_module:chat: no module named"),
        (["asyncapi", f"{PROTOCOLS}:nothing"], "no attribute 'nothing'"),
        (["asyncapi", f"{PROTOCOLS}:Join"], "expected Endpoint, got StructMeta"),
        (["asyncapi", PROTOCOLS], "is not of the form MODULE:ATTR"),
        (["asyncapi", "bad_protocols:inexpressible"], "no JSON schema for Holds"),
        (["asyncapi", "bad_protocols:same_name"],
         "two messages are named 'join': Join (receives of /ws/chat/{room}) and Named"),
        (["asyncapi", "bad_protocols:same_path"],
         "two endpoints serve the same path: '/ws/chat/{room}' and '/ws/chat/{name}'"),
        (["asyncapi", CHAT, "--server", "prod"], "--server takes NAME=URL"),
        (["asyncapi", CHAT, "--server", "a=ws://x", "--server", "a=ws://y"],
         "--server 'a' is given twice"),
        (["asyncapi", CHAT, "--server", "a=http://x"], "server 'a': expected a ws:// or wss://"),
        (["asyncapi", CHAT, "-o", "/no/such/folder/doc.json"],
         "cannot write /no/such/folder/doc.json: No such file or directory"),
        (["schema", f"{PROTOCOLS}:ALL"], "tests.asyncapi.protocols:ALL names 9 endpoints; "
         "schema describes one"),
        (["schema", "bad_protocols:inexpressible"], "no JSON schema for Holds"),
        (["schema", "no_such_module:chat"], "cannot import no_such_module:chat"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2_with_one_line(
    args: list[str], message: str, modules: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (modules / "bad_protocols.py").write_text(SCHEMA_ERRORS)
    if args[0] == "asyncapi":
        args += ["--title", "t", "--version", "1"]
    status, out, err = run(*args, capsys=capsys)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"python -m wsmessage {args[0]}: ")
    assert message in err


def test_debug_shows_the_traceback_too(modules: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (modules / "bad_protocols.py").write_text(SCHEMA_ERRORS)
    status, _, err = run("asyncapi", "bad_protocols:inexpressible", "--title", "t",
                         "--version", "1", "--debug", capsys=capsys)  # fmt: skip
    assert status == 2
    assert err.startswith("Traceback (most recent call last):")
    assert "PydanticInvalidForJsonSchema" in err
    last = err.splitlines()[-1]
    assert last.startswith("python -m wsmessage asyncapi: no JSON schema for Holds: ")


@pytest.mark.parametrize(
    "args",
    [["asyncapi", CHAT, "--version", "1"], ["asyncapi", "--title", "t", "--version", "1"],
     ["schema", CHAT, "--direction", "both"]],
)  # fmt: skip
def test_missing_or_bad_options_are_argparse_usage_errors(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    assert "usage: python -m wsmessage" in capsys.readouterr().err
