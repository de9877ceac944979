"""Chart specs for the frozen test corpus (golden JSON), chart blocks' escaping, and the rule that
contributor text reaches a chart as data only, never in an expression."""

from __future__ import annotations

import datetime as dt
import html.parser
import json

import pytest

from build_scripts.checks.validate import check_corpus
from build_scripts.render import charts
from build_scripts.render.chartblocks import (
    ChartBlocks,
    _source_titles,
    claims_figure,
    series_figure,
    spread_figure,
)
from build_scripts.render.chartrender import ChartRenderer, spec_json
from build_scripts.views.site import SiteView
from build_scripts.views.tables import build_tables
from tests.conftest import CORPUS, TINY_INCIDENTS, write_corpus

TODAY = dt.date.today()  # the real corpus holds real past dates (its history included)
EXPRESSION_KEYS = {"calculate", "filter", "expr", "signal", "test", "labelExpr"}


def tables_for(seeds):
    corpus, problems = check_corpus(seeds, TODAY)
    assert problems == [] and corpus is not None
    return build_tables(SiteView(corpus))


@pytest.fixture(scope="module")
def frozen_tables():
    """The frozen test corpus (tests/corpus), not seeds/: these tests pin its records."""
    return tables_for(CORPUS)


def corpus_figures(tables):
    sources = dict(zip(tables.sources["id"], tables.sources["title"].fillna(tables.sources["id"]), strict=True))
    figures = {"spread": spread_figure(tables)}
    for incident_id, claims in tables.claims.groupby("incident_id", sort=False):
        figures[f"incident-{incident_id}"] = claims_figure(claims, sources)
    for series_id in dict.fromkeys(tables.series["series_id"]):
        figures[f"series-{series_id}"] = series_figure(tables, series_id)
    return figures


def test_frozen_corpus_chart_specs_match_goldens(frozen_tables, golden) -> None:
    figures = corpus_figures(frozen_tables)
    assert figures["spread"] is not None
    for name, figure in sorted(figures.items()):
        if figure is not None:
            golden(f"charts/{name}.json", json.dumps(figure.spec, sort_keys=True, indent=1, ensure_ascii=False) + "\n")


def test_every_incident_with_a_figure_has_a_chart_and_no_other(frozen_tables) -> None:
    figures = corpus_figures(frozen_tables)
    claims = frozen_tables.claims
    numeric = set(claims[claims["killed"].notna() | claims["injured"].notna()]["incident_id"])
    charted = {name.removeprefix("incident-") for name, f in figures.items() if name.startswith("incident-") and f}
    assert charted == numeric and numeric


def test_claims_chart_draws_each_figure_by_its_shape(frozen_tables) -> None:
    jadida = frozen_tables.claims[frozen_tables.claims["incident_id"] == "2017-03-17-mosul-al-jadida"]
    marks = charts.claim_marks(jadida[jadida["killed"].notna()], {})
    shapes = dict(zip(marks["as_written"], marks["shape"], strict=True))
    assert shapes == {"200": "exact", "140": "exact", "over 200": "open above", "scores": "open above",
                      "more than a dozen": "open above"}  # fmt: skip
    over = marks[marks["as_written"] == "over 200"].iloc[0]
    assert over["low"] == 201 and over["end"] > 201  # the open bar runs past every stated bound
    assert over["end"] == marks["end"].max()


def test_series_chart_draws_an_average_as_one_level_line_across_its_period(frozen_tables) -> None:
    sid = "sohr-syria-coalition-civilian-deaths"
    points = frozen_tables.series[frozen_tables.series["series_id"] == sid]
    marks = charts.series_marks(points, frozen_tables.breakdown[frozen_tables.breakdown["series_id"] == sid], {})
    average = marks[marks["legend"] == charts.AVERAGE]
    assert len(average) == 1
    assert (average.iloc[0]["start"], average.iloc[0]["end"], average.iloc[0]["value"]) == ("2014-09-01", "2017-03-01", 30)
    assert sorted(marks[marks["legend"] == charts.COUNT]["value"]) == [56, 198]
    assert sorted(marks["legend"].unique()) == sorted([charts.COUNT, charts.AVERAGE, "of which: children", "of which: women"])


def test_spread_chart_orders_incidents_by_divergence(frozen_tables) -> None:
    marks = charts.spread_marks(frozen_tables.incidents)
    spans = [(h - lo) for h, lo in zip(marks["high"], marks["low"], strict=True)]
    assert spans == sorted(spans, reverse=True)
    first = marks.iloc[0]
    assert first["id"] == "2017-03-17-mosul-al-jadida" and first["claims"] == 5 and bool(first["open"])


ATTACK = "x\" || alert(1) || \"'); } datum['a'] <script>"


def strings_under_expressions(node, inside=False):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings_under_expressions(value, inside or key in EXPRESSION_KEYS)
    elif isinstance(node, list):
        for value in node:
            yield from strings_under_expressions(value, inside)
    elif isinstance(node, str) and inside:
        yield node


def test_contributor_text_never_reaches_a_chart_expression(tmp_path) -> None:
    incidents = TINY_INCIDENTS.replace("claimant: Health ministry", f"claimant: '{ATTACK.replace(chr(39), chr(39) * 2)}'")
    tables = tables_for(write_corpus(tmp_path / "seeds", incidents=incidents))
    assert ATTACK in set(tables.claims["claimant"])
    figure = claims_figure(tables.claims, {})
    assert figure is not None
    values = [v for rows in figure.spec["datasets"].values() for row in rows for v in row.values()]
    assert any(isinstance(v, str) and ATTACK in v for v in values)  # it is there, as data
    for text in strings_under_expressions(figure.spec):
        assert "alert" not in text and "Health" not in text


