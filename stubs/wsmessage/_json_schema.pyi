from typing import Any, Literal, TypeGuard

__all__ = ["DRAFT_2020_12", "is_class", "json_schema", "members"]

DRAFT_2020_12: str

def json_schema(
    schema: object, mode: Literal["validation", "serialization"] = "validation"
) -> dict[str, Any]: ...
def is_class(member: object) -> TypeGuard[type]: ...
def members(schema: object) -> list[tuple[str, object]]: ...
