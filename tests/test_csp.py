"""Defence in depth for readers: one strict Content-Security-Policy on every page, allowing exactly
the built site's inline scripts by hash; no referrer leaves the site; no toolchain announced.

The build-level tests read every page of the real seeds' build; the browser tests drive Debian's
Chromium over every page type with the policy in force (0 violations, 0 console errors, charts live,
search answering, after instant navigation and a dark-mode toggle), and plant a script and an
inline event handler straight into a built page to prove the policy itself stops them."""

from __future__ import annotations

import datetime as dt
import html.parser
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from built_site import build_project

from build_scripts.checks.validate import check_corpus
from build_scripts.render import csp
from build_scripts.render.mdlinks import is_external
from build_scripts.render.pages import render_site_pages
from build_scripts.render.textsafe import render_markdown
from build_scripts.views.site import SiteView
from tests.conftest import SEEDS, write_corpus
from tests.serve_browser import served_site

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


class _Page(html.parser.HTMLParser):
    """Tags in order, with attributes: what the policy, the referrer rules and the links depend on."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_inline_scripts_are_the_executable_ones_only() -> None:
    page = ('<script>a()</script><script type="module">b()</script><script src="x.js"></script>'
            '<script type="application/json">{"c": 1}</script><script type="text/javascript">d &amp; e</script>')  # fmt: skip
    assert csp.inline_scripts(page) == ["a()", "b()", "d &amp; e"]  # raw text, as the browser hashes it
    assert csp.script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def test_one_policy_on_every_page_allows_exactly_its_inline_scripts(seeds_site: Path) -> None:
    built = pages(seeds_site)
    assert {"index.html", "404.html", "data/index.html"} <= set(built)
    policies = set()
    hashes = set()
    for name, text in built.items():
        found = META.findall(text)
        assert len(found) == 1, name
        policies.add(found[0])
        assert text.index("<meta http-equiv=\"Content-Security-Policy\"") < text.index("<script"), name
        assert csp.MARKER not in text, name
        hashes.update(csp.script_hash(s) for s in csp.inline_scripts(text))
    assert len(policies) == 1
    policy = policies.pop()
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    # every inline script, nothing stale; WebAssembly for the search (Pagefind), no JavaScript eval
    assert set(directives["script-src"].split()) == {"'self'", "'wasm-unsafe-eval'", *hashes}
    assert len(hashes) >= 3  # Material's __md_scope (one per depth), palette and hash-target scripts
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "unsafe" not in policy.replace("'wasm-unsafe-eval'", "")
    assert directives["default-src"] == "'none'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'none'"


def test_no_inline_styles_handlers_referrers_or_generator(seeds_site: Path) -> None:
    """style-src 'self' blocks style attributes and elements, script-src blocks handlers: the built
    site has none to lose. Every page asks for no referrer and names no toolchain."""
    for name, text in pages(seeds_site).items():
        tags = parsed(text).tags
        assert not [t for t, a in tags if "style" in a or t == "style"], name
        assert not [(t, k) for t, a in tags for k in a if k.startswith("on")], name
        metas = [a for t, a in tags if t == "meta"]
        assert {"name": "referrer", "content": "no-referrer"} in metas, name
        assert not [a for a in metas if a.get("name") == "generator"], name


def test_every_external_link_has_noreferrer(seeds_site: Path) -> None:
    external = 0
    for name, text in pages(seeds_site).items():
        for tag, attrs in parsed(text).tags:
            if tag == "a" and is_external(attrs.get("href") or ""):
                external += 1
                assert "noreferrer" in (attrs.get("rel") or "").split(), (name, attrs)
    assert external >= 1  # contributing's links (the seed sources have no address)


def test_source_addresses_carry_noreferrer(tmp_path: Path) -> None:
    corpus, problems = check_corpus(write_corpus(tmp_path / "seeds"), dt.date(2026, 1, 1))
    assert problems == []
    page = render_site_pages(SiteView(corpus))["sources/tiny-gazette.md"]
    links = [a for t, a in parsed(page).tags if t == "a" and is_external(a.get("href") or "")]
    assert [a["href"] for a in links] == ["https://example.org/report"] and all("noreferrer" in (a.get("rel") or "").split() for a in links)


def test_contributor_markdown_links_carry_noreferrer() -> None:
    html = render_markdown("See [the report](https://example.org/r) and <https://example.org/s>.")
    assert html.count('rel="nofollow noopener noreferrer"') == 2


# --- in Chromium, with the policy in force --------------------------------------------------------

# every violation reported as a console error, so it is caught on pages that navigate on at once
REPORT_VIOLATIONS = ("document.addEventListener('securitypolicyviolation', e => console.error("
                     "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));")  # fmt: skip
REDIRECT = "- kind: incident\n  old_id: 2017-03-17-old-al-jadida\n  new_id: 2017-03-17-mosul-al-jadida\n  reason: renamed\n"


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real seeds plus one redirect (a page type the seeds do not have yet)."""
    root = tmp_path_factory.mktemp("csp-build")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "redirects.yaml").write_text(REDIRECT, encoding="utf-8")
    return build_project(root, seeds)[1]


