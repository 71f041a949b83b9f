"""Which live variants a run takes: a row never runs without its server's control."""

from __future__ import annotations

from benchmarks.live.variants import CONTROLS, VARIANTS, select


def test_every_server_with_a_target_row_has_one_control() -> None:
    servers = {entry.server for entry in VARIANTS if entry.target is not None}
    assert sorted(control.server for control in CONTROLS) == sorted(servers)


def test_a_control_serves_the_floor_on_both_paths() -> None:
    for control in CONTROLS:
        assert control.ours is control.floor
        assert control.ours_name == control.floor_name
        assert control.target is None


def test_selecting_one_row_brings_its_servers_control() -> None:
    names = [entry.name for entry in select("aiohttp, Struct")]
    assert names == ["aiohttp, Struct", "aiohttp: floor against itself (control)"]


def test_selecting_a_uvicorn_row_brings_the_control_of_its_implementation() -> None:
    names = [entry.name for entry in select("(wsproto)")]
    assert names == [
        "Starlette/uvicorn (wsproto)",
        "uvicorn-wsproto: floor against itself (control)",
    ]


def test_selecting_a_control_takes_it_once() -> None:
    names = [entry.name for entry in select("control")]
    assert names == [control.name for control in CONTROLS]


def test_selecting_everything_runs_every_variant_once() -> None:
    assert select("") == VARIANTS
