"""Golden Markdown for the frozen test corpus (tests/corpus), every record of the real corpus on a page,
determinism, symmetric related links, and escaping of contributor text in pages."""

from __future__ import annotations

import datetime as dt

import pytest

from build_scripts.checks.validate import check_corpus
from build_scripts.render.pages import render_site_pages, render_stored_text
from build_scripts.views.site import Passage, SiteView
from tests.conftest import CORPUS, ROOT, SEEDS, TINY_INCIDENTS, write_corpus

TODAY = dt.date.today()  # the real corpus holds real past dates (its history included)


def pages_of(seeds) -> dict[str, str]:
    corpus, problems = check_corpus(seeds, TODAY)
    assert problems == [], [p.format() for p in problems]
    assert corpus is not None
    return render_site_pages(SiteView(corpus))


@pytest.fixture(scope="module")
def frozen_pages() -> dict[str, str]:
    return pages_of(CORPUS)


@pytest.fixture(scope="module")
def real_pages() -> dict[str, str]:
    return pages_of(SEEDS)


def test_frozen_corpus_pages_match_goldens(frozen_pages: dict[str, str], golden) -> None:
    for path, text in sorted(frozen_pages.items()):
        golden(f"pages/{path}", text)


def test_golden_folder_has_no_stale_pages(frozen_pages: dict[str, str]) -> None:
    folder = ROOT / "tests" / "golden" / "pages"
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*.md")}
    assert on_disk == set(frozen_pages)


def test_rendering_is_deterministic() -> None:
    corpus, _ = check_corpus(SEEDS, TODAY)
    assert corpus is not None
    assert render_site_pages(SiteView(corpus)) == render_site_pages(SiteView(corpus))


@pytest.mark.parametrize("which", ["real", "frozen"])
def test_every_record_has_a_page(which: str, request) -> None:
    corpus, _ = check_corpus(SEEDS if which == "real" else CORPUS, TODAY)
    pages = request.getfixturevalue(f"{which}_pages")
    assert corpus is not None
    for incident in corpus.incidents:
        assert f"incidents/{incident.id}.md" in pages
    for source in corpus.sources:
        assert f"sources/{source.id}.md" in pages


def test_the_frozen_corpus_holds_its_edge_cases() -> None:
    corpus, _ = check_corpus(CORPUS, TODAY)
    assert corpus is not None
    assert any(s.text is None for s in corpus.sources)
    assert any(i.date_precision.value == "month" for i in corpus.incidents)
    assert any(all(c.killed is None and c.injured is None for c in i.claims) for i in corpus.incidents)


def test_related_links_show_on_both_pages(tmp_path) -> None:
    other = TINY_INCIDENTS.replace("2020-01-04-market-strike", "2020-01-05-second-strike").replace(
        "title: Strike on the market", "title: Second strike").replace("date: 2020-01-04", "date: 2020-01-05")
    incidents = TINY_INCIDENTS + other.replace("related: []", "related: [2020-01-04-market-strike]")
    pages = pages_of(write_corpus(tmp_path / "seeds", incidents=incidents))
    first, second = pages["incidents/2020-01-04-market-strike.md"], pages["incidents/2020-01-05-second-strike.md"]
    assert "- [Second strike](2020-01-05-second-strike.md)" in first  # named only by the other incident
    assert "- [Strike on the market](2020-01-04-market-strike.md)" in second


def test_date_and_place_notes_short_beside_long_below(tmp_path) -> None:
    """A short note stays beside the date or place it qualifies; a long one is replaced there by a
    pointer and given in full just below the facts line, so the bottom line stays on the first screen."""
    short = "inferred from a victim's address"
    long = "No text names the neighbourhood struck; " + "the strike is placed there only through a residence. " * 3
    incidents = TINY_INCIDENTS.replace("  place: Old market\n", f"  place: Old market\n  place_note: \"{long}\"\n").replace(
        "  date_precision: day\n", f"  date_precision: day\n  date_note: \"{short}\"\n", 1)
    page = pages_of(write_corpus(tmp_path / "seeds", incidents=incidents))["incidents/2020-01-04-market-strike.md"]
    facts = next(line for line in page.splitlines() if "Old market" in line and "·" in line)
    assert "(known to the day: inferred from a victim&#39;s address)" in facts
    assert "**Old market** (note below)" in facts and "residence" not in facts
    below = page.split("{: .chs-facts }", 1)[1].split("Graded", 1)[0]
    assert "<summary>How the date and place are known</summary>" in below
    assert "- **Place:** No text names the neighbourhood struck" in below and "Date:" not in below


def test_contributor_markup_is_escaped_in_pages(tmp_path) -> None:
    hostile = '<img src=x onerror=alert(1)> *bold* [link](javascript:alert(2)) | pipe --8<-- "x"'
    incidents = (
        "- id: 2020-01-04-market-strike\n"
        f"  title: '{hostile}'\n"
        "  date: 2020-01-04\n  date_precision: day\n"
        f"  place: '{hostile}'\n  country: Testland\n  grading: weak\n"
        "  summary: |-\n    <script>alert(3)</script> [x](javascript:alert(4)) ![i](https://tracker.example/p.png)\n"
        "  claims:\n"
        "    - id: ministry\n      source: tiny-gazette\n"
        f"      claimant: '{hostile}'\n      claimant_type: government\n"
        '      killed: "at least 12"\n      quote: "At least 12 people were killed"\n'
    )
    seeds = write_corpus(tmp_path / "seeds", incidents=incidents)
    corpus, problems = check_corpus(seeds, TODAY)
    assert problems == []
    assert corpus is not None
    pages = render_site_pages(SiteView(corpus))
    everything = "\n".join(pages.values())
    for raw in ("<img", "<script", 'href="javascript', "](javascript", "*bold*", "| pipe", "--8<--", 'src="https'):
        assert raw not in everything, raw


def test_stored_text_marks_overlapping_quotes_and_escapes() -> None:
    text = "one <two> three\nfour five"
    passages = [
        Passage(0, 9, "q-a--x", "A", "../a/"),
        Passage(4, 20, "q-b--y", "B & co", "../b/"),
    ]
    html = render_stored_text(text, passages, 0, len(text))
    assert html.count('id="q-a--x"') == 1 and html.count('id="q-b--y"') == 1
    assert "&#60;two&#62;" in html and "<two>" not in html
    assert 'title="B &#38; co"' in html
    assert html.startswith("<p>") and html.count("<p>") == 2
    # the second quote continues over the line break
    assert html.split("\n")[1].startswith('<p><mark class="chs-quote"')
