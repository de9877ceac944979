"""Cross-record rules over the typed corpus (the validate stage): unique ids, references, quotes
found in their stored sources, reader-comment typing, one spelling per claimant. Every problem is
located; all are reported at once. ``check_corpus`` composes the whole check: load, type, validate."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from build_scripts.checks.claimants import check_claimants
from build_scripts.checks.dates import check_incident_dates
from build_scripts.checks.history import check_histories
from build_scripts.checks.placeholders import prefer_placeholders
from build_scripts.checks.published import check_published
from build_scripts.checks.redirects import check_redirects
from build_scripts.checks.suggest import closest_passage, did_you_mean
from build_scripts.checks.typed import type_corpus, type_optional_file
from build_scripts.inputs.load import LoadedFile, load_corpus_files, load_documents
from build_scripts.layout import CAMPAIGNS_FILE, claimant_slug
from build_scripts.model.quotes import comments_offset, find_quote
from build_scripts.model.records import (
    SLUG_PATTERN,
    Campaign,
    Claim,
    ClaimantType,
    ClaimScope,
    Corpus,
    DeclaredClaimant,
    Incident,
    Series,
    Source,
    canonical_names,
)
from build_scripts.problems import Location, Problem, display_path, skipped


def check_corpus(seeds: Path, today: dt.date) -> tuple[Corpus | None, list[Problem]]:
    """Load, type and cross-check the corpus in ``seeds``; the corpus is None if anything is wrong."""
    files, problems = load_corpus_files(seeds)
    records = type_corpus(files, today, problems)
    redirects = check_redirects(seeds, records, today, problems)
    check_published(seeds, files, redirects, problems)
    problems += check_histories(files["incidents.yaml"], records["incidents.yaml"], redirects)
    problems += check_incident_dates(files["incidents.yaml"], records["incidents.yaml"])
    claimants = check_claimants(seeds, today, problems)
    campaigns_file, campaigns = type_optional_file(seeds, CAMPAIGNS_FILE, Campaign, today, problems)
    if campaigns_file is not None:
        files = {**files, CAMPAIGNS_FILE: campaigns_file}
        records = {**records, CAMPAIGNS_FILE: campaigns}
    texts = load_documents(seeds, records["sources.yaml"], files["sources.yaml"], problems)
    corpus, problems = cross_check(seeds, files, records, texts, problems, claimants)
    if corpus is not None and redirects:
        corpus = corpus.model_copy(update={"redirects": redirects})
    return corpus, problems


def cross_check(
    seeds: Path, files: dict[str, LoadedFile], records: dict[str, list], texts: dict[str, str], problems: list[Problem],
    claimants: list[DeclaredClaimant] = (),
) -> tuple[Corpus | None, list[Problem]]:
    """Cross-record rules (the validate stage); the corpus if nothing is wrong."""
    sources, incidents, series = records["sources.yaml"], records["incidents.yaml"], records["series.yaml"]
    rules = _Rules(seeds, files, sources, incidents, series, texts, problems)
    rules.canonical = canonical_names(list(claimants))
    rules.campaigns = records.get(CAMPAIGNS_FILE, [])
    problems = problems + rules.run()
    problems = prefer_placeholders(problems, files.values())
    if problems:
        return None, sorted(set(problems))
    corpus = Corpus(
        sources=[s for _, s in sources], incidents=[i for _, i in incidents], series=[s for _, s in series], texts=texts,
        claimants=list(claimants), campaigns=[c for _, c in records.get(CAMPAIGNS_FILE, [])],
    )
    return corpus, []


class _Rules:
    """Cross-record rules: unique ids, references, quotes in their sources, reader-comment typing."""

    def __init__(self, seeds: Path, files: dict[str, LoadedFile], sources: list, incidents: list, series: list,
                 texts: dict, problems_before: list[Problem] = ()):  # fmt: skip
        self.seeds = seeds
        self.sources_file = files["sources.yaml"]
        self.incidents_file = files["incidents.yaml"]
        self.series_file = files["series.yaml"]
        self.campaigns_file: LoadedFile | None = files.get(CAMPAIGNS_FILE)
        self.campaigns: list[tuple[int, Campaign]] = []
        self.sources: list[tuple[int, Source]] = sources
        self.incidents: list[tuple[int, Incident]] = incidents
        self.series: list[tuple[int, Series]] = series
        self.texts: dict[str, str] = texts
        self.by_source = {source.id: source for _, source in sources}
        # ids of records that failed typing too: a broken record is reported once, where it is broken,
        # not again on every record that refers to it (annotations stay on the lines a PR changed).
        self.written_source_ids = _written_ids(self.sources_file)
        self.sources_unreadable = self.sources_file.data is None  # reported as a file problem
        self.stored_source_ids = {source.id for _, source in sources if source.text is not None}
        self.unchecked_sources: set[str] = set()  # cited, but their record or document is broken
        self.problems_before: list[Problem] = list(problems_before)
        self.problems: list[Problem] = []
        self.canonical: dict[str, str] = {}  # declared alias -> declared name (claimants.yaml)

    def run(self) -> list[Problem]:
        self.unique([(i, s.id) for i, s in self.sources], self.sources_file, "source", ())
        self.unique([(i, s.id) for i, s in self.incidents], self.incidents_file, "incident", ())
        self.unique([(i, s.id) for i, s in self.series], self.series_file, "series", ())
        incident_ids = {incident.id for _, incident in self.incidents} | _written_ids(self.incidents_file)
        for index, source in self.sources:
            self.check_comments_start(index, source)
        typed_incidents = dict(self.incidents)
        for index, item in enumerate(_items(self.incidents_file)):
            if index not in typed_incidents:
                self.check_untyped(self.incidents_file, index, item, "claims", "claim")
        typed_series = dict(self.series)
        for index, item in enumerate(_items(self.series_file)):
            if index not in typed_series:
                self.check_untyped(self.series_file, index, item, "points", "point")
        for index, incident in self.incidents:
            claims = [(j, c.id) for j, c in enumerate(incident.claims)]
            self.unique(claims, self.incidents_file, "claim", (index, "claims"), f" in incident '{incident.id}'")
            self.check_related(index, incident, incident_ids)
            self.check_claims(self.incidents_file, index, incident.id, incident.claims)
        for index, series in self.series:
            self.check_chain(self.series_file, (index,), series, f"series '{series.id}'")
            self.check_periods(index, series)
            for j, point in enumerate(series.points):
                self.check_cited(self.series_file, (index, "points", j), point, f"series '{series.id}' point {point.period}")
        self.check_campaigns(incident_ids)
        self.check_claimant_spellings()
        self.note_skipped()
        return self.problems

    def check_claims(self, file: LoadedFile, index: int, record_id: str, claims: list[Claim]) -> None:
        """Each claim of an incident (or a campaign): its quote in its source, something stated, its
        scope and its attribution chain."""
        for j, claim in enumerate(claims):
            label = f"claim '{record_id}/{claim.id}'"
            self.check_cited(file, (index, "claims", j), claim, label)
            if all(value is None for value in (claim.killed, claim.injured, claim.responsibility, claim.statement)):
                self.add(file.locate((index, "claims", j)), f"{label} states no figure, no responsibility and no statement",
                         "add killed, injured, responsibility or statement as the source states it")  # fmt: skip
            self.check_scope(file, (index, "claims", j), claim, label)
            self.check_chain(file, (index, "claims", j), claim, label)

    def check_chain(self, file: LoadedFile, path: tuple, claim: Claim | Series, label: str) -> None:
        """An attribution chain names each party once: the originator is not also a relay, and no
        relay passes the claim on twice (names compared as claimant pages group them)."""
        seen = {self.party_key(claim.claimant): "the claimant, its originator"}
        for k, relay in enumerate(claim.via):
            key = self.party_key(relay.name)
            if key in seen:
                self.add(
                    file.locate(path + ("via", k, "name")),
                    f"{label} names {relay.name!r} twice in its attribution chain (it is already {seen[key]})",
                    "name each party once: claimant is who said it first, via lists only the others who passed it on, in order",
                )
            seen.setdefault(key, f"relay {k + 1} in via")

    def party_key(self, name: str) -> str:
        return claimant_slug(self.canonical.get(name.strip(), name.strip()))

    def check_campaigns(self, incident_ids: set[str]) -> None:
        """Campaign ids unique, the incidents they take in existing, and their claims checked like
        incident claims."""
        file = self.campaigns_file
        if file is None:
            return
        self.unique([(i, c.id) for i, c in self.campaigns], file, "campaign", ())
        typed = dict(self.campaigns)
        for index, item in enumerate(_items(file)):
            if index not in typed:
                self.check_untyped(file, index, item, "claims", "claim")
        for index, campaign in self.campaigns:
            claims = [(j, c.id) for j, c in enumerate(campaign.claims)]
            self.unique(claims, file, "claim", (index, "claims"), f" in campaign '{campaign.id}'")
            campaign_ids = {c.id for _, c in self.campaigns} | _written_ids(file)
            series_ids = {s.id for _, s in self.series} | _written_ids(self.series_file)
            for part, known, what in (("series", series_ids, "series in series.yaml"),
                                      ("related", campaign_ids - {campaign.id}, "other campaign in campaigns.yaml")):
                for j, other in enumerate(getattr(campaign, part)):
                    if other not in known:
                        self.add(file.locate((index, part, j)), f"campaign '{campaign.id}' names unknown {part} '{other}'",
                                 f"{did_you_mean(other, known)}use the id of a {what}")  # fmt: skip
            for j, incident_id in enumerate(campaign.incidents):
                if incident_id not in incident_ids:
                    near = did_you_mean(incident_id, incident_ids)
                    self.add(file.locate((index, "incidents", j)),
                             f"campaign '{campaign.id}' takes in unknown incident '{incident_id}'",
                             f"{near}use the id of an incident in incidents.yaml")  # fmt: skip
            self.check_claims(file, index, campaign.id, campaign.claims)

    def check_related(self, index: int, incident: Incident, incident_ids: set[str]) -> None:
        """``related`` names other, existing incidents, each once (one direction is enough: the
        site links both pages)."""
        seen: set[str] = set()
        for j, related in enumerate(incident.related):
            where = self.incidents_file.locate((index, "related", j))
            if related == incident.id:
                self.add(where, f"incident '{incident.id}' lists itself as related",
                         "remove it: related names other incidents")  # fmt: skip
            elif related not in incident_ids:
                near = did_you_mean(related, incident_ids - {incident.id})
                self.add(where, f"incident '{incident.id}' is related to unknown incident '{related}'",
                         f"{near}use the id of another incident in incidents.yaml")  # fmt: skip
            elif related in seen:
                self.add(where, f"incident '{incident.id}' lists related incident '{related}' twice",
                         "keep one: each link is shown once")  # fmt: skip
            seen.add(related)

    def check_untyped(self, file: LoadedFile, index: int, item: object, part: str, what: str) -> None:
        """The claims (or points) of a record that failed typing, checked from the raw data for what
        can be: each one's source and quote, whatever else is wrong with the record."""
        parts = item.get(part) if isinstance(item, dict) else None
        record_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else f"#{index + 1}"
        for j, raw in enumerate(parts if isinstance(parts, list) else []):
            cited = _Cited.from_raw(raw)
            if cited is None:
                continue
            name = raw.get("id") or raw.get("period")
            label = f"{what} '{record_id}/{name}'" if what == "claim" else f"series '{record_id}' point {name}"
            self.check_cited(file, (index, part, j), cited, label)

    def note_skipped(self) -> None:
        """Say which checks could not run, so a contributor knows another run of check is needed."""
        for file in (self.sources_file, self.incidents_file, self.series_file, self.campaigns_file):
            if file is None:
                continue
            if not isinstance(file.data, list) and any(p.location.path == file.path for p in self.problems_before):
                self.problems.append(skipped(file.path, "ids, sources and quotes in this file"))
        if self.sources_unreadable and any(isinstance(f.data, list) for f in (self.incidents_file, self.series_file)):
            until = f"the errors in {self.sources_file.path} are fixed"
            self.problems.append(skipped(self.sources_file.path, "the sources and quotes of claims and series points", until))
        for source_id in sorted(self.unchecked_sources):
            until = "the errors in that source's record or document above are fixed"
            self.problems.append(skipped(self.sources_file.path, f"quotes citing source '{source_id}'", until))

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

    def check_periods(self, index: int, series: Series) -> None:
        """One point per period in a series: the period is the point's key (its anchor on the source
        page, and with the series id the primary key of series.csv in datapackage.json)."""
        first: dict[str, int] = {}
        for j, point in enumerate(series.points):
            if point.period in first:
                line = self.series_file.locate((index, "points", first[point.period], "period")).line
                self.add(
                    self.series_file.locate((index, "points", j, "period")),
                    f"series '{series.id}' has period {point.period} twice (first on line {line})",
                    "keep one point per period; a value for another period or a longer one needs its own period",
                )
            else:
                first[point.period] = j

    def check_comments_start(self, index: int, source: Source) -> None:
        if source.comments_start is None:
            return
        where = self.sources_file.locate((index, "comments_start"))
        if source.text is None:
            self.add(where, f"source '{source.id}' has comments_start but no stored text", "remove comments_start")
        elif source.id in self.texts and comments_offset(self.texts[source.id], source.comments_start) is None:
            self.add(where, f"comments_start {source.comments_start} is past the end of {source.text}", "give the line where reader comments begin")

    def check_scope(self, file: LoadedFile, path: tuple, claim: Claim, label: str) -> None:
        """``counts`` says what a partial figure counts; a whole-incident figure has none."""
        if claim.scope == ClaimScope.partial and claim.counts is None:
            self.add(
                file.locate(path + ("scope",)),
                f"{label} has scope 'partial' but no counts",
                "add counts: saying what the figure counts, in a few words, e.g. \"his own family members\"",
            )
        elif claim.scope == ClaimScope.incident and claim.counts is not None:
            where = path + ("counts",)
            self.add(
                file.locate(where, key=True),
                f"{label} has counts but its scope is 'incident' (the whole toll)",
                "add scope: partial if the figure counts only part of the incident, or remove counts",
            )

    def check_cited(self, file: LoadedFile, path: tuple, record: Claim, label: str) -> None:
        source = self.by_source.get(record.source)
        if source is None and (self.sources_unreadable or record.source in self.written_source_ids):
            if not self.sources_unreadable:
                self.unchecked_sources.add(record.source)
            return  # the source itself has problems, reported at its own lines
        if source is None:
            near = did_you_mean(record.source, self.by_source)
            self.add(file.locate(path + ("source",)), f"{label} cites unknown source '{record.source}'",
                     f"{near}add the source to sources.yaml first, or fix the id")  # fmt: skip
            return
        text = self.texts.get(source.id)
        if text is None:
            if source.id in self.stored_source_ids:
                self.unchecked_sources.add(source.id)
            return  # external source (no stored text) or a document problem reported already
        span = find_quote(text, record.quote)
        if span is None:
            self.add(
                file.locate(path + ("quote",)),
                f"{label}: quote not found in source '{source.id}'",
                f"copy the words exactly from {display_path(self.seeds / source.text)} (only spacing and quote marks "
                f"may differ); {closest_passage(text, record.quote)}",
            )
            return
        start = comments_offset(text, source.comments_start)
        in_comments = start is not None and span[0] >= start
        claimant_type = getattr(record, "claimant_type", None)
        types = [claimant_type, *(relay.type for relay in getattr(record, "via", []))]
        if in_comments and claimant_type is not None and ClaimantType.reader_comment not in types:
            self.add(
                file.locate(path + ("claimant_type",)),
                f"{label}: the quote is in the reader comments of '{source.id}' but neither claimant_type nor its "
                f"via chain is a reader comment (claimant_type is '{claimant_type.value}')",
                "use claimant_type: reader-comment, or, if the commenter passes on someone else's claim, name the "
                "commenter last in via with type: reader-comment (a comment is not the publisher's claim)",
            )

    def check_claimant_spellings(self) -> None:
        """One claimant, one spelling: claimant pages (incidents and series alike) group by it."""
        named = [
            named for file in (self.incidents_file, self.campaigns_file) if file is not None
            for named in _claim_parties(file)
        ] + [
            (claimant.strip(), self.series_file.locate((index, "claimant")))
            for index, item in enumerate(_items(self.series_file))
            if isinstance(item, dict) and isinstance(claimant := item.get("claimant"), str) and claimant.strip()
        ] + [
            (name.strip(), self.series_file.locate((index, "via", k, "name")))
            for index, item in enumerate(_items(self.series_file))
            for k, relay in enumerate(_items_of(item, "via"))
            if isinstance(name := relay.get("name"), str) and name.strip()
            and claimant_slug(name) != claimant_slug(str(item.get("claimant", "")))
        ]
        seen: dict[str, tuple[str, Location]] = {}
        for name, where in named:
            key = claimant_slug(self.canonical.get(name, name))
            if key in seen and self.canonical.get(seen[key][0], seen[key][0]) != self.canonical.get(name, name):
                first, at = seen[key]
                self.add(
                    where,
                    f"claimant {name!r} differs from {first!r} ({at.path} line {at.line}) only in case or punctuation",
                    f"spell the same claimant the same way everywhere, or declare {first!r} in claimants.yaml "
                    f"with {name!r} among its aliases",
                )
            seen.setdefault(key, (name, where))


