"""Model -> pandas frames, one per table (incidents, claims, sources, series points). Pure.

The same frames feed the charts (``charts.py``) and the downloads (``exports.py``), so a chart and
its CSV always show the same numbers. ``COLUMNS`` is the data dictionary: the frames are built
with exactly these columns, in this order, and the Data page documents them from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from build_scripts.model.figures import Figure, parse_figure
from build_scripts.model.records import (
    COORDINATE_PRECISIONS,
    ClaimantType,
    ClaimScope,
    DatePrecision,
    Grading,
    PointKind,
    SourceKind,
)
from build_scripts.views.headline import in_headline
from build_scripts.views.site import SiteView


@dataclass(frozen=True)
class Column:
    """One column of a download table: its name, pandas dtype, meaning (the data dictionary), HXL
    hashtag (``render.hxl``) and, for the Data Package's Table Schema (``render.datapackage``), a
    more precise type than the dtype says (``date``, ``yearmonth``) and the allowed values."""

    name: str
    dtype: str  # "string" | "Int64" | "boolean" | "Float64"
    meaning: str
    hxl: str = ""
    kind: str = ""  # Table Schema type where it is narrower than the dtype's: "date" | "yearmonth"
    values: tuple[str, ...] = ()  # the only values the column holds (from the model's vocabulary)


def values_of(values) -> tuple[str, ...]:
    return tuple(value.value if hasattr(value, "value") else str(value) for value in values)


def one_of(values) -> str:
    """Allowed values in prose, from the model's own vocabulary: 'a, b or c'."""
    words = values_of(values)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _figure_columns(prefix: str, what: str, tag: str) -> list[Column]:
    return [
        Column(prefix, "string", f"{what}, as written in the source (\"at least 300\", \"dozens\")", f"{tag}+text"),
        Column(f"{prefix}_min", "Int64", f"{what}: parsed lower bound; empty if the claim states none", f"{tag}+min"),
        Column(f"{prefix}_max", "Int64", f"{what}: parsed upper bound; empty if the claim leaves it open", f"{tag}+max"),
        Column(f"{prefix}_approximate", "boolean", f"{what}: true if the wording is approximate (\"about\", \"dozens\")", f"{tag}+approx"),
    ]  # fmt: skip


