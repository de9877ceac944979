"""Locations and problems: every stage reports ``Problem``s, the CLI prints them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True, slots=True)  # slots: one per problem and per location asked for
class Location:
    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    location: Location
    message: str
    hint: str
    # A note says which checks were skipped because of the problems above; printed after them.
    note: bool = field(default=False, compare=False)

    def format(self) -> str:
        return f"{self.location}: {self.message} — {self.hint}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the pull request's line."""
        loc = self.location
        body = _github_escape_data(f"{self.message} — {self.hint}")
        file = _github_escape_property(loc.path)
        level = "notice" if self.note else "error"
        return f"::{level} file={file},line={loc.line},col={loc.column}::{body}"


def skipped(path: str, what: str, until: str = "the errors above are fixed") -> Problem:
    """The note that checks of ``what`` in ``path`` did not run."""
    return Problem(Location(path), f"{what} not checked until {until}", "fix those, then run check again", note=True)


def report_order(problem: Problem) -> tuple:
    """Problems by location, then the notes of skipped checks."""
    return (problem.note, problem)


def github_error(message: str) -> str:
    """A GitHub Actions error annotation without a location (for failures that have none)."""
    return f"::error::{_github_escape_data(message)}"


def _github_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_escape_property(text: str) -> str:
    return _github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Invalid(ValueError):
    """A value the model refuses: what is wrong and how to fix it, kept apart (pydantic passes the
    exception through to ``checks.typed``, which makes it a located ``Problem``)."""

    def __init__(self, message: str, hint: str):
        super().__init__(f"{message} — {hint}")
        self.message = message
        self.hint = hint


def display_path(path: Path) -> str:
    """A path as problems show it: relative to the working folder where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
