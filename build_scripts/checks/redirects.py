"""``redirects.yaml`` (optional): published ids that were renamed or merged keep working as URLs.

Ids are permanent because they are URLs. When a record must be renamed or merged into another, the
old id goes here with the new one; the site then keeps a page at the old address that sends readers
on (``pages.render_redirect_page``), and ``check`` makes sure every redirect leads somewhere real.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from build_scripts.checks.typed import type_optional_file
from build_scripts.inputs.load import LoadedFile
from build_scripts.layout import REDIRECTS_FILE
from build_scripts.model.records import Redirect
from build_scripts.problems import Problem


def check_redirects(seeds: Path, records: dict[str, list], today: dt.date, problems: list[Problem]) -> list[Redirect]:
    """The typed redirects of ``seeds`` (none if the file is absent); appends problems."""
    loaded, typed = type_optional_file(seeds, REDIRECTS_FILE, Redirect, today, problems)
    if loaded is None:
        return []
    current = {
        "incident": {record.id for _, record in records["incidents.yaml"]},
        "source": {record.id for _, record in records["sources.yaml"]},
    }
    seen: dict[tuple[str, str], int] = {}
    for index, redirect in typed:
        kind = redirect.kind.value
        if redirect.old_id in current[kind]:
            problems.append(_problem(loaded, index, "old_id",
                f"{kind} '{redirect.old_id}' still exists, so it needs no redirect",
                "remove this redirect, or rename the record first"))  # fmt: skip
        if redirect.new_id not in current[kind]:
            problems.append(_problem(loaded, index, "new_id",
                f"redirect leads to unknown {kind} '{redirect.new_id}'",
                f"use the id of an existing {kind}"))  # fmt: skip
        key = (kind, redirect.old_id)
        if key in seen:
            problems.append(_problem(loaded, index, "old_id",
                f"{kind} '{redirect.old_id}' is redirected twice (first on line {loaded.locate((seen[key],)).line})",
                "keep one redirect per old id"))  # fmt: skip
        seen.setdefault(key, index)
    return [redirect for _, redirect in typed]


def _problem(loaded: LoadedFile, index: int, field: str, message: str, hint: str) -> Problem:
    return Problem(loaded.locate((index, field)), message, hint)
