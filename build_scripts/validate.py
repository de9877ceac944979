"""Raw data -> typed records, then cross-record rules; every problem located, all reported at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from build_scripts.load import MAX_DOCUMENT_BYTES, LoadedFile, load_yaml_file, read_text_file
from build_scripts.model import Claim, ClaimantType, Corpus, Incident, Series, Source
from build_scripts.placeholders import prefer_placeholders
from build_scripts.problems import Location, Problem, display_path
from build_scripts.quotes import comments_offset, find_quote
from build_scripts.redirects import check_redirects

_MODELS: dict[str, type[BaseModel]] = {
    "sources.yaml": Source,
    "incidents.yaml": Incident,
    "series.yaml": Series,
}


def check_corpus(seeds: Path, today: dt.date) -> tuple[Corpus | None, list[Problem]]:
    """Load, type and cross-check the corpus in ``seeds``; the corpus is None if anything is wrong."""
    files, problems = load_corpus_files(seeds)
    records = type_corpus(files, today, problems)
    redirects = check_redirects(seeds, records, today, problems, _type_records)
    corpus, problems = cross_check(seeds, files, records, problems)
    if corpus is not None and redirects:
        corpus = corpus.model_copy(update={"redirects": redirects})
    return corpus, problems


def load_corpus_files(seeds: Path) -> tuple[dict[str, LoadedFile], list[Problem]]:
    """The three YAML files of ``seeds``, parsed with locations (the load stage)."""
    problems: list[Problem] = []
    files: dict[str, LoadedFile] = {}
    for name in _MODELS:
        files[name], found = load_yaml_file(seeds / name, display_path(seeds / name))
        problems += found
    return files, problems


def type_corpus(files: dict[str, LoadedFile], today: dt.date, problems: list[Problem]) -> dict[str, list]:
    """Each file's records as typed models, with their index (the model stage); appends problems."""
    return {name: _type_records(files[name], model, today, problems) for name, model in _MODELS.items()}


def cross_check(
    seeds: Path, files: dict[str, LoadedFile], records: dict[str, list], problems: list[Problem]
) -> tuple[Corpus | None, list[Problem]]:
    """Stored texts and cross-record rules (the validate stage); the corpus if nothing is wrong."""
    sources, incidents, series = records["sources.yaml"], records["incidents.yaml"], records["series.yaml"]
    texts = _load_texts(seeds, sources, files["sources.yaml"], problems)
    rules = _Rules(files, sources, incidents, series, texts)
    problems = problems + rules.run()
    problems = prefer_placeholders(problems, files.values())
    if problems:
        return None, sorted(set(problems))
    corpus = Corpus(
        sources=[s for _, s in sources], incidents=[i for _, i in incidents], series=[s for _, s in series], texts=texts
    )
    return corpus, []


def _type_records(loaded: LoadedFile, model: type[BaseModel], today: dt.date, problems: list[Problem]) -> list:
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
        allowed = ", ".join(_fields_at(model, error["loc"][:-1]))
        return Problem(
            loaded.locate(loc, key=True), f"unknown key '{field}'", f"check the spelling; allowed keys: {allowed}"
        )
    if kind == "missing":
        return Problem(loaded.locate(loc[:-1]), f"missing required field '{field}'", f"add '{field}:'")
    where = loaded.locate(loc)
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return Problem(where, f"'{field}' {value!r} is not a real date", "write a calendar date as YYYY-MM-DD")
    if kind == "enum":
        return Problem(
            where, f"'{field}' {value!r} is not allowed", f"use one of: {error['ctx']['expected']}"
        )
    if kind == "string_pattern_mismatch":
        return Problem(where, f"'{field}' {value!r} has the wrong form", _PATTERN_HINTS.get(field, _SLUG_HINT))
    if kind == "value_error":
        message, _, hint = str(error["ctx"]["error"]).partition(" — ")
        return Problem(where, f"'{field}': {message}", hint or "correct the value")
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


