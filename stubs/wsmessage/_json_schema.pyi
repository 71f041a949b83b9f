from typing import Any, Literal

__all__ = ["DRAFT_2020_12", "json_schema", "members"]

DRAFT_2020_12: str

def json_schema(
    schema: object, mode: Literal["validation", "serialization"] = "validation"
) -> dict[str, Any]: ...
def members(schema: object) -> list[tuple[str, object]]: ...
