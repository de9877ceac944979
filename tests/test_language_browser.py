"""An Arabic source in a real browser (the invented corpus in tests/fixtures/rtl, built once): its
stored text, title and quotes carry lang="ar" dir="rtl" after MkDocs, and render right to left; an
Arabic name isolated in a left-to-right sentence; chart tooltips and data tables take each value's
own direction."""

from __future__ import annotations

from pathlib import Path

import pytest
from built_site import build_project

from tests.conftest import ROOT
from tests.serve_browser import CHROMIUM, served_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]
RTL_CORPUS = ROOT / "tests" / "fixtures" / "rtl"
INCIDENT = "incidents/2020-01-04-market-strike/"
SOURCE = "sources/arabic-test-report/"
CLAIMANT = "claimants/وزارة-الصحة/"
ARABIC = '[lang="ar"][dir="rtl"]'

# For an element: its computed direction, and where its first and last characters are drawn (a
# right-to-left run draws its first character right of its last) and how its text sits in its block.
LAYOUT = """(element) => {
  const text = [...element.childNodes].map(function walk(node) {
    return node.nodeType === 3 ? [node] : [...node.childNodes].flatMap(walk);
  }).flat().filter(n => n.textContent.trim());
  const first = text[0], last = text[text.length - 1];
  const rect = (node, start) => { const range = document.createRange(); range.setStart(node, start);
    range.setEnd(node, start + 1); return range.getBoundingClientRect(); };
  const firstRect = rect(first, first.textContent.search(/\\S/));
  const lastRect = rect(last, last.textContent.trimEnd().length - 1);
  const block = element.closest('p, td, th, li, div, h1') || element;
  const whole = document.createRange(); whole.selectNodeContents(element);
  const box = block.getBoundingClientRect(), style = getComputedStyle(block);
  return { direction: getComputedStyle(element).direction, firstX: firstRect.left, lastX: lastRect.left,
           textRight: whole.getBoundingClientRect().right, blockRight: box.right - parseFloat(style.paddingRight) };
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/install-system-deps.sh (make test does)")
    built = build_project(tmp_path_factory.mktemp("rtl-build"), RTL_CORPUS)[1]
    with served_site(built) as (browser, base):
        yield browser, base


def open_page(site, path: str, width: int = 1280):
    browser, base = site
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base + path)
    return page


def layout(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(LAYOUT)


def assert_right_to_left(found: dict) -> None:
    assert found["direction"] == "rtl"
    assert found["firstX"] > found["lastX"], found  # the first character is drawn rightmost


def test_the_stored_text_renders_right_to_left_and_right_aligned(site) -> None:
    page = open_page(site, SOURCE)
    found = layout(page, f".chs-document{ARABIC} p")
    assert_right_to_left(found)
    assert abs(found["textRight"] - found["blockRight"]) < 2, found  # its lines start at the right edge
    page.close()


@pytest.mark.parametrize(
    ("path", "where"),
    [(INCIDENT, ".chs-quote-line"), (CLAIMANT, "td"), (SOURCE, "td"), ("sources/", "td"), (SOURCE, "h1")],
)  # fmt: skip
def test_arabic_quotes_and_titles_render_right_to_left(site, path: str, where: str) -> None:
    page = open_page(site, path)
    assert_right_to_left(layout(page, f"article {where} span{ARABIC}"))
    page.close()


def test_an_arabic_place_is_isolated_in_the_facts_sentence(site) -> None:
    page = open_page(site, INCIDENT)
    facts = page.locator("article .chs-facts")
    assert facts.locator("bdi").first.inner_text() == "السوق القديم"
    # the comma and "Testland" stay right of the isolated name, as in the left-to-right sentence
    name_box = facts.locator("bdi").first.bounding_box()
    comma = facts.evaluate("""(p) => { const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let node; while ((node = walker.nextNode())) { const at = node.textContent.indexOf(', Testland');
        if (at >= 0) { const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + 1);
          return r.getBoundingClientRect().left; } } return null; }""")
    assert comma is not None and comma >= name_box["x"] + name_box["width"] - 1
    page.close()


def test_chart_tooltips_and_data_tables_take_each_values_direction(site) -> None:
    page = open_page(site, INCIDENT)
    found = page.evaluate("""() => {
      const tip = document.createElement('div'); tip.id = 'vg-tooltip-element';
      tip.innerHTML = '<table><tr><td class="key">Quote</td><td class="value">قالت وزارة الصحة</td></tr></table>';
      document.body.appendChild(tip);
      const cell = document.querySelector('.chs-chart-data td');
      return { tooltip: getComputedStyle(tip.querySelector('td.value')).unicodeBidi,
               table: cell && getComputedStyle(cell).unicodeBidi };
    }""")
    assert found == {"tooltip": "plaintext", "table": "plaintext"}
    page.close()
