"""Tables and model -> the download files (CSV, JSON, GeoJSON, JSON Schema). Pure and deterministic:
same inputs, byte-identical files. Paths are relative to the docs folder."""

from __future__ import annotations

import json

import pandas as pd

from build_scripts.layout import DOWNLOADS_DIR, HXL_DIR
from build_scripts.model.figures import parse_figure
from build_scripts.model.records import Campaign, Incident
from build_scripts.render.datapackage import PackageInfo, render_datapackage, render_sha256sums
from build_scripts.render.hxl import render_hxl_csv
from build_scripts.render.schema import render_json_schemas
from build_scripts.views.coverage import corpus_coverage
from build_scripts.views.headline import in_headline
from build_scripts.views.site import SiteView
from build_scripts.views.tables import COLUMNS, Tables

DOWNLOADS = DOWNLOADS_DIR
CSV_TABLES = ("incidents", "claims", "sources", "series", "campaigns", "campaign_claims")
PACKAGE = "datapackage.json"
SUMS = "SHA256SUMS"


def _json(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def render_csv(frame: pd.DataFrame) -> bytes:
    """RFC 4180-style CSV with a header row, UTF-8, \\n line ends; empty cell for unknown; booleans
    as true/false (the data dictionary's words, and what the Data Package's schema accepts)."""
    booleans = {name: frame[name].astype("string").str.lower() for name, dtype in frame.dtypes.items()
                if isinstance(dtype, pd.BooleanDtype)}  # fmt: skip
    frame = frame.assign(**booleans) if booleans else frame
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def incident_record(incident: Incident) -> dict:
    """One incident, complete: every curated field, and each claim's figures parsed."""
    record = incident.model_dump(mode="json")
    for claim, model in zip(record["claims"], incident.claims, strict=True):
        claim["in_headline"] = in_headline(model) if model.killed else None
        for measure in ("killed", "injured"):
            figure = parse_figure(claim[measure]) if claim[measure] else None
            claim[f"{measure}_parsed"] = (
                {"min": figure.min, "max": figure.max, "approximate": figure.approximate} if figure else None
            )
    return record


def campaign_record(campaign: Campaign) -> dict:
    """One campaign, complete: every curated field, and each claim's figures parsed."""
    record = campaign.model_dump(mode="json")
    for claim in record["claims"]:
        for measure in ("killed", "injured"):
            figure = parse_figure(claim[measure]) if claim[measure] else None
            claim[f"{measure}_parsed"] = (
                {"min": figure.min, "max": figure.max, "approximate": figure.approximate} if figure else None
            )
    return record


def render_geojson(tables: Tables) -> bytes:
    located = tables.incidents[tables.incidents["lat"].notna()]
    features = [
        {
            "type": "Feature",
            "id": row.id,
            "geometry": {"type": "Point", "coordinates": [float(row.lon), float(row.lat)]},
            "properties": {"title": row.title, "date": row.date, "date_precision": row.date_precision,
                           "precision": row.coordinates_precision, "grading": row.grading,
                           "claims": int(row.claims), "page": f"incidents/{row.id}/"},
        }
        for row in located.itertuples()
    ]
    return _json({"type": "FeatureCollection", "features": features})


def render_downloads(view: SiteView, tables: Tables, info: PackageInfo | None = None) -> dict[str, bytes]:
    """Every download file, the JSON Schemas of the YAML files among them (the same generator as
    ``schemas/``, which a test keeps in step with the model); the HXL-tagged copies of the CSVs, the
    Data Package describing them and ``SHA256SUMS`` of every file last."""
    csvs = {name: render_csv(getattr(tables, name)) for name in CSV_TABLES}
    tagged = {name: render_hxl_csv(data, COLUMNS[name]) for name, data in csvs.items()}
    files = {f"{DOWNLOADS}/{name}.csv": data for name, data in csvs.items()}
    files.update({f"{DOWNLOADS}/{HXL_DIR}/{name}.csv": data for name, data in tagged.items()})
    incidents = {i.id: incident_record(i) for i in view.incidents_by_date}
    files[f"{DOWNLOADS}/incidents.json"] = _json(list(incidents.values()))
    for incident_id, record in incidents.items():
        files[f"{DOWNLOADS}/incidents/{incident_id}.json"] = _json(record)
    files[f"{DOWNLOADS}/campaigns.json"] = _json([campaign_record(c) for c in view.corpus.campaigns])
    files[f"{DOWNLOADS}/incidents.geojson"] = render_geojson(tables)
    for name, text in render_json_schemas().items():
        files[f"{DOWNLOADS}/schemas/{name}"] = text.encode("utf-8")
    files[f"{DOWNLOADS}/{PACKAGE}"] = render_datapackage(csvs, tagged, info or PackageInfo(), corpus_coverage(view))
    files[f"{DOWNLOADS}/{SUMS}"] = render_sha256sums(files, DOWNLOADS)
    return files


FILE_DESCRIPTIONS = {
    "incidents.csv": "one row per incident, with its headline range of claimed killed (whole-toll figures, no reader comments)",
    "claims.csv": "one row per claim, figures as written and parsed (min, max)",
    "sources.csv": "one row per source, unknown metadata left empty",
    "series.csv": "one row per reported value of a monitor's series",
    "campaigns.csv": "one row per campaign or period with claims of its own (not about one incident)",
    "campaign_claims.csv": "one row per claim about a campaign or period, with the columns of claims.csv",
    "incidents.json": "every incident, nested with its claims, complete (also one file per incident)",
    "campaigns.json": "every campaign or period, nested with its claims, complete",
    "incidents.geojson": "incidents with coordinates, as points (an empty collection if none has any)",
    **{f"{HXL_DIR}/{name}.csv": f"`{name}.csv` with HXL hashtags in its second row (for humanitarian data tools)"
       for name in CSV_TABLES},
    PACKAGE: "Frictionless Data Package: every CSV's column types, keys and joins, the licence, and each file's size and sha256",
    SUMS: "the sha256 of every file here (check with `sha256sum -c SHA256SUMS` in the downloaded folder)",
}  # fmt: skip


def downloads_listing(tables: Tables, files: dict[str, bytes]) -> list[dict[str, object]]:
    """The Data page's file list: name, what it holds, and its number of records."""
    counts: dict[str, object] = {f"{name}.csv": len(getattr(tables, name)) for name in CSV_TABLES}
    counts.update({f"{HXL_DIR}/{name}.csv": len(getattr(tables, name)) for name in CSV_TABLES})
    counts[PACKAGE] = counts[SUMS] = "—"
    counts["incidents.json"] = len(tables.incidents)
    counts["campaigns.json"] = len(tables.campaigns)
    counts["incidents.geojson"] = int(tables.incidents["lat"].notna().sum())
    listing = [{"name": name, "what": what, "rows": counts[name]} for name, what in FILE_DESCRIPTIONS.items()]
    for path in sorted(p for p in files if p.startswith(f"{DOWNLOADS}/schemas/")):
        name = path.removeprefix(f"{DOWNLOADS}/")
        listing.append({"name": name, "what": "JSON Schema of the YAML file "
                        f"`{path.rsplit('/', 1)[1].split('.')[0]}.yaml`", "rows": "—"})  # fmt: skip
    return listing