class Reader:
    def __init__(self, browser, base: str):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.add_init_script(REPORT_VIOLATIONS)
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).hostname == "127.0.0.1"
                        else route.abort())  # fmt: skip

    def charts_live(self) -> int:
        frames = self.page.locator(".chs-chart-frame")
        for i in range(frames.count()):
            frames.nth(i).scroll_into_view_if_needed()
            frames.nth(i).hover()
        count = frames.count()
        if count:
            self.page.wait_for_function(
                "n => document.querySelectorAll('.chs-chart--live .chs-chart-view svg .role-mark').length > 0 "
                "&& document.querySelectorAll('.chs-chart--live').length === n", arg=count, timeout=30000)  # fmt: skip
        return count

    def search(self, words: str) -> int:
        self.page.keyboard.press("/")
        self.page.keyboard.type(words, delay=30)
        self.page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=20000)
        count = self.page.locator(".md-search-result__item").count()
        self.page.keyboard.press("Escape")
        return count


PAGE_TYPES = {
    "": 2, "incidents/": 1, "sources/": 0, "claimants/": 0, "campaigns/": 0, "campaigns/mosul-offensive/": 0, "data/": 1, "methodology/": 0, "about/": 0,
    "incidents/2017-03-17-mosul-al-jadida/": 1, "sources/s001-daesh-seizes-on-civilian-casualty-spike/": 0,
    "claimants/syrian-observatory-for-human-rights/": 0, "404.html": 0,
}  # fmt: skip


@pytest.mark.browser
def test_every_page_type_works_under_the_policy(csp_site: Path) -> None:
    with served_site(csp_site) as (browser, base):
        reader = Reader(browser, base)
        for path, charts in PAGE_TYPES.items():
            reader.page.goto(base + path)
            reader.page.wait_for_load_state("networkidle")
            assert reader.charts_live() == charts, path
        reader.page.goto(base + "incidents/2017-03-17-old-al-jadida/")  # the redirect page leads on
        reader.page.wait_for_url("**/incidents/2017-03-17-mosul-al-jadida/")
        reader.page.wait_for_load_state("networkidle")
        assert reader.search("Mosul") > 0
        # instant navigation, then the dark-mode toggle: charts redrawn, search still answering
        reader.page.locator("nav.md-nav--primary a", has_text="Data").first.click()
        reader.page.wait_for_url("**/data/")
        assert reader.charts_live() == PAGE_TYPES["data/"]
        reader.page.locator("form[data-md-component=palette] label:visible").first.click()
        reader.page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
        reader.page.wait_for_timeout(500)
        assert reader.charts_live() == PAGE_TYPES["data/"]
        reader.page.locator("nav.md-nav--primary a", has_text="Incidents").first.click()
        reader.page.wait_for_url("**/incidents/")
        assert reader.charts_live() == 1
        assert reader.page.locator("table.sortable th, article table th[role=columnheader]").count() > 0  # tablesort ran
        assert reader.search("Syrian Observatory") > 0
        assert reader.errors == []


@pytest.mark.browser
def test_a_planted_script_and_handler_do_not_run(csp_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(csp_site, site)
    page_file = site / "about" / "index.html"
    text = page_file.read_text(encoding="utf-8")
    planted = ('<script>document.title = "pwned-script"</script>'
               '<img src="data:," alt="" onload="document.title = \'pwned-handler\'">'
               '<img src="nowhere.png" alt="" onerror="document.title = \'pwned-error\'">')  # fmt: skip
    page_file.write_text(text.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    with served_site(site) as (browser, base):
        reader = Reader(browser, base)
        reader.page.goto(base + "about/")
        reader.page.wait_for_load_state("networkidle")
        assert "pwned" not in reader.page.title()
        blocked = [e for e in reader.errors if e.startswith("CSP violation: script-src")]
        assert len(blocked) >= 2, reader.errors  # the script and the handlers were refused, not absent


def test_inline_scripts_match_a_full_html_parser(seeds_site: Path) -> None:
    """The post-build pass scans for comments and script tags only; on every built page and on
    tricky markup it finds what html5lib, a parser of the HTML standard, finds."""
    import html5lib

    def reference(text: str) -> list[str]:
        tree = html5lib.parse(text, namespaceHTMLElements=False)
        return [s.text or "" for s in tree.iter("script") if "src" not in s.attrib
                and (s.get("type") or "").strip().lower() in csp._EXECUTABLE]  # fmt: skip

    tricky = ('<!-- <script>hidden()</script> --><SCRIPT Type="MODULE">a("</scrip")</SCRIPT >'
              "<p title='<script>no()</script>'>x</p><script\ntype=text/javascript>b()</script/>"
              '<script data-x="1>2">c()</script><script type="application/ld+json">{}</script>')  # fmt: skip
    assert csp.inline_scripts(tricky) == ['a("</scrip")', "b()", "c()"]
    for name, text in pages(seeds_site).items():
        assert csp.inline_scripts(text) == [s.replace("\r\n", "\n") for s in reference(text)], name
