"""Downloads round-trip: every YAML record and claim of the real corpus is in the files (invariants),
parsed numbers are right (pinned on the frozen test corpus), and the same inputs give byte-identical files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import yaml

from build_scripts.checks.validate import check_corpus
from build_scripts.model.figures import parse_figure
from build_scripts.render.exports import downloads_listing, render_downloads
from build_scripts.views.site import SiteView
from build_scripts.views.tables import COLUMNS, build_tables
from tests.conftest import CORPUS, SEEDS, write_corpus

TODAY = dt.date.today()  # the real corpus holds real past dates (its history included)


def downloads_for(seeds):
    corpus, problems = check_corpus(seeds, TODAY)
    assert problems == [] and corpus is not None
    view = SiteView(corpus)
    tables = build_tables(view)
    return tables, render_downloads(view, tables)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.fixture(scope="module")
def real():
    return downloads_for(SEEDS)


@pytest.fixture(scope="module")
def frozen():
    """The frozen test corpus (tests/corpus): tests that pin particular records use it."""
    return downloads_for(CORPUS)


def yaml_records(name: str, folder=SEEDS) -> list[dict]:
    return yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))


def test_every_yaml_record_and_claim_is_in_the_csv_files(real) -> None:
    _, files = real
    incidents, sources, series = yaml_records("incidents"), yaml_records("sources"), yaml_records("series")
    assert sorted(r["id"] for r in read_csv(files["data/incidents.csv"])) == sorted(i["id"] for i in incidents)
    assert sorted(r["id"] for r in read_csv(files["data/sources.csv"])) == sorted(s["id"] for s in sources)
    claims = read_csv(files["data/claims.csv"])
    assert sorted((r["incident_id"], r["claim_id"]) for r in claims) == sorted(
        (i["id"], c["id"]) for i in incidents for c in i["claims"])
    points = read_csv(files["data/series.csv"])
    assert sorted((r["series_id"], r["period"]) for r in points) == sorted(
        (s["id"], p["period"]) for s in series for p in s["points"])


def test_parsed_figures_in_claims_csv_match_the_vocabulary(frozen) -> None:
    _, files = frozen
    by_key = {(i["id"], c["id"]): c for i in yaml_records("incidents", CORPUS) for c in i["claims"]}
    checked = 0
    for row in read_csv(files["data/claims.csv"]):
        claim = by_key[(row["incident_id"], row["claim_id"])]
        assert row["quote"] == claim["quote"] and row["claimant"] == claim["claimant"]
        for measure in ("killed", "injured"):
            written = claim.get(measure)
            assert row[measure] == (written or "")
            if written:
                figure = parse_figure(written)
                assert row[f"{measure}_min"] == ("" if figure.min is None else str(figure.min))
                assert row[f"{measure}_max"] == ("" if figure.max is None else str(figure.max))
                checked += 1
    assert checked >= 8
    over = next(r for r in read_csv(files["data/claims.csv"]) if r["killed"] == "over 200")
    assert (over["killed_min"], over["killed_max"]) == ("201", "")


def test_csv_columns_are_the_data_dictionary(real) -> None:
    _, files = real
    for table, columns in COLUMNS.items():
        header = files[f"data/{table}.csv"].decode("utf-8").splitlines()[0]
        assert header.split(",") == [c.name for c in columns]
        assert all(c.meaning for c in columns)


def test_json_is_nested_complete_and_per_incident(frozen) -> None:
    _, files = frozen
    everything = json.loads(files["data/incidents.json"])
    assert [i["id"] for i in everything] and len(everything) == len(yaml_records("incidents", CORPUS))
    for incident in everything:
        assert json.loads(files[f"data/incidents/{incident['id']}.json"]) == incident
    original = {i["id"]: i for i in yaml_records("incidents", CORPUS)}
    jadida = next(i for i in everything if i["id"] == "2017-03-17-mosul-al-jadida")
    assert len(jadida["claims"]) == len(original[jadida["id"]]["claims"])
    un = next(c for c in jadida["claims"] if c["id"] == "un-ohchr")
    assert un["killed_parsed"] == {"min": 140, "max": 140, "approximate": False}
    assert un["quote"] == next(c for c in original[jadida["id"]]["claims"] if c["id"] == "un-ohchr")["quote"]


def test_geojson_is_an_empty_collection_without_coordinates(frozen) -> None:
    _, files = frozen
    assert json.loads(files["data/incidents.geojson"]) == {"type": "FeatureCollection", "features": []}


def test_geojson_has_incidents_with_coordinates(tmp_path) -> None:
    from tests.conftest import TINY_INCIDENTS

    located = TINY_INCIDENTS.replace("  country: Testland\n", "  country: Testland\n  coordinates: {lat: 36.3, lon: 43.1, precision: town}\n")
    _, files = downloads_for(write_corpus(tmp_path / "seeds", incidents=located))
    feature = json.loads(files["data/incidents.geojson"])["features"][0]
    assert feature["id"] == "2020-01-04-market-strike"
    assert feature["geometry"] == {"type": "Point", "coordinates": [43.1, 36.3]}


def test_schemas_and_listing_counts(real) -> None:
    tables, files = real
    for name in ("sources", "incidents", "series"):
        schema = json.loads(files[f"data/schemas/{name}.schema.json"])
        assert schema["type"] == "array" and "items" in schema
    listing = {f["name"]: f["rows"] for f in downloads_listing(tables, files)}
    assert listing["incidents.csv"] == len(yaml_records("incidents"))
    assert listing["claims.csv"] == sum(len(i["claims"]) for i in yaml_records("incidents"))
    assert listing["series.csv"] == sum(len(s["points"]) for s in yaml_records("series"))
    assert "schemas/incidents.schema.json" in listing


def test_downloads_are_deterministic() -> None:
    _, first = downloads_for(SEEDS)
    _, second = downloads_for(SEEDS)
    assert first == second
