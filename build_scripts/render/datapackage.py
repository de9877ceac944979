"""The Frictionless Data Package (``datapackage.json``) and ``SHA256SUMS`` of the downloads (pure).

Every field of every Table Schema comes from the data dictionary (``views.tables.COLUMNS``): its
type from the column's dtype (or its narrower ``kind``), its description from its meaning, its
allowed values from the model's vocabulary. Sizes and hashes are of the exact bytes written. The
version is derived from the corpus (its latest stated date and a hash of the tables), never the clock.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from build_scripts.layout import DEFAULT_DATA_LICENCE, HXL_DIR
from build_scripts.views.coverage import Coverage
from build_scripts.views.tables import COLUMNS, Column

PRIMARY_KEYS = {
    "incidents": ["id"],
    "claims": ["incident_id", "claim_id"],
    "sources": ["id"],
    "series": ["series_id", "period"],  # one row per point; a point's anchor is its period
    "campaigns": ["id"],
    "campaign_claims": ["campaign_id", "claim_id"],
}
# series.csv is the table of series points (each row carries its series' id and title): its rows
# refer to sources; claims refer to incidents and sources.
FOREIGN_KEYS = {
    "claims": [("incident_id", "incidents", "id"), ("source_id", "sources", "id")],
    "series": [("source_id", "sources", "id")],
    "campaign_claims": [("campaign_id", "campaigns", "id"), ("source_id", "sources", "id")],
}
TABLE_TITLES = {
    "incidents": "Incidents, with the lowest and highest claimed killed",
    "claims": "Casualty and responsibility claims, figures as written and parsed",
    "sources": "Sources the claims are quoted from",
    "series": "Points of monitors' period series",
    "campaigns": "Campaigns and periods with claims of their own",
    "campaign_claims": "Claims about campaigns and periods, figures as written and parsed",
}
_FIELD_TYPES = {"string": "string", "Int64": "integer", "boolean": "boolean", "Float64": "number"}
_LICENCE_NAME = re.compile(r"^[-a-zA-Z0-9._]+$")
KNOWN_LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}  # fmt: skip


@dataclass(frozen=True)
class PackageInfo:
    """What the package says about itself, from mkdocs.yml (site name and description, licence)."""

    title: str = "Civilian-harm claims"
    description: str = ""
    licence: str = DEFAULT_DATA_LICENCE
    site_url: str = ""

    @property
    def name(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") or "civilian-harm-claims"


def licence_record(text: str) -> dict[str, str]:
    """``extra.data_licence`` ("CC BY 4.0", "CC-BY-4.0", or another licence's name) as a Data
    Package licence: an SPDX-style name, with its title and address when the licence is known."""
    text = " ".join((text or DEFAULT_DATA_LICENCE).split())
    name = text.replace(" ", "-")
    known = {key.upper(): key for key in KNOWN_LICENCES}.get(name.upper())
    if known:
        title, path = KNOWN_LICENCES[known]
        return {"name": known, "path": path, "title": title}
    return {"name": name, "title": text} if _LICENCE_NAME.match(name) else {"name": "other", "title": text}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dataset_version(tables: dict[str, bytes], coverage: Coverage) -> str:
    """The corpus's latest stated date and the first 8 hex digits of a hash of the CSV tables."""
    digest = sha256(b"".join(f"{name}.csv {sha256(data)}\n".encode() for name, data in sorted(tables.items())))
    return f"{coverage.modified.isoformat()}-{digest[:8]}" if coverage.modified else digest[:8]


def field_descriptor(column: Column) -> dict[str, object]:
    field: dict[str, object] = {"name": column.name, "type": column.kind or _FIELD_TYPES[column.dtype]}
    if field["type"] in ("date", "yearmonth"):
        field["format"] = "default"  # ISO 8601: YYYY-MM-DD, YYYY-MM
    if column.dtype == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    field["description"] = column.meaning
    if column.hxl:
        field["hxl"] = column.hxl  # the column's HXL hashtag, as in the tagged copy (an extra property)
    if column.values:
        field["constraints"] = {"enum": list(column.values)}
    return field


def table_schema(table: str) -> dict[str, object]:
    schema: dict[str, object] = {
        "fields": [field_descriptor(column) for column in COLUMNS[table]],
        "missingValues": [""],  # an empty cell means unknown or not stated, never zero
        "primaryKey": PRIMARY_KEYS[table],
    }
    if table in FOREIGN_KEYS:
        schema["foreignKeys"] = [{"fields": field, "reference": {"resource": resource, "fields": key}}
                                 for field, resource, key in FOREIGN_KEYS[table]]  # fmt: skip
    return schema


def _resource(name: str, path: str, data: bytes, title: str, table: str, hxl: bool) -> dict[str, object]:
    resource: dict[str, object] = {
        "name": name, "path": path, "profile": "tabular-data-resource", "title": title,
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "bytes": len(data), "hash": f"sha256:{sha256(data)}",
    }  # fmt: skip
    if hxl:  # row 2 holds the HXL hashtags: not data
        resource["dialect"] = {"headerRows": [1], "commentRows": [2]}
    resource["schema"] = table_schema(table)
    return resource


def render_datapackage(csv_files: dict[str, bytes], hxl_files: dict[str, bytes], info: PackageInfo,
                       coverage: Coverage) -> bytes:  # fmt: skip
    """``csv_files`` and ``hxl_files``: table name -> the exact bytes of its plain and tagged CSV."""
    resources = [_resource(t, f"{t}.csv", csv_files[t], TABLE_TITLES[t], t, False) for t in csv_files]
    resources += [
        _resource(f"{t}-hxl", f"{HXL_DIR}/{t}.csv", hxl_files[t], f"{TABLE_TITLES[t]} (HXL-tagged)", t, True)
        for t in hxl_files
    ]
    package: dict[str, object] = {
        "profile": "tabular-data-package",
        "name": info.name,
        "title": info.title,
        "version": dataset_version(csv_files, coverage),
        "licenses": [licence_record(info.licence)],
    }
    if info.description:
        package["description"] = info.description
    if info.site_url:
        package["homepage"] = f"{info.site_url}data/"
    package["resources"] = resources
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_sha256sums(files: dict[str, bytes], folder: str) -> bytes:
    """``sha256sum -c SHA256SUMS`` format for every file under ``folder``, paths relative to it."""
    prefix = f"{folder}/"
    lines = [f"{sha256(data)}  {path.removeprefix(prefix)}\n" for path, data in sorted(files.items())
             if path.startswith(prefix)]  # fmt: skip
    return "".join(lines).encode("utf-8")
