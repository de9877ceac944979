"""Chart specs for the frozen test corpus (golden JSON), chart blocks' escaping, and the rule that
contributor text reaches a chart as data only, never in an expression."""

from __future__ import annotations

import datetime as dt
import html.parser
import json

import pandas as pd
import pytest
import vl_convert

from build_scripts.checks.validate import check_corpus
from build_scripts.render import charts
from build_scripts.render.chartblocks import (
    ChartBlocks,
    _source_titles,
    claims_figure,
    series_figure,
    spread_figure,
    svg_size,
)
from build_scripts.render.chartrender import RUNTIME_TRANSFORMS, ChartRenderer, dark_patch, used_transforms
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
    marks = pd.DataFrame(charts.claim_marks(jadida[jadida["killed"].notna()], {}))  # rows as records
    shapes = dict(zip(marks["as_written"], marks["shape"], strict=True))
    assert shapes == {"200": "exact", "140": "exact", "over 200": "open above", "scores": "open above",
                      "more than a dozen": "open above"}  # fmt: skip
    over = marks[marks["as_written"] == "over 200"].iloc[0]
    # an open bound is drawn from its stated number with a short tail, not a bar to the axis end
    assert over["low"] == 201 and 201 < over["end"] < over["top"]
    assert over["end"] - over["low"] == marks[marks["as_written"] == "scores"].iloc[0]["end"] - 40
    standing = dict(zip(marks["as_written"], marks["standing"], strict=True))
    assert standing == {"200": charts.WHOLE, "140": charts.WHOLE, "over 200": charts.WHOLE,
                        "scores": charts.COMMENT, "more than a dozen": charts.PARTIAL}  # fmt: skip


def test_claims_chart_has_integer_ticks_hollow_marks_and_a_legend_for_them(frozen_tables) -> None:
    jadida = frozen_tables.claims[frozen_tables.claims["incident_id"] == "2017-03-17-mosul-al-jadida"]
    spec = charts.claims_chart_spec(charts.claim_marks(jadida[jadida["killed"].notna()], {}))
    encodings = [layer["encoding"] for layer in spec["layer"]]
    axes = [e["x"]["axis"] for e in encodings if "axis" in e.get("x", {})]
    assert axes and all(a["format"] == "d" and a["tickMinStep"] == 1 for a in axes)
    shapes = [e["shape"] for e in encodings if "shape" in e]
    assert shapes and shapes[0]["legend"]["values"] == [charts.WHOLE, charts.PARTIAL, charts.COMMENT]
    assert shapes[0]["scale"]["range"] == [charts.DISC, charts.RING, charts.SQUARE_RING]


def test_series_chart_draws_an_average_as_one_level_line_across_its_period(frozen_tables) -> None:
    sid = "sohr-syria-coalition-civilian-deaths"
    points = frozen_tables.series[frozen_tables.series["series_id"] == sid]
    marks = charts.series_marks(points, frozen_tables.breakdown[frozen_tables.breakdown["series_id"] == sid], {})
    average = marks[marks["legend"] == charts.AVERAGE]
    assert len(average) == 1
    # The time axis is focused on the monthly counts: the average runs in from the axis edge at its
    # level, one line (never monthly values), and its label gives the whole period.
    assert charts.series_focus(points) == dt.date(2017, 1, 1)
    assert (average.iloc[0]["start"], average.iloc[0]["end"], average.iloc[0]["value"]) == ("2017-01-01", "2017-03-01", 30)
    assert average.iloc[0]["label"] == "◀ average 30 a month, Sep 2014–Feb 2017"
    parts = marks[marks["legend"].str.startswith("of which")]
    assert sorted(parts["label"]) == ["children 32", "women 31"]
    assert sorted(marks[marks["legend"] == charts.COUNT]["value"]) == [56, 198]
    assert sorted(marks["legend"].unique()) == sorted([charts.COUNT, charts.AVERAGE, "of which: children", "of which: women"])


