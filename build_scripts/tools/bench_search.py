"""The benchmark's search and index-page measures of a built site (issue 10's goals).

- What a reader downloads before the first results of a one-word query appear, measured in Debian's
  chromium through Playwright on the site served gzipped from 127.0.0.1 (``bench_pages.serve_gzipped``):
  the page is opened, then search (the ``/`` key), the word typed, and the bytes of every response
  (as transferred: gzipped where the server gzips) summed until the complete results are shown (the
  sources' and claimants' bundles merged in, ``data-chs-search-complete``), and for the first
  results (the main bundle's: incidents and hand-written pages, or the stored texts' for a word the
  main bundle does not have) in a second run with the other parts' bundles held back (``_one_search``). Reported apart: the page's
  own load, and what opening search and the query fetched (the search's cost).
- The gzipped size of every index page: the main indexes and every split page (views/splits.py).

Nothing is asserted on: the figures are printed against the goals (``GOAL_SEARCH_BYTES``,
``GOAL_INDEX_GZIP``).
"""

from __future__ import annotations

import gzip
from pathlib import Path

from build_scripts.searchindex import SEARCH_PARTS, TEXTS

GOAL_SEARCH_BYTES = 300 * 1024  # what search fetches before the first results, at 10,000 incidents
GOAL_INDEX_GZIP = 100 * 1024  # each index page, gzipped, at 10,000 incidents
# one-word queries of each kind: a word only the stored texts have, a place in many quotes, a claimant
# named on thousands of incident pages, a word on almost every incident page, an Arabic word of the quotes
WORDS = ("rubble", "Raqqa", "Airwars", "killed", "الغارة")
CHROMIUM = "/usr/bin/chromium"
START_PAGE = "about/"  # a light hand-written page: the search's bytes are what they would be anywhere
INDEX_FOLDERS = {"incidents": "year", "sources": "page", "claimants": "page"}


def index_pages(site: Path) -> list[tuple[str, int]]:
    """(page, gzipped bytes) of every index page: the main ones, then each one's split pages."""
    found = []
    for folder, splits in INDEX_FOLDERS.items():
        pages = [site / folder / "index.html", *sorted((site / folder / splits).glob("*/index.html"))]
        found += [(p.relative_to(site).as_posix(), len(gzip.compress(p.read_bytes(), 6, mtime=0))) for p in pages if p.is_file()]
    return found


def bundle_bytes(site: Path) -> int:
    """The whole search bundle (pagefind/) on disk: what the host stores, not what a reader fetches."""
    folder = site / "pagefind"
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def search_bytes(site: Path, words: tuple[str, ...] = WORDS) -> dict[str, dict]:
    """Per word: bytes of the page's load and of the search (open, type, first result), and requests."""
    from playwright.sync_api import sync_playwright

    from build_scripts.tools.bench_pages import serve_gzipped

    measured = {}
    with serve_gzipped(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            for word in words:
                measured[word] = _one_search(browser, base, word)
        finally:
            browser.close()
    return measured


def _one_search(browser, base: str, word: str) -> dict:
    """The complete search as a reader makes it; then, for the first results, the same search with every
    part's bundle held back (their requests aborted): search.js then shows the main bundle's results and
    stops, so what it fetched is exactly what the first results cost; for a word the main bundle does
    not have, once more with the stored texts' bundle let through (search.js looks there next). A word
    that neither has shows nothing before the merged results: its first results cost the complete search."""
    complete = _fetched(browser, base, word, block=())
    parts = tuple(f"{base}pagefind/{part}/" for part in SEARCH_PARTS)
    first = _fetched(browser, base, word, block=parts)  # the main bundle alone
    if not first["found"]:  # a word the main bundle does not have: the stored texts' results come first
        later = tuple(f"{base}pagefind/{part}/" for part in SEARCH_PARTS if part != TEXTS)
        first = _fetched(browser, base, word, block=later)
    first = first if first["found"] else complete
    return {"page": complete["page"], "search": first["search"], "requests": first["requests"], "results": first["results"],
            "complete": complete["search"], "complete_requests": complete["requests"],
            "complete_results": complete["results"], "outside": complete["outside"] + first["outside"]}  # fmt: skip


def _fetched(browser, base: str, word: str, block: tuple[str, ...]) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sizes: list[int] = []
    outside: list[str] = []

    def finished(request) -> None:
        size = request.sizes()
        sizes.append(size["responseBodySize"] + size["responseHeadersSize"])

    def keep_local(route) -> None:
        url = route.request.url
        if url.startswith(base) and not url.startswith(block):
            route.continue_()
        else:
            if not url.startswith(base):
                outside.append(url)
            route.abort()

    context.route("**/*", keep_local)
    context.on("requestfinished", finished)
    page = context.new_page()
    page.goto(base + START_PAGE, wait_until="networkidle")
    loaded = len(sizes)
    page.keyboard.press("/")
    page.keyboard.type(word)
    page.wait_for_selector("[data-chs-search-complete]", state="attached", timeout=120000)
    page.wait_for_timeout(200)  # the last items' fragments
    found = page.locator(".md-search-result__item").count() > 0
    results = page.locator("[data-chs-search-meta]").inner_text()
    context.close()
    return {"page": sum(sizes[:loaded]), "search": sum(sizes[loaded:]), "requests": len(sizes) - loaded,
            "results": results, "found": found, "outside": outside}  # fmt: skip


def render_search_lines(sites: list[tuple[int, dict]]) -> list[str]:
    """The search and index-page section of the benchmark's report (one block per size)."""
    lines = []
    for incidents, site in sites:
        at = f"at N = {incidents:,}"
        for word, measured in site.get("search", {}).items():
            verdict = "met" if measured["search"] <= GOAL_SEARCH_BYTES else "missed"
            lines.append(f"- search for “{word}” {at}: {_kb(measured['search'])} fetched by search until the first "
                         f"results ({measured['requests']} requests; {measured['results']}), after {_kb(measured['page'])} "
                         f"for the page itself (goal ≤ {_kb(GOAL_SEARCH_BYTES)} at 10,000: {verdict})")  # fmt: skip
            lines.append(f"  - then the sources' and claimants' bundles merged in: {_kb(measured['complete'])} in all by "
                         f"the complete results ({measured['complete_requests']} requests; {measured['complete_results']})")  # fmt: skip
            if measured["outside"]:
                lines.append(f"  - requests that left the site (aborted): {len(measured['outside'])}")
        pages = site.get("index_pages", [])
        if pages:
            largest = max(pages, key=lambda item: item[1])
            verdict = "met" if largest[1] <= GOAL_INDEX_GZIP else "missed"
            lines.append(f"- index pages {at}: {len(pages)}, gzipped at most {_kb(largest[1])} ({largest[0]}) "
                         f"(goal ≤ {_kb(GOAL_INDEX_GZIP)} each at 10,000: {verdict})")  # fmt: skip
            lines += [f"  - {path}: {_kb(size)}" for path, size in pages]
        if "bundle" in site:
            lines.append(f"- search bundle on disk {at} (pagefind/, all of it; a reader fetches a few chunks): {site['bundle'] / 2**20:,.1f} MB")
    return lines


def _kb(value: float) -> str:
    return f"{value / 1024:,.1f} KB"
