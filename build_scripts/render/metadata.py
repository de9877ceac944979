"""Page metadata (pure): each generated page's own description, the Data page's schema.org
``Dataset`` JSON-LD, and the encodings that carry them safely into page front matter.

Descriptions are plain text (control characters replaced, whitespace collapsed). They reach the page
as a YAML double-quoted scalar in which every ASCII punctuation character is an escape, so neither
Markdown nor a snippet or HTML syntax appears in the generated file; the theme (overrides/main.html)
HTML-escapes them into ``<meta>`` attributes. JSON-LD is escaped for a ``<script>`` context.
"""

from __future__ import annotations

import json
import re
import string

from build_scripts.layout import DOWNLOADS_DIR
from build_scripts.model.records import Incident, Redirect, Source
from build_scripts.render.datapackage import KNOWN_LICENCES, PackageInfo, licence_record
from build_scripts.render.textsafe import replace_controls
from build_scripts.views.coverage import Coverage
from build_scripts.views.site import Claimant, SiteView, date_label, incident_date_label

_UNPAIRED = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
_PUNCTUATION = frozenset(string.punctuation)


def plain(text: object) -> str:
    """Text for a meta attribute: no control characters or lone surrogates, whitespace collapsed."""
    return " ".join(_UNPAIRED.sub("\ufffd", replace_controls(str(text))).split())


