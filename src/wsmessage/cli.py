"""The command line, ``python -m wsmessage``: ``demo`` and ``check``.

``import wsmessage.cli`` needs nothing optional: the demo imports aiohttp
only when it runs, and says how to install it if it is missing; ``check``
shows a progress bar only if tqdm (the ``cli`` extra) is installed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from . import _check_cli

__all__ = ["main"]

INSTALL_AIOHTTP = "the demo needs aiohttp: pip install 'wsmessage[aiohttp]'"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wsmessage",
        description="Typed, validated WebSocket messages for aiohttp, Starlette and FastAPI.",
    )
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser(
        "demo",
        help="show an aiohttp server and client exchanging typed messages",
        description=(
            "Start an aiohttp server on a free port of 127.0.0.1, connect a client, "
            "and print what they exchange: typed events, a bad message and its close "
            "code, msgpack. Exits when done, within seconds."
        ),
    )
    _check_cli.add_parser(commands)
    return parser


def _demo() -> int:
    try:
        from . import _demo
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] != "aiohttp":
            raise
        print(INSTALL_AIOHTTP, file=sys.stderr)
        return 1
    asyncio.run(_demo.run())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Without a command it prints the help to stderr and returns 2, as a
    usage error.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    if args.command == "check":
        return _check_cli.run(args)
    return _demo()