@dataclass(frozen=True)
class _Cited:
    """What the quote check needs of a claim or point whose record failed typing (raw data)."""

    source: str
    quote: str
    claimant_type: ClaimantType | None = None  # None: not known, so the reader-comment rule is not checked
    via: tuple[_Relay, ...] = ()

    @classmethod
    def from_raw(cls, raw: object) -> _Cited | None:
        if not isinstance(raw, dict):
            return None
        source, quote, kind = raw.get("source"), raw.get("quote"), raw.get("claimant_type")
        if not (isinstance(source, str) and isinstance(quote, str) and re.match(SLUG_PATTERN, source) and quote.strip()):
            return None  # a source that is not an id is reported by typing; messages only name ids
        known = {t.value: t for t in ClaimantType}
        via = raw.get("via", [])
        types = [r.get("type") if isinstance(r, dict) else None for r in via] if isinstance(via, list) else [None]
        if not all(isinstance(t, str) and t in known for t in types):
            return cls(source, quote)  # a relay whose type is unreadable: typing reports it; no chain to judge by
        return cls(source, quote, known.get(kind) if isinstance(kind, str) else None, tuple(_Relay(known[t]) for t in types))


@dataclass(frozen=True)
class _Relay:
    """A relay of a claim whose record failed typing: its type, all the reader-comment rule needs."""

    type: ClaimantType


