"""``python -m build_scripts new source|incident``: a correctly shaped entry with placeholders.

The entry is rendered from ``templates/scaffold/*.yaml.j2`` and appended to the YAML file as plain
text, so the file's comments and formatting stay as they were. Every field a person must decide is a
``"TODO: ..."`` placeholder that ``check`` reports at its line until it is filled in (or set to null
where unknown). ``new source PATH`` first stores a verbatim copy of the text under documents/ and
records its sha256.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from build_scripts import write
from build_scripts.checks.placeholders import placeholder
from build_scripts.inputs.load import MAX_DOCUMENT_BYTES, read_text_file
from build_scripts.model.records import SLUG_PATTERN, ClaimantType, DatePrecision, Grading, SourceKind
from build_scripts.problems import Location, Problem
from build_scripts.render import templating

TEMPLATES = Path(__file__).parent / "templates" / "scaffold"


@dataclass(frozen=True)
class Added:
    """What ``new`` did: the entry's first line in the YAML file, and the stored document if any."""

    where: Location
    document: str | None = None


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The site's one template environment, over the scaffold's YAML templates and filters."""
    return templating.overlay(TEMPLATES, {"y": _yaml_scalar}, {"todo": placeholder})


def _yaml_scalar(value: object) -> str:
    """A YAML scalar: null, a whole number, or a double-quoted string (JSON strings are valid YAML)."""
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _choices(enum: type) -> str:
    return " | ".join(member.value for member in enum)


def render_source_entry(source_id: str | None, text: str | None, sha256: str | None) -> str:
    return _environment().get_template("source.yaml.j2").render(
        id=source_id or placeholder("a permanent slug for the source, e.g. ap-2017-03-29-mosul"),
        text=text,
        sha256=sha256,
        comments_start=None if text is None else placeholder("the line where reader comments begin, or null"),
        kinds=_choices(SourceKind),
    )


def render_incident_entry(incident_id: str | None, source_id: str | None, claims: int) -> str:
    return _environment().get_template("incident.yaml.j2").render(
        id=incident_id or placeholder("a permanent slug: date then place, e.g. 2017-03-17-mosul-al-jadida"),
        source=source_id or placeholder("the id of the source in sources.yaml"),
        claims=claims,
        precisions=_choices(DatePrecision),
        gradings=_choices(Grading),
        claimant_types=_choices(ClaimantType),
    )


def check_slug(value: str | None, what: str) -> list[Problem]:
    if value is None or re.match(SLUG_PATTERN, value):
        return []
    return [
        Problem(
            Location(f"--{what}"),
            f"{value!r} is not a valid id",
            "use lowercase letters, digits and single hyphens, e.g. 2017-03-17-mosul-al-jadida",
        )
    ]


def add_source(seeds: Path, source_id: str | None, document: Path | None) -> tuple[Added | None, list[Problem]]:
    """Store ``document`` (if given) under documents/ and append a source entry to sources.yaml."""
    problems = check_slug(source_id, "id")
    yaml_path = seeds / "sources.yaml"
    if not yaml_path.is_file():
        problems.append(Problem(Location(str(yaml_path)), "file not found", "run from the project folder or pass --seeds"))
    text_field = sha256 = None
    if document is not None:
        text, found = read_text_file(document, str(document), MAX_DOCUMENT_BYTES)
        problems += found
        if text is not None:
            data = document.read_bytes()
            sha256 = hashlib.sha256(data).hexdigest()
            existing = _stored_with_hash(seeds / "documents", sha256)
            if existing is not None:
                problems.append(
                    Problem(
                        Location(str(document)),
                        f"this text is already stored as documents/{existing.name}",
                        "cite the source that has that text, or add claims to it",
                    )
                )
            text_field = f"documents/{_next_document_name(seeds / 'documents', sha256)}"
    if problems:
        return None, problems
    if document is not None and text_field is not None:
        write.write_file_atomic(seeds / text_field, document.read_bytes())
    line = write.append_text(yaml_path, render_source_entry(source_id, text_field, sha256))
    return Added(Location(str(yaml_path), line), text_field), []


def add_incident(seeds: Path, incident_id: str | None, source_id: str | None, claims: int) -> tuple[Added | None, list[Problem]]:
    """Append an incident entry with ``claims`` claim skeletons to incidents.yaml."""
    problems = check_slug(incident_id, "id") + check_slug(source_id, "source")
    yaml_path = seeds / "incidents.yaml"
    if not yaml_path.is_file():
        problems.append(Problem(Location(str(yaml_path)), "file not found", "run from the project folder or pass --seeds"))
    if not 1 <= claims <= 50:
        problems.append(Problem(Location("--claims"), f"{claims} claims", "give between 1 and 50"))
    if problems:
        return None, problems
    line = write.append_text(yaml_path, render_incident_entry(incident_id, source_id, claims))
    return Added(Location(str(yaml_path), line)), []


def _stored_with_hash(folder: Path, sha256: str) -> Path | None:
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.txt")):
        if hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
            return path
    return None


def _next_document_name(folder: Path, sha256: str) -> str:
    """``NNN_<first 16 hex digits of the sha256>.txt``, numbered after the documents already stored."""
    numbers = [int(match.group(1)) for path in folder.glob("*.txt") if (match := re.match(r"^(\d+)_", path.name))]
    return f"{max(numbers, default=-1) + 1:03d}_{sha256[:16]}.txt"