# HXL hashtags follow the conventions of conflict data on humanitarian platforms (ACLED's on HDX:
# #event+id, #date+occurred, #country+name, #loc+name, #geo+lat, #affected+killed, #meta+source).
COLUMNS: dict[str, list[Column]] = {
    "incidents": [
        Column("id", "string", "permanent incident id (also its page address)", "#event+id"),
        Column("title", "string", "short title", "#event+name"),
        Column("date", "string", "ISO date of the incident (read with date_precision); empty if unknown (see date_by, date_after)", "#date+occurred", "date"),
        Column("date_precision", "string", f"{one_of(DatePrecision)}; empty if the date is unknown", "#date+occurred+precision", values=values_of(DatePrecision)),
        Column("date_by", "string", "for an unknown date: the latest possible day (on or before); empty otherwise", "#date+occurred+end", "date"),
        Column("date_after", "string", "for an unknown date: the earliest possible day (on or after); empty otherwise", "#date+occurred+start", "date"),
        Column("date_note", "string", "how the date is known or bounded, as shown beside it", "#date+occurred+note"),
        Column("place", "string", "place as curated", "#loc+name"),
        Column("place_note", "string", "how the place is known, where it is inferred, as shown beside it", "#loc+name+note"),
        Column("country", "string", "country", "#country+name"),
        Column("lat", "Float64", "latitude (WGS 84); empty if unknown", "#geo+lat"),
        Column("lon", "Float64", "longitude (WGS 84); empty if unknown", "#geo+lon"),
        Column("coordinates_precision", "string", f"{one_of(COORDINATE_PRECISIONS)}; empty if unknown", "#geo+precision",
               values=COORDINATE_PRECISIONS),
        Column("belligerents", "string", "alleged belligerents, separated by \"; \"", "#group+perpetrator+alleged+list"),
        Column("grading", "string", f"{one_of(Grading)} (see Methodology)", "#status+grading", values=values_of(Grading)),
        Column("claims", "Int64", "number of claims recorded about the incident", "#meta+claims+num"),
        Column("killed_claims", "Int64", "number of claims whose figure for people killed sets the headline range: "
               "whole-toll figures (scope incident), not reader comments (see Methodology)", "#meta+claims+killed+num"),
        Column("killed_low", "Int64", "headline range, lowest claimed killed (smallest lower bound) among those "
               "claims; never a sum or average", "#affected+killed+min"),
        Column("killed_high", "Int64", "headline range, highest claimed killed (largest bound) among those claims",
               "#affected+killed+max"),
        Column("killed_high_open", "boolean", "true if the highest claim is open-ended (\"over 200\")", "#affected+killed+max+open"),
        Column("killed_claims_aside", "Int64", "number of other claims with a figure for people killed, kept out of "
               "the headline range: partial counts and reader comments (listed in claims.csv)",
               "#meta+claims+killed+aside+num"),
        Column("related", "string", "ids of related incidents (linked from either side), separated by \"; \"", "#event+id+related+list"),
        Column("summary", "string", "why this grading; Markdown", "#description+summary"),
        Column("notes", "string", "curator's notes", "#description+notes"),
    ],
    "claims": [
        Column("incident_id", "string", "the incident the claim is about", "#event+id"),
        Column("claim_id", "string", "claim id, unique within the incident", "#meta+claim+id"),
        Column("source_id", "string", "the source the claim is quoted from", "#meta+source+id"),
        Column("claimant", "string", "who made the claim: its originator", "#org+claimant+name"),
        Column("claimant_type", "string", one_of(ClaimantType), "#org+claimant+type", values=values_of(ClaimantType)),
        Column("via", "string", "who passed the claim on between its originator and the source, in order, separated by \"; \"; empty if none", "#org+relay+name+list"),
        Column("via_types", "string", "the claimant type of each party in via, in the same order, separated by \"; \"", "#org+relay+type+list"),
        Column("claimed_on", "string", "ISO date the claim was made, as curated; empty if not given", "#date+claimed", "date"),
        Column("claimed_on_precision", "string", f"how much of claimed_on is known: {one_of(DatePrecision)}; empty means a day", "#date+claimed+precision", values=values_of(DatePrecision)),
        Column("claimed_on_note", "string", "how claimed_on is known, where it is inferred, as shown beside it", "#date+claimed+note"),
        Column("date", "string", "claimed_on, or else the source's publication date; empty if both unknown", "#date+reported", "date"),
        Column("date_precision", "string", f"how much of date is known: {one_of(DatePrecision)}", "#date+reported+precision", values=values_of(DatePrecision)),
        Column("date_basis", "string", "where date comes from: claimed (the claim's own date), source (the source's date: the claim was made by then); empty if unknown", "#date+reported+basis", values=["claimed", "source"]),
        *_figure_columns("killed", "people killed", "#affected+killed"),
        *_figure_columns("injured", "people injured", "#affected+injured"),
        Column("scope", "string", f"what the figures count: {ClaimScope.incident.value} (the whole incident's toll) "
               f"or {ClaimScope.partial.value} (only part of it, said in counts)", "#meta+scope",
               values=values_of(ClaimScope)),
        Column("counts", "string", "for a partial figure, what it counts (\"his own family members\"); empty otherwise",
               "#meta+scope+counts"),
        Column("in_headline", "boolean", "true if the killed figure sets the incident's headline range; false for "
               "partial counts and reader comments (or claims relayed by one), and empty if the claim gives no killed figure", "#meta+headline"),
        Column("responsibility", "string", "whom the claimant blames, as curated", "#group+perpetrator+claimed"),
        Column("blames", "string", "short names of the parties blamed, separated by \"; \"", "#group+perpetrator+claimed+list"),
        Column("statement", "string", "what the claimant says when it is neither a figure nor blame, as curated", "#description+statement"),
        Column("quote", "string", "the claimant's words, verbatim from the source", "#description+quote"),
        Column("in_reader_comments", "boolean", "true if the quote comes from reader comments below the article", "#meta+reader_comment"),
        Column("notes", "string", "curator's notes", "#description+notes"),
    ],
    "sources": [
        Column("id", "string", "permanent source id", "#meta+source+id"),
        Column("title", "string", "title; empty if unknown", "#meta+source+title"),
        Column("label", "string", "curator's description of a source whose text gives no title; not the publisher's",
               "#meta+source+label"),
        Column("publisher", "string", "publisher; empty if unknown", "#meta+source+publisher"),
        Column("author", "string", "author; empty if unknown", "#meta+source+author"),
        Column("published", "string", "ISO publication date; empty if unknown", "#date+published", "date"),
        Column("url", "string", "address of the original; empty if unknown", "#meta+source+url"),
        Column("archive_url", "string", "address of an archived copy; empty if none", "#meta+source+url+archive"),
        Column("language", "string", "language code (BCP 47)", "#meta+source+lang"),
        Column("kind", "string", one_of(SourceKind), "#meta+source+kind", values=values_of(SourceKind)),
        Column("text", "string", "path of the stored verbatim text in the seeds folder; empty if none", "#meta+source+stored"),
        Column("sha256", "string", "SHA-256 of the stored text", "#meta+source+sha256"),
        Column("comments_start", "Int64", "line where reader comments begin in the stored text; empty if none", "#meta+source+comments_start"),
        Column("claims", "Int64", "number of claims (about incidents or campaigns) quoting this source", "#meta+claims+num"),
        Column("series_points", "Int64", "number of series points quoting this source", "#meta+points+num"),
        Column("notes", "string", "curator's notes", "#description+notes"),
    ],
    "series": [
        Column("series_id", "string", "permanent series id", "#indicator+id"),
        Column("series_title", "string", "series title", "#indicator+name"),
        Column("claimant", "string", "who reported the series: its originator", "#org+claimant+name"),
        Column("claimant_type", "string", "claimant type (as for claims)", "#org+claimant+type", values=values_of(ClaimantType)),
        Column("via", "string", "who passed the series on to the source, in order, separated by \"; \"; empty if none", "#org+relay+name+list"),
        Column("unit", "string", "what is counted", "#indicator+unit"),
        Column("period", "string", "period as reported: YYYY-MM, or YYYY-MM/YYYY-MM for a longer period", "#date+period"),
        Column("period_start", "string", "first month of the period (YYYY-MM)", "#date+start", "yearmonth"),
        Column("period_end", "string", "last month of the period (YYYY-MM)", "#date+end", "yearmonth"),
        Column("kind", "string", f"{PointKind.count.value} (for the whole period) or {PointKind.average_per_month.value} (over the period)",
               "#indicator+kind", values=values_of(PointKind)),
        *_figure_columns("value", "the value", "#indicator+value"),
        Column("breakdown", "string", "reported breakdown, as written, e.g. \"children: 32; women: 31\"", "#indicator+breakdown"),
        Column("source_id", "string", "the source the value is quoted from", "#meta+source+id"),
        Column("quote", "string", "the monitor's words, verbatim from the source", "#description+quote"),
        Column("notes", "string", "curator's notes", "#description+notes"),
    ],
    "campaigns": [
        Column("id", "string", "permanent campaign id (also its page address)", "#event+campaign+id"),
        Column("title", "string", "short title", "#event+campaign+name"),
        Column("period", "string", "period the claims are about: YYYY-MM, YYYY-MM/YYYY-MM, or unknown", "#date+period"),
        Column("period_note", "string", "how the period is known, as shown beside it", "#date+period+note"),
        Column("country", "string", "country", "#country+name"),
        Column("incidents", "string", "ids of the incidents the campaign takes in, separated by \"; \"", "#event+id+list"),
        Column("claims", "Int64", "number of claims recorded about the campaign", "#meta+claims+num"),
        Column("summary", "string", "what the campaign or period is; Markdown", "#description+summary"),
        Column("notes", "string", "curator's notes", "#description+notes"),
    ],
}  # fmt: skip
# campaign_claims.csv: a claims.csv row about a campaign (campaign_id in place of incident_id; no headline)
COLUMNS["campaign_claims"] = [
    Column("campaign_id", "string", "the campaign or period the claim is about", "#event+campaign+id"),
    *[c for c in COLUMNS["claims"] if c.name not in ("incident_id", "in_headline")],
]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _figure(prefix: str, text: str | None, figure: Figure | None) -> dict[str, object]:
    return {
        prefix: text,
        f"{prefix}_min": figure.min if figure else None,
        f"{prefix}_max": figure.max if figure else None,
        f"{prefix}_approximate": figure.approximate if figure else None,
    }


