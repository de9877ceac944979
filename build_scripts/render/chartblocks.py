"""Tables -> chart figures (spec, caption, data table) -> raw HTML blocks for the generated pages.

A block carries a build-time SVG (shown at once, sized, for every reader and for print), the chart's
Vega spec compiled at build time in a ``data-`` attribute (drawn live in the browser, on demand, from
Material's ``document$``: see charts.js.j2), and the chart's data as a collapsed table. Blocks and
their tables are excluded from the search index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from build_scripts.render import charts
from build_scripts.render.chartrender import ChartRenderer
from build_scripts.render.templating import html_environment
from build_scripts.render.textsafe import replace_controls
from build_scripts.views.tables import Tables

SVG_DIR = "charts/svg"
# When the live chart replaces the static one: "interaction" (the reader hovers, taps or focuses the
# chart) or "idle" (also when it comes into view while the page is idle). Measured with `bench pages`
# (README, Performance): "idle" loads and runs the runtime on every chart page; "interaction" never
# before the reader reaches for a chart.
LIVE_POLICY = "interaction"
_POLICY_TEXT = {"interaction": "hovers, taps or focuses it",
                "idle": "hovers, taps or focuses it, or when it comes into view while the page is idle"}
_SVG_SIZE = re.compile(rb'<svg[^>]*?\swidth="([0-9.]+)"[^>]*?\sheight="([0-9.]+)"')


@dataclass(frozen=True)
class ChartFigure:
    id: str  # unique on its page
    title: str
    caption: str
    description: str  # the static image's accessible name
    spec: dict
    table_caption: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _cell(value: object) -> str:
    if value is None or value is pd.NA:
        return "—"
    return f"{value:,}" if isinstance(value, int) else " ".join(replace_controls(str(value)).split())


def _source_titles(tables: Tables) -> dict[str, str]:
    return {s: t if isinstance(t, str) else s for s, t in zip(tables.sources["id"], tables.sources["title"], strict=True)}


def claims_figure(claims: pd.DataFrame, sources: dict[str, str]) -> ChartFigure | None:
    """The claim-comparison chart for one incident's claims; None if no claim gives a figure."""
    numeric = claims[claims["killed"].notna() | claims["injured"].notna()]
    if numeric.empty:
        return None
    marks = charts.claim_marks(numeric, sources)
    return ChartFigure(
        id="chart-claims",
        title="Claimed figures, claim by claim",
        caption="One row per claim (date · claimant). A dot is an exact figure, a bar a range; a bar "
        "ending in an arrowhead is open-ended (“at least”, “over”, “dozens”) and runs off the scale. "
        "Hover for the figure as written, the source and the quote.",
        description=f"Chart comparing {len(numeric)} claimed figure(s) for this incident; the same "
        "figures are in the table below.",
        spec=charts.clean_spec(charts.claims_chart_spec(marks)),
        table_caption="Claimed figures shown in the chart",
        columns=["Date · claimant", "Type", "Figure for", "As written", "Parsed", "Source"],
        rows=[[_cell(m.claim), m.claimant_type, m.measure, _cell(m.as_written), m.parsed, _cell(m.source)]
              for m in marks.itertuples()],
    )


def spread_figure(tables: Tables) -> ChartFigure | None:
    if not (tables.incidents["killed_claims"] > 0).any():
        return None
    marks = charts.spread_marks(tables.incidents)
    return ChartFigure(
        id="chart-spread",
        title="Where accounts diverge: claimed deaths per incident",
        caption=f"For each incident, the lowest and the highest figure claimed for people killed and "
        f"the number of claims giving one; widest spread first (at most {charts.SPREAD_LIMIT} "
        "incidents). An arrowhead marks an open-ended highest claim (“over 200”). Never a sum or average.",
        description=f"Chart of the lowest and highest claimed deaths for {len(marks)} incident(s); the "
        "same numbers are in the table below.",
        spec=charts.clean_spec(charts.spread_chart(marks).to_dict()),
        table_caption="Lowest and highest claimed deaths per incident",
        columns=["Incident", "Lowest claim", "Highest claim", "Claims with a figure"],
        rows=[[_cell(m.incident), _cell(int(m.low)), m.highest, _cell(int(m.claims))] for m in marks.itertuples()],
    )


