"""Renamed ids keep their URLs: seeds/redirects.yaml -> a page at the old address that leads on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from build_scripts import pipeline
from build_scripts.checks.validate import check_corpus
from tests.conftest import copy_project, write_corpus

TODAY = dt.date(2026, 1, 1)
REDIRECT = "- kind: incident\n  old_id: 2020-01-04-old-market\n  new_id: 2020-01-04-market-strike\n  reason: renamed\n"


def test_a_redirect_page_leads_from_the_old_id_to_the_new_record(tmp_path: Path) -> None:
    seeds = write_corpus(tmp_path / "seeds")
    (seeds / "redirects.yaml").write_text(REDIRECT, encoding="utf-8")
    root = copy_project(tmp_path / "project")
    assert pipeline.build(seeds, pipeline.read_project(root / "mkdocs.yml"), root / "site", TODAY) == []
    html = (root / "site" / "incidents" / "2020-01-04-old-market" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../2020-01-04-market-strike/">' in html
    assert 'href="../2020-01-04-market-strike/"' in html
    assert "Moved: Strike on the market" in html
    other = (root / "site" / "incidents" / "2020-01-04-market-strike" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in other


def test_redirect_mistakes_are_located(tmp_path: Path) -> None:
    seeds = write_corpus(tmp_path / "seeds")
    (seeds / "redirects.yaml").write_text(
        "- kind: incident\n  old_id: 2020-01-04-market-strike\n  new_id: nowhere\n"
        "- kind: source\n  old_id: x\n  new_id: tiny-gazette\n"
        "- kind: source\n  old_id: x\n  new_id: tiny-gazette\n"
        "- kind: claim\n  old_id: y\n  new_id: z\n  extra: 1\n",
        encoding="utf-8",
    )
    corpus, problems = check_corpus(seeds, TODAY)
    assert corpus is None
    where = str(seeds / "redirects.yaml")
    found = [(p.location.path, p.location.line, p.location.column, p.message) for p in problems]
    assert (where, 2, 11, "incident '2020-01-04-market-strike' still exists, so it needs no redirect") in found
    assert (where, 3, 11, "redirect leads to unknown incident 'nowhere'") in found
    assert (where, 8, 11, "source 'x' is redirected twice (first on line 4)") in found
    assert (where, 10, 9, "'kind' 'claim' is not allowed") in found
    assert (where, 13, 3, "unknown key 'extra'") in found


def test_no_redirects_file_means_no_redirects(tmp_path: Path) -> None:
    corpus, problems = check_corpus(write_corpus(tmp_path / "seeds"), TODAY)
    assert problems == [] and corpus is not None and corpus.redirects == []