class _Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.attrs: dict[str, dict[str, str | None]] = {}
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.setdefault(tag, dict(attrs))


def test_chart_block_escapes_the_spec_and_excludes_itself_from_search(tmp_path) -> None:
    incidents = TINY_INCIDENTS.replace("claimant: Residents", "claimant: '</figure><script>alert(1)</script>'")
    tables = tables_for(write_corpus(tmp_path / "seeds", incidents=incidents))
    blocks = ChartBlocks(tables, ChartRenderer(cache_dir=None))
    block = blocks.incident("2020-01-04-market-strike")
    assert "<script>" not in block
    assert "\n\n" not in block  # one raw HTML block for Python-Markdown
    parser = _Collect()
    parser.feed(block)
    assert "script" not in parser.tags
    figure = claims_figure(tables.claims, _source_titles(tables))
    assert json.loads(parser.attrs["div"]["data-chs-spec"]) == json.loads(spec_json(figure.spec))
    assert "data-search-exclude" in parser.attrs["figure"]
    assert parser.attrs["img"]["alt"] and parser.attrs["img"]["src"].startswith("../../charts/svg/")
    assert {"caption", "th", "details", "figcaption"} <= set(parser.tags)
    assert list(blocks.files) == [parser.attrs["img"]["src"].removeprefix("../../")]
    assert blocks.files[next(iter(blocks.files))].startswith(b"<svg")


def test_svg_renders_are_cached_by_spec_hash(tmp_path, frozen_tables) -> None:
    spec = spread_figure(frozen_tables).spec
    first = ChartRenderer(tmp_path / "cache")
    key, svg = first.render_svg(spec)
    assert first.rendered == 1 and (tmp_path / "cache" / f"{key}.svg").read_bytes() == svg
    second = ChartRenderer(tmp_path / "cache")
    assert second.render_svg(spec) == (key, svg) and second.rendered == 0
    changed = dict(spec, width=spec.get("width", 0) + 1)
    assert second.render_svg(changed)[0] != key and second.rendered == 1


def strings_outside_data(node, key=None):
    """Every string of a spec except the data values (``datasets``, ``data.values``)."""
    if isinstance(node, dict):
        for k, value in node.items():
            if k not in ("datasets", "values"):
                yield from strings_outside_data(value, k)
    elif isinstance(node, list):
        for value in node:
            yield from strings_outside_data(value, key)
    elif isinstance(node, str):
        yield node


def test_contributor_text_is_data_only_even_after_vega_lite_compiles_the_spec(tmp_path) -> None:
    """Vega-Lite turns some encodings (a custom sort array, for one) into expressions when it
    compiles; the compiled Vega must not carry contributor text outside its data either. The
    title and claimant hold a line separator, which breaks a Vega expression string."""
    import vl_convert

    hostile = "Ministry\u2028\u2029 ' \" ) || alert(1) //"
    incidents = TINY_INCIDENTS.replace("claimant: Health ministry", "claimant: \"Ministry\\u2028\\u2029 ' \\\" ) || alert(1) //\"")
    incidents = incidents.replace("title: Strike on the market", "title: \"Market\\u2028 ' ) || alert(2) //\"")
    tables = tables_for(write_corpus(tmp_path / "seeds", incidents=incidents))
    assert hostile in set(tables.claims["claimant"])
    for figure in (claims_figure(tables.claims, {}), spread_figure(tables)):
        assert figure is not None
        for text in strings_outside_data(figure.spec):
            assert "alert" not in text, text
        vega = vl_convert.vegalite_to_vega(figure.spec)
        for text in strings_outside_data(vega):
            assert "alert" not in text, text


def test_text_that_defeats_the_static_renderer_neither_crashes_nor_loses_the_chart(tmp_path) -> None:
    """vl-convert aborts the process on an ESC character and fails on astral-plane text cut by a
    label limit: control characters are replaced as on the pages, and a chart it cannot draw keeps
    its live spec and data table with a note instead of the static image."""
    script = "𝓣𝓱𝓮 𝓺𝓾𝓲𝓬𝓴 𝓫𝓻𝓸𝔀𝓷 𝓯𝓸𝔁 𝓳𝓾𝓶𝓹𝓼 𝓸𝓿𝓮𝓻 𝓽𝓱𝓮 𝓵𝓪𝔃𝔂 𝓭𝓸𝓰 " * 3
    incidents = TINY_INCIDENTS.replace("claimant: Health ministry", 'claimant: "Ministry \\e[31m red"')
    incidents = incidents.replace("claimant: Residents", f"claimant: '{script}'")
    tables = tables_for(write_corpus(tmp_path / "seeds", incidents=incidents))
    blocks = ChartBlocks(tables, ChartRenderer(None))
    html = blocks.incident("2020-01-04-market-strike")
    assert "\x1b" not in html and "Ministry \ufffd[31m red" in html
    assert 'class="chs-chart-view" data-chs-spec=' in html
    assert "No static image of this chart could be drawn" in html and "<img" not in html
    assert "<table>" in html
