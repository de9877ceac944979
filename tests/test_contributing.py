"""CONTRIBUTING.md keeps up with the model: every field in its tables, the worked example valid, on the site."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from build_scripts.checks.validate import check_corpus
from build_scripts.model.records import Claim, Coordinates, DeclaredClaimant, Incident, Point, Redirect, Series, Source
from tests.conftest import ROOT

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
MODELS: list[type[BaseModel]] = [Source, Incident, Claim, Coordinates, Series, Point, Redirect, DeclaredClaimant]
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
