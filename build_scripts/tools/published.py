"""``python -m build_scripts published [--update]``: add the current ids to ``published_ids.txt``.

Run by the deploy job on main after a deploy (see .github/workflows/site.yml), never by hand in a
pull request: a contributor who adds records needs no edit here, and only meets the file when
``check`` finds a listed id gone without a redirect.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from build_scripts import write
from build_scripts.checks.validate import check_corpus
from build_scripts.inputs.published import load_published_ids, render_published_ids
from build_scripts.layout import PUBLISHED_IDS_FILE
from build_scripts.problems import Problem


def published_ids_update(seeds: Path, today: dt.date) -> tuple[list[str], str | None, list[Problem]]:
    """(ids not listed yet as 'kind id', the file's new text or None if unchanged, problems).

    Only a corpus that checks clean is recorded: what is deployed passed ``check``."""
    corpus, problems = check_corpus(seeds, today)
    if corpus is None:
        return [], None, problems
    listed, _ = load_published_ids(seeds / PUBLISHED_IDS_FILE)
    before = {(p.kind, p.id) for p in listed}
    current = {("incident", i.id) for i in corpus.incidents} | {("source", s.id) for s in corpus.sources}
    text = render_published_ids(before, current)
    path = seeds / PUBLISHED_IDS_FILE
    unchanged = path.exists() and path.read_text(encoding="utf-8") == text
    return [f"{kind} {record_id}" for kind, record_id in sorted(current - before)], None if unchanged else text, []


def update_published_ids(seeds: Path, today: dt.date, *, write_file: bool) -> tuple[list[str], list[Problem]]:
    added, text, problems = published_ids_update(seeds, today)
    if text is not None and write_file:
        write.write_file_atomic(seeds / PUBLISHED_IDS_FILE, text.encode("utf-8"))
    return added, problems
