"""Search (Pagefind), the index pages' filters and the split index pages, on a small synthetic corpus
built with pages of 5 rows (so that every index and the busiest claimants' pages are split): a plain-link crawl from the home page
reaches every record without JavaScript; in Chromium, a word of a quote finds its incident, two
filters show exactly the incidents the model says, with the model's counts, and no request leaves
the site (every request to another host is aborted and recorded)."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import html.parser
import json
import re
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from conftest import copy_project

from build_scripts import pipeline, searchindex
from build_scripts.checks.validate import check_corpus
from build_scripts.model.records import Corpus
from build_scripts.tools.synthetic import write_synthetic_corpus
from build_scripts.views import splits
from build_scripts.views.facets import incident_facets
from build_scripts.views.site import SiteView
from tests.serve_browser import served_site

INCIDENTS = 40
PAGE_ROWS = 5


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    root = tmp_path_factory.mktemp("search-build")
    project = copy_project(root / "project")
    seeds = write_synthetic_corpus(project / "seeds", INCIDENTS, seed=3).seeds
    saved, splits.PAGE_ROWS, splits.CLAIMANT_ROWS = (splits.PAGE_ROWS, splits.CLAIMANT_ROWS), PAGE_ROWS, PAGE_ROWS
    try:
        problems = pipeline.build(seeds, pipeline.read_project(project / "mkdocs.yml"), root / "site", dt.date.today())
    finally:
        splits.PAGE_ROWS, splits.CLAIMANT_ROWS = saved
    assert problems == [], [p.format() for p in problems]
    corpus, problems = check_corpus(seeds, dt.date.today())
    assert problems == []
    return root / "site", corpus


def test_split_pages_hold_every_record_once_and_no_more_than_a_page() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus, problems = check_corpus(write_synthetic_corpus(Path(tmp), 23, seed=5).seeds, dt.date.today())
    assert problems == []
    view = SiteView(corpus)
    parts = splits.incident_splits(view, page_rows=4)
    assert sorted(i.id for part in parts for i in part.rows) == sorted(i.id for i in corpus.incidents)
    assert all(0 < len(part.rows) <= 4 for part in parts)
    assert all({i.date.year for i in part.rows} == {int(part.path.split("/")[-1][:4])} for part in parts)
    assert len({part.path for part in parts}) == len(parts)
    sources = splits.source_splits(view, page_rows=4)
    assert [s.id for part in sources for s in part.rows] == sorted(s.id for s in corpus.sources)
    assert splits.source_splits(view, page_rows=len(corpus.sources)) == []  # one page: the index itself


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _page_file(site: Path, url: str) -> Path | None:
    path = unquote(urlparse(url).path).lstrip("/")
    file = site / path / "index.html" if not path or path.endswith("/") else site / path
    return file if file.is_file() and file.suffix == ".html" else None


def test_a_plain_link_crawl_from_the_home_page_reaches_every_record(small_site) -> None:
    site, corpus = small_site
    base = "http://site.invalid/"
    seen, queue = set(), [base]
    while queue:
        url = queue.pop()
        file = _page_file(site, url)
        if url in seen or file is None:
            continue
        seen.add(url)
        parser = _Links()
        parser.feed(file.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            target = urljoin(url, href).split("#")[0]
            if target.startswith(base) and target not in seen:
                queue.append(target)
    paths = {unquote(urlparse(url).path) for url in seen}  # slugs may be Arabic: links percent-encode them
    view = SiteView(corpus)
    assert {f"/incidents/{i.id}/" for i in corpus.incidents} <= paths
    assert {f"/sources/{s.id}/" for s in corpus.sources} <= paths
    assert {f"/claimants/{slug}/" for slug in view.claimants} <= paths
    assert any(p.startswith("/incidents/year/") for p in paths) and any(p.startswith("/sources/page/") for p in paths)
    assert any(re.fullmatch(r"/claimants/[^/]+/incidents/page/\d+/", p) for p in paths)  # busy claimants' pages split


def test_index_pages_are_split_and_every_split_page_is_linked(small_site) -> None:
    site, _corpus = small_site
    for folder, sub in (("incidents", "year"), ("sources", "page"), ("claimants", "page")):
        main = (site / folder / "index.html").read_text(encoding="utf-8")
        parts = sorted((site / folder / sub).glob("*/index.html"))
        assert len(parts) > 1, folder
        for part in parts:
            assert f'href="{sub}/{part.parent.name}/"' in main, (folder, part)
            rows = part.read_text(encoding="utf-8").count("<tr>") - 1
            assert 0 < rows <= PAGE_ROWS, part
            assert len(gzip.compress(part.read_bytes())) < 100 * 1024


def test_record_pages_carry_the_models_facets(small_site) -> None:
    site, corpus = small_site
    incident = corpus.incidents[0]
    text = (site / "incidents" / incident.id / "index.html").read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for key, value in re.findall(r'<span data-pagefind-filter="([a-z_]+)">([^<]*)</span>', text):
        found.setdefault(key, []).append(html.unescape(value))  # escaped for HTML and Markdown alike
    assert found == {k: v for k, v in incident_facets(incident).filters.items() if v}
    assert 'data-pagefind-filter="record:incident"' in text and "data-pagefind-body" in text
    index = (site / "incidents" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in index  # lists of records are not search results


def test_sources_with_a_stored_text_are_in_the_texts_bundle_the_others_in_theirs(small_site) -> None:
    """The main bundle (first results) holds the incidents and the hand-written pages; the texts' bundle
    the sources whose stored text is on their page; the other sources and the claimants are in their
    parts' bundles; no index or split page is in any."""
    site, corpus = small_site
    bundles = searchindex.bundle_pages(site)
    stored = {f"sources/{s.id}/index.html" for s in corpus.sources if s.text}
    external = {f"sources/{s.id}/index.html" for s in corpus.sources if not s.text}
    assert stored and external  # the synthetic corpus has both
    main = set(bundles[searchindex.SEARCH_BUNDLE])
    assert set(bundles[searchindex.TEXTS]) == stored and not (stored | external) & main
    assert set(bundles["sources"]) == external
    assert {f"incidents/{i.id}/index.html" for i in corpus.incidents} <= main
    # a busy claimant's split pages are left out of search like the index pages
    assert set(bundles["claimants"]) == {f"claimants/{slug}/index.html" for slug in SiteView(corpus).claimants}
    every = [p for pages in bundles.values() for p in pages]
    assert len(every) == len(set(every))
    assert not [p for p in every if re.match(r"(sources|claimants)/(index\.html|page/)", p)]
    for part in searchindex.SEARCH_PARTS:
        assert (site / searchindex.SEARCH_BUNDLE / part / "pagefind-entry.json").is_file()
    # indexed a group at a time while MkDocs builds (searchindex.GROUPS): the groups share the bundles out
    by_group = {group: searchindex.bundle_pages(site, group) for group in searchindex.GROUPS}
    assert {name: pages for found in by_group.values() for name, pages in found.items()} == bundles
    assert {searchindex.page_group(page) for page in by_group["main"][searchindex.SEARCH_BUNDLE]} == {"main"}


