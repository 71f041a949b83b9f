"""``python -m wsmessage asyncapi`` and ``schema``: a protocol's documents, from its endpoints.

``asyncapi`` writes the AsyncAPI 3.0 document of one or more endpoints
(JSON, or YAML if PyYAML is installed); ``schema`` the JSON Schema of what
one endpoint receives or sends. Exit status 0, or 2 for a usage error: an
endpoint that cannot be loaded, a protocol that cannot be documented, a
file that cannot be written. A usage error is one line on stderr, with
its traceback under ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

from ._cli_common import UsageError, usage_error, write_output
from ._targets import TargetError, load_targets
from .asyncapi import document
from .endpoint import Endpoint

__all__ = ["add_parsers", "run_asyncapi", "run_schema"]

INSTALL_YAML = "--yaml needs PyYAML: pip install 'wsmessage[yaml]'"
ASYNCAPI_PROG = "python -m wsmessage asyncapi"
SCHEMA_PROG = "python -m wsmessage schema"


def add_parsers(commands: Any) -> None:
    """Add ``asyncapi`` and ``schema`` to the command line's subcommands."""
    asyncapi = commands.add_parser(
        "asyncapi",
        help="write the AsyncAPI 3.0 document of endpoints",
        description=(
            "Write the AsyncAPI 3.0.0 document of the endpoints: a channel per endpoint, "
            "its messages, their payload schemas and examples. Exit status 0, or 2 for a "
            "usage error."
        ),
    )
    _add_endpoints(asyncapi, nargs="+", help_text="an Endpoint, or a list, tuple or dict of them")
    asyncapi.add_argument("--title", required=True, help="the API's title")
    asyncapi.add_argument("--version", required=True, help="the API's version, as 1.0.0")
    asyncapi.add_argument("--description", help="a longer description of the API")
    asyncapi.add_argument(
        "--server",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="a server the endpoints are served on, as prod=wss://example.com; repeatable",
    )
    asyncapi.add_argument("--yaml", action="store_true", help="write YAML (needs PyYAML)")
    _add_output(asyncapi)

    schema = commands.add_parser(
        "schema",
        help="write the JSON Schema of what an endpoint receives or sends",
        description=(
            "Write the JSON Schema (draft 2020-12) of what the endpoint receives (the "
            "default) or sends. Exit status 0, or 2 for a usage error."
        ),
    )
    _add_endpoints(schema, nargs=None, help_text="one Endpoint")
    schema.add_argument(
        "--direction",
        choices=["receives", "sends"],
        default="receives",
        help="what the server receives (the default) or what it sends",
    )
    _add_output(schema)


def _add_endpoints(parser: argparse.ArgumentParser, *, nargs: str | None, help_text: str) -> None:
    parser.add_argument(
        "endpoints",
        nargs=nargs,
        metavar="MODULE:ATTR",
        help=f"{help_text}, as myapp.protocol:chat",
    )


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    parser.add_argument("--debug", action="store_true", help="show the traceback of a usage error")


def run_asyncapi(
    args: argparse.Namespace, *, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> int:
    """Run ``asyncapi`` as parsed into ``args``; return the exit status."""
    try:
        endpoints: list[Endpoint[Any, Any]] = []
        for spec in args.endpoints:
            endpoints += load_targets(spec, Endpoint)
        servers = _servers(args.server)
        doc = _described(
            lambda: document(
                *endpoints,
                title=args.title,
                version=args.version,
                servers=servers or None,
                description=args.description,
            )
        )
        text = _yaml(doc) if args.yaml else _json(doc)
        _write(text, args.output, stdout)
    except (UsageError, TargetError) as exc:
        return usage_error(ASYNCAPI_PROG, exc, debug=args.debug, stderr=stderr or sys.stderr)
    return 0


def run_schema(
    args: argparse.Namespace, *, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> int:
    """Run ``schema`` as parsed into ``args``; return the exit status."""
    try:
        endpoints: list[Endpoint[Any, Any]] = load_targets(args.endpoints, Endpoint)
        if len(endpoints) > 1:
            raise UsageError(
                f"{args.endpoints} names {len(endpoints)} endpoints; schema describes one"
            )
        schema = _described(lambda: endpoints[0].json_schema(args.direction))
        _write(_json(schema), args.output, stdout)
    except (UsageError, TargetError) as exc:
        return usage_error(SCHEMA_PROG, exc, debug=args.debug, stderr=stderr or sys.stderr)
    return 0


def _described(describe: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """What ``describe()`` returns; its TypeError or ValueError, a usage error."""
    try:
        return describe()
    except (TypeError, ValueError) as exc:
        raise UsageError(str(exc)) from exc


def _servers(given: Sequence[str]) -> dict[str, str]:
    servers: dict[str, str] = {}
    for item in given:
        name, equals, url = item.partition("=")
        if not equals or not name or not url:
            raise UsageError(f"--server takes NAME=URL, as prod=wss://example.com: not {item!r}")
        if name in servers:
            raise UsageError(f"--server {name!r} is given twice")
        servers[name] = url
    return servers


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _yaml(value: dict[str, Any]) -> str:
    try:
        # Untyped: PyYAML is optional, and its stubs follow typeshed ahead
        # of the type checkers this project pins.
        yaml: Any = importlib.import_module("yaml")
    except ImportError:
        raise UsageError(INSTALL_YAML) from None
    text: str = yaml.dump(value, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True)
    return text


def _write(text: str, path: str | None, stdout: IO[str] | None) -> None:
    if path is None:
        write_output(text, stdout or sys.stdout)
        return
    try:
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
