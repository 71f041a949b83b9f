__all__ = ["PathTemplate"]

class PathTemplate:
    template: str
    parameters: tuple[str, ...]
    def __init__(self, template: object) -> None: ...
    def match(self, path: object) -> dict[str, str] | None: ...
