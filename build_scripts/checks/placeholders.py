"""Placeholders left by ``python -m build_scripts new``: ``"TODO: what to write"`` values.

``check`` reports each one at its line and column with the placeholder's own instruction as the hint,
and drops the other problems found at the same spot (a placeholder id is also "not a slug", a
placeholder source "an unknown source"): one clear message per field still to fill.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from build_scripts.inputs.load import LoadedFile
from build_scripts.problems import Problem

MARKER = "TODO:"


def placeholder(instruction: str) -> str:
    """The text the scaffold writes for a field still to fill."""
    return f"{MARKER} {instruction}"


def find_placeholders(loaded: LoadedFile) -> list[Problem]:
    return [
        Problem(
            loaded.locate(path),
            f"'{_field(path)}' is still a placeholder",
            f"replace it: {text.removeprefix(MARKER).strip()}",
        )
        for path, text in _strings(loaded.data, ())
        if text.startswith(MARKER)
    ]


def prefer_placeholders(problems: list[Problem], files: Iterable[LoadedFile]) -> list[Problem]:
    """``problems`` with placeholder problems added, and others at the same locations removed."""
    found = [problem for loaded in files for problem in find_placeholders(loaded)]
    where = {problem.location for problem in found}
    return [problem for problem in problems if problem.location not in where] + found


def _strings(data: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _field(path: tuple) -> str:
    return next((str(part) for part in reversed(path) if isinstance(part, str)), "value")
