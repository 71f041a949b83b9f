"""``MODULE:ATTR``: the objects a command works on, loaded as uvicorn loads ``app:app``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wsmessage import Endpoint
from wsmessage._targets import TargetError, load_targets

from ..recordings.protocol import chat, endpoints, ticks


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path for test modules; they are forgotten afterwards."""
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        del sys.modules[name]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("tests.recordings.protocol:chat", [chat]),
        ("tests.recordings.protocol:endpoints", [chat, ticks]),
        ("tests.recordings.protocol:chat.client", [chat.client]),
    ],
)
def test_an_object_or_a_list_of_them(spec: str, expected: list[Endpoint[object, object]]) -> None:
    assert load_targets(spec, Endpoint) == expected


def test_tuples_and_dict_values(modules: Path) -> None:
    (modules / "many_endpoints.py").write_text(
        "from tests.recordings.protocol import chat, ticks\n"
        "as_tuple = (ticks, chat)\n"
        "as_dict = {'chat': chat, 'ticks': ticks}\n"
    )
    assert load_targets("many_endpoints:as_tuple", Endpoint) == [ticks, chat]
    assert load_targets("many_endpoints:as_dict", Endpoint) == [chat, ticks]
    assert endpoints == [chat, ticks]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("tests.recordings.protocol", "is not of the form MODULE:ATTR"),
        (":chat", "is not of the form MODULE:ATTR"),
        ("tests.recordings.protocol:", "is not of the form MODULE:ATTR"),
        (
            "no_such_module:chat",
            "cannot import no_such_module:chat: no module named 'no_such_module'",
        ),
        ("tests.no_such:chat", "no module named 'tests.no_such'"),
        (".relative:chat", "cannot import .relative:chat: TypeError"),
        ("tests.recordings.protocol:missing", "no attribute 'missing'"),
        ("tests.recordings.protocol:chat.missing", "no attribute 'missing'"),
        ("tests.recordings.protocol:Join", "expected Endpoint, got StructMeta"),
        ("tests.recordings.protocol:__name__", "expected Endpoint, got str"),
    ],
)
def test_what_does_not_name_endpoints_is_a_target_error(spec: str, message: str) -> None:
    with pytest.raises(TargetError) as info:
        load_targets(spec, Endpoint)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import not_installed_anywhere\n", "ModuleNotFoundError: No module named"),
        ("1 / 0\n", "ZeroDivisionError: division by zero"),
        ("def broken(:\n", "SyntaxError"),
        ("raise RuntimeError('first\\nsecond')\n", "RuntimeError: first"),
        ("items = []\n", "expected Endpoint, got an empty list"),
        ("items = [1]\n", "expected Endpoint, got int"),
    ],
)
def test_a_module_that_fails_says_how_in_one_line(modules: Path, source: str, message: str) -> None:
    (modules / "failing_module.py").write_text(source)
    with pytest.raises(TargetError) as info:
        load_targets("failing_module:items", Endpoint)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_the_module_s_own_error_is_the_cause_for_debug(modules: Path) -> None:
    (modules / "failing_module.py").write_text("1 / 0\n")
    with pytest.raises(TargetError) as info:
        load_targets("failing_module:items", Endpoint)
    assert isinstance(info.value.__cause__, ZeroDivisionError)