def _frame(table: str, records: list[dict[str, object]]) -> pd.DataFrame:
    columns = COLUMNS[table]
    data = {c.name: pd.array([r[c.name] for r in records], dtype=c.dtype) for c in columns}
    return pd.DataFrame(data, columns=[c.name for c in columns])


def incidents_frame(view: SiteView) -> pd.DataFrame:
    """One row per incident, newest first (the site's order)."""
    records = []
    for incident in view.incidents_by_date:
        headline = view.headline(incident)
        spread = headline.spread
        where = incident.coordinates
        records.append({
            "id": incident.id, "title": incident.title, "date": _iso(incident.date),
            "date_precision": incident.date_precision.value if incident.date_precision else None,
            "date_by": _iso(incident.date_by), "date_after": _iso(incident.date_after), "date_note": incident.date_note,
            "place": incident.place, "place_note": incident.place_note,
            "country": incident.country, "lat": where.lat if where else None,
            "lon": where.lon if where else None, "coordinates_precision": where.precision if where else None,
            "belligerents": "; ".join(incident.belligerents), "grading": incident.grading.value,
            "claims": len(incident.claims), "killed_claims": spread.count if spread else 0,
            "killed_low": spread.low if spread else None, "killed_high": spread.high if spread else None,
            "killed_high_open": spread.open_high if spread else None, "killed_claims_aside": len(headline.aside),
            "related": "; ".join(other.id for other in view.related(incident)), "summary": incident.summary, "notes": incident.notes,
        })  # fmt: skip
    return _frame("incidents", records)


