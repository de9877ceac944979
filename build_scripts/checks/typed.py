"""Raw data -> typed records (the model stage): pydantic errors become located problems with hints."""

from __future__ import annotations

import datetime as dt
import re
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from build_scripts.checks.suggest import did_you_mean
from build_scripts.inputs.load import LoadedFile, load_yaml_file
from build_scripts.layout import RECORD_FILES
from build_scripts.problems import Invalid, Problem, display_path


def type_corpus(files: dict[str, LoadedFile], today: dt.date, problems: list[Problem]) -> dict[str, list]:
    """Each file's records as typed models, with their index (the model stage); appends problems."""
    return {name: type_records(files[name], model, today, problems) for name, model in RECORD_FILES.items()}


def type_records(loaded: LoadedFile, model: type[BaseModel], today: dt.date, problems: list[Problem]) -> list:
    """The records of one loaded file as ``(index, model)`` pairs; appends a problem per error."""
    if loaded.data is None:
        return []
    if not isinstance(loaded.data, list):
        problems.append(
            Problem(loaded.locate(()), "the file must be a YAML list of records", "start each record with '- '")
        )
        return []
    typed = []
    for index, item in enumerate(loaded.data):
        try:
            typed.append((index, model.model_validate(item, context={"today": today})))
        except ValidationError as err:
            problems += [_pydantic_problem(loaded, model, (index,), error) for error in err.errors()]
    return typed


def _pydantic_problem(loaded: LoadedFile, model: type[BaseModel], prefix: tuple, error: dict) -> Problem:
    loc = prefix + tuple(error["loc"])
    kind, value = error["type"], error.get("input")
    field = next((part for part in reversed(loc) if isinstance(part, str)), "value")
    if kind == "extra_forbidden":
        fields = _fields_at(model, error["loc"][:-1])
        hint = did_you_mean(field, fields) or "check the spelling; "
        return Problem(loaded.locate(loc, key=True), f"unknown key '{field}'", f"{hint}allowed keys: {', '.join(fields)}")
    if kind == "missing":
        return Problem(loaded.locate(loc[:-1]), f"missing required field '{field}'", f"add '{field}:'")
    where = loaded.locate(loc)
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return Problem(where, f"'{field}' {value!r} is not a real date", "write a calendar date as YYYY-MM-DD")
    if kind == "enum":
        expected = error["ctx"]["expected"]
        near = did_you_mean(str(value), re.findall(r"'([^']*)'", expected), cutoff=0.85) if isinstance(value, str) else ""
        return Problem(where, f"'{field}' {value!r} is not allowed", f"{near}use one of: {expected}")
    if kind == "string_pattern_mismatch":
        return Problem(where, f"'{field}' {value!r} has the wrong form", _PATTERN_HINTS.get(field, _SLUG_HINT))
    if kind == "value_error":
        invalid = error["ctx"]["error"]
        if isinstance(invalid, Invalid):
            return Problem(where, f"'{field}': {invalid.message}", invalid.hint)
        return Problem(where, f"'{field}': {invalid}", "correct the value")
    if kind == "too_short" and field == "claims":
        return Problem(where, "an incident needs at least one claim", "add a claim with its source and quote")
    if kind in ("string_too_short", "too_short"):
        return Problem(where, f"'{field}' is empty", "fill it in, or remove the key if it is optional")
    expected = _EXPECTED.get(kind)
    if expected:
        return Problem(where, f"'{field}' should be {expected}, got {_kind_of(value)}", f"write {field} as {expected}")
    return Problem(where, f"'{field}': {error['msg']}", "correct the value")


_SLUG_HINT = "use lowercase letters, digits and single hyphens, e.g. 2017-03-17-mosul-al-jadida"
_PATTERN_HINTS = {
    "sha256": "write the 64 lowercase hex digits printed by `sha256sum` for the document",
    "text": "give the stored file as documents/NAME.txt",
    "language": "use a language code such as en or ar",
    "precision": "use one of: exact, neighbourhood, town, district, province",
}
_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "string_too_long": "shorter text",
    "greater_than_equal": "a larger number",
    "less_than_equal": "a smaller number",
}


def _kind_of(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the (nested) model at ``loc``, for 'allowed keys' hints."""
    current: type[BaseModel] = model
    for part in loc:
        if not isinstance(part, str) or part not in current.model_fields:
            continue
        nested = _nested_model(current.model_fields[part].annotation)
        if nested is not None:
            current = nested
    return list(current.model_fields)


def _nested_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def type_optional_file(
    seeds: Path, name: str, model: type[BaseModel], today: dt.date, problems: list[Problem]
) -> tuple[LoadedFile | None, list]:
    """An optional corpus file (redirects.yaml, claimants.yaml) loaded and typed: (the loaded file,
    its ``(index, model)`` records), or (None, []) if the file is absent; appends problems."""
    path = seeds / name
    if not path.exists():
        return None, []
    loaded, found = load_yaml_file(path, display_path(path))
    problems += found
    return loaded, type_records(loaded, model, today, problems)