def _claim_parties(file: LoadedFile) -> list[tuple[str, Location]]:
    """Every party named by the claims of ``file`` (claimants and relays), with where, as written."""
    found = []
    for index, item in enumerate(_items(file)):
        for j, claim in enumerate(_items_of(item, "claims")):
            claimant = claim.get("claimant")
            if isinstance(claimant, str) and claimant.strip():
                found.append((claimant.strip(), file.locate((index, "claims", j, "claimant"))))
            for k, relay in enumerate(_items_of(claim, "via")):
                name = relay.get("name")
                if isinstance(claimant, str) and isinstance(name, str) and claimant_slug(name) == claimant_slug(claimant):
                    continue  # the originator named again: reported once, by check_chain
                if isinstance(name, str) and name.strip():
                    found.append((name.strip(), file.locate((index, "claims", j, "via", k, "name"))))
    return found


def _items(file: LoadedFile) -> list:
    return file.data if isinstance(file.data, list) else []


def _items_of(item: object, part: str) -> list[dict]:
    parts = item.get(part) if isinstance(item, dict) else None
    return [p for p in parts if isinstance(p, dict)] if isinstance(parts, list) else []


def _written_ids(file: LoadedFile) -> set[str]:
    """The ``id`` values as written in a file, whether or not their records are valid."""
    items = file.data if isinstance(file.data, list) else []
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}
