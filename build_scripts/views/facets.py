"""What the search index knows of each record page: its filter values, its metadata and its sort key.

One place for the facets the index pages filter by (incidents: country, year, grading, alleged
belligerent, claimant type; sources: kind, language; claimants: type), read by the pages
(render/pages.py writes them as Pagefind attributes) and by the tests that compare what a reader's
filters return with the model. Every value is the record's own, as the pages show it; a record
without a value for a facet (an incident naming no belligerent) has none, never an invented one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from build_scripts.model.records import Incident, Source
from build_scripts.render.messages import Messages, default_messages
from build_scripts.views.site import Claimant, date_label

# The facet keys each kind of record is filtered by, in the filter UI's order (their headings are
# messages: filters.keys.<key> in render/messages/en.yaml)
INCIDENT_FILTERS = ("country", "year", "grading", "belligerent", "claimant_type")
SOURCE_FILTERS = ("kind", "language")
CLAIMANT_FILTERS = ("type",)
# Metadata: "what" (Incident, Source, Claimant) heads a search result; a source's "title" is its name
# as the page shows it (the page's h1 otherwise). The metadata columns a filtered index shows beside each record's title
INCIDENT_COLUMNS = ("date", "grading", "place", "country")
SOURCE_COLUMNS = ("publisher", "published", "kind", "language")
CLAIMANT_COLUMNS = ("type", "claims")


@dataclass(frozen=True)
class Facets:
    record: str  # incident | source | claimant: the index page's own filter
    filters: dict[str, list[str]]
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)  # incidents: by date, for the filtered list
    stored_text: bool = False  # a source with a stored text: indexed in the main search bundle (searchindex.py)


def incident_facets(incident: Incident, messages: Messages | None = None) -> Facets:
    """Filter values and metadata in ``messages``' words (render/messages.py; English by default)."""
    say = (messages := messages or default_messages()).get
    filters = {
        "country": [incident.country],
        "year": [str(incident.date.year)] if incident.date else [],  # an undated incident has no year
        "grading": [incident.grading.value],
        "belligerent": sorted(set(incident.belligerents)),
        "claimant_type": sorted({say(f"claimant_types.{claim.claimant_type.value}") for claim in incident.claims}),
    }
    precision = incident.date_precision.value if incident.date_precision else "day"
    meta = {"what": say("filters.incidents.heading"), "date": date_label(incident.date, precision, messages),
            "grading": incident.grading.value, "place": incident.place, "country": incident.country}  # fmt: skip
    return Facets("incident", filters, meta, {"date": incident.date.isoformat()} if incident.date else {})


def source_facets(source: Source, name: str, messages: Messages | None = None) -> Facets:
    say = (messages := messages or default_messages()).get
    filters = {"kind": [source.kind.value], "language": [source.language]}
    meta = {"what": say("filters.sources.heading"), "title": name, "publisher": source.publisher or say("dates.unknown"),
            "published": date_label(source.published, "day", messages), "kind": source.kind.value,
            "language": source.language}  # fmt: skip
    return Facets("source", filters, meta, stored_text=bool(source.text))


def claimant_facets(claimant: Claimant, messages: Messages | None = None) -> Facets:
    say = (messages := messages or default_messages()).get
    types = [say(f"claimant_types.{value}") for value in claimant.types]
    meta = {"what": say("filters.claimants.heading"), "type": ", ".join(types), "claims": str(len(claimant.claims))}
    return Facets("claimant", {"type": types}, meta)
