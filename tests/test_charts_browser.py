"""Charts in a real browser: Debian's Chromium through Playwright against the built site on
127.0.0.1. Static first: every chart's build-time SVG is shown before the runtime is requested, and
the runtime is requested only when the reader reaches for a chart (never on pages without one).
Live on demand: a hovered chart is drawn live with the same marks as its static SVG, in the same
box (nothing moves); no console errors, no request leaves 127.0.0.1, charts survive instant
navigation and the dark-mode toggle, and without JavaScript the static SVG is shown."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from build_scripts import pipeline
from tests.conftest import CORPUS, copy_project
from tests.serve_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser
INCIDENTS_WITH_FIGURES = [
    "2017-03-17-mosul-al-jadida", "2017-03-14-mosul-mahatta", "2017-03-mosul-500-bodies-reported",
    "2017-03-mosul-another-strike-amnesty", "2017-03-northern-syria-mosque-strike",
]  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/install-system-deps.sh (make test does)")
    root = copy_project(tmp_path_factory.mktemp("browser") / "project")
    site = root / "site"
    problems = pipeline.build(CORPUS, pipeline.read_project(root / "mkdocs.yml"), site, dt.date.today())
    assert problems == []
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shots-charts")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page whose console errors and every request are recorded; off-host requests are aborted."""

    def __init__(self, browser, javascript: bool = True, shots: Path | None = None):
        self.shots = shots
        self.page = browser.new_page(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        self.requests.append(route.request.url)
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    def wake_charts(self) -> None:
        """Hover every chart of the page, as a reader reaching for it would."""
        charts = self.page.locator(".chs-chart-frame, .chs-chart-view")
        for i in range(charts.count()):
            charts.nth(i).scroll_into_view_if_needed()
            charts.nth(i).hover()

    def live_charts(self, expected: int) -> None:
        """Hover the charts, then wait until ``expected`` are rendered live, each an SVG with marks."""
        self.wake_charts()
        self.page.wait_for_function(
            "n => document.querySelectorAll('.chs-chart--live .chs-chart-view svg .mark-group').length >= n "
            "&& document.querySelectorAll('.chs-chart--live').length === n",
            arg=expected, timeout=20000)  # fmt: skip
        marks = self.page.eval_on_selector_all(
            ".chs-chart-view svg", "svgs => svgs.map(s => s.querySelectorAll('.role-mark path, .role-mark text, .role-mark line, .role-mark rect').length)")
        assert len(marks) == expected and all(count > 0 for count in marks), marks

    def shot(self, name: str) -> None:
        """A screenshot for people to look at (the tests' temporary folder, printed with -s)."""
        assert self.shots is not None
        self.page.locator(".chs-chart").first.scroll_into_view_if_needed()
        path = self.shots / f"test-{name}.png"
        self.page.screenshot(path=str(path))
        print(f"screenshot: {path}")

    def check_clean(self) -> None:
        assert self.errors == []
        assert self.requests and all(urlparse(u).hostname == "127.0.0.1" for u in self.requests), [
            u for u in self.requests if urlparse(u).hostname != "127.0.0.1"]


LIVE_MARKS = "el => el.querySelector('svg').querySelectorAll('.role-mark path, .role-mark text, .role-mark line, .role-mark rect').length"


def static_marks(watched: Watched, server: str) -> list[int]:
    """The marks of each static SVG of the current page, read from the SVG files themselves."""
    return watched.page.evaluate(
        "async sel => Promise.all([...document.querySelectorAll('img.chs-chart-static')].map(async img => {"
        " const text = await (await fetch(img.src)).text();"
        " return new DOMParser().parseFromString(text, 'image/svg+xml').querySelectorAll(sel).length; }))",
        ".role-mark path, .role-mark text, .role-mark line, .role-mark rect")  # fmt: skip


def test_every_chart_paints_static_first_then_live_with_the_same_marks_in_the_same_box(server, browser, shots) -> None:
    watched = Watched(browser, shots=shots)
    pages = {"": 2, "data/": 3, "incidents/": 1, **{f"incidents/{i}/": 1 for i in INCIDENTS_WITH_FIGURES}}
    for path, count in pages.items():
        watched.requests.clear()
        watched.page.goto(server + path)
        watched.page.wait_for_load_state("networkidle")
        images = watched.page.locator("img.chs-chart-static")
        assert images.count() == count
        for i in range(count):  # painted at once, at their reserved size, not lazily
            assert images.nth(i).get_attribute("loading") is None
            assert watched.page.evaluate("img => img.complete && img.naturalWidth > 0", images.nth(i).element_handle())
        assert not any("vega-runtime" in u for u in watched.requests), "runtime requested before a chart was needed"
        boxes = watched.page.eval_on_selector_all(".chs-chart-frame", "fs => fs.map(f => [f.offsetWidth, f.offsetHeight])")
        watched.page.evaluate("() => { window.chsShifts = 0; new PerformanceObserver(l => l.getEntries().forEach("
                              "e => { window.chsShifts += e.value; })).observe({type: 'layout-shift'}); }")  # fmt: skip
        expected = static_marks(watched, server)
        watched.live_charts(count)
        live = watched.page.eval_on_selector_all(".chs-chart-view", f"els => els.map({LIVE_MARKS})")
        assert live == expected, (path, live, expected)
        after = watched.page.eval_on_selector_all(".chs-chart-frame", "fs => fs.map(f => [f.offsetWidth, f.offsetHeight])")
        assert after == boxes, (path, boxes, after)
        assert watched.page.evaluate("() => window.chsShifts") == 0, path
        assert watched.page.locator(".chs-chart-static").first.is_hidden()
        assert any(u.endswith("/charts/vega-runtime.js") for u in watched.requests)
    watched.shot("incident")
    watched.check_clean()


def test_runtime_loads_only_on_pages_with_charts(server, browser) -> None:
    watched = Watched(browser)
    for path in ("methodology/", "sources/", "claimants/", "about/"):
        watched.page.goto(server + path)
        watched.page.wait_for_load_state("networkidle")
        watched.page.mouse.move(400, 400)
        watched.page.mouse.wheel(0, 2000)
        watched.page.wait_for_timeout(300)
    assert not any("vega-runtime" in u for u in watched.requests)
    watched.check_clean()


def test_charts_survive_instant_navigation_and_dark_mode(server, browser, shots) -> None:
    watched = Watched(browser, shots=shots)
    watched.page.goto(server + "methodology/")
    watched.page.locator("nav.md-nav--primary a", has_text="Data").first.click()
    watched.page.wait_for_url("**/data/")
    watched.live_charts(3)
    assert not watched.page.evaluate("() => window.performance.getEntriesByType('navigation').length > 1")
    first = watched.page.locator(".chs-chart-view svg").first.inner_html()
    watched.page.locator("form[data-md-component=palette] label:visible").first.click()
    watched.page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    watched.page.wait_for_function(
        "old => { const s = document.querySelector('.chs-chart-view svg'); return s && s.innerHTML !== old; }",
        arg=first, timeout=20000)  # fmt: skip
    watched.live_charts(3)
    watched.shot("data-dark")
    watched.page.locator("nav.md-nav--primary a", has_text="Incidents").first.click()
    watched.page.wait_for_url("**/incidents/")
    watched.live_charts(1)
    watched.check_clean()


def test_without_javascript_the_static_svg_is_shown(server, browser, shots) -> None:
    watched = Watched(browser, javascript=False, shots=shots)
    for path, count in {"": 2, "data/": 3, f"incidents/{INCIDENTS_WITH_FIGURES[0]}/": 1}.items():
        watched.page.goto(server + path)
        images = watched.page.locator("img.chs-chart-static")
        assert images.count() == count
        for i in range(count):
            image = images.nth(i)
            image.scroll_into_view_if_needed()
            assert image.is_visible()
            watched.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
            assert image.get_attribute("alt")
    watched.shot("nojs")
    assert watched.page.locator(".chs-chart-view svg").count() == 0
    watched.check_clean()