def yaml_text(value: object) -> str:
    """A YAML double-quoted scalar holding exactly ``str(value)``, on one line: ASCII punctuation,
    control and other non-printable characters are escapes (\\xNN, \\uNNNN, \\UNNNNNNNN)."""
    out = []
    for char in str(value):
        code = ord(char)
        if char in _PUNCTUATION or code < 0x20 or 0x7F <= code <= 0xA0:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def script_json(value: object) -> str:
    """JSON for a ``<script type="application/ld+json">`` block: nothing in it can close the element
    or open markup (<, >, & and the line separators as \\u escapes)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def written_range(view: SiteView, incident: Incident) -> str:
    """The lowest and highest killed figures among the claims, as their claimants wrote them."""
    spread = view.killed_spread(incident)
    if spread is None:
        return "no death toll claimed"
    figures = [(row.claim.killed, row.killed) for row in view.rows_for_incident(incident) if row.killed]
    low = next(text for text, f in figures if (f.min if f.min is not None else f.max) == spread.low)
    if spread.open_high:
        high = next(text for text, f in figures if f.max is None and f.min == spread.high)
    else:
        high = next(text for text, f in figures if f.max == spread.high)
    return f"“{low}”" if low == high else f"“{low}” to “{high}”"


def incident_description(view: SiteView, incident: Incident) -> str:
    rows = view.rows_for_incident(incident)
    sources = len({row.source.id for row in rows})
    when = incident_date_label(incident)
    return plain(
        f"{incident.title}: {when}, {incident.place}, {incident.country}. Killed, as claimed: "
        f"{written_range(view, incident)}; {_count(len(rows), 'claim')} from {_count(sources, 'source')}, "
        "each quoted from its source."
    )


def source_description(view: SiteView, source: Source) -> str:
    claims = len(view.rows_for_source(source)) + len(view.points_for_source(source))
    return plain(
        f"{source.title or 'Untitled document'}: {source.kind.value}, "
        f"{source.publisher or 'publisher unknown'}, {date_label(source.published) if source.published else 'date unknown'}. "
        f"{_count(claims, 'claim')} quoted from it" + (", highlighted in the stored text." if source.text else ".")
    )


def claimant_description(claimant: Claimant) -> str:
    incidents = len({row.incident.id for row in claimant.incident_claims})
    relayed = f"; passed on {_count(len(claimant.relayed), 'claim')} made by others" if claimant.relayed else ""
    return plain(
        f"{claimant.name}: {_count(claimant.count, 'claim')} ({_count(len(claimant.incident_claims), 'claim')} about "
        f"{_count(incidents, 'incident')}, {_count(len(claimant.points), 'series point')}"
        + (f", {_count(len(claimant.campaign_claims), 'claim')} about campaigns" if claimant.campaign_claims else "")
        + f"){relayed}, each quoted from its source."
    )


def redirect_description(redirect: Redirect, title: str) -> str:
    return plain(f"Moved: the {redirect.kind.value} {redirect.old_id} is now “{title}” ({redirect.new_id}).")


def index_descriptions(view: SiteView) -> dict[str, str]:
    corpus = view.corpus
    points = sum(len(s.points) for s in corpus.series)
    located = sum(1 for incident in corpus.incidents if incident.coordinates)
    return {
        "incidents/index.md": f"{_count(len(corpus.incidents), 'incident')} of civilian harm and the "
        f"{_count(len(view.claim_rows), 'competing claim')} made about them, newest first, each quoted from its source.",
        "sources/index.md": f"The {_count(len(corpus.sources), 'source')} that the claims are quoted from: title, "
        "publisher, date and stored text, unknown metadata shown as unknown.",
        "claimants/index.md": f"The {_count(len(view.claimants), 'claimant')} who made the claims, and every claim "
        "each of them made, across incidents and monitors' series.",
        "campaigns/index.md": f"{_count(len(corpus.campaigns), 'campaign or period', 'campaigns or periods')} with claims "
        "of their own: claims not about one incident, each quoted from its source.",
        "data/index.md": f"Monitors' period counts ({_count(points, 'reported value')}) and every record as data: "
        "CSV, HXL-tagged CSV, JSON, GeoJSON and a Frictionless Data Package.",
        "map/index.md": f"Map of the incidents with coordinates: {located:,} of {_count(len(corpus.incidents), 'incident')}, "
        "each located as precisely as its sources allow, and linked to its page." if located else
        f"Map of the incidents with coordinates: none of the {_count(len(corpus.incidents), 'incident')} has any yet "
        "(a location is never guessed).",
    }  # fmt: skip


def page_descriptions(view: SiteView) -> dict[str, str]:
    """Every generated page's description, by its path under the docs folder; one that two pages
    would share gets the page's own id appended, so that each page's description is its own."""
    found = index_descriptions(view)
    for incident in view.corpus.incidents:
        found[f"incidents/{incident.id}.md"] = incident_description(view, incident)
    for campaign in view.corpus.campaigns:
        found[f"campaigns/{campaign.id}.md"] = plain(
            f"{campaign.title}: {campaign.period}, {campaign.country}. "
            f"{_count(len(campaign.claims), 'claim')} about the campaign or period, each quoted from its source.")
    for source in view.corpus.sources:
        found[f"sources/{source.id}.md"] = source_description(view, source)
    for slug, claimant in view.claimants.items():
        found[f"claimants/{slug}.md"] = claimant_description(claimant)
    for redirect in view.corpus.redirects:
        is_incident = redirect.kind.value == "incident"
        folder = "incidents" if is_incident else "sources"
        target = view.incidents[redirect.new_id].title if is_incident else view.sources[redirect.new_id].title
        found[f"{folder}/{redirect.old_id}.md"] = redirect_description(redirect, target or "Untitled document")
    seen: dict[str, int] = {}
    for text in found.values():
        seen[text] = seen.get(text, 0) + 1
    return {path: text if seen[text] == 1 else f"{text} (id: {path.rsplit('/', 1)[1].removesuffix('.md')})"
            for path, text in found.items()}  # fmt: skip


MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json", ".geojson": "application/geo+json",
               ".schema.json": "application/schema+json", "SHA256SUMS": "text/plain"}  # fmt: skip


def media_type(name: str) -> str:
    for ending in sorted(MEDIA_TYPES, key=len, reverse=True):
        if name.endswith(ending):
            return MEDIA_TYPES[ending]
    return "application/octet-stream"


def dataset_jsonld(info: PackageInfo, coverage: Coverage, version: str, files: list[str]) -> dict[str, object]:
    """schema.org ``Dataset`` for the Data page: one ``DataDownload`` per listed file (``files``:
    names relative to the downloads folder). Addresses are absolute when ``site_url`` is set."""
    base = f"{info.site_url}{DOWNLOADS_DIR}/" if info.site_url else ""
    licence = licence_record(info.licence)
    dataset: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": plain(info.title),
        "description": plain(info.description or info.title),
    }
    if base:
        dataset["url"] = base
    dataset["license"] = KNOWN_LICENCES[licence["name"]][1] if licence["name"] in KNOWN_LICENCES else licence["title"]
    dataset["isAccessibleForFree"] = True
    dataset["version"] = version
    if coverage.modified:
        dataset["dateModified"] = coverage.modified.isoformat()
    if coverage.temporal:
        dataset["temporalCoverage"] = coverage.temporal
    if coverage.countries:
        dataset["spatialCoverage"] = [{"@type": "Place", "name": plain(country)} for country in coverage.countries]
    dataset["distribution"] = [
        {"@type": "DataDownload", "name": name, "encodingFormat": media_type(name), "contentUrl": base + name}
        for name in files
    ]
    return dataset
