"""The committed JSON Schemas match the model, each YAML file names its schema, and the schemas accept
the real corpus (read the way an editor's YAML 1.2 language server reads it) and reject mistakes."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
import yaml

from build_scripts.layout import CORPUS_FILES
from build_scripts.render.schema import SCHEMA_DIR, render_json_schemas, schema_comment, schema_name
from tests.conftest import ROOT, SEEDS

YAML_FILES = [file.name for file in CORPUS_FILES]


def test_committed_schemas_are_up_to_date() -> None:
    for name, text in render_json_schemas().items():
        path = ROOT / SCHEMA_DIR / name
        assert path.is_file(), f"{path} missing: run python -m build_scripts schema"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run python -m build_scripts schema"


def test_schema_command_writes_identical_files(tmp_path) -> None:
    from build_scripts.cli import main

    assert main(["schema", "--out", str(tmp_path)]) == 0
    for name in render_json_schemas():
        assert (tmp_path / name).read_bytes() == (ROOT / SCHEMA_DIR / name).read_bytes()


@pytest.mark.parametrize("name", YAML_FILES)
def test_yaml_file_names_its_schema(name: str) -> None:
    first = (SEEDS / name).read_text(encoding="utf-8").splitlines()[0]
    assert first == schema_comment(name)
    target = (SEEDS / first.split("$schema=", 1)[1]).resolve()
    assert target == (ROOT / SCHEMA_DIR / schema_name(name)).resolve()


class _Yaml12Loader(yaml.SafeLoader):
    """Like a YAML 1.2 language server: dates stay strings."""


_Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(render_json_schemas()[schema_name(name)])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("name", YAML_FILES)
def test_schema_accepts_the_real_corpus(name: str) -> None:
    data = yaml.load((SEEDS / name).read_text(encoding="utf-8"), Loader=_Yaml12Loader)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(data)]
    assert errors == []


def test_schema_rejects_unknown_keys_and_values() -> None:
    data = yaml.load((SEEDS / "incidents.yaml").read_text(encoding="utf-8"), Loader=_Yaml12Loader)
    data[0]["casualties"] = 5
    data[0]["grading"] = "disputed"
    data[0]["claims"][0]["claimant_type"] = "journalist"
    messages = sorted(e.message for e in validator("incidents.yaml").iter_errors(data))
    assert any("'casualties' was unexpected" in m for m in messages)
    assert any("'disputed' is not one of" in m for m in messages)
    assert any("'journalist' is not one of" in m for m in messages)


def test_schema_knows_chains_and_bounded_dates() -> None:
    data = yaml.load((SEEDS / "incidents.yaml").read_text(encoding="utf-8"), Loader=_Yaml12Loader)
    known, unknown = copy.deepcopy(data[0]), copy.deepcopy(data[0])
    known.update(date="2017-03-17", date_precision="day", date_by="2017-03-29")  # a date and a bound: contradictory
    known["claims"][0]["via"] = [{"name": "New York Times", "type": "newspaper"}]
    unknown.update(date=None, date_by="2017-03-29", date_note="not given")
    unknown.pop("date_precision", None)
    unknown["claims"][0]["via"] = [{"name": "New York Times", "type": "media"}]
    check = validator("incidents.yaml")
    assert [e.message for e in check.iter_errors([unknown])] == []
    messages = [e.message for e in check.iter_errors([known])]
    assert any("'newspaper' is not one of" in m for m in messages)
    assert any("should not be valid" in m for m in messages)  # date with date_by
    known.update(date_by=None)
    del known["date_by"], known["date_precision"]
    assert any("'date_precision' is a required property" in m for m in (e.message for e in check.iter_errors([known])))
