"""``claimants.yaml``: one claimant declared with its aliases, type and description."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import TINY_SERIES, write_corpus

from build_scripts.checks.validate import check_corpus
from build_scripts.render.pages import render_site_pages
from build_scripts.tools.synthetic import write_synthetic_corpus
from build_scripts.views import splits
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


# --- a busy claimant's page, split section by section (views/splits.py) ------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")
ROWS = 5  # rows on one page of a claimant's section, in these tests


@pytest.fixture(scope="module")
def busy() -> tuple[SiteView, dict[str, str]]:
    """A synthetic corpus of 40 incidents (busiest claimant: 20 claims, one with 36 series points),
    rendered with sections of at most ROWS rows."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus, problems = check_corpus(write_synthetic_corpus(Path(tmp), 40, seed=3).seeds, dt.date.today())
    assert problems == [], [p.format() for p in problems]
    saved, splits.CLAIMANT_ROWS = splits.CLAIMANT_ROWS, ROWS
    try:
        view = SiteView(corpus)
        return view, render_site_pages(view)
    finally:
        splits.CLAIMANT_ROWS = saved


def _sections(claimant) -> dict[str, list]:
    return {"incidents": claimant.incident_claims, "campaigns": claimant.campaign_claims,
            "relayed": claimant.relayed, "points": claimant.points}  # fmt: skip


def _reached(pages: dict[str, str], start: str) -> tuple[set[str], set[str]]:
    """(pages, link targets with their anchors) reached from ``start`` through plain Markdown links,
    following only the claimant's own pages (its page and its split pages)."""
    folder = start.removesuffix(".md") + "/"
    seen, links, queue = set(), set(), [start]
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        for href in LINK.findall(pages[page]):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            links.add(target)
            if target.split("#")[0].startswith(folder) and target.split("#")[0] in pages:
                queue.append(target.split("#")[0])
    return seen, links


def _rows(markdown: str) -> int:
    return sum(1 for line in markdown.splitlines() if line.startswith("| ["))


def test_a_split_claimant_page_reaches_every_one_of_its_rows_through_plain_links(busy) -> None:
    view, pages = busy
    split = {slug: c for slug, c in view.claimants.items() if any(len(r) > ROWS for r in _sections(c).values())}
    assert len(split) >= 5 and any(len(c.points) > ROWS for c in split.values())  # so the test says something
    for slug, claimant in split.items():
        seen, links = _reached(pages, f"claimants/{slug}.md")
        assert {posixpath.normpath(row.page) for row in [*claimant.claims, *claimant.relayed]} <= links, slug
        assert {f"sources/{r.source.id}.md#{r.anchor}" for r in claimant.points if r.source.text} <= links, slug
        parts = splits.claimant_page_splits(slug, claimant, ROWS)
        assert seen - {f"claimants/{slug}.md"} == {part.path for section in parts.values() for part in section}
        for section in parts.values():
            for part in section:
                assert 0 < _rows(pages[part.path]) == len(part.rows) <= ROWS, part.path
                assert part.path.startswith(f"claimants/{slug}/"), part.path
        # its own page: at most a page of rows per section, then the list of that section's pages
        shown = sum(min(len(rows), ROWS) for rows in _sections(claimant).values())
        assert _rows(pages[f"claimants/{slug}.md"]) == shown + sum(len(section) for section in parts.values())


def test_split_sections_hold_each_row_once_and_the_index_counts_stay_the_models(busy) -> None:
    view, pages = busy
    index = pages["claimants/index.md"]
    for slug, claimant in view.claimants.items():
        parts = splits.claimant_page_splits(slug, claimant, ROWS)
        for section, rows in _sections(claimant).items():
            if len(rows) <= ROWS:
                assert section not in parts
            else:
                assert [row for part in parts[section] for row in part.rows] == list(rows)
                assert [len(part.rows) for part in parts[section]][:-1] == [ROWS] * (len(parts[section]) - 1)
        row = index.split(f"]({slug}.md) | ", 1)[1].split("\n", 1)[0]
        assert row.endswith(f"| {len(claimant.claims)} | {len({r.incident.id for r in claimant.incident_claims})} | "
                            f"{len(claimant.points)} | {len(claimant.relayed)} |"), slug  # fmt: skip
    assert all(splits.claimant_page_splits(slug, c, 1000) == {} for slug, c in view.claimants.items())


def test_every_section_of_a_claimant_page_splits_alike() -> None:
    row = SimpleNamespace(subject_title="A strike", campaign=SimpleNamespace(title="A campaign"),
                          incident=SimpleNamespace(date=None, date_precision=None),
                          series=SimpleNamespace(title="A series"), point=SimpleNamespace(period="2017-03"))  # fmt: skip
    claimant = SimpleNamespace(incident_claims=[], campaign_claims=[row] * 3, relayed=[row] * 4, points=[row])
    parts = splits.claimant_page_splits("x", claimant, 2)
    assert {section: [(p.path, p.label, p.first) for p in pages] for section, pages in parts.items()} == {
        "campaigns": [("claimants/x/campaigns/page/1.md", "1–2", "A campaign"),
                      ("claimants/x/campaigns/page/2.md", "3–3", "A campaign")],
        "relayed": [("claimants/x/relayed/page/1.md", "1–2", "A strike"),
                    ("claimants/x/relayed/page/2.md", "3–4", "A strike")],
    }  # fmt: skip
