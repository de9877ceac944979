"""The claims timeline and the feeds in Chromium: the timeline draws live with no console error,
its static image stands in without JavaScript, and every page's head names the feeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest

from build_scripts import pipeline
from tests.conftest import copy_project, write_corpus
from tests.serve_browser import served_site
from tests.test_history import incidents_with

pytestmark = pytest.mark.browser

INCIDENT = "incidents/2020-01-04-market-strike/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("timeline") / "project")
    extra = "      claimed_on: 2020-01-02\n"  # two dated claims on different days: a timeline
    seeds = write_corpus(root / "seeds", incidents=incidents_with(claims_extra=extra))
    assert pipeline.build(seeds, pipeline.read_project(root / "mkdocs.yml"), root / "site", dt.date.today()) == []
    return root / "site"


def test_timeline_renders_live_and_falls_back_without_javascript(site: Path, tmp_path: Path) -> None:
    with served_site(site) as (browser, base):
        errors: list[str] = []
        off_site: list[str] = []
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
        page.on("request", lambda r: urlparse(r.url).hostname != "127.0.0.1" and off_site.append(r.url))
        page.goto(base + INCIDENT)
        timeline = page.locator("#chart-timeline")
        timeline.scroll_into_view_if_needed()
        timeline.hover()
        page.wait_for_function(
            "() => document.querySelectorAll('#chart-timeline .chs-chart-view svg .role-mark path').length >= 2",
            timeout=20000)  # fmt: skip
        page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)
        assert errors == [] and off_site == []
        links = page.eval_on_selector_all("head link[rel=alternate]", "ls => ls.map(l => [l.type, l.href])")
        assert ["application/atom+xml", base + "feed.xml"] in links
        assert ["application/feed+json", base + "feed.json"] in links
        page.close()

        still = browser.new_page(java_script_enabled=False)
        still.goto(base + INCIDENT)
        image = still.locator("#chart-timeline img.chs-chart-static")
        image.scroll_into_view_if_needed()
        assert image.is_visible()
        assert still.evaluate("() => document.querySelector('#chart-timeline img').naturalWidth") > 0
        still.close()


def test_the_feed_is_served_and_parses(site: Path) -> None:
    with served_site(site, browser=False) as (_, base):
        import urllib.request

        with urllib.request.urlopen(base + "feed.xml") as response:
            parsed = feedparser.parse(response.read())
    assert not parsed.bozo and len(parsed.entries) == 3
