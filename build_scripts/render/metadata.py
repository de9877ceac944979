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
from build_scripts.render.messages import Messages, default_messages
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


def written_range(view: SiteView, incident: Incident, messages: Messages) -> str:
    """The lowest and highest killed figures among the claims, as their claimants wrote them."""
    spread = view.killed_spread(incident)
    if spread is None:
        return messages.get("descriptions.no_toll")
    figures = [(row.claim.killed, row.killed) for row in view.rows_for_incident(incident) if row.killed]
    low = next(text for text, f in figures if (f.min if f.min is not None else f.max) == spread.low)
    if spread.open_high:
        high = next(text for text, f in figures if f.max is None and f.min == spread.high)
    else:
        high = next(text for text, f in figures if f.max == spread.high)
    return messages.get("descriptions.one_figure", low=low) if low == high else messages.get("descriptions.range", low=low, high=high)


def incident_description(view: SiteView, incident: Incident, messages: Messages | None = None) -> str:
    messages = messages or default_messages()
    rows = view.rows_for_incident(incident)
    sources = len({row.source.id for row in rows})
    return plain(messages.get(
        "descriptions.incident", title=incident.title, when=incident_date_label(incident, messages),
        place=incident.place, country=incident.country, range=written_range(view, incident, messages),
        claims=messages.counted(len(rows), "claim"), sources=messages.counted(sources, "source")))


def source_description(view: SiteView, source: Source, messages: Messages | None = None) -> str:
    messages = messages or default_messages()
    claims = len(view.rows_for_source(source)) + len(view.points_for_source(source))
    return plain(messages.get(
        "descriptions.source_stored" if source.text else "descriptions.source",
        title=source.title or messages.get("descriptions.untitled"), kind=source.kind.value,
        publisher=source.publisher or messages.get("descriptions.publisher_unknown"),
        date=date_label(source.published, "day", messages) if source.published else messages.get("descriptions.date_unknown"),
        claims=messages.counted(claims, "claim")))


def claimant_description(claimant: Claimant, messages: Messages | None = None) -> str:
    say, count = (messages := messages or default_messages()).get, messages.counted
    incidents = len({row.incident.id for row in claimant.incident_claims})
    relayed = say("descriptions.claimant_relayed", claims=count(len(claimant.relayed), "claim")) if claimant.relayed else ""
    campaigns = (say("descriptions.claimant_campaigns", claims=count(len(claimant.campaign_claims), "claim"))
                 if claimant.campaign_claims else "")  # fmt: skip
    return plain(say(
        "descriptions.claimant", name=claimant.name, claims=count(claimant.count, "claim"),
        incident_claims=count(len(claimant.incident_claims), "claim"), incidents=count(incidents, "incident"),
        points=count(len(claimant.points), "series point"), campaigns=campaigns, relayed=relayed))


def redirect_description(redirect: Redirect, title: str, messages: Messages | None = None) -> str:
    return plain((messages or default_messages()).get(
        f"descriptions.redirect_{redirect.kind.value}", old_id=redirect.old_id, title=title, new_id=redirect.new_id))


def index_descriptions(view: SiteView, messages: Messages | None = None) -> dict[str, str]:
    say, count = (messages := messages or default_messages()).get, messages.counted
    corpus = view.corpus
    points = sum(len(s.points) for s in corpus.series)
    located = sum(1 for incident in corpus.incidents if incident.coordinates)
    incidents = count(len(corpus.incidents), "incident")
    return {
        "incidents/index.md": say("descriptions.incidents_index", incidents=incidents,
                                  claims=count(len(view.claim_rows), "competing claim")),
        "sources/index.md": say("descriptions.sources_index", sources=count(len(corpus.sources), "source")),
        "claimants/index.md": say("descriptions.claimants_index", claimants=count(len(view.claimants), "claimant")),
        "campaigns/index.md": say("descriptions.campaigns_index", campaigns=count(len(corpus.campaigns), "campaign or period")),
        "data/index.md": say("descriptions.data_index", points=count(points, "reported value")),
        "map/index.md": say("descriptions.map_index", located=f"{located:,}", incidents=incidents) if located
        else say("descriptions.map_index_none", incidents=incidents),
    }  # fmt: skip


def page_descriptions(view: SiteView, messages: Messages | None = None) -> dict[str, str]:
    """Every generated page's description, by its path under the docs folder; one that two pages
    would share gets the page's own id appended, so that each page's description is its own."""
    say = (messages := messages or default_messages()).get
    found = index_descriptions(view, messages)
    for incident in view.corpus.incidents:
        found[f"incidents/{incident.id}.md"] = incident_description(view, incident, messages)
    for campaign in view.corpus.campaigns:
        found[f"campaigns/{campaign.id}.md"] = plain(say(
            "descriptions.campaign", title=campaign.title, period=campaign.period, country=campaign.country,
            claims=messages.counted(len(campaign.claims), "claim")))
    for source in view.corpus.sources:
        found[f"sources/{source.id}.md"] = source_description(view, source, messages)
    for slug, claimant in view.claimants.items():
        found[f"claimants/{slug}.md"] = claimant_description(claimant, messages)
    for redirect in view.corpus.redirects:
        is_incident = redirect.kind.value == "incident"
        folder = "incidents" if is_incident else "sources"
        target = view.incidents[redirect.new_id].title if is_incident else view.sources[redirect.new_id].title
        found[f"{folder}/{redirect.old_id}.md"] = redirect_description(
            redirect, target or say("descriptions.untitled"), messages)
    seen: dict[str, int] = {}
    for text in found.values():
        seen[text] = seen.get(text, 0) + 1
    return {path: text if seen[text] == 1 else say("descriptions.with_id", text=text, id=path.rsplit("/", 1)[1].removesuffix(".md"))
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
