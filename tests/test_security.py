"""Untrusted text: every attack string in every free-text field. Each check either succeeds or fails
with located problems (never an exception); one build of a corpus holding all accepted strings must
produce pages with no element, attribute, event handler or script URL that the templates did not
put there, and Chromium must open no dialog on them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from attack_corpus import ALL_FIELDS, attack_strings, write_attack_corpus
from conftest import SEEDS, copy_project
from html_audit import audit_site, markup_vocabulary

from build_scripts import pipeline
from build_scripts.checks.validate import check_corpus
from build_scripts.model.records import Source

pytestmark = pytest.mark.slow

TODAY = dt.date.today()  # the real corpus holds real past dates (its history included)
LOCATED = re.compile(r"^(sources|incidents|series)\.yaml:\d+:\d+: .+ — .+$|^documents/d\d+\.txt:\d+:\d+: .+ — .+$")


@pytest.fixture(scope="module")
def acceptance(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """For each field, the attack strings the schema accepts there (each tried alone, in-process)."""
    root = tmp_path_factory.mktemp("probe")
    accepted: dict[str, list[str]] = {field: [] for field in ALL_FIELDS}
    for n, value in enumerate(attack_strings()):
        for field in ALL_FIELDS:
            seeds = write_attack_corpus(root / f"{n}-{field}", [{field: value}])
            corpus, problems = check_corpus(seeds, TODAY)  # an exception here fails the test
            if corpus is not None:
                accepted[field].append(value)
                continue
            assert problems, (field, value)
            for problem in problems:
                shown = problem.format().replace(str(seeds) + "/", "")
                assert LOCATED.match(shown.split("\n")[0]), shown
                assert problem.location.line >= 1 and problem.location.column >= 1
    return accepted


def test_every_string_is_accepted_or_refused_with_a_location(acceptance: dict[str, list[str]]) -> None:
    strings = attack_strings()
    counts = {field: len(values) for field, values in acceptance.items()}
    print(f"\n{len(strings)} attack strings; accepted per field: {counts}")
    blank = sum(1 for s in strings if not s.strip())
    for field in ALL_FIELDS:
        if field.endswith((".id", "url")):
            continue
        # free text refuses only what is empty once stripped
        assert counts[field] == len(strings) - blank, field
    for field in ("source.url", "source.archive_url"):  # the string is appended to https://example.org/
        assert counts[field] > len(strings) // 4, field
        assert not [s for s in acceptance[field] if re.search(r'[\s"<>`\\]', s)], field


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "//evil.example/", "ftp://x.example/",
            "https://", "http:// example.org", "https://example.org/\nx", 'https://example.org/"onmouseover="x',
            "https://example.org/<script>", "https://example.org/%zz"],
)  # fmt: skip
def test_only_http_urls(url: str) -> None:
    with pytest.raises(ValueError, match=r"is not an http|not allowed in an address"):
        Source.model_validate({"id": "s", "language": "en", "kind": "news", "url": url})


@pytest.fixture(scope="module")
def attack_site(acceptance: dict[str, list[str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One corpus, one record per string, each string in every field that accepts it; built once."""
    strings = attack_strings()
    rows = []
    for n, value in enumerate(strings):
        row = {field: value for field in ALL_FIELDS if value in set(acceptance[field])}
        if "claim.claimant" in row:
            row["claim.claimant"] = f"{value} ({n})"  # distinct claimants: the spelling check compares them
        rows.append(row)
    root = tmp_path_factory.mktemp("attack")
    project = copy_project(root / "project")
    seeds = write_attack_corpus(project / "seeds", rows)
    problems = pipeline.build(seeds, pipeline.read_project(project / "mkdocs.yml"), root / "site", TODAY)
    assert problems == []
    return root / "site"


@pytest.fixture(scope="module")
def clean_vocabulary(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The tags, attributes and inline scripts the templates and theme produce for the real seeds."""
    root = tmp_path_factory.mktemp("clean")
    project = copy_project(root / "project")
    shutil.copytree(SEEDS, project / "seeds")
    assert pipeline.build(project / "seeds", pipeline.read_project(project / "mkdocs.yml"), root / "site", TODAY) == []
    return markup_vocabulary(root / "site")


def test_attack_pages_hold_only_template_markup(attack_site: Path, clean_vocabulary: dict) -> None:
    findings = audit_site(attack_site, clean_vocabulary)
    assert findings == [], "\n".join(findings[:40])


def test_attack_strings_reach_the_pages_as_text(attack_site: Path) -> None:
    pages = list((attack_site / "incidents").glob("*/index.html"))
    assert len(pages) == len(attack_strings())  # every record published, none dropped


@pytest.mark.browser
def test_no_dialog_or_injected_script_in_chromium(attack_site: Path) -> None:
    from serve_browser import served_site

    # the three indexes hold every title, place, country, claimant and source field; plus a sample of
    # record pages (summaries, notes, quotes, stored texts)
    pages = ["incidents/", "sources/", "claimants/"]
    for folder, count in (("incidents", 20), ("sources", 10), ("claimants", 10)):
        found = sorted((attack_site / folder).glob("*/index.html"))
        pages += [str(p.parent.relative_to(attack_site)) + "/" for p in found[:: max(1, len(found) // count)]]
    with served_site(attack_site) as (browser, base):
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in pages:
            page.goto(base + path, wait_until="load")
            injected = page.evaluate(
                "() => [...document.querySelectorAll('script')].filter(s => !s.src && !s.type.includes('json')).length"
            )
            assert injected <= 3, path  # Material's own inline scripts only (checked exactly by the audit)
        assert dialogs == [], dialogs[:5]
        assert errors == [], errors[:5]
    print(f"\nchromium loaded {len(pages)} attack pages: {Counter(p.split('/')[0] for p in pages)}")


def test_the_audit_catches_injected_markup(attack_site: Path, clean_vocabulary: dict, tmp_path: Path) -> None:
    page = next(iter(sorted((attack_site / "incidents").glob("*/index.html"))))
    html = page.read_text(encoding="utf-8")
    tampered = tmp_path / "incidents" / "x" / "index.html"
    tampered.parent.mkdir(parents=True)
    injections = ['<img src="x" onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>', "<script>alert(1)</script>",
                  '<iframe src="https://evil.example/"></iframe>']  # fmt: skip
    for injection in injections:
        tampered.write_text(html.replace("<h1", injection + "<h1", 1), encoding="utf-8")
        assert audit_site(tmp_path, clean_vocabulary), injection


def test_attack_pages_are_valid_html(attack_site: Path, tmp_path: Path) -> None:
    """The Nu HTML Checker on the indexes and a sample of attack pages (all pages take a minute)."""
    from test_site_quality import THEME_FINDINGS, vnu_errors

    sample = [attack_site / "index.html"]
    for folder in ("incidents", "sources", "claimants"):
        found = sorted((attack_site / folder).glob("*/index.html"))
        sample += [attack_site / folder / "index.html", *found[:: max(1, len(found) // 25)]]
    for n, page in enumerate(sample):
        shutil.copyfile(page, tmp_path / f"{n}.html")
    ours = [line for line in vnu_errors(tmp_path) if line.split(": error: ", 1)[1] not in THEME_FINDINGS]
    assert ours == [], "\n".join(ours[:30])
