"""Published ids never disappear: every id in ``published_ids.txt`` is a current record or the
``old_id`` of a redirect. A vanished id is reported where it is listed, with the redirect to add."""

from __future__ import annotations

import difflib
from pathlib import Path

from build_scripts.inputs.load import LoadedFile
from build_scripts.inputs.published import PublishedId, load_published_ids
from build_scripts.layout import PUBLISHED_IDS_FILE, REDIRECTS_FILE
from build_scripts.model.records import Redirect
from build_scripts.problems import Problem, display_path

_FILES = {"incident": "incidents.yaml", "source": "sources.yaml"}


def current_ids(files: dict[str, LoadedFile]) -> dict[str, set[str]]:
    """Kind -> the ids written in its file, valid or not (a broken record has not vanished); a kind
    whose file could not be read is left out (its ids are unknown, not gone)."""
    found: dict[str, set[str]] = {}
    for kind, name in _FILES.items():
        data = files[name].data
        if isinstance(data, list):
            found[kind] = {item["id"] for item in data if isinstance(item, dict) and isinstance(item.get("id"), str)}
    return found


def check_published(seeds: Path, files: dict[str, LoadedFile], redirects: list[Redirect], problems: list[Problem]) -> None:
    """Append one problem per published id that is neither a record nor redirected."""
    listed, found = load_published_ids(seeds / PUBLISHED_IDS_FILE)
    problems += found
    current = current_ids(files)
    redirected = {(r.kind.value, r.old_id) for r in redirects}
    known = {(kind, record_id) for kind, ids in current.items() for record_id in ids}
    new = {kind: sorted(ids - {p.id for p in listed if p.kind == kind}) for kind, ids in current.items()}
    for published in listed:
        if published.kind not in current or (published.kind, published.id) in known | redirected:
            continue
        problems.append(vanished(seeds, published, new[published.kind], has_redirects=bool(redirects)))


def vanished(seeds: Path, published: PublishedId, new_ids: list[str], *, has_redirects: bool) -> Problem:
    guess = difflib.get_close_matches(published.id, new_ids, n=1, cutoff=0.6)
    new_id = guess[0] if guess else "NEW-ID"
    entry = f"- {{kind: {published.kind}, old_id: {published.id}, new_id: {new_id}}}"
    where = display_path(seeds / REDIRECTS_FILE)
    place = "" if has_redirects else " in place of its `[]`"
    which = f"'{new_id}' looks like its new id" if guess else "NEW-ID is the id of the record that replaces it"
    return Problem(
        published.where,
        f"{published.kind} '{published.id}' was published but is no longer in {_FILES[published.kind]}: its address would break",
        f"restore it, or add this entry to {where}{place}: {entry} ({which})",
    )
