"""Pages that describe themselves: with ``site_url`` set (here through SITE_URL, as the deploy
workflow sets it), every page is in the sitemap with a canonical link and a description of its own;
the Data page's Dataset JSON-LD has its fields, from the corpus's own dates; the pages stay valid."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from built_site import build_project
from conftest import ROOT, SEEDS
from html_audit import parse_page

from build_scripts import pipeline
from build_scripts.checks.validate import check_corpus
from build_scripts.render.metadata import plain, script_json, yaml_text
from build_scripts.views.coverage import corpus_coverage
from build_scripts.views.site import SiteView

SITE_URL = "https://example.org/claims/"


def test_read_project_takes_site_url_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    assert pipeline.read_project(ROOT / "mkdocs.yml").site_url == ""
    monkeypatch.setenv("SITE_URL", "https://octocat.github.io/claims")  # configure-pages gives no final /
    project = pipeline.read_project(ROOT / "mkdocs.yml")
    assert project.site_url == "https://octocat.github.io/claims/"
    assert project.site_name == "Civilian-harm claims" and project.data_licence == "CC BY 4.0"
    config = tmp_path / "mkdocs.yml"  # tags MkDocs and extensions use do not break the generator's read
    config.write_text("site_url: !ENV [NO_SUCH_VARIABLE, 'https://example.org/x']\ndocs_dir: content\n"
                      "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                      "extra:\n  data_licence: CC BY 4.0\n  logo: !relative assets/logo.svg\n", encoding="utf-8")  # fmt: skip
    project = pipeline.read_project(config)
    assert (project.site_url, project.docs_dir, project.data_licence) == ("https://example.org/x/", tmp_path / "content", "CC BY 4.0")


def test_yaml_text_round_trips_and_hides_every_syntax() -> None:
    import yaml

    for text in ['a "quoted" <b>x</b> & --8<-- "f" *e* | t', "\\ \t\x85\u2028 é 😀 ﷽", "---", "...", "#"]:
        encoded = yaml_text(text)
        assert yaml.safe_load(f"description: {encoded}\n") == {"description": text}
        assert "\n" not in encoded and not re.search(r"[<>&*|`\[\]#]", encoded)


def test_script_json_cannot_close_its_script() -> None:
    value = {"name": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = script_json(value)
    assert not re.search("[<>&\u2028]", text) and json.loads(text) == value


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", SITE_URL.rstrip("/"))  # as actions/configure-pages gives it
        return build_project(tmp_path_factory.mktemp("published"))


def pages_of(site: Path) -> dict[str, Path]:
    """Address (relative to the site root) -> built HTML file, for every page."""
    return {str(path.parent.relative_to(site)).removeprefix(".") + "/" if path.parent != site else "": path
            for path in sorted(site.rglob("index.html"))}  # fmt: skip


def _meta(tree, key: str, name: str) -> list[str]:
    return [m.get("content") for m in tree.iter("meta") if m.get(key) == name]


@pytest.mark.slow
def test_every_page_is_in_the_sitemap_with_a_canonical_link(published: tuple[Path, Path]) -> None:
    _, site = published
    pages = pages_of(site)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = [loc.removeprefix(SITE_URL) for loc in re.findall(r"<loc>(.*?)</loc>", sitemap)]
    assert sorted(listed) == sorted(pages) and len(pages) > 30
    for address, path in pages.items():
        tree = parse_page(path)
        canonical = [link.get("href") for link in tree.iter("link") if link.get("rel") == "canonical"]
        assert canonical == [SITE_URL + address] == _meta(tree, "property", "og:url"), address


@pytest.mark.slow
def test_every_page_has_a_description_of_its_own(published: tuple[Path, Path]) -> None:
    _, site = published
    described = {}
    for address, path in pages_of(site).items():
        tree = parse_page(path)
        description = _meta(tree, "name", "description")
        assert len(description) == 1 and description[0].strip(), address
        assert _meta(tree, "property", "og:description") == description == _meta(tree, "name", "twitter:description")
        assert _meta(tree, "name", "twitter:card") == ["summary"] and len(_meta(tree, "property", "og:title")) == 1
        assert not [m for m in tree.iter("meta") if "image" in (m.get("property") or m.get("name") or "")]
        described[address] = description[0]
    shared = [text for text, n in Counter(described.values()).items() if n > 1]
    assert shared == [], shared
    jadida = described["incidents/2017-03-17-mosul-al-jadida/"]
    assert "2017-03-17" in jadida and "West Mosul (al-Jadida, inferred), Iraq" in jadida and "“over 200”" in jadida
    assert described["claimants/un-human-rights-office/"].startswith("UN human rights office: ")
    source = described["sources/s002-informed-comment-trump-massacres-mosul/"]
    assert source.startswith("After Trump Massacres in Mosul, Campaign against ISIL Halted: ")


@pytest.mark.slow
def test_the_data_page_describes_the_dataset(published: tuple[Path, Path]) -> None:
    _, site = published
    scripts = [s.text for s in parse_page(site / "data" / "index.html").iter("script")
               if s.get("type") == "application/ld+json"]  # fmt: skip
    assert len(scripts) == 1
    dataset = json.loads(scripts[0])
    corpus, _ = check_corpus(SEEDS, dt.date.today())
    coverage = corpus_coverage(SiteView(corpus))
    assert dataset["@context"] == "https://schema.org" and dataset["@type"] == "Dataset"
    assert dataset["name"] == "Civilian-harm claims" and len(dataset["description"]) >= 50
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    # the corpus's own dates, never the build date (2017-03-29 and 2014-09/2017-03 for today's seeds;
    # a data-only pull request may move them)
    assert dataset["dateModified"] == coverage.modified.isoformat() != dt.date.today().isoformat()
    assert dataset["temporalCoverage"] == coverage.temporal and coverage.temporal.startswith("2014-09/")
    assert [place["name"] for place in dataset["spatialCoverage"]] == [plain(c) for c in coverage.countries]
    assert {"Iraq", "Syria"} <= {place["name"] for place in dataset["spatialCoverage"]}
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert dataset["version"] == package["version"] and dataset["url"] == SITE_URL + "data/"
    downloads = dataset["distribution"]
    assert {d["@type"] for d in downloads} == {"DataDownload"}
    for download in downloads:
        assert download["contentUrl"] == SITE_URL + "data/" + download["name"]
        assert (site / "data" / download["name"]).is_file(), download
        assert download["encodingFormat"] in {"text/csv", "application/json", "application/geo+json",
                                              "application/schema+json", "text/plain"}  # fmt: skip
    names = {d["name"] for d in downloads}
    assert {"incidents.csv", "claims.csv", "hxl/incidents.csv", "datapackage.json", "SHA256SUMS"} <= names


@pytest.mark.slow
def test_pages_with_metadata_are_valid_html(published: tuple[Path, Path]) -> None:
    from test_site_quality import THEME_FINDINGS, vnu_errors

    _, site = published
    ours = [line for line in vnu_errors(site) if line.split(": error: ", 1)[1] not in THEME_FINDINGS]
    assert ours == [], "\n".join(ours[:30])


@pytest.mark.slow
def test_downloads_are_byte_identical_between_two_builds(published: tuple[Path, Path], tmp_path: Path) -> None:
    _, site = published
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", SITE_URL)
        _, again = build_project(tmp_path)
    first = {p.relative_to(site): p.read_bytes() for p in sorted((site / "data").rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted((again / "data").rglob("*")) if p.is_file()}
    assert first == second and len(first) > 20
