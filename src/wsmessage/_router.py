"""A handler table for what an endpoint receives, checked when it is built.

``endpoint.router({Join: on_join, Say: on_say})`` refuses, there and then,
a table that leaves a kind without a handler or names a kind the endpoint
does not receive; calling the router runs the handler for the value's
kind. For exhaustiveness checked by the type checker instead, ``match``
with ``assert_never`` (see the tutorial) needs no table at all.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from ._decoding.backend import schema_name
from ._json_schema import is_class, members

__all__ = ["Router"]

K = TypeVar("K")


def _kinds(schema: object) -> dict[type, str]:
    """The classes a value of ``schema`` can be, with their message names."""
    kinds: dict[type, str] = {}
    for name, member in members(schema):
        if not is_class(member):
            raise TypeError(f"cannot route {schema_name(member)}: a handler table needs classes")
        kinds[member] = name
    return kinds


class Router(Generic[K]):
    """Runs the handler for a received value's kind: ``await router(value, *args)``.

    Built by :meth:`wsmessage.Endpoint.router`. The handler is called with
    the value and the further arguments given (the socket, the
    application's state); what it returns is returned, awaited if it is
    awaitable.
    """

    __slots__ = ("_handlers",)

    def __init__(self, schema: object, handlers: Mapping[Any, Callable[..., Any]]) -> None:
        # Typed as a mapping; checked, since a caller may pass anything.
        if not isinstance(handlers, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"handlers must be a mapping, not {type(handlers).__name__}")
        kinds = _kinds(schema)
        unknown = [kind for kind in handlers if kind not in kinds]
        if unknown:
            names = ", ".join(schema_name(kind) for kind in unknown)
            raise ValueError(f"handlers for kinds the endpoint does not receive: {names}")
        missing = [kind for kind in kinds if kind not in handlers]
        if missing:
            names = ", ".join(kind.__name__ for kind in missing)
            raise ValueError(f"no handler for {names}")
        for kind, handler in handlers.items():
            if not callable(handler):
                raise TypeError(f"the handler for {kind.__name__} is not callable")
        self._handlers: dict[type, Callable[..., Any]] = dict(handlers)

    @property
    def handlers(self) -> dict[type, Callable[..., Any]]:
        """A copy of the table: each kind and its handler."""
        return dict(self._handlers)

    async def __call__(self, value: K, /, *args: Any, **kwargs: Any) -> Any:
        handler = self._handlers.get(type(value))
        if handler is None:
            handler = self._handler_for(value)
        result = handler(value, *args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result

    def _handler_for(self, value: object) -> Callable[..., Any]:
        """The handler of the kind ``value`` is an instance of: for subclasses."""
        for kind, handler in self._handlers.items():
            if isinstance(value, kind):
                return handler
        raise TypeError(f"no handler for {type(value).__name__}: not a kind the endpoint receives")
