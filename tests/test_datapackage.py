"""The Frictionless Data Package and SHA256SUMS beside the downloads: generated from the data
dictionary, valid under `frictionless validate`, and failing it when a fault is planted."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

from build_scripts.checks.validate import check_corpus
from build_scripts.render.datapackage import FOREIGN_KEYS, PRIMARY_KEYS, PackageInfo, licence_record
from build_scripts.render.exports import render_csv, render_downloads
from build_scripts.views.coverage import corpus_coverage
from build_scripts.views.site import SiteView
from build_scripts.views.tables import COLUMNS, build_tables
from tests.conftest import SEEDS, TINY_INCIDENTS, write_corpus

TODAY = dt.date.today()  # the real corpus holds real past dates (its history included)
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def downloads(seeds: Path, info: PackageInfo | None = None) -> dict[str, bytes]:
    corpus, problems = check_corpus(seeds, TODAY)
    assert problems == [] and corpus is not None
    view = SiteView(corpus)
    return render_downloads(view, build_tables(view), info)


def write_downloads(files: dict[str, bytes], root: Path) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root / "data"


@pytest.fixture(scope="module")
def real() -> dict[str, bytes]:
    return downloads(SEEDS)


@pytest.fixture
def package_dir(real: dict[str, bytes], tmp_path: Path) -> Path:
    return write_downloads(real, tmp_path)


def errors(folder: Path) -> dict[str, list[str]]:
    """frictionless validate, in-process: resource name -> error types (empty if all valid)."""
    report = frictionless.validate(str(folder / "datapackage.json"))
    found = {task.name: [error.type for error in task.errors] for task in report.tasks if not task.valid}
    assert report.valid == (not found) and not report.errors, report.errors
    return found


def plant(folder: Path, path: str, old: bytes, new: bytes, *, rehash: bool = True) -> None:
    """Replace ``old`` by ``new`` in one file; with ``rehash``, the package's bytes and hash follow,
    so that the planted fault is the only thing wrong."""
    file = folder / path
    data = file.read_bytes()
    if isinstance(old, re.Pattern):  # a pattern, so that the fault does not pin the corpus's own values
        assert old.search(data), (path, old)
        data = old.sub(new, data, count=1)
    else:
        assert old in data, (path, old)
        data = data.replace(old, new, 1)
    file.write_bytes(data)
    if rehash:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        for resource in package["resources"]:
            if resource["path"] == path:
                resource["bytes"], resource["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
        (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


def test_frictionless_cli_validates_the_package(package_dir: Path) -> None:
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"], cwd=package_dir,
                            capture_output=True, text=True, check=False)  # fmt: skip
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[:3000]
    names = [task["name"] for task in report["tasks"]]
    assert names == [*COLUMNS, *(f"{t}-hxl" for t in COLUMNS)]
    assert all(task["stats"]["rows"] > 0 for task in report["tasks"])


def test_the_schemas_are_the_data_dictionary(real: dict[str, bytes]) -> None:
    package = json.loads(real["data/datapackage.json"])
    resources = {r["name"]: r for r in package["resources"]}
    for table, columns in COLUMNS.items():
        for name in (table, f"{table}-hxl"):
            schema = resources[name]["schema"]
            assert [f["name"] for f in schema["fields"]] == [c.name for c in columns]
            assert [f["description"] for f in schema["fields"]] == [c.meaning for c in columns]
            assert [f["hxl"] for f in schema["fields"]] == [c.hxl for c in columns]
            assert schema["missingValues"] == [""]
            assert schema["primaryKey"] == PRIMARY_KEYS[table]
        types = {f["name"]: f["type"] for f in resources[table]["schema"]["fields"]}
        for column in columns:
            expected = column.kind or {"string": "string", "Int64": "integer", "boolean": "boolean", "Float64": "number"}[column.dtype]
            assert types[column.name] == expected, (table, column.name)
    claims = resources["claims"]["schema"]
    assert claims["foreignKeys"] == [
        {"fields": "incident_id", "reference": {"resource": "incidents", "fields": "id"}},
        {"fields": "source_id", "reference": {"resource": "sources", "fields": "id"}},
    ]
    assert resources["series"]["schema"]["foreignKeys"] == [
        {"fields": "source_id", "reference": {"resource": "sources", "fields": "id"}}]
    for table, keys in FOREIGN_KEYS.items():  # every key names real columns on both sides
        for field, other, key in keys:
            assert field in {c.name for c in COLUMNS[table]} and key in {c.name for c in COLUMNS[other]}
    grading = next(f for f in resources["incidents"]["schema"]["fields"] if f["name"] == "grading")
    assert grading["constraints"]["enum"] == ["confirmed", "fair", "weak", "contested", "discounted"]
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                    "title": "Creative Commons Attribution 4.0 International"}]  # fmt: skip


def test_sizes_and_hashes_are_of_the_bytes_written(real: dict[str, bytes]) -> None:
    package = json.loads(real["data/datapackage.json"])
    for resource in package["resources"]:
        data = real[f"data/{resource['path']}"]
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("path", "old", "new", "resource", "error"),
    [
        ("claims.csv", b"\n2017-03-17-mosul-al-jadida,", b"\nno-such-incident,", "claims", "foreign-key"),
        ("series.csv", b",s001-daesh-", b",no-such-source-", "series", "foreign-key"),
        ("incidents.csv", re.compile(rb",contested,(\d+),"), rb",contested,seventeen,", "incidents", "type-error"),
        ("incidents.csv", re.compile(rb",contested,(\d+),"), rb",disputed,\1,", "incidents", "constraint-error"),
        ("claims.csv", b",false,", b",False,", "claims", "type-error"),
        ("incidents.csv", b"\n2017-03-17-mosul-al-jadida,", b"\n2017-03-17-mosul-al-jadida-x,", "claims", "foreign-key"),
        ("hxl/claims.csv", b"\n2017-03-17-mosul-al-jadida,", b"\nno-such-incident,", "claims-hxl", "foreign-key"),
    ],
)  # fmt: skip
def test_a_planted_fault_fails_validation(package_dir: Path, path: str, old: bytes, new: bytes, resource: str,
                                         error: str) -> None:  # fmt: skip
    assert errors(package_dir) == {}
    plant(package_dir, path, old, new)
    found = errors(package_dir)
    assert error in found.get(resource, []), found


def test_a_changed_byte_fails_the_hash(package_dir: Path) -> None:
    plant(package_dir, "sources.csv", b"news", b"nEws", rehash=False)
    assert "hash-count" in errors(package_dir).get("sources", [])


def test_sha256sums_list_every_download(real: dict[str, bytes], package_dir: Path) -> None:
    listed = {}
    for line in real["data/SHA256SUMS"].decode("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    others = {path.removeprefix("data/"): data for path, data in real.items() if path != "data/SHA256SUMS"}
    assert set(listed) == set(others)
    assert all(listed[name] == hashlib.sha256(data).hexdigest() for name, data in others.items())
    assert {"datapackage.json", "hxl/claims.csv", "incidents.csv", "schemas/incidents.schema.json"} <= set(listed)
    result = subprocess.run(["sha256sum", "--check", "--strict", "--quiet", "SHA256SUMS"], cwd=package_dir,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    (package_dir / "claims.csv").write_bytes(b"changed\n")
    assert subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=package_dir, capture_output=True,
                          check=False).returncode == 1  # fmt: skip


def test_the_version_comes_from_the_corpus(tmp_path: Path) -> None:
    corpus, _ = check_corpus(SEEDS, TODAY)
    latest = corpus_coverage(SiteView(corpus)).modified
    version = json.loads(downloads(SEEDS)["data/datapackage.json"])["version"]
    own_dates = [d for i in corpus.incidents for d in (i.date, i.date_by, i.date_after) if d]
    own_dates += [s.published for s in corpus.sources if s.published]
    # the corpus's own latest date (2017-03-29 for today's seeds; a data pull request may move it)
    assert version.startswith(latest.isoformat() + "-") and latest == max(own_dates)
    tiny = json.loads(downloads(write_corpus(tmp_path / "a"))["data/datapackage.json"])["version"]
    changed = write_corpus(tmp_path / "b", incidents=TINY_INCIDENTS.replace("Old market", "New market"))
    other = json.loads(downloads(changed)["data/datapackage.json"])["version"]
    assert tiny.split("-")[:3] == other.split("-")[:3] == ["2020", "01", "05"]  # the tiny source's date
    assert tiny != other  # same dates, other data: another version


def test_the_licence_setting_reaches_the_package(tmp_path: Path) -> None:
    files = downloads(write_corpus(tmp_path / "seeds"), PackageInfo("Claims", "About.", "CC BY 4.0", "https://example.org/x/"))
    package = json.loads(files["data/datapackage.json"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["homepage"] == "https://example.org/x/data/" and package["name"] == "claims"
    assert licence_record("ODbL-1.0")["path"].startswith("https://opendatacommons.org/")
    assert licence_record("Some licence v2") == {"name": "Some-licence-v2", "title": "Some licence v2"}
    assert licence_record("Licence (custom)") == {"name": "other", "title": "Licence (custom)"}


def test_booleans_are_written_true_false_and_unknown_empty() -> None:
    import pandas as pd

    frame = pd.DataFrame({"a": pd.array([True, False, None], dtype="boolean"), "n": pd.array([1, None, 3], dtype="Int64")})
    assert render_csv(frame) == b"a,n\ntrue,1\nfalse,\n,3\n"


@pytest.mark.slow
def test_the_published_package_validates_and_its_sums_check(seeds_site: Path) -> None:
    """On the built site, as a re-user gets it: the files MkDocs copied into site/data/."""
    folder = seeds_site / "data"
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"], cwd=folder,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0 and json.loads(result.stdout)["valid"], result.stdout[:3000]
    sums = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=folder, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert sums.returncode == 0, sums.stdout + sums.stderr
    assert sums.stdout.count(": OK") == len((folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()) > 20