def _load_texts(seeds: Path, sources: list, file: LoadedFile, problems: list[Problem]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for index, source in sources:
        if source.text is None:
            continue
        path = seeds / source.text
        where = file.locate((index, "text"))
        if not path.is_file():
            problems.append(Problem(where, f"document {source.text!r} not found", f"store the text at {display_path(path)}"))
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if source.sha256 is None:
            problems.append(
                Problem(file.locate((index,)), f"source '{source.id}' has a text but no sha256", f"add 'sha256: {digest}'")
            )
        elif digest != source.sha256:
            problems.append(
                Problem(
                    file.locate((index, "sha256")),
                    f"sha256 of {source.text} is {digest}, not the recorded value",
                    "stored documents are verbatim: restore the file, or record the new hash if the change is deliberate",
                )
            )
        text, found = read_text_file(path, display_path(path), MAX_DOCUMENT_BYTES)
        problems += found
        if text is not None:
            texts[source.id] = text
    return texts


class _Rules:
    """Cross-record rules: unique ids, references, quotes in their sources, reader-comment typing."""

    def __init__(self, files: dict[str, LoadedFile], sources: list, incidents: list, series: list, texts: dict):
        self.sources_file = files["sources.yaml"]
        self.incidents_file = files["incidents.yaml"]
        self.series_file = files["series.yaml"]
        self.sources: list[tuple[int, Source]] = sources
        self.incidents: list[tuple[int, Incident]] = incidents
        self.series: list[tuple[int, Series]] = series
        self.texts: dict[str, str] = texts
        self.by_source = {source.id: source for _, source in sources}
        # ids of records that failed typing too: a broken record is reported once, where it is broken,
        # not again on every record that refers to it (annotations stay on the lines a PR changed).
        self.written_source_ids = _written_ids(self.sources_file)
        self.sources_unreadable = self.sources_file.data is None  # reported as a file problem
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        self.unique([(i, s.id) for i, s in self.sources], self.sources_file, "source", ())
        self.unique([(i, s.id) for i, s in self.incidents], self.incidents_file, "incident", ())
        self.unique([(i, s.id) for i, s in self.series], self.series_file, "series", ())
        incident_ids = {incident.id for _, incident in self.incidents} | _written_ids(self.incidents_file)
        for index, source in self.sources:
            self.check_comments_start(index, source)
        for index, incident in self.incidents:
            claims = [(j, c.id) for j, c in enumerate(incident.claims)]
            self.unique(claims, self.incidents_file, "claim", (index, "claims"), f" in incident '{incident.id}'")
            for j, related in enumerate(incident.related):
                if related not in incident_ids or related == incident.id:
                    self.add(
                        self.incidents_file.locate((index, "related", j)),
                        f"incident '{incident.id}' is related to unknown incident '{related}'",
                        "use the id of another incident in incidents.yaml",
                    )
            for j, claim in enumerate(incident.claims):
                self.check_cited(self.incidents_file, (index, "claims", j), claim, f"claim '{incident.id}/{claim.id}'")
                if claim.killed is None and claim.injured is None and claim.responsibility is None:
                    self.add(
                        self.incidents_file.locate((index, "claims", j)),
                        f"claim '{incident.id}/{claim.id}' states no figure and no responsibility",
                        "add killed, injured or responsibility as the source states it",
                    )
        for index, series in self.series:
            for j, point in enumerate(series.points):
                self.check_cited(self.series_file, (index, "points", j), point, f"series '{series.id}' point {point.period}")
        self.check_claimant_spellings()
        return self.problems

    def add(self, where: Location, message: str, hint: str) -> None:
        self.problems.append(Problem(where, message, hint))

    def unique(self, ids: list[tuple[int, str]], file: LoadedFile, what: str, prefix: tuple, scope: str = "") -> None:
        first: dict[str, int] = {}
        for index, record_id in ids:
            if record_id in first:
                line = file.locate(prefix + (first[record_id], "id")).line
                self.add(
                    file.locate(prefix + (index, "id")),
                    f"duplicate {what} id '{record_id}'{scope} (first used on line {line})",
                    "ids are permanent URLs: give this record a new, unique id",
                )
            else:
                first[record_id] = index

    def check_comments_start(self, index: int, source: Source) -> None:
        if source.comments_start is None:
            return
        where = self.sources_file.locate((index, "comments_start"))
        if source.text is None:
            self.add(where, f"source '{source.id}' has comments_start but no stored text", "remove comments_start")
        elif source.id in self.texts and comments_offset(self.texts[source.id], source.comments_start) is None:
            self.add(where, f"comments_start {source.comments_start} is past the end of {source.text}", "give the line where reader comments begin")

    def check_cited(self, file: LoadedFile, path: tuple, record: Claim, label: str) -> None:
        source = self.by_source.get(record.source)
        if source is None and (self.sources_unreadable or record.source in self.written_source_ids):
            return  # the source itself has problems, reported at its own lines
        if source is None:
            self.add(file.locate(path + ("source",)), f"{label} cites unknown source '{record.source}'", "add the source to sources.yaml first, or fix the id")
            return
        text = self.texts.get(source.id)
        if text is None:
            return  # external source (no stored text) or a document problem reported already
        span = find_quote(text, record.quote)
        if span is None:
            self.add(
                file.locate(path + ("quote",)),
                f"{label}: quote not found in source '{source.id}'",
                f"copy the words exactly from seeds/{source.text} (only spacing and quote marks may differ)",
            )
            return
        start = comments_offset(text, source.comments_start)
        in_comments = start is not None and span[0] >= start
        claimant_type = getattr(record, "claimant_type", None)
        if in_comments and claimant_type is not None and claimant_type != ClaimantType.reader_comment:
            self.add(
                file.locate(path + ("claimant_type",)),
                f"{label}: the quote is in the reader comments of '{source.id}' but claimant_type is '{claimant_type.value}'",
                "use claimant_type: reader-comment (a comment is not the publisher's claim)",
            )

    def check_claimant_spellings(self) -> None:
        """One claimant, one spelling: claimant pages (incidents and series alike) group by it."""
        named = [
            (claim.claimant, self.incidents_file.locate((index, "claims", j, "claimant")))
            for index, incident in self.incidents
            for j, claim in enumerate(incident.claims)
        ] + [(series.claimant, self.series_file.locate((index, "claimant"))) for index, series in self.series]
        seen: dict[str, tuple[str, Location]] = {}
        for name, where in named:
            key = claimant_slug(name)
            if key in seen and seen[key][0] != name:
                first, at = seen[key]
                self.add(
                    where,
                    f"claimant {name!r} differs from {first!r} ({at.path} line {at.line}) only in case or punctuation",
                    "spell the same claimant the same way everywhere",
                )
            seen.setdefault(key, (name, where))


def _written_ids(file: LoadedFile) -> set[str]:
    """The ``id`` values as written in a file, whether or not their records are valid."""
    items = file.data if isinstance(file.data, list) else []
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def claimant_slug(name: str) -> str:
    """The URL slug of a claimant's page: 'UN human rights office (OHCHR)' -> 'un-human-rights-office-ohchr'."""
    slug = re.sub(r"[\W_]+", "-", name.lower()).strip("-")[:80].strip("-")
    return slug or "claimant-" + hashlib.sha256(name.encode()).hexdigest()[:10]
