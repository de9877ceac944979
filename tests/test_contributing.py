"""CONTRIBUTING.md keeps up with the model: every field in its tables, the vocabulary section generated
from the code, the worked example valid, the pull request checklist matching CI, on the site."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from build_scripts.checks.validate import check_corpus
from build_scripts.model.figures import vocabulary_rows
from build_scripts.model.records import (
    CLAIMANT_TYPE_DEFINITIONS,
    GRADING_DEFINITIONS,
    Campaign,
    Change,
    Claim,
    ClaimantType,
    Coordinates,
    DeclaredClaimant,
    Grading,
    Incident,
    Point,
    Redirect,
    Relay,
    Series,
    Source,
)
from build_scripts.render.contributing import generated_section, render_vocabulary, splice_vocabulary
from tests.conftest import ROOT

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
MODELS: list[type[BaseModel]] = [Source, Incident, Claim, Relay, Campaign, Change, Coordinates, Series, Point, Redirect,
                                 DeclaredClaimant]
TODAY = dt.date(2026, 1, 1)


def field_tables(text: str) -> dict[str, dict[str, str]]:
    """``### Model fields`` headings -> {field: required cell} from the table that follows."""
    tables: dict[str, dict[str, str]] = {}
    current: str | None = None
    for line in text.splitlines():
        heading = re.match(r"^### (\w+) fields\s*$", line)
        if heading:
            current = heading.group(1)
            tables[current] = {}
        elif line.startswith("#"):
            current = None
        elif current is not None:
            row = re.match(r"^\| `([a-z_0-9]+)` \| (yes|no) \|", line)
            if row:
                tables[current][row.group(1)] = row.group(2)
    return tables


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, str]]:
    return field_tables(CONTRIBUTING.read_text(encoding="utf-8"))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_field_is_in_the_field_table(model: type[BaseModel], tables: dict) -> None:
    documented = tables.get(model.__name__, {})
    missing = [name for name in model.model_fields if name not in documented]
    assert not missing, f"CONTRIBUTING.md '### {model.__name__} fields' lacks: {missing}"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_field_table_has_no_stale_fields_and_says_what_is_required(model: type[BaseModel], tables: dict) -> None:
    documented = tables.get(model.__name__, {})
    assert set(documented) <= set(model.model_fields), f"fields not in the model: {set(documented) - set(model.model_fields)}"
    for name, required in documented.items():
        assert required == ("yes" if model.model_fields[name].is_required() else "no"), f"{model.__name__}.{name}"


def test_the_field_table_parser_notices_a_missing_row() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8").replace("| `quote` | yes |", "| quote | yes |", 1)
    assert "quote" not in field_tables(text)["Claim"]


def fenced_blocks(text: str, section: str) -> list[tuple[str, str]]:
    """(info string, body) of each fenced block in the ``## section``."""
    part = text.split(f"\n## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```(\w*)\n(.*?)^```$", part, flags=re.MULTILINE | re.DOTALL)


def test_worked_example_passes_check(tmp_path: Path) -> None:
    blocks = fenced_blocks(CONTRIBUTING.read_text(encoding="utf-8"), "Worked example")
    document = next(body for info, body in blocks if info == "text")
    source_yaml, incident_yaml = [body for info, body in blocks if info == "yaml"]
    seeds = tmp_path / "seeds"
    (seeds / "documents").mkdir(parents=True)
    stored = yaml.safe_load(source_yaml)[0]["text"]
    (seeds / stored).write_text(document, encoding="utf-8")
    (seeds / "sources.yaml").write_text(source_yaml, encoding="utf-8")
    (seeds / "incidents.yaml").write_text(incident_yaml, encoding="utf-8")
    (seeds / "series.yaml").write_text("[]\n", encoding="utf-8")
    corpus, problems = check_corpus(seeds, TODAY)
    assert problems == []
    assert corpus is not None
    assert [len(i.claims) for i in corpus.incidents] == [2]
    assert {c.killed for c in corpus.incidents[0].claims} == {"at least 12", "about 20"}


def test_contributing_is_a_site_page() -> None:
    page = (ROOT / "content" / "contributing.md").read_text(encoding="utf-8")
    assert '--8<-- "CONTRIBUTING.md"' in page
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "CONTRIBUTING.md" in re.search(r"base_path: \[(.*?)\]", config).group(1)
    assert "Contributing: contributing.md" in config


def test_the_vocabulary_section_is_generated_from_the_code() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    assert splice_vocabulary(text) == text, "CONTRIBUTING.md's vocabulary section is out of date: run python -m build_scripts docs"
    section = generated_section(text)
    assert section.strip() == render_vocabulary().strip()
    for claimant_type in ClaimantType:
        assert f"| `{claimant_type.value}` | {CLAIMANT_TYPE_DEFINITIONS[claimant_type.value]} |" in section
    for row in vocabulary_rows():
        assert f"| `{row['example']}` | {row['parsed']} |" in section


def test_every_claimant_type_and_grading_is_defined() -> None:
    assert set(CLAIMANT_TYPE_DEFINITIONS) == {t.value for t in ClaimantType}
    assert set(GRADING_DEFINITIONS) == {g.value for g in Grading}


def test_a_drifted_vocabulary_section_is_noticed_and_rewritten(tmp_path: Path, capsys) -> None:
    from build_scripts.cli import main

    stale = CONTRIBUTING.read_text(encoding="utf-8").replace("| `scores` | ~40 or more |", "| `scores` | ~50 or more |")
    assert splice_vocabulary(stale) != stale
    copy = tmp_path / "CONTRIBUTING.md"
    copy.write_text(stale, encoding="utf-8")
    assert main(["docs", "--file", str(copy), "--check"]) == 1
    assert copy.read_text(encoding="utf-8") == stale
    assert main(["docs", "--file", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == CONTRIBUTING.read_text(encoding="utf-8")
    assert "out of date" in capsys.readouterr().err


def test_the_pull_request_checklist_names_what_ci_runs() -> None:
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    targets = set(re.findall(r"run: (make [a-z]+)", workflow))
    assert targets == {"make venv", "make lint", "make check", "make test", "make site"}
    for target in targets - {"make venv"}:
        assert f"`{target}`" in template, target
    assert "site-preview" in template
    assert "published_ids" not in template or "do not edit" in template
