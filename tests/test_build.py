"""End to end: build the real corpus into a temp dir with mkdocs --strict; every record shows."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_scripts import pipeline
from build_scripts.checks.validate import check_corpus, claimant_slug
from tests.conftest import SEEDS, copy_project, write_corpus

TODAY = dt.date.today()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts))


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("e2e") / "project")
    site = root / "site"
    problems = pipeline.build(SEEDS, pipeline.read_project(root / "mkdocs.yml"), site, TODAY)
    assert problems == []
    return site


def test_every_incident_claim_quote_and_source_is_in_the_html(built: Path) -> None:
    corpus, _ = check_corpus(SEEDS, TODAY)
    assert corpus is not None
    index = page_text(built / "incidents" / "index.html")
    for incident in corpus.incidents:
        page = page_text(built / "incidents" / incident.id / "index.html")
        assert norm(incident.title) in page and norm(incident.title) in index
        for claim in incident.claims:
            assert norm(claim.quote) in page, (incident.id, claim.id)
            assert norm(claim.claimant) in page
            if claim.killed:
                assert norm(claim.killed) in page
            source_page = page_text(built / "sources" / claim.source / "index.html")
            assert norm(claim.quote) in source_page or norm(claim.quote) in source_page.replace("“", '"')
            claimant_page = page_text(built / "claimants" / claimant_slug(claim.claimant) / "index.html")
            assert norm(claim.quote) in claimant_page
    sources_index = page_text(built / "sources" / "index.html")
    for source in corpus.sources:
        assert (built / "sources" / source.id / "index.html").is_file()
        if source.title:
            assert norm(source.title) in sources_index
    data = page_text(built / "data" / "index.html")
    for series in corpus.series:
        for point in series.points:
            assert norm(point.quote) in data


def test_quote_links_reach_highlighted_anchors(built: Path) -> None:
    corpus, _ = check_corpus(SEEDS, TODAY)
    assert corpus is not None
    for incident in corpus.incidents:
        html = (built / "incidents" / incident.id / "index.html").read_text(encoding="utf-8")
        for claim in incident.claims:
            anchor = f"q-{incident.id}--{claim.id}"
            assert f"../../sources/{claim.source}/#{anchor}" in html
            source_html = (built / "sources" / claim.source / "index.html").read_text(encoding="utf-8")
            assert f'id="{anchor}"' in source_html
            assert f'id="claim-{claim.id}"' in html


def test_unknown_metadata_is_shown_as_unknown(built: Path) -> None:
    corpus, _ = check_corpus(SEEDS, TODAY)
    assert corpus is not None
    for source in corpus.sources:
        text = page_text(built / "sources" / source.id / "index.html")
        if source.publisher is None:
            assert "Publisher unknown" in text
        if source.published is None:
            assert "Published unknown" in text


def test_reader_comments_are_shown_apart(built: Path) -> None:
    corpus, _ = check_corpus(SEEDS, TODAY)
    assert corpus is not None
    with_comments = [s for s in corpus.sources if s.comments_start]
    assert with_comments, "the real corpus has a source with reader comments"
    for source in with_comments:
        html = (built / "sources" / source.id / "index.html").read_text(encoding="utf-8")
        assert "Reader comments (not part of the article)" in html
        assert html.count('class="chs-document chs-comments"') == 1


def test_no_third_party_requests_in_html(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r'(?:src|href)="(https?:)?//([^"/]+)', html):
            # only outbound links to sources (<a href>) may leave the site; nothing is loaded
            tag_start = html.rfind("<", 0, match.start())
            assert html[tag_start:tag_start + 2] == "<a", (page, match.group(0))
        assert "fonts.googleapis" not in html


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    seeds = write_corpus(tmp_path / "seeds")
    project = pipeline.read_project(root / "mkdocs.yml")
    site = root / "site"
    assert pipeline.build(seeds, project, site, TODAY) == []
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (seeds / "incidents.yaml").write_text(
        (seeds / "incidents.yaml").read_text().replace("At least 12 people were killed", "At most 3 died"),
        encoding="utf-8",
    )
    problems = pipeline.build(seeds, project, site, TODAY)
    assert [p.message for p in problems] == ["claim '2020-01-04-market-strike/ministry': quote not found in source 'tiny-gazette'"]
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(site.parent.glob(".site.new-*"))


def test_hostile_title_cannot_break_out_of_the_html_title(tmp_path: Path) -> None:
    """Material writes `page.title | striptags` (which decodes entities) into <title>: overridden."""
    from tests.conftest import TINY_INCIDENTS

    hostile = "</title><script>alert(1)</script><b>x"
    incidents = TINY_INCIDENTS.replace("title: Strike on the market", f"title: '{hostile}'")
    seeds = write_corpus(tmp_path / "seeds", incidents=incidents)
    root = copy_project(tmp_path / "project")
    assert pipeline.build(seeds, pipeline.read_project(root / "mkdocs.yml"), root / "site", TODAY) == []
    for page in (root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, page
    html = (root / "site" / "incidents" / "2020-01-04-market-strike" / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x - " in html


def test_external_source_without_stored_text_is_marked_unchecked(tmp_path: Path) -> None:
    from tests.conftest import TINY_INCIDENTS

    sources = (
        "- id: tiny-gazette\n  title: null\n  publisher: null\n  published: null\n"
        "  url: https://example.org/x\n  language: en\n  kind: news\n"
    )
    seeds = write_corpus(tmp_path / "seeds", sources=sources, incidents=TINY_INCIDENTS)
    root = copy_project(tmp_path / "project")
    assert pipeline.build(seeds, pipeline.read_project(root / "mkdocs.yml"), root / "site", TODAY) == []
    text = page_text(root / "site" / "incidents" / "2020-01-04-market-strike" / "index.html")
    assert text.count("(quote not checked against a stored copy)") == 2
    source = page_text(root / "site" / "sources" / "tiny-gazette" / "index.html")
    assert "not checked against a stored copy" in source and "Title unknown" in source