def test_spread_chart_orders_incidents_by_divergence(frozen_tables) -> None:
    marks = charts.spread_marks(frozen_tables.incidents)
    spans = [(h - lo) for h, lo in zip(marks["high"], marks["low"], strict=True)]
    assert spans == sorted(spans, reverse=True)
    first = marks.iloc[0]
    # only headline figures (140, 200, "over 200"): the partial count and the reader comment stay out
    assert first["id"] == "2017-03-17-mosul-al-jadida" and first["claims"] == 3 and bool(first["open"])
    assert (first["low"], first["high"]) == (140, 201) and first["high"] < first["end"] < first["top"]
    assert list(marks["order"]) == list(range(len(marks)))
    assert "2017-03-14-mosul-mahatta" not in set(marks["id"])  # its only figure is a reader comment
    dozens = marks[marks["id"] == "2017-03-mosul-another-strike-amnesty"].iloc[0]
    assert dozens["low"] == dozens["high"] == 24 and bool(dozens["open"]) and dozens["end"] < first["end"]


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
        if "data-chs-spec" in dict(attrs):
            self.live = dict(attrs)


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
    live = json.loads(parser.live["data-chs-spec"])
    assert live["light"] == vl_convert.vegalite_to_vega(figure.spec, config=charts.chart_config(dark=False))
    assert "data-pagefind-ignore" in parser.attrs["figure"]  # charts stay out of the search index
    image = parser.attrs["img"]
    assert image["alt"] and image["src"].startswith("../../charts/svg/")
    assert "loading" not in image  # painted at once: the static chart may be the largest paint
    files = dict(blocks.svg_files())
    assert (int(image["width"]), int(image["height"])) == svg_size(files[image["src"].removeprefix("../../")])
    assert {"caption", "th", "details", "figcaption"} <= set(parser.tags)
    assert list(files) == [parser.attrs["img"]["src"].removeprefix("../../")]
    assert files[next(iter(files))].startswith(b"<svg")


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
    # Rows are labelled by text marks (no label limit cuts the astral text any more), so vl-convert
    # may now draw it; either way the chart is not lost: an image, or the note, never both.
    drawn, noted = "<img" in html, "No static image of this chart could be drawn" in html
    assert drawn != noted
    assert drawn or "chs-chart-frame" not in html
    assert "<table>" in html


def apply_patch(spec: dict, patch: list[list]) -> dict:
    """What charts.js.j2 does in dark mode, in Python."""
    spec = json.loads(json.dumps(spec))
    for change in patch:
        *parents, last = change[0]
        node = spec
        for key in parents:
            node = node[key]
        if len(change) > 1:
            node[last] = change[1]
        else:
            del node[last]
    return spec


def test_live_specs_are_compiled_vega_with_a_dark_patch_and_only_runtime_transforms(frozen_tables) -> None:
    """The browser gets Vega, not Vega-Lite: each live spec is the light compile, its dark patch turns
    it into the dark compile, and it uses only transforms the slim runtime registers."""
    renderer = ChartRenderer(None)
    figures = [spread_figure(frozen_tables), *(series_figure(frozen_tables, s) for s in frozen_tables.series["series_id"].unique()),
               *(f for _, rows in frozen_tables.claims.groupby("incident_id", sort=False)
                 if (f := claims_figure(rows, _source_titles(frozen_tables))) is not None)]  # fmt: skip
    assert len(figures) >= 5
    for figure in figures:
        _, svg, live_json = renderer.render(figure.spec)
        live = json.loads(live_json)
        dark = vl_convert.vegalite_to_vega(figure.spec, config=charts.chart_config(dark=True), theme="dark")
        assert apply_patch(live["light"], live["dark"]) == dark
        assert live["dark"] and len(json.dumps(live["dark"])) < len(json.dumps(dark)) / 4  # a patch, not a copy
        assert used_transforms(live["light"]) <= RUNTIME_TRANSFORMS
        assert svg is not None and svg_size(svg)[0] > 0


def test_dark_patch_sets_replaces_and_deletes() -> None:
    light = {"a": 1, "b": [1, 2], "c": {"x": 1, "y": 2}, "d": [1]}
    dark = {"a": 2, "b": [1, 3], "c": {"y": 2}, "d": [1, 2], "e": None}
    assert apply_patch(light, dark_patch(light, dark)) == dark
    assert dark_patch(light, light) == []
    assert used_transforms({"marks": [{"transform": [{"type": "label"}], "marks": [{"from": {}}]}],
                            "data": [{"transform": [{"type": "filter"}]}]}) == {"label", "filter"}  # fmt: skip
