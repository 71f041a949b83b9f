"""Path templates: ``/ws/chat/{room}``, its parameter names, and matching a concrete path.

A template starts with ``/``; each ``{name}`` is a parameter whose name is a
Python identifier, used once. A parameter matches one or more characters
other than ``/``, so it never spans segments. Paths are compared as given:
no percent-decoding, no query string.
"""

from __future__ import annotations

import re

__all__ = ["PathTemplate"]

_PARAMETER = re.compile(r"\{([^{}]*)\}")


class PathTemplate:
    """A checked path template; a ValueError (TypeError for a non-str) names what is wrong."""

    __slots__ = ("_pattern", "parameters", "template")

    def __init__(self, template: object) -> None:
        if not isinstance(template, str):
            raise TypeError(f"path must be a str, not {type(template).__name__}")
        template = str(template)
        if not template.startswith("/"):
            raise ValueError(f"path must start with '/', not {template[:1]!r}: {template!r}")
        if any(char.isspace() or not char.isprintable() for char in template):
            raise ValueError(f"path must not hold whitespace or control characters: {template!r}")
        parameters: list[str] = []
        pattern: list[str] = []
        pos = 0
        for found in _PARAMETER.finditer(template):
            pattern.append(_literal(template[pos : found.start()], template))
            name = found[1]
            if not name.isidentifier():
                what = "an empty {}" if not name else f"parameter {{{name}}}: not an identifier"
                raise ValueError(f"path has {what}: {template!r}")
            if name in parameters:
                raise ValueError(f"path names {{{name}}} twice: {template!r}")
            parameters.append(name)
            pattern.append(f"(?P<{name}>[^/]+)")
            pos = found.end()
        pattern.append(_literal(template[pos:], template))
        self.template = template
        self.parameters = tuple(parameters)
        self._pattern = re.compile("".join(pattern))

    def match(self, path: object) -> dict[str, str] | None:
        """The parameters, by name, if ``path`` fits the template; else None."""
        if not isinstance(path, str):
            return None
        found = self._pattern.fullmatch(str(path))
        return None if found is None else found.groupdict()


def _literal(text: str, template: str) -> str:
    """``text`` between parameters, as a pattern; a brace there is unbalanced."""
    if "{" in text or "}" in text:
        raise ValueError(f"path has an unbalanced brace: {template!r}")
    return re.escape(text)
