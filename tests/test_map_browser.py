"""The map in a real browser (Debian's Chromium through Playwright, the site on 127.0.0.1), on a
synthetic corpus with coordinates at every precision: the live map has exactly one mark per
incident with coordinates, each linking to that incident's page; the static SVG has as many marks;
a locator map on an incident page (an SVG the generator draws, inline) has one, where its point
projects, and never loads the Vega runtime; nothing is requested from another host. The site is
built with every live spec in a file of its own (fetched when the chart goes live), as a large
map's is; test_charts_browser covers specs inline in the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

import pytest

from build_scripts import pipeline
from build_scripts.checks.validate import check_corpus
from build_scripts.model.records import COORDINATE_PRECISIONS
from build_scripts.render import chartblocks, maps
from build_scripts.render import locator as locator_module
from build_scripts.tools.synthetic import write_synthetic_corpus
from build_scripts.views.maps import map_view
from build_scripts.views.site import SiteView
from build_scripts.views.tables import build_tables
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
    """(a browser, the address of the built synthetic site, its incidents with coordinates: id -> precision,
    the number of incidents, the corpus)."""
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
        yield browser, base, located, len(corpus.incidents), corpus


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
    browser, server, located, total, _ = located_site
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


def _locator_colours(browser, url: str, scheme: str) -> dict:
    """The locator's drawn colours (computed style: site.css over the SVG's attributes) in ``scheme``."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page.goto(url)
        page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{'slate' if scheme == 'dark' else 'default'}'")
        return page.evaluate("""() => { const svg = document.querySelector('#chart-locator svg');
          const style = sel => getComputedStyle(svg.querySelector(sel));
          return {mark: style('.chs-locator-mark').fill, land: style('.chs-locator-land path').fill,
                  border: style('.chs-locator-land path').stroke}; }""")
    finally:
        page.close()


def test_locator_map_is_a_static_inline_svg_with_its_one_mark_where_the_point_is(located_site) -> None:
    """Drawn by the generator (render/locator.py): one mark at the projected point, the precision's
    shape, a reserved box, light and dark colours; no Vega: hovering it loads no runtime."""
    browser, server, located, _, corpus = located_site
    watched = Watched(browser)
    incident_id, precision = sorted(located.items())[0]
    point = next(p for p in map_view(build_tables(SiteView(corpus)).incidents).points if p.id == incident_id)
    url = server + f"incidents/{incident_id}/"
    watched.page.goto(url)
    watched.page.wait_for_load_state("networkidle")
    locator = watched.page.locator("#chart-locator")
    caption = locator.locator("figcaption").inner_text()
    assert (f"Located to the {precision}:" if precision != "exact" else "Located exactly:") in caption
    assert locator.locator("img, [data-chs-spec], [data-chs-spec-src]").count() == 0
    svg = locator.locator("svg.chs-locator-map")
    assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-label").startswith("Locator map: ")
    assert svg.bounding_box()["width"] == 300 and svg.bounding_box()["height"] == 200  # its box, reserved by its attributes
    marks = locator.locator("svg .chs-locator-mark")
    assert marks.count() == 1
    x, y = locator_module.Mercator.fitted(locator_module.locator_frame(point), maps.LOCATOR_SIZE)(point.lon, point.lat)
    centre = marks.evaluate("m => { const b = m.getBBox(), t = m.transform.baseVal.consolidate().matrix;"
                            " return [t.e + b.x + b.width / 2, t.f + b.y + b.height / 2]; }")  # fmt: skip
    assert abs(centre[0] - x) <= 1 and abs(centre[1] - y) <= 2  # a triangle's box centre sits below its point
    assert marks.get_attribute("d") == locator_module.symbol_path(maps.SHAPES[COORDINATE_PRECISIONS.index(precision)],
                                                                  maps.SIZES[COORDINATE_PRECISIONS.index(precision)])  # fmt: skip
    locator.scroll_into_view_if_needed()
    locator.hover()
    watched.page.wait_for_timeout(500)
    assert not [u for u in watched.requests if "vega-runtime" in u]  # the locator never brings the runtime in
    assert "chs-chart--live" not in (locator.get_attribute("class") or "")
    watched.check_clean()  # and nothing was requested from another host
    light, dark = _locator_colours(browser, url, "light"), _locator_colours(browser, url, "dark")
    assert light["mark"] != dark["mark"] and light["land"] != dark["land"] and light["border"] != dark["border"]
