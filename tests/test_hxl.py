"""The HXL-tagged copies, read with libhxl (the Humanitarian Exchange Language's reference library):
every file has the data dictionary's hashtags and the plain file's rows, and a filter on the killed
bounds returns exactly the incidents (and claims) the model says."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import hxl
import pytest
from hxl.input import InputOptions

from build_scripts.checks.validate import check_corpus
from build_scripts.layout import HXL_DIR
from build_scripts.render.exports import CSV_TABLES, render_downloads
from build_scripts.render.hxl import render_hxl_csv
from build_scripts.views.site import SiteView
from build_scripts.views.tables import COLUMNS, build_tables
from tests.conftest import SEEDS, TINY_INCIDENTS, write_corpus

TODAY = dt.date.today()  # the real corpus holds real past dates (its history included)

# a second corpus where the bounds spread out: "at least 12", "about 20", "over 200", "dozens", none
MORE_CLAIMS = TINY_INCIDENTS + """\
- id: 2020-01-02-bridge-strike
  title: Strike on the bridge
  date: 2020-01-02
  date_precision: day
  place: Bridge
  country: Testland
  grading: weak
  summary: One account.
  claims:
    - id: ministry
      source: tiny-gazette
      claimant: Health ministry
      claimant_type: government
      killed: "over 200"
      quote: "At least 12 people were killed"
- id: 2020-01-01-no-toll
  title: Shelling with no toll given
  date: 2020-01-01
  date_precision: day
  place: Outskirts
  country: Testland
  grading: weak
  summary: No figure.
  claims:
    - id: residents
      source: tiny-gazette
      claimant: Residents
      claimant_type: witness
      responsibility: the air force
      quote: 'Residents said "about 20" had died.'
"""


def built(seeds: Path, folder: Path) -> tuple[SiteView, Path]:
    corpus, problems = check_corpus(seeds, TODAY)
    assert problems == [] and corpus is not None
    view = SiteView(corpus)
    for name, data in render_downloads(view, build_tables(view)).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return view, folder / "data"


@pytest.fixture(scope="module", params=["seeds", "tiny"])
def corpus_files(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteView, Path]:
    root = tmp_path_factory.mktemp(request.param)
    seeds = SEEDS if request.param == "seeds" else write_corpus(root / "seeds", incidents=MORE_CLAIMS)
    return built(seeds, root / "out")


def read(path: Path):
    return hxl.data(str(path), InputOptions(allow_local=True))


def test_libhxl_reads_every_tagged_file(corpus_files: tuple[SiteView, Path]) -> None:
    view, folder = corpus_files
    for table in CSV_TABLES:
        plain = list(csv.reader(io.StringIO((folder / f"{table}.csv").read_text(encoding="utf-8"))))
        dataset = read(folder / HXL_DIR / f"{table}.csv").cache()
        assert dataset.headers == [c.name for c in COLUMNS[table]] == plain[0]
        assert dataset.display_tags == [c.hxl for c in COLUMNS[table]]
        assert [list(row.values) for row in dataset] == plain[1:]
        assert len(plain) > 1 or (table.startswith("campaign") and not view.corpus.campaigns), table
        assert len(plain) == 1 or not plain[1][0].startswith("#")  # the plain file has no hashtag row


def test_every_column_has_a_valid_hashtag() -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            parsed = hxl.model.Column.parse(column.hxl)
            assert parsed is not None and parsed.display_tag == column.hxl, (table, column.name, column.hxl)
    assert len({c.hxl for c in COLUMNS["incidents"]}) == len(COLUMNS["incidents"])  # no two alike in a table


def _ids(dataset, tag: str) -> list[str]:
    return [row.get(tag) for row in dataset]


@pytest.mark.parametrize(("at_least", "at_most"), [(1, 10_000), (25, 250), (13, 20), (100, 1000), (201, 201)])
def test_filter_on_killed_bounds_matches_the_model(corpus_files: tuple[SiteView, Path], at_least: int, at_most: int) -> None:
    view, folder = corpus_files
    incidents = (read(folder / HXL_DIR / "incidents.csv")
                 .with_rows(f"#affected+killed+min>={at_least}").with_rows(f"#affected+killed+max<={at_most}"))  # fmt: skip
    expected = [i.id for i in view.incidents_by_date
                if (s := view.killed_spread(i)) and s.low >= at_least and s.high <= at_most]  # fmt: skip
    assert _ids(incidents, "#event+id") == expected
    claims = read(folder / HXL_DIR / "claims.csv").with_rows(f"#affected+killed+min>={at_least}")
    expected_claims = [(r.incident.id, r.claim.id) for i in view.incidents_by_date for r in view.rows_for_incident(i)
                       if r.killed and r.killed.min is not None and r.killed.min >= at_least]  # fmt: skip
    assert [(row.get("#event+id"), row.get("#meta+claim+id")) for row in claims] == expected_claims


def test_the_filters_discriminate(corpus_files: tuple[SiteView, Path]) -> None:
    """The thresholds above split each corpus: some incidents in, some out (else the test says little)."""
    view, folder = corpus_files
    everything = _ids(read(folder / HXL_DIR / "incidents.csv"), "#event+id")
    some = _ids(read(folder / HXL_DIR / "incidents.csv").with_rows("#affected+killed+min>=25"), "#event+id")
    assert 0 < len(some) < len(everything) == len(view.corpus.incidents)
    open_ended = _ids(read(folder / HXL_DIR / "incidents.csv").with_rows("#affected+killed+max+open=true"), "#event+id")
    assert open_ended == [i.id for i in view.incidents_by_date if (s := view.killed_spread(i)) and s.open_high] != []


def test_tagging_refuses_a_header_that_is_not_the_dictionary() -> None:
    with pytest.raises(ValueError, match="not the data dictionary"):
        render_hxl_csv(b"id,name\nx,y\n", COLUMNS["incidents"])
