"""The incident charts (claims, timeline) rendered from their data-free templates compiled once:
each chart's live spec is its template's compiled Vega filled with its data, and must be what
compiling the chart's own Vega-Lite spec gives (light spec and dark patch), over a varied set of
incidents: the frozen test corpus, the real corpus and a synthetic one (Arabic text, open bounds,
ranges, injured figures, undated claims)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from build_scripts.checks.validate import check_corpus
from build_scripts.render import charts
from build_scripts.render.chartblocks import _source_titles, claims_figure, timeline_figure
from build_scripts.render.chartrender import ChartRenderer, _compile, spec_json
from build_scripts.tools.synthetic import write_synthetic_corpus
from build_scripts.views.site import SiteView
from build_scripts.views.tables import build_tables
from tests.conftest import CORPUS, SEEDS, TINY_INCIDENTS, write_corpus

TODAY = dt.date.today()
ATTACK = "<script>alert(1)</script> ]]> \"q\" 'a' & \u202eevil\u202c"
# An Arabic claimant with an open bound; residents with a range of injured and a date known only to the month.
EDGE_INCIDENTS = TINY_INCIDENTS.replace("claimant: Health ministry", "claimant: وزارة الصحة").replace(
    'killed: "about 20"\n', 'killed: "about 20"\n      injured: "dozens"\n      claimed_on: 2020-01-01\n'
    "      claimed_on_precision: month\n")
ATTACK_INCIDENTS = TINY_INCIDENTS.replace("claimant: Residents", "claimant: '" + ATTACK.replace("'", "''") + "'")
# Injured figures only: the faceted chart has a single cell (Vega facets by the measures present).
INJURED_ONLY = TINY_INCIDENTS.replace('killed: "at least 12"', 'injured: "at least 12"').replace(
    'killed: "about 20"', 'injured: "about 20"')
SEEN = "<script>alert(1)</script> ]]>"  # found in JSON text as is (quotes escaped, controls replaced)


def incident_charts(seeds) -> list[charts.Templated]:
    """Every incident chart of a corpus, as built for a page (claims, then timeline, per incident)."""
    corpus, problems = check_corpus(seeds, TODAY)
    assert corpus is not None and problems == [], [p.format() for p in problems[:5]]
    tables = build_tables(SiteView(corpus))
    titles = _source_titles(tables)
    found = []
    for _, rows in tables.claims.groupby("incident_id", sort=False):
        figure, (timeline, _) = claims_figure(rows, titles), timeline_figure(rows)
        found += [f.templated for f in (figure, timeline) if f is not None and f.templated is not None]
    return found


@pytest.fixture(scope="module")
def templated_by_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[charts.Templated]]:
    synthetic = write_synthetic_corpus(tmp_path_factory.mktemp("synthetic") / "seeds", 40, seed=12).seeds
    edge = write_corpus(tmp_path_factory.mktemp("edge") / "seeds", incidents=EDGE_INCIDENTS)
    attack = write_corpus(tmp_path_factory.mktemp("attack") / "seeds", incidents=ATTACK_INCIDENTS)
    injured = write_corpus(tmp_path_factory.mktemp("injured") / "seeds", incidents=INJURED_ONLY)
    corpora = {"edge": edge, "attack": attack, "injured": injured, "frozen": CORPUS, "seeds": SEEDS, "synthetic": synthetic}
    return {name: incident_charts(seeds) for name, seeds in corpora.items()}


@pytest.fixture(scope="module")
def templated(templated_by_corpus) -> list[charts.Templated]:
    return [chart for found in templated_by_corpus.values() for chart in found]


@pytest.fixture(scope="module")
def drawn_templated(templated_by_corpus) -> list[charts.Templated]:
    """The charts the static-SVG tests compare with vl-convert's drawing to the pixel: every corpus's
    but the real one's (seeds/), so that a data-only pull request needs no test edit."""
    return [chart for name, found in templated_by_corpus.items() if name != "seeds" for chart in found]


def test_the_set_is_varied(templated) -> None:
    rows = [row for chart in templated for rows in chart.fills.datasets.values() for row in rows]
    shapes = {row.get("shape") for row in rows}
    assert {"exact", "range", "open above", "no stated minimum"} <= shapes
    assert any("injured" in json.dumps(chart.template) and "facet" in chart.template for chart in templated)
    assert any(any("\u0600" <= c <= "\u06ff" for c in json.dumps(row, ensure_ascii=False)) for row in rows)
    assert any(row.get("spanned") for row in rows) and any(row.get("open") for row in rows)
    assert any({row["measure"] for row in chart.fills.datasets.get(charts.CLAIMS_DATA, [{"measure": ""}])} == {"injured"}
               for chart in templated)  # fmt: skip


def test_live_spec_from_the_compiled_template_is_the_charts_own_compile(templated) -> None:
    renderer = ChartRenderer(None)
    light, dark = (spec_json(charts.chart_config(dark)) for dark in (False, True))
    for chart in templated:
        expected = _compile(chart.spec(), light, dark)
        assert json.loads(renderer.live_spec(chart)) == json.loads(spec_json(expected))
    assert len(renderer._compiled) == 3  # claims, claims faceted, timeline: one compile each


CONTRIBUTOR_FIELDS = ("claim", "claimant", "row_label", "as_written", "source", "quote")


def test_contributor_text_is_data_in_the_filled_live_spec(templated) -> None:
    """The compiled templates hold no contributor text; filled, it is in data values only."""
    renderer = ChartRenderer(None)
    attacked = [chart for chart in templated if SEEN in json.dumps(chart.fills.datasets, ensure_ascii=False)]
    assert len(attacked) == 2  # its claims chart and its timeline
    for chart in templated:
        compiled = json.dumps(renderer.compiled(chart.template), ensure_ascii=False)
        assert not any(len(row.get(name) or "") > 12 and row[name] in compiled for rows in chart.fills.datasets.values()
                       for row in rows for name in CONTRIBUTOR_FIELDS)  # fmt: skip
    for chart in attacked:
        live = json.loads(renderer.live_spec(chart))
        data = {entry["name"]: entry.pop("values") for entry in live["light"]["data"] if "values" in entry}
        assert SEEN in json.dumps(data, ensure_ascii=False)
        assert "alert" not in json.dumps(live, ensure_ascii=False)


def test_the_live_spec_filled_as_text_is_the_filled_tree_byte_for_byte(templated) -> None:
    """``LiveFiller`` fills the compiled template's JSON text: the same bytes as filling the tree and
    dumping it, also when a claim's text spells a sentinel or the axis end's number."""
    renderer = ChartRenderer(None)
    spelled = charts._PRESENT, json.dumps([charts._PRESENT]), str(charts._TOP), json.dumps(charts._STANDINGS)
    for chart in templated:
        rows = chart.fills.datasets
        tricked = {name: [dict(row, **{key: f"{spelled[n % 4]} {row[key]}" for key in CONTRIBUTOR_FIELDS if isinstance(row.get(key), str)})
                          for n, row in enumerate(values)] for name, values in rows.items()}  # fmt: skip
        for fills in (chart.fills, charts.Fills(chart.fills.lists, chart.fills.values, tricked)):
            compiled = renderer.compiled(chart.template)
            expected = spec_json({"light": fills.vega(compiled["light"]), "dark": compiled["dark"]}).encode("utf-8")
            assert renderer.live_spec(charts.Templated(chart.template, fills)) == expected
