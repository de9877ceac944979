"""Reader-first pages in a real browser (Debian's Chromium through Playwright, 1280 and 390 px,
light and dark): no page scrolls sideways on a phone, every incident page with a figure puts its
bottom line above its first chart, chart text is at least 10 px, and no internal identifier (a
record id, a claimant slug, a YAML field name) appears in the text a reader sees."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from build_scripts.checks.validate import check_corpus
from build_scripts.layout import claimant_slug
from tests.conftest import SEEDS
from tests.serve_browser import CHROMIUM, served_site

pytestmark = pytest.mark.browser
WIDTHS = (1280, 390)
SCHEMES = ("default", "slate")
FIELD_NAME = re.compile(r"\b[a-z]+_[a-z_0-9]+\b")  # claimed_on, claimant_type, comments_start, ...
# Text a reader sees: the article, without code (ids shown as ids: the cite block, file names, the data
# dictionary's column names) and without the charts' internals.
VISIBLE_TEXT = """() => {
  const article = document.querySelector('article').cloneNode(true);
  article.querySelectorAll('code, pre, script, style, .chs-chart-view, .headerlink').forEach(e => e.remove());
  return article.innerText;
}"""


@pytest.fixture(scope="module")
def corpus():
    found, problems = check_corpus(SEEDS, dt.date.today())
    assert problems == []
    return found


def page_paths(corpus) -> dict[str, list[str]]:
    """Every page type, and every record page of the seeds."""
    return {
        "home": [""], "incidents index": ["incidents/"], "sources index": ["sources/"],
        "claimants index": ["claimants/"], "data": ["data/"], "methodology": ["methodology/"],
        "contributing": ["contributing/"], "about": ["about/"],
        "incident": [f"incidents/{i.id}/" for i in corpus.incidents],
        "source": [f"sources/{s.id}/" for s in corpus.sources],
        "claimant": sorted({f"claimants/{claimant_slug(c.claimant)}/" for i in corpus.incidents for c in i.claims}),
    }  # fmt: skip


@pytest.fixture(scope="module")
def site(seeds_site: Path):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/install-system-deps.sh (make test does)")
    with served_site(seeds_site) as (browser, base):
        yield browser, base


def open_page(browser, base: str, path: str, width: int, scheme: str):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    charts = page.locator(".chs-chart").count()
    if charts:
        for i in range(charts):  # charts go live on demand (hover, tap or focus): ask each one
            chart = page.locator(".chs-chart").nth(i)
            chart.scroll_into_view_if_needed()
            chart.locator(".chs-chart-frame, .chs-chart-view").first.hover(force=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_function(
            "n => document.querySelectorAll('.chs-chart--live .chs-chart-view svg .mark-group').length >= n",
            arg=charts, timeout=20000)  # fmt: skip
    return page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(site, corpus, width: int, scheme: str) -> None:
    browser, base = site
    wide = []
    for kind, paths in page_paths(corpus).items():
        for path in paths:
            page = open_page(browser, base, path, width, scheme)
            scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll > client:
                wide.append((kind, path, scroll, client))
            page.close()
    assert wide == [], f"pages wider than the screen at {width} px ({scheme}): {wide}"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_bottom_line_comes_before_the_first_chart(site, corpus, width: int) -> None:
    browser, base = site
    with_figure = [i for i in corpus.incidents if any(c.killed or c.injured for c in i.claims)]
    assert with_figure
    for incident in with_figure:
        page = open_page(browser, base, f"incidents/{incident.id}/", width, "default")
        bottom = page.locator("#bottom-line").bounding_box()
        line = page.locator(".chs-bottom-line").bounding_box()
        chart = page.locator(".chs-chart").first.bounding_box()
        assert bottom and line and chart, incident.id
        assert line["y"] + line["height"] <= chart["y"], incident.id
        if width == 1280:  # on a desktop screen the bottom line starts in the first screen
            assert line["y"] < 900, (incident.id, line["y"])
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_text_is_at_least_10_px(site, corpus, width: int) -> None:
    browser, base = site
    paths = ["", "incidents/", "data/"] + [f"incidents/{i.id}/" for i in corpus.incidents]
    small = []
    for path in paths:
        page = open_page(browser, base, path, width, "default")
        sizes = page.evaluate("""() => [...document.querySelectorAll('.chs-chart-view svg text')]
            .filter(t => t.textContent.trim()).map(t => [t.textContent, t.getBoundingClientRect().height,
                     parseFloat(getComputedStyle(t).fontSize) * (t.ownerSVGElement.getBoundingClientRect().width
                     / t.ownerSVGElement.width.baseVal.value)])""")
        small += [(path, text, size) for text, _, size in sizes if size < 10]
        assert sizes or path.startswith("incidents/2017-03-mosul-medical"), path
        page.close()
    assert small == [], small[:10]


def test_no_internal_identifier_in_visible_text(site, corpus) -> None:
    browser, base = site
    ids = [s.id for s in corpus.sources] + [s.id for s in corpus.series]
    ids += [i.id for i in corpus.incidents] + [c.id for c in corpus.campaigns]
    # claim ids are anchors, never reader text (a note or history entry names a claim in words)
    ids += sorted({c.id for r in [*corpus.incidents, *corpus.campaigns] for c in r.claims if c.id.count("-") >= 2})
    ids += sorted({claimant_slug(c.claimant) for i in corpus.incidents for c in i.claims if "-" in claimant_slug(c.claimant)})
    found = []
    for paths in page_paths(corpus).values():
        for path in paths:
            page = open_page(browser, base, path, 1280, "default")
            text = page.evaluate(VISIBLE_TEXT)
            found += [(path, i) for i in ids if i in text]
            found += [(path, name) for name in FIELD_NAME.findall(text)]
            found += [(path, m) for m in re.findall(r"\b[Ss]ource \d{3}\b", text)]
            page.close()
    assert found == [], found[:20]


def test_the_identifier_check_would_notice_a_slug(site) -> None:
    browser, base = site
    page = open_page(browser, base, "sources/", 1280, "default")
    page.evaluate("document.querySelector('article p').append(' s000-isis-tricking-forces-into-airstrikes claimed_on')")
    text = page.evaluate(VISIBLE_TEXT)
    assert "s000-isis-tricking-forces-into-airstrikes" in text and FIELD_NAME.findall(text) == ["claimed_on"]
    page.close()
