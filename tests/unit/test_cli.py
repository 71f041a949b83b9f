"""The command line: its help, its exit statuses, and the demo's hint when aiohttp is missing.

tests/integration/test_demo.py runs the demo itself.
"""

from __future__ import annotations

import pytest

from wsmessage.cli import INSTALL_AIOHTTP, main

from ..commands import run_module


def test_no_command_prints_the_help_and_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: python -m wsmessage")
    assert "demo" in err


@pytest.mark.parametrize(("argv", "status"), [(["--help"], 0), (["demo", "--help"], 0), (["x"], 2)])
def test_argparse_answers_help_and_unknown_commands(
    argv: list[str], status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == status
    out, err = capsys.readouterr()
    assert "usage: python -m wsmessage" in out + err


def test_python_m_wsmessage_without_a_command_exits_2() -> None:
    result = run_module()
    assert result.returncode == 2
    assert result.stdout == ""
    assert "usage: python -m wsmessage" in result.stderr


def test_the_demo_says_how_to_install_aiohttp_when_it_is_missing() -> None:
    result = run_module("demo", setup="import sys; sys.modules['aiohttp'] = None")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == INSTALL_AIOHTTP + "\n"
    assert "pip install 'wsmessage[aiohttp]'" in INSTALL_AIOHTTP
