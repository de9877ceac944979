"""``published_ids.txt``: every incident and source id the deployed site has ever had (ids are URLs).

The file is kept by the tooling, never edited by hand: the deploy job on main runs
``python -m build_scripts published --update`` after each deploy, which adds the ids just published
(it never removes one) and commits the file. ``check`` then refuses a pull request that drops a listed
id without a redirect (``checks.published``). One ``KIND ID`` per line, sorted; ``#`` starts a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from build_scripts.inputs.load import read_text_file
from build_scripts.problems import Location, Problem, display_path

KINDS = ("incident", "source")
HEADER = (
    "# Every incident and source id the published site has had: its pages' addresses, which must keep working.\n"
    "# Kept by the tooling: the deploy job on main adds the ids it published (python -m build_scripts published\n"
    "# --update) and commits this file. Do not edit it in a pull request; to rename or remove a record, add a\n"
    "# redirect in redirects.yaml (python -m build_scripts check names the entry to add).\n"
)
_LINE = re.compile(r"^(incident|source) ([a-z0-9]+(?:-[a-z0-9]+)*)$")
_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True, order=True)
class PublishedId:
    kind: str
    id: str
    where: Location


def load_published_ids(path: Path) -> tuple[list[PublishedId], list[Problem]]:
    """The ids listed in ``path`` with the location of each (none if the file does not exist)."""
    if not path.exists():
        return [], []
    display = display_path(path)
    text, problems = read_text_file(path, display, _LIMIT)
    found: list[PublishedId] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            problems.append(Problem(Location(display, number, 1), f"cannot read {line!r} as 'incident ID' or 'source ID'",
                                    "restore this file from main: it is kept by `python -m build_scripts published --update`"))  # fmt: skip
            continue
        kind, record_id = match.groups()
        found.append(PublishedId(kind, record_id, Location(display, number, len(kind) + 2)))
    return found, problems


def render_published_ids(listed: set[tuple[str, str]], current: set[tuple[str, str]]) -> str:
    """The file's text: every id listed before and every current one, sorted (ids are never dropped)."""
    lines = [f"{kind} {record_id}\n" for kind, record_id in sorted(listed | current)]
    return HEADER + "".join(lines)