def _claim_record(view: SiteView, row) -> dict[str, object]:
    claim = row.claim
    return {
        "claim_id": claim.id, "source_id": row.source.id,
        "claimant": claim.claimant, "claimant_type": claim.claimant_type.value,
        "via": "; ".join(r.name for r in claim.via) or None, "via_types": "; ".join(r.type.value for r in claim.via) or None,
        "claimed_on": _iso(claim.claimed_on),
        "claimed_on_precision": claim.claimed_on_precision.value if claim.claimed_on_precision else None,
        "claimed_on_note": claim.claimed_on_note,
        "date": _iso(row.date), "date_precision": row.date_precision if row.date else None,
        "date_basis": row.date_basis,
        **_figure("killed", claim.killed, row.killed), **_figure("injured", claim.injured, row.injured),
        "scope": claim.scope.value, "counts": claim.counts,
        "in_headline": in_headline(claim) if row.killed else None,
        "responsibility": claim.responsibility, "blames": "; ".join(claim.blames) or None,
        "statement": claim.statement, "quote": claim.quote,
        "in_reader_comments": view.in_comments(row), "notes": claim.notes,
    }  # fmt: skip


def claims_frame(view: SiteView) -> pd.DataFrame:
    """One row per claim: incidents in site order, claims in each incident page's order."""
    records = [
        {"incident_id": incident.id, **_claim_record(view, row)}
        for incident in view.incidents_by_date
        for row in view.rows_for_incident(incident)
    ]
    return _frame("claims", records)


def campaign_claims_frame(view: SiteView) -> pd.DataFrame:
    """One row per claim about a campaign or period: campaigns in file order, claims in page order."""
    records = [{"campaign_id": row.campaign.id, **_claim_record(view, row)} for row in view.campaign_rows]
    return _frame("campaign_claims", records)


def campaigns_frame(view: SiteView) -> pd.DataFrame:
    records = [
        {"id": c.id, "title": c.title, "period": c.period, "period_note": c.period_note, "country": c.country,
         "incidents": "; ".join(c.incidents) or None, "claims": len(c.claims), "summary": c.summary, "notes": c.notes}
        for c in view.corpus.campaigns
    ]  # fmt: skip
    return _frame("campaigns", records)


def sources_frame(view: SiteView) -> pd.DataFrame:
    records = []
    for source in sorted(view.corpus.sources, key=lambda s: s.id):
        record = source.model_dump(mode="json")
        record["claims"] = len(view.rows_for_source(source))
        record["series_points"] = len(view.points_for_source(source))
        records.append(record)
    return _frame("sources", records)


def points_frame(view: SiteView) -> pd.DataFrame:
    """One row per series point, series in file order, points in file order."""
    records = []
    for row in view.point_rows:
        point, series = row.point, row.series
        records.append({
            "series_id": series.id, "series_title": series.title, "claimant": series.claimant,
            "claimant_type": series.claimant_type.value, "via": "; ".join(r.name for r in series.via) or None, "unit": series.unit, "period": point.period,
            "period_start": point.start, "period_end": point.end, "kind": point.kind.value,
            **_figure("value", point.value, row.value),
            "breakdown": "; ".join(f"{k}: {v}" for k, v in sorted(point.breakdown.items())) or None,
            "source_id": row.source.id, "quote": point.quote, "notes": point.notes,
        })  # fmt: skip
    return _frame("series", records)


@dataclass(frozen=True)
class Tables:
    incidents: pd.DataFrame
    claims: pd.DataFrame
    sources: pd.DataFrame
    series: pd.DataFrame
    breakdown: pd.DataFrame
    campaigns: pd.DataFrame
    campaign_claims: pd.DataFrame


def build_tables(view: SiteView) -> Tables:
    return Tables(
        incidents_frame(view), claims_frame(view), sources_frame(view), points_frame(view), breakdown_frame(view),
        campaigns_frame(view), campaign_claims_frame(view),
    )


def breakdown_frame(view: SiteView) -> pd.DataFrame:
    """One row per reported breakdown entry of a series point ("children: 32"); feeds the charts only
    (the downloads carry the breakdown as written in ``series.csv``)."""
    records = []
    for row in view.point_rows:
        for key, text in sorted(row.point.breakdown.items()):
            figure = parse_figure(text)
            records.append({"series_id": row.series.id, "period": row.point.period, "key": key,
                            "value": text, "value_min": figure.min, "value_max": figure.max})  # fmt: skip
    columns = ["series_id", "period", "key", "value", "value_min", "value_max"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.astype({"value_min": "Int64", "value_max": "Int64"})