def series_figure(tables: Tables, series_id: str) -> ChartFigure:
    points = tables.series[tables.series["series_id"] == series_id]
    first = points.iloc[0]
    marks = charts.series_marks(points, tables.breakdown[tables.breakdown["series_id"] == series_id],
                                _source_titles(tables))  # fmt: skip
    return ChartFigure(
        id=f"chart-series-{series_id}",
        title=_cell(first["series_title"]),
        caption=f"As reported by {_cell(first['claimant'])}: one bar per reported period; a reported "
        "average over a longer period is drawn as a dashed level line across that period, not as "
        f"monthly bars; ▲ above a bar marks a figure with no stated maximum (\u201cat least\u201d, "
        f"\u201cdozens\u201d). Periods are {_cell(first['claimant'])}'s own; its months may not be calendar "
        "months. Hover for the figure as written, the source and the quote.",
        description=f"Chart of {len(points)} reported value(s) of {_cell(first['unit'])} over time; the "
        "same values are in the table below.",
        spec=charts.clean_spec(charts.series_chart(marks, _cell(first["unit"])).to_dict()),
        table_caption="Reported values shown in the chart",
        columns=["Period (as reported)", "What", "As written", "Parsed", "Source"],
        rows=[[m.period, _cell(m.legend), _cell(m.as_written), m.parsed, _cell(m.source)] for m in marks.itertuples()],
    )


def svg_size(svg: bytes) -> tuple[int, int]:
    """The static SVG's width and height (CSS pixels, rounded up): the box the page reserves."""
    match = _SVG_SIZE.search(svg)
    if match is None:
        raise ValueError("static chart SVG without width and height")
    return tuple(int(-(-float(value) // 1)) for value in match.groups())  # type: ignore[return-value]


def render_chart_block(figure: ChartFigure, live_json: str, svg_href: str | None,
                       size: tuple[int, int] | None = None) -> str:  # fmt: skip
    html = html_environment().get_template("chart_block.html.j2").render(
        figure=figure, spec_json=live_json, svg_href=svg_href, size=size)
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def render_charts_loader(policy: str = LIVE_POLICY) -> str:
    """The small script on every page that draws a chart live on demand (charts.js)."""
    template = html_environment().get_template("charts.js.j2")
    return template.render(policy=policy, policy_text=_POLICY_TEXT[policy]) + "\n"


class ChartBlocks:
    """Every chart of the site as HTML blocks, plus the SVG files they point to."""

    def __init__(self, tables: Tables, renderer: ChartRenderer):
        self.tables = tables
        self.renderer = renderer
        self.files: dict[str, bytes] = {}
        self._sources = _source_titles(tables)
        claims = dict(tuple(tables.claims.groupby("incident_id", sort=False)))
        self._incident_figures = {incident_id: claims_figure(rows, self._sources) for incident_id, rows in claims.items()}
        renderer.render_all([f.spec for f in self._incident_figures.values() if f is not None])

    def block(self, figure: ChartFigure | None, prefix: str) -> str:
        """The block for ``figure`` on a page ``prefix`` away from the site root ("" if no chart)."""
        if figure is None:
            return ""
        key, svg, live = self.renderer.render(figure.spec)
        if svg is None:
            return render_chart_block(figure, live.decode("utf-8"), None)
        name = f"{SVG_DIR}/{key[:24]}.svg"
        self.files[name] = svg
        return render_chart_block(figure, live.decode("utf-8"), prefix + name, svg_size(svg))

    def incident(self, incident_id: str, prefix: str = "../../") -> str:
        return self.block(self._incident_figures.get(incident_id), prefix)

    def spread(self, prefix: str) -> str:
        return self.block(spread_figure(self.tables), prefix)

    def series(self, series_id: str, prefix: str) -> str:
        return self.block(series_figure(self.tables, series_id), prefix)
