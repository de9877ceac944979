"""JSON Schema of the YAML files, generated from the model (pure: text out, no files).

The schemas are committed under ``schemas/`` and named in each YAML file's first line
(``# yaml-language-server: $schema=../schemas/NAME.schema.json``), so editors with a YAML language
server complete field names, list allowed values and underline mistakes while a contributor types.
``tests/test_schema.py`` fails when the committed files fall behind the model; refresh them with
``python -m build_scripts schema``.

The schema is a typing aid only: ``python -m build_scripts check`` remains the judge (quotes in their
sources, references, dates not in the future, figure vocabulary are rules a schema cannot express).
"""

from __future__ import annotations

import json
from functools import lru_cache

from pydantic import TypeAdapter

from build_scripts.layout import CORPUS_FILES, FILES_BY_NAME

SCHEMA_DIR = "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_name(yaml_name: str) -> str:
    """``sources.yaml`` -> ``sources.schema.json``."""
    return yaml_name.removesuffix(".yaml") + ".schema.json"


def schema_comment(yaml_name: str, relative_dir: str = "../" + SCHEMA_DIR) -> str:
    """The first line of a YAML file that points editors at its schema."""
    return f"# yaml-language-server: $schema={relative_dir}/{schema_name(yaml_name)}"


def file_schema(yaml_name: str) -> dict:
    """The JSON Schema of one YAML file: a list of records of its model."""
    file = FILES_BY_NAME[yaml_name]
    generated = TypeAdapter(list[file.model]).json_schema(mode="validation")
    return {
        "$schema": DRAFT,
        "title": yaml_name,
        "description": file.description + " Generated from build_scripts/model/records.py; do not edit.",
        **generated,
    }


@lru_cache(maxsize=1)
def render_json_schemas() -> dict[str, str]:
    """Every schema file by name, as stable text (same model, byte-identical output)."""
    return {
        schema_name(file.name): json.dumps(file_schema(file.name), indent=2, ensure_ascii=False) + "\n"
        for file in CORPUS_FILES
    }
