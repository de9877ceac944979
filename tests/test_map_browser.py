"""The map in a real browser (Debian's Chromium through Playwright, the site on 127.0.0.1), on a
synthetic corpus with coordinates at every precision: the live map has exactly one mark per
incident with coordinates, each linking to that incident's page; the static SVG has as many marks;
a locator map on an incident page has one; nothing is requested from another host. The site is
built with every live spec in a file of its own (fetched when the chart goes live), as a large
map's is; test_charts_browser covers specs inline in the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

import pytest

from build_scripts import pipeline
from build_scripts.checks.validate import check_corpus
from build_scripts.render import chartblocks
from build_scripts.tools.synthetic import write_synthetic_corpus
from tests.conftest import copy_project
from tests.serve_browser import CHROMIUM, served_site
from tests.test_charts_browser import Watched

pytestmark = [pytest.mark.browser, pytest.mark.slow]
POINTS = ".mark-symbol.role-mark path"  # the map's marks: the basemap is a shape layer, the legend has its own role
# The link of each drawn mark of the live view, from its scenegraph (Vega follows an item's href on click).
LINKS = """el => { const out = [];
  const walk = mark => { if (mark.marktype === 'symbol' && mark.role === 'mark') mark.items.forEach(i => out.push(i.href || null));
    (mark.items || []).forEach(item => (item.items || []).forEach(walk)); };
  walk(el.chsView.scenegraph().root); return out; }"""


@pytest.fixture(scope="module")
def located_site(tmp_path_factory: pytest.TempPathFactory):
    """(a browser, the address of the built synthetic site, its incidents with coordinates: id -> precision, the number of incidents)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/install-system-deps.sh (make test does)")
    root = copy_project(tmp_path_factory.mktemp("map") / "project")
    seeds = write_synthetic_corpus(root / "seeds", 14, seed=9).seeds
    corpus, problems = check_corpus(seeds, dt.date.today())
    assert problems == [] and corpus is not None
    located = {i.id: i.coordinates.precision for i in corpus.incidents if i.coordinates}
    assert len(located) >= 3 and len(located) < len(corpus.incidents)
    site = root / "site"
    inline_limit = chartblocks.INLINE_LIMIT
    chartblocks.INLINE_LIMIT = 0  # every live spec a file fetched on demand, as the map's is at thousands of incidents
    try:
        assert pipeline.build(seeds, pipeline.read_project(root / "mkdocs.yml"), site, dt.date.today()) == []
    finally:
        chartblocks.INLINE_LIMIT = inline_limit
    assert "data-chs-spec-src=" in (site / "map" / "index.html").read_text(encoding="utf-8")
    with served_site(site) as (browser, base):
        yield browser, base, located, len(corpus.incidents)


def _static_points(watched: Watched) -> list[int]:
    return watched.page.evaluate(
        "async sel => Promise.all([...document.querySelectorAll('img.chs-chart-static')].map(async img => {"
        " const text = await (await fetch(img.src)).text();"
        " return new DOMParser().parseFromString(text, 'image/svg+xml').querySelectorAll(sel).length; }))", POINTS)  # fmt: skip


def _go_live(watched: Watched) -> None:
    figure = watched.page.locator(".chs-chart-frame").first
    figure.scroll_into_view_if_needed()
    figure.hover()
    watched.page.wait_for_selector(f".chs-chart--live .chs-chart-view svg {POINTS}", timeout=30000)


def test_live_map_has_one_linked_mark_per_located_incident(located_site) -> None:
    browser, server, located, total = located_site
    watched = Watched(browser)
    watched.page.goto(server + "map/")
    watched.page.wait_for_load_state("networkidle")
    count = watched.page.locator(".chs-map-count").first.inner_text()
    assert f"{len(located)} of {total} incidents have coordinates" in count
    assert _static_points(watched) == [len(located)]  # the static SVG: one mark per incident too
    _go_live(watched)
    assert watched.page.locator(f".chs-chart-view svg {POINTS}").count() == len(located)
    marks = watched.page.eval_on_selector(".chs-chart-view", LINKS)
    assert len(marks) == len(located) and None not in marks
    assert sorted(marks) == sorted(f"../incidents/{incident_id}/" for incident_id in located)
    legend = watched.page.eval_on_selector_all(".chs-chart-view svg .role-legend-label text", "ts => ts.map(t => t.textContent)")
    assert legend == ["exact", "neighbourhood", "town", "district", "province"]
    table = watched.page.eval_on_selector_all(".chs-chart-data tbody th a", "as => as.map(a => a.href)")
    assert sorted(table) == sorted(urljoin(server + "map/", m) for m in marks)  # the data table links the same pages
    box = watched.page.locator(f".chs-chart-view svg {POINTS}").last.bounding_box()  # drawn last: on top
    watched.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    watched.page.wait_for_url("**/incidents/*/", timeout=20000)
    assert watched.page.url.removeprefix(server) in {m.removeprefix("../") for m in marks}
    watched.check_clean()


def test_locator_map_shows_one_mark_and_says_its_precision(located_site) -> None:
    browser, server, located, _ = located_site
    watched = Watched(browser)
    incident_id, precision = sorted(located.items())[0]
    watched.page.goto(server + f"incidents/{incident_id}/")
    watched.page.wait_for_load_state("networkidle")
    locator = watched.page.locator("#chart-locator")
    caption = locator.locator("figcaption").inner_text()
    assert (f"Located to the {precision}:" if precision != "exact" else "Located exactly:") in caption
    assert watched.page.evaluate(
        "() => { const i = document.querySelector('#chart-locator img.chs-chart-static'); return i.complete && i.naturalWidth > 0; }")
    locator.locator(".chs-chart-frame").scroll_into_view_if_needed()
    locator.locator(".chs-chart-frame").hover()
    watched.page.wait_for_selector(f"#chart-locator.chs-chart--live svg {POINTS}", timeout=30000)
    assert watched.page.locator(f"#chart-locator svg {POINTS}").count() == 1
    watched.check_clean()
