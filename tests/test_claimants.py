"""``claimants.yaml``: one claimant declared with its aliases, type and description."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import TINY_SERIES, write_corpus

from build_scripts.checks.validate import check_corpus
from build_scripts.render.pages import render_site_pages
from build_scripts.views.site import SiteView

TODAY = dt.date(2026, 1, 1)
SERIES = TINY_SERIES.replace("claimant: Health ministry", "claimant: Health Ministry")  # another spelling
DECLARED = """\
- name: Health ministry
  aliases: [Health Ministry]
  type: government
  description: The ministry's press office, <b>quoted</b> by the local press.
"""


def test_without_a_declaration_the_near_duplicate_is_refused_with_the_alias_hint(tmp_path: Path) -> None:
    corpus, problems = check_corpus(write_corpus(tmp_path / "seeds", series=SERIES), TODAY)
    assert corpus is None
    assert [p.hint for p in problems] == [
        "spell the same claimant the same way everywhere, or declare 'Health ministry' in claimants.yaml with "
        "'Health Ministry' among its aliases"
    ]


def test_an_alias_puts_claims_on_the_declared_claimants_page(tmp_path: Path) -> None:
    seeds = write_corpus(tmp_path / "seeds", series=SERIES)
    (seeds / "claimants.yaml").write_text(DECLARED, encoding="utf-8")
    corpus, problems = check_corpus(seeds, TODAY)
    assert problems == []
    view = SiteView(corpus)
    page = view.claimants["health-ministry"]
    assert (page.name, len(page.claims), len(page.points)) == ("Health ministry", 1, 1)
    assert page.spellings == ["Health Ministry"]
    pages = render_site_pages(view)
    text = pages["claimants/health-ministry.md"]
    assert "press office" in text and "quoted" in text and "<b>" not in text  # shown, as text
    assert "Type, as declared for this claimant: government." in text
    assert "Also named in the sources as: “Health Ministry”." in text
    assert "(../claimants/health-ministry.md)" in pages["data/index.md"]


def test_a_spelling_declared_for_two_claimants_is_refused(tmp_path: Path) -> None:
    seeds = write_corpus(tmp_path / "seeds")
    (seeds / "claimants.yaml").write_text(DECLARED + "- name: Ministry of Health\n  aliases: [health ministry]\n",
                                          encoding="utf-8")  # fmt: skip
    corpus, problems = check_corpus(seeds, TODAY)
    assert corpus is None
    assert [p.format().split("/")[-1] for p in problems] == [
        "claimants.yaml:6:13: claimant 'health ministry' is already declared as 'Health ministry' (line 1) — declare "
        "each claimant once: merge the two entries, or remove this spelling"
    ]