def _indexed(site: Path, bundle: Path) -> dict[str, str]:
    """Page address -> the text Pagefind indexed of it (each fragment file: gzipped JSON after a signature)."""
    found = {}
    for fragment in (site / bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data["content"]
    return found


def test_the_index_holds_the_records_words_not_the_interfaces_phrases(small_site) -> None:
    """An incident's indexed text has its title, claimants and quotes, but none of the fixed phrases every
    incident page repeats (labels, intros, the bottom line's summary, citation blocks)."""
    site, corpus = small_site
    indexed = _indexed(site, Path(searchindex.SEARCH_BUNDLE))
    for incident in corpus.incidents[:10]:
        text = indexed[f"/incidents/{incident.id}/"]
        assert incident.title in text
        for claim in incident.claims:
            assert claim.claimant in text
        for phrase in ("Bottom line", "Killed:", "Killed, as claimed", "quote not checked", "Each claim as its claimant",
                       "To cite this page", "@misc", "Related incidents", "Graded "):  # fmt: skip
            assert phrase not in text, (incident.id, phrase)
    stored = next(s for s in corpus.sources if s.text)
    text = _indexed(site, Path(searchindex.SEARCH_BUNDLE) / searchindex.TEXTS)[f"/sources/{stored.id}/"]
    assert "Claims and series points citing this source" not in text and "remain the work of their publisher" not in text


def test_the_filters_bundles_hold_each_record_with_its_sort_the_searchs_none(small_site) -> None:
    """The index pages' filters load pagefind/records/<kind>/, built from each record page's title and
    search block with its sort key; the pages themselves (so the search's bundles) carry no sort."""
    site, corpus = small_site
    records = searchindex.record_pages(site)
    assert set(records["incident"]) == {f"incidents/{i.id}/index.html" for i in corpus.incidents}
    assert set(records["source"]) == {f"sources/{s.id}/index.html" for s in corpus.sources}
    assert set(records["claimant"]) == {f"claimants/{slug}/index.html" for slug in SiteView(corpus).claimants}
    incident = corpus.incidents[0]
    page = (site / "incidents" / incident.id / "index.html").read_text(encoding="utf-8")
    stand_in = records["incident"][f"incidents/{incident.id}/index.html"]
    assert "data-pagefind-sort" not in page and f'data-pagefind-sort="date">{incident.date.isoformat().replace("-", "&#45;")}<' in stand_in
    assert incident.title in html.unescape(re.sub(r"<[^>]+>", "", stand_in))  # its title, the h1
    for kind in searchindex.RECORD_KINDS:
        assert (site / searchindex.SEARCH_BUNDLE / searchindex.RECORDS / kind / "pagefind-entry.json").is_file()
    assert not [p for p in site.glob("incidents/*/index.html") if "data-pagefind-sort" in p.read_text(encoding="utf-8")]


def test_a_part_with_no_page_has_no_bundle(tmp_path: Path) -> None:
    """A corpus whose sources all have a stored text (the seeds) has no sources' bundle: indexing
    an empty folder would fail, so the part is skipped (search.js looks for a bundle before merging it)."""
    site = tmp_path / "site"
    for name, body in (("index.html", "home"), ("sources/a/index.html", "stored"), ("claimants/b/index.html", "claimant")):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        marker = ' class="chs-search-tags" data-chs-stored-text>' if body == "stored" else ""
        (site / name).write_text(f"<html lang=en><body><main data-pagefind-body><h1>{body}</h1><div{marker}></div>"
                                 f"<p>words of the {body} page</p></main></body></html>", encoding="utf-8")  # fmt: skip
    (site / "sources" / "index.html").write_text("<html lang=en><body><p>an index page</p></body></html>", encoding="utf-8")
    assert searchindex.bundle_pages(site) == {"pagefind": ["index.html"], "texts": ["sources/a/index.html"], "sources": [],
                                              "claimants": ["claimants/b/index.html"]}  # fmt: skip
    assert searchindex.index_for_search(site) == ""
    assert (site / "pagefind" / "pagefind-entry.json").is_file() and (site / "pagefind" / "claimants").is_dir()
    assert (site / "pagefind" / "texts" / "pagefind-entry.json").is_file()
    assert not (site / "pagefind" / "records").exists()  # no page has a search block: no filters' bundle
    assert not (site / "pagefind" / "sources").exists()
    assert json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8")) == ["texts", "claimants"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the staging folders are gone


# --- in Chromium ----------------------------------------------------------------------------------


class Reader:
    def __init__(self, browser, base: str):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.outside: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def all_rows(self, more: str, rows: str) -> list[str]:
        while self.page.locator(f"{more}:visible").count():
            before = self.page.locator(rows).count()
            self.page.locator(f"{more}:visible").first.click()
            self.page.wait_for_function(f"n => document.querySelectorAll({rows!r}).length > n", arg=before)
        return [unquote(urlparse(h).path) for h in self.page.locator(rows).evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.browser
@pytest.mark.xfail(strict=False, reason="found 2026-12-06, not fixed: for some words the search lists main-bundle "
                   "pages (an incident, Methodology, Contributing) that do not hold the word, where the texts' "
                   "bundle has it; reproduced on d6fea04 with other words (closing note of stop 24)")
def test_a_word_only_in_a_stored_text_is_in_the_first_results(small_site) -> None:
    """A word that only the sources' stored texts have (no incident page) is looked for in the texts'
    bundle at once, before the other sources' and the claimants' bundles are merged (their requests
    refused here): the first results list a source page that has it."""
    site, corpus = small_site
    word, sources = _stored_text_word(site, corpus)
    with served_site(site) as (browser, base):
        reader = Reader(browser, base)
        reader.page.route(f"{base}pagefind/sources/**", lambda route: route.abort())
        reader.page.route(f"{base}pagefind/claimants/**", lambda route: route.abort())
        reader.page.goto(base + "about/")
        reader.page.wait_for_load_state("networkidle")
        reader.page.keyboard.press("/")
        reader.page.keyboard.insert_text(word)  # at once: letter by letter, a prefix's results may come first
        reader.page.wait_for_selector(".md-search-result__item")
        found = [unquote(urlparse(h).path) for h in reader.page.locator(".md-search-result__link").evaluate_all(
            "els => els.map(e => e.href)")]  # fmt: skip
        assert {f"/sources/{source}/" for source in sources} & set(found), (word, found)
        assert not [r for r in reader.requests if "/pagefind/sources/" in r and "/pagefind-entry.json" not in r]


def _stored_text_word(site: Path, corpus: Corpus) -> tuple[str, set[str]]:
    """A word of the sources' stored texts that no page of the main bundle has in any form (its first
    five letters on none of them: Pagefind stems words), and the sources whose pages have it."""
    main = [(site / page).read_text(encoding="utf-8").lower() for page in searchindex.bundle_pages(site)[searchindex.SEARCH_BUNDLE]]
    stored = {s.id: (site / "sources" / s.id / "index.html").read_text(encoding="utf-8").lower() for s in corpus.sources if s.text}
    words = sorted({w for text in stored.values() for w in re.findall(r"(?<![\w&#])[a-z]{6,}(?![\w;])", text)})
    for word in words:
        if not any(word[:5] in text for text in main):
            return word, {source for source, text in stored.items() if word in text}
    raise AssertionError("every word of the stored texts is on a page of the main bundle")


def _quote_word(corpus: Corpus) -> tuple[str, str]:
    """A word of one incident's quotes that no other incident's quotes use, and that incident."""
    words: dict[str, set[str]] = {}
    for incident in corpus.incidents:
        for claim in incident.claims:
            for word in re.findall(r"[A-Za-z]{5,}", claim.quote):
                words.setdefault(word.lower(), set()).add(incident.id)
    word, ids = min(((w, i) for w, i in words.items() if len(i) == 1), key=lambda item: item[0])
    return word, next(iter(ids))


@pytest.mark.browser
def test_a_word_of_a_quote_finds_its_incident_offline(small_site) -> None:
    site, corpus = small_site
    word, incident_id = _quote_word(corpus)
    with served_site(site) as (browser, base):
        reader = Reader(browser, base)
        reader.page.goto(base + "about/")
        reader.page.wait_for_load_state("networkidle")
        assert not [r for r in reader.requests if "/pagefind/" in r]  # nothing fetched before search opens
        reader.page.keyboard.press("/")
        reader.page.keyboard.type(word, delay=20)
        reader.page.wait_for_selector("[data-chs-search-complete]", state="attached")  # the merged list, redrawn no more
        reader.page.wait_for_selector(".md-search-result__item")
        found = reader.all_rows("[data-chs-search-more]", ".md-search-result__link")
        assert f"/incidents/{incident_id}/" in found, (word, found)
        reader.page.keyboard.press("ArrowDown")
        focused = reader.page.evaluate("() => document.activeElement.getAttribute('href')")
        assert urlparse(urljoin(base, focused)).path == found[0]
        reader.page.keyboard.press("Escape")
        assert reader.page.evaluate("() => document.getElementById('__search').checked") is False
        assert reader.outside == [] and reader.errors == []


@pytest.mark.browser
def test_two_filters_show_exactly_the_models_incidents_with_its_counts(small_site) -> None:
    site, corpus = small_site
    country = Counter(i.country for i in corpus.incidents).most_common(1)[0][0]
    in_country = [i for i in corpus.incidents if i.country == country]
    grading = Counter(i.grading.value for i in in_country).most_common(1)[0][0]
    expected = {f"/incidents/{i.id}/" for i in in_country if i.grading.value == grading}
    assert 0 < len(expected) < len(corpus.incidents)
    with served_site(site) as (browser, base):
        reader = Reader(browser, base)
        reader.page.goto(base + "incidents/")
        reader.page.wait_for_load_state("networkidle")
        assert not [r for r in reader.requests if "/pagefind/" in r]
        reader.page.click("[data-chs-filters-start]")
        reader.page.check(f'input[data-key=country][value="{country}"]')
        reader.page.check(f'input[data-key=grading][value="{grading}"]')
        summary = reader.page.locator("[data-chs-filters-summary]")
        # anchored: "12 incidents" (the country alone) must not pass for "2 incidents"
        summary.filter(has_text=re.compile(rf"(^|\D){len(expected)} incidents? match")).wait_for()
        reader.page.locator("[data-chs-filters-results] tbody a").first.wait_for()
        found = reader.all_rows("[data-chs-filters-results] button", "[data-chs-filters-results] tbody a")
        assert set(found) == expected and len(found) == len(expected)
        # each grading's count: the incidents of the ticked country with that grading (the model's)
        for value, count in Counter(i.grading.value for i in in_country).items():
            label = reader.page.locator(f'input[data-key=grading][value="{value}"] ~ .chs-filter-count')
            assert label.inner_text() == f"({count})", value
        years = Counter(str(i.date.year) for i in in_country if i.grading.value == grading)
        for value, count in years.items():
            assert reader.page.locator(f'input[data-key=year][value="{value}"] ~ .chs-filter-count').inner_text() == f"({count})"
        assert reader.page.locator("[data-chs-filters-replaces]").is_hidden()  # the static list gives way
        reader.page.click("text=Clear the filters")
        reader.page.locator("[data-chs-filters-replaces]").wait_for(state="visible")
        assert reader.outside == [] and reader.errors == []


@pytest.mark.browser
def test_the_sources_and_claimants_bundles_are_merged_into_the_results(small_site) -> None:
    """The first results come from the main bundle (incidents, hand-written pages); the sources' and
    claimants' bundles (searchindex.SEARCH_PARTS) are merged in after, so a claimant's name ends up
    finding the claimant's own page, and a source's title its source page."""
    site, corpus = small_site
    claimant = sorted({c.claimant for i in corpus.incidents for c in i.claims})[0]
    source = sorted(corpus.sources, key=lambda s: s.id)[0]
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", (site / "sources" / source.id / "index.html").read_text(encoding="utf-8"), re.S)
    title = html.unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip()
    assert (site / searchindex.SEARCH_BUNDLE / "sources" / "pagefind-entry.json").is_file()
    assert (site / searchindex.SEARCH_BUNDLE / "claimants" / "pagefind-entry.json").is_file()
    with served_site(site) as (browser, base):
        reader = Reader(browser, base)
        reader.page.goto(base + "about/")
        reader.page.wait_for_load_state("networkidle")
        for query, kind, record in ((claimant, "claimants", None), (title, "sources", source.id)):
            if not reader.page.evaluate("() => document.getElementById('__search').checked"):
                reader.page.keyboard.press("/")
            reader.page.fill("[data-chs-search-query]", query)
            reader.page.wait_for_selector("[data-chs-search-complete]", state="attached")
            reader.page.wait_for_selector(".md-search-result__item")
            found = reader.all_rows("[data-chs-search-more]", ".md-search-result__link")
            assert any(path.startswith(f"/{kind}/") and (record is None or record in path) for path in found), (query, found)
        assert reader.outside == [] and reader.errors == []
