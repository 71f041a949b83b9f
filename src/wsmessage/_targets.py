"""``MODULE:ATTR`` on a command line: the objects a command works on, as uvicorn's ``app:app``.

``myapp.protocol:chat`` imports ``myapp.protocol`` and takes its ``chat``
(``ATTR`` may be dotted: ``myapp:protocols.chat``). The attribute is one
object of the wanted class or a list, tuple or dict (its values) of them.
Every failure is a :class:`TargetError` whose message fits on one line;
its ``__cause__`` holds the traceback, for ``--debug``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TypeVar, cast

__all__ = ["TargetError", "load_targets"]

T = TypeVar("T")


class TargetError(Exception):
    """A ``MODULE:ATTR`` that does not name what a command needs."""


def _import(module_name: str, spec: str) -> object:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only the module asked for, or one of its parents, missing is the
        # user's typo; a module missing inside it is the module's own error.
        missing = exc.name or ""
        if module_name == missing or module_name.startswith(missing + "."):
            raise TargetError(f"cannot import {spec}: no module named {missing!r}") from exc
        raise TargetError(f"cannot import {spec}: {type(exc).__name__}: {exc}") from exc
    except Exception as exc:
        first_line = str(exc).split("\n", 1)[0]
        raise TargetError(f"cannot import {spec}: {type(exc).__name__}: {first_line}") from exc


def load_targets(spec: str, cls: type[T]) -> list[T]:
    """The instances of ``cls`` that ``spec`` (``MODULE:ATTR``) names, in order.

    Importing the module runs its code, as ``uvicorn app:app`` does: name
    only modules you trust.
    """
    module_name, colon, attributes = spec.partition(":")
    if not colon or not module_name or not attributes:
        raise TargetError(f"{spec!r} is not of the form MODULE:ATTR (as in myapp.protocol:chat)")
    found: object = _import(module_name, spec)
    for attribute in attributes.split("."):
        try:
            found = getattr(found, attribute)
        except AttributeError:
            raise TargetError(f"cannot find {spec}: no attribute {attribute!r}") from None
    kind = type(found).__name__
    items: Iterable[object]
    if isinstance(found, dict):
        items = cast("dict[object, object]", found).values()
    elif isinstance(found, (list, tuple)):
        items = cast("list[object] | tuple[object, ...]", found)
    else:
        items = [found]
    targets: list[T] = []
    for item in items:
        if not isinstance(item, cls):
            raise TargetError(f"{spec}: expected {cls.__name__}, got {type(item).__name__}")
        targets.append(item)
    if not targets:
        raise TargetError(f"{spec}: expected {cls.__name__}, got an empty {kind}")
    return targets
