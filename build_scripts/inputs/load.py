"""Files -> raw data plus a location for every YAML value and mapping key.

PyYAML's C parser reads the text; ``located`` turns its events into plain Python data itself so
that it can refuse what PyYAML would silently accept: duplicate keys (PyYAML keeps the last),
YAML 1.1 implicit typing (``no`` -> False, ``010`` -> 8, ``1:20`` -> 80), anchors and aliases (a
"billion laughs" bomb expands exponentially), custom tags. Every scalar stays the text that was
written (or None for null); the model converts text to dates and numbers and reports errors with
the locations recorded here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_scripts.inputs.located import Where, locate, parse_located
from build_scripts.layout import RECORD_FILES
from build_scripts.model.records import Source
from build_scripts.problems import Location, Problem, display_path

MAX_YAML_BYTES = 64 * 1024 * 1024
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024

_Path = tuple  # a path into the data: (0, "claims", 2, "quote")


@dataclass
class LoadedFile:
    """One YAML file: its data and where each value (and each mapping key) was written: ``root``
    is the (line, column) of the top-level value, ``where`` those of the items below it."""

    path: str
    data: Any = None
    root: tuple[int, int] | None = None
    where: Where | None = None

    def locate(self, path: _Path, *, key: bool = False) -> Location:
        """The location of ``path`` (of its last key with ``key``), or of its nearest written ancestor."""
        return locate(self.path, self.root, self.where, path, key)


def read_text_file(path: Path, display: str, limit: int) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, refusing oversize files, BOMs and bytes that are not UTF-8."""
    try:
        size = path.stat().st_size
    except OSError:
        return None, [Problem(Location(display), "file not found", f"create {display}")]
    if size > limit:
        return None, [
            Problem(
                Location(display),
                f"file is {size:,} bytes, over the limit of {limit:,}",
                "split the file or check that it is the right file",
            )
        ]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(
                Location(display),
                "file starts with a UTF-8 byte-order mark (BOM)",
                "save it as UTF-8 without BOM",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [
            Problem(
                Location(display, line, column),
                f"byte 0x{raw[err.start]:02x} is not valid UTF-8",
                "save the file as UTF-8",
            )
        ]
    return text.replace("\r\n", "\n"), []


def load_corpus_files(seeds: Path) -> tuple[dict[str, LoadedFile], list[Problem]]:
    """The YAML files every corpus has, parsed with locations; all problems, never an exception."""
    problems: list[Problem] = []
    files: dict[str, LoadedFile] = {}
    for name in RECORD_FILES:
        files[name], found = load_yaml_file(seeds / name, display_path(seeds / name))
        problems += found
    return files, problems


def load_documents(seeds: Path, sources: list[tuple[int, Source]], file: LoadedFile, problems: list[Problem]) -> dict[str, str]:
    """The stored text of each source that has one, by source id, checked against its sha256;
    appends a located problem for a missing, altered or unreadable document."""
    texts: dict[str, str] = {}
    for index, source in sources:
        if source.text is None:
            continue
        path = seeds / source.text
        where = file.locate((index, "text"))
        if not path.is_file():
            problems.append(Problem(where, f"document {source.text!r} not found", f"store the text at {display_path(path)}"))
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if source.sha256 is None:
            problems.append(
                Problem(file.locate((index,)), f"source '{source.id}' has a text but no sha256", f"add 'sha256: {digest}'")
            )
        elif digest != source.sha256:
            problems.append(
                Problem(
                    file.locate((index, "sha256")),
                    f"sha256 of {source.text} is {digest}, not the recorded value",
                    "stored documents are verbatim: restore the file, or record the new hash if the change is deliberate",
                )
            )
        text, found = read_text_file(path, display_path(path), MAX_DOCUMENT_BYTES)
        problems += found
        if text is not None:
            texts[source.id] = text
    return texts


def load_yaml_file(path: Path, display: str) -> tuple[LoadedFile, list[Problem]]:
    """Parse one YAML file into plain data with locations; all problems, never an exception."""
    loaded = LoadedFile(display)
    text, problems = read_text_file(path, display, MAX_YAML_BYTES)
    if text is None:
        return loaded, problems
    if not text.strip() or _only_comments(text):
        return loaded, [
            Problem(Location(display), "file is empty", "add a YAML list of records, or `[]` for none")
        ]
    try:
        located = parse_located(text, display)
    except yaml.MarkedYAMLError as err:
        return loaded, [_syntax_problem(display, text, err)]
    except yaml.YAMLError as err:  # pragma: no cover - libyaml always gives marks
        return loaded, [Problem(Location(display), f"YAML error: {err}", "fix the YAML syntax")]
    if located.anchors:
        return loaded, [_anchors_problem(display, located.anchors)]
    if located.error is not None:
        return loaded, [_syntax_problem(display, text, located.error)]
    if located.root is None:
        return loaded, [
            Problem(Location(display), "file is empty", "add a YAML list of records, or `[]` for none")
        ]
    loaded.data, loaded.root, loaded.where = located.data, located.root, located.where
    return loaded, located.problems


def _anchors_problem(display: str, found: list[yaml.Mark]) -> Problem:
    """Anchors and aliases are refused from the parser's events, never expanded: a "billion laughs"
    file is rejected after one linear pass. One problem per file, at the first anchor or alias, with
    the count of the others."""
    first = found[0]
    others = f" (and {len(found) - 1} more in this file)" if len(found) > 1 else ""
    return Problem(
        Location(display, first.line + 1, first.column + 1),
        f"anchors and aliases (&name / *name) are not allowed{others}",
        "write each value out in full",
    )


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _syntax_problem(display: str, text: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    never_closed = err.context_mark is not None and "end of stream" in (err.problem or "")
    if never_closed:
        mark = err.context_mark  # an unclosed quote or bracket: point at where it opened, not at the end
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return Problem(
            Location(display, line, column),
            "tab character in indentation",
            "YAML indents with spaces only; replace the tab with spaces",
        )
    what = err.problem or "not valid YAML"
    context = err.context_mark
    if never_closed:
        what = f"{err.context} that starts here {what}" if err.context else what
        hint = "the quote or bracket that starts here is never closed: close it"
    elif "mapping values are not allowed" in what:
        hint = 'a value containing ": " must be quoted, e.g. place: "Old market: east side"'
    else:
        hint = ("check the indentation, colons and quoting here and on the lines above: an unclosed quote "
                "or bracket shows up further down")  # fmt: skip
    if not never_closed and err.context and context is not None and mark is not None \
            and (context.line, context.column) != (mark.line, mark.column):
        what += f" ({err.context} at line {context.line + 1})"
    return Problem(Location(display, line, column), f"YAML syntax error: {what}", hint)
