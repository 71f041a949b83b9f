from typing import IO

from ._check import Report

__all__ = ["write_json", "write_text"]

def write_text(report: Report, out: IO[str], *, colour: bool = False) -> None: ...
def write_json(report: Report, out: IO[str]) -> None: ...
