"""Endpoint.router: one handler per kind the endpoint receives (wsmessage._router)."""

from __future__ import annotations

from typing import Any

import pytest

from wsmessage import Endpoint, Router

from .endpoint_schemas import CHAT, Join, Login, Logout, Said, Say, Session


async def test_a_router_runs_the_handler_for_the_kind() -> None:
    heard: list[object] = []

    async def on_join(join: Join, room: str) -> str:
        heard.append((join, room))
        return "joined"

    def on_say(say: Say, room: str) -> None:  # a plain function does as well
        heard.append((say, room))

    router = CHAT.router({Join: on_join, Say: on_say})
    assert isinstance(router, Router)
    assert await router(Join("ada"), "lobby") == "joined"
    assert await router(Say("hi"), room="lobby") is None
    assert heard == [(Join("ada"), "lobby"), (Say("hi"), "lobby")]
    assert router.handlers == {Join: on_join, Say: on_say}


async def test_a_router_for_pydantic_members() -> None:
    async def handle(value: object) -> object:
        return value

    router = Endpoint("/ws", receives=Session, sends=Login).router({Login: handle, Logout: handle})
    assert await router(Logout(kind="logout")) == Logout(kind="logout")


async def noop(value: object) -> None:
    return None


@pytest.mark.parametrize(
    ("handlers", "error", "match"),
    [
        ({Join: noop}, ValueError, "no handler for Say"),
        ({}, ValueError, "no handler for Join, Say"),
        (
            {Join: noop, Say: noop, Said: noop},
            ValueError,
            "kinds the endpoint does not receive: Said",
        ),
        ({Join: noop, Say: "noop"}, TypeError, "the handler for Say is not callable"),
        ([(Join, noop), (Say, noop)], TypeError, "handlers must be a mapping, not list"),
    ],
)
def test_a_handler_table_is_checked_when_it_is_built(
    handlers: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        CHAT.router(handlers)


def test_a_schema_with_members_that_are_no_classes_cannot_be_routed() -> None:
    with pytest.raises(TypeError, match="cannot route list"):
        Endpoint("/ws", receives=list[Join] | Say, sends=Said).router({Say: noop})


async def test_a_router_refuses_a_value_of_no_kind_it_knows() -> None:
    router = CHAT.router({Join: noop, Say: noop})
    with pytest.raises(TypeError, match="no handler for Said"):
        await router(Said("a", "b"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
