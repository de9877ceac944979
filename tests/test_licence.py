"""Licences and citation: MIT for the code, CC BY 4.0 for the curated data (not the quoted texts),
a CITATION.cff valid against the CFF 1.2.0 schema that agrees with what the site shows."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import tomllib
from pathlib import Path

import html5lib
import jsonschema
import pytest
import yaml
from packaging.licenses import canonicalize_license_expression

from build_scripts.pipeline import DATA_LICENCE, DATA_LICENCE_URL, read_project
from build_scripts.render.datapackage import licence_record
from build_scripts.render.messages import default_messages
from tests.conftest import ROOT, SEEDS

CFF_SCHEMA = ROOT / "tests" / "vendor" / "citation-file-format-1.2.0.schema.json"
CFF_SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"
HOLDER = "The civilian-harm claims site contributors"
TEMPLATES = ROOT / "build_scripts" / "render" / "templates"
# What the site calls the licence -> its SPDX identifier (CITATION.cff, metadata).
SPDX = {"CC BY 4.0": "CC-BY-4.0"}


def cff_errors(document: dict) -> list[str]:
    schema_bytes = CFF_SCHEMA.read_bytes()
    assert hashlib.sha256(schema_bytes).hexdigest() == CFF_SCHEMA_SHA256, "the vendored CFF schema was changed"
    schema = json.loads(schema_bytes)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return sorted(f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in validator.iter_errors(document))


@pytest.fixture(scope="module")
def cff() -> dict:
    # The CFF schema knows no YAML dates; keep every scalar as written (as cffconvert does).
    return yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_citation_cff_is_valid_cff_1_2(cff: dict) -> None:
    assert cff["cff-version"] == "1.2.0"
    assert cff_errors(cff) == []


def test_the_cff_validation_sees_a_broken_file(cff: dict) -> None:
    broken = copy.deepcopy(cff)
    del broken["authors"]
    broken["license"] = "CC-BY-4"  # not an SPDX identifier
    broken["type"] = "website"
    errors = cff_errors(broken)
    assert any("'authors' is a required property" in e for e in errors), errors
    assert any(e.startswith("license:") for e in errors) and any(e.startswith("type:") for e in errors), errors


def cite_blocks() -> list[str]:
    """The `> …` lines under each template's 'cite this' heading, template syntax and all (fixed
    phrases, ``msg("key")``, read from the English messages file)."""
    blocks = []
    messages = default_messages()
    for path in sorted(TEMPLATES.glob("*.j2")):
        text = re.sub(r'\{\{ msg\("([^"]+)"\) \}\}', lambda m: messages.get(m.group(1)), path.read_text(encoding="utf-8"))
        for match in re.finditer(r"^#+ [^\n]*\b(?:[Cc]ite this|how to cite)\b[^\n]*\n(.*?)(?=^#|\Z)", text, re.M | re.S):
            quoted = " ".join(line[2:] for line in match.group(1).splitlines() if line.startswith("> "))
            if quoted:
                blocks.append(quoted)
        blocks += re.findall(r'<pre class="chs-cite"><code>(.*?)</code></pre>', text, re.S)  # the incident page's
    return blocks


def test_citation_cff_agrees_with_the_sites_cite_blocks(cff: dict) -> None:
    blocks = cite_blocks()
    assert len(blocks) >= 2, "the incident and Data pages each show a citation"
    # a block names the site literally, or through the site name the generator reads from mkdocs.yml
    assert read_project(ROOT / "mkdocs.yml").site_name == cff["title"]
    assert all(cff["title"] in block or "{{ site_name|t }}" in block for block in blocks), (cff["title"], blocks)
    assert [a["name"] for a in cff["authors"]] == [HOLDER]
    data_block = next(b for b in blocks if "data downloads" in b)
    assert data_block.startswith(HOLDER + ", " + cff["title"])
    assert "data_page.licence" in data_block
    project = read_project(ROOT / "mkdocs.yml")  # mkdocs.yml as the generator reads it (!ENV tags)
    assert cff["abstract"] == project.site_description
    assert cff["license"] == SPDX[project.data_licence] == licence_record(project.data_licence)["name"]
    assert cff["type"] == "dataset" and "doi" not in cff and "identifiers" not in cff


def test_licence_files_name_the_holder_and_the_licences() -> None:
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert code.startswith("MIT License\n\nCopyright (c) 2026 " + HOLDER + "\n")
    assert "THE SOFTWARE IS PROVIDED \"AS IS\"" in code
    data = (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert HOLDER in data and "CC BY 4.0" in data and DATA_LICENCE_URL in data
    assert "seeds/documents/" in data and "remain the work of their publishers" in data


def test_package_metadata_says_mit_for_the_code_and_names_the_data_licence() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert canonicalize_license_expression(project["license"]) == "MIT"
    assert set(project["license-files"]) == {"LICENSE", "LICENSE-DATA.md"}
    assert all((ROOT / name).is_file() for name in project["license-files"])
    assert "CC BY 4.0" in project["description"]


def test_the_data_licence_is_cc_by_by_default_and_in_mkdocs_yml(tmp_path: Path) -> None:
    assert (DATA_LICENCE, DATA_LICENCE_URL) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    project = read_project(ROOT / "mkdocs.yml")
    assert (project.data_licence, project.data_licence_url) == (DATA_LICENCE, DATA_LICENCE_URL)
    unset = tmp_path / "mkdocs.yml"
    unset.write_text("site_name: x\ndocs_dir: content\n", encoding="utf-8")
    assert (read_project(unset).data_licence, read_project(unset).data_licence_url) == (DATA_LICENCE, DATA_LICENCE_URL)
    other = tmp_path / "other.yml"
    other.write_text("site_name: x\nextra:\n  data_licence: ODbL 1.0\n", encoding="utf-8")
    assert (read_project(other).data_licence, read_project(other).data_licence_url) == ("ODbL 1.0", "")


def page_text_and_links(path: Path) -> tuple[str, list[dict]]:
    tree = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    article = tree.find(".//article")
    main = tree if article is None else article
    text = " ".join("".join(main.itertext()).split())
    return text, [dict(a.attrib, text="".join(a.itertext())) for a in main.iter("a")]


def test_the_data_page_names_and_links_the_licence_and_its_limits(seeds_site: Path) -> None:
    text, links = page_text_and_links(seeds_site / "data" / "index.html")
    licence = [a for a in links if "license" in a.get("rel", "").split()]
    assert [(a["href"], a["text"]) for a in licence] == [(DATA_LICENCE_URL, DATA_LICENCE)]
    assert {"noopener", "noreferrer"} <= set(licence[0]["rel"].split())
    assert "every download on this page) is under CC BY 4.0." in text
    assert "the stored source texts and the quotes taken from them" in text
    assert "remain the work of their publishers and authors" in text
    assert f"{HOLDER}, Civilian-harm claims research site, data downloads (file name and the date you downloaded it), CC BY 4.0. Claims" in text


def test_every_source_page_says_its_texts_are_not_under_the_data_licence(seeds_site: Path) -> None:
    ids = [source["id"] for source in yaml.safe_load((SEEDS / "sources.yaml").read_text(encoding="utf-8"))]
    pages = [seeds_site / "sources" / source_id / "index.html" for source_id in ids]
    assert len(pages) >= 3
    for page in pages:
        text, links = page_text_and_links(page)
        assert "on this page remain the work of their publisher and authors" in text, page
        assert "are not covered by the licence of this site's data" in text, page
        assert any(a.get("href") == "../../data/#licence" for a in links), page
