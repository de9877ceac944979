"""Tables -> chart figures (spec, caption, data table) -> raw HTML blocks for the generated pages.

A block carries the Vega-Lite spec in a ``data-`` attribute (rendered in the browser from Material's
``document$``), a build-time SVG for readers without JavaScript and for print, and the chart's data
as a collapsed table. Blocks and their tables are excluded from the search index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import markupsafe
import pandas as pd

from build_scripts.render import charts, timeline
from build_scripts.render.chartrender import ChartRenderer, spec_json
from build_scripts.render.templating import html_environment
from build_scripts.render.textsafe import replace_controls
from build_scripts.views.tables import Tables

SVG_DIR = "charts/svg"


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


def timeline_figure(claims: pd.DataFrame) -> tuple[ChartFigure | None, list[str]]:
    """(the claims-over-time chart of one incident, the undated claims it leaves out); no chart
    unless at least two claims of people killed have a known date."""
    marks, undated = timeline.timeline_marks(claims)
    if len(marks) < 2:
        return None, undated
    return ChartFigure(
        id="chart-timeline",
        title="Claimed deaths, by the date each claim was made",
        caption="Each mark is one claim of people killed, placed at the date it was made (the claim’s own "
        "date where the source gives one, otherwise the source’s date: the claim was made by then). A date "
        "known only to the week, month or year is a bar across that period. A vertical bar is a range; an "
        "arrowhead marks an open bound (“over 200”); hollow diamonds are reader comments. Click a mark for "
        "its claim.",
        description=f"Chart of {len(marks)} dated claims of people killed over time; the same claims are in "
        "the table below.",
        spec=charts.clean_spec(timeline.timeline_spec(marks)),
        table_caption="Dated claims shown in the chart",
        columns=["Claimed on", "Date from", "Claimant", "Type", "As written", "Parsed"],
        rows=[[m.when, m.basis, _cell(m.claimant), m.claimant_type, _cell(m.as_written), m.parsed]
              for m in marks.itertuples()],
    ), undated


def moves_figure(tables: Tables) -> ChartFigure | None:
    titles = dict(zip(tables.incidents["id"], tables.incidents["title"], strict=True))
    marks = timeline.moves_marks(tables.claims, titles)
    if marks.empty:
        return None
    count = marks["incident_id"].nunique()
    return ChartFigure(
        id="chart-moves",
        title="How the lowest and highest claims moved",
        caption=f"For the {count} incident(s) with the most dated claims of people killed (at most "
        f"{timeline.MOVES_LIMIT}), the lowest and the highest claim of the whole toll known at each date a "
        "claim was made. Reader comments are left out. “or more” marks an open-ended highest claim.",
        description=f"Chart of the lowest and highest claimed deaths over time for {count} incident(s); the "
        "same numbers are in the table below.",
        spec=charts.clean_spec(timeline.moves_chart(marks).to_dict()),
        table_caption="Lowest and highest claims as known at each date",
        columns=["Incident", "As of", "Bound", "Killed, as claimed"],
        rows=[[_cell(m.incident), m.date, m.bound, m.label] for m in marks.itertuples()],
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


def render_chart_block(figure: ChartFigure, svg_href: str | None) -> str:
    html = html_environment().get_template("chart_block.html.j2").render(
        figure=figure, spec_json=spec_json(figure.spec), svg_href=svg_href)
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def render_charts_loader() -> str:
    """The small script on every page that loads the runtime only where a chart is (charts.js)."""
    configs = {"light": charts.chart_config(dark=False), "dark": charts.chart_config(dark=True)}
    template = html_environment().get_template("charts.js.j2")
    return template.render(configs=markupsafe.Markup(spec_json(configs))) + "\n"


class ChartBlocks:
    """Every chart of the site as HTML blocks, plus the SVG files they point to."""

    def __init__(self, tables: Tables, renderer: ChartRenderer):
        self.tables = tables
        self.renderer = renderer
        self.files: dict[str, bytes] = {}
        self._sources = _source_titles(tables)
        claims = dict(tuple(tables.claims.groupby("incident_id", sort=False)))
        self._incident_figures = {incident_id: claims_figure(rows, self._sources) for incident_id, rows in claims.items()}
        self._timelines = {incident_id: timeline_figure(rows) for incident_id, rows in claims.items()}
        renderer.render_all([f.spec for f in self._incident_figures.values() if f is not None]
                            + [f.spec for f, _ in self._timelines.values() if f is not None])

    def block(self, figure: ChartFigure | None, prefix: str) -> str:
        """The block for ``figure`` on a page ``prefix`` away from the site root ("" if no chart)."""
        if figure is None:
            return ""
        key, svg = self.renderer.render_svg(figure.spec)
        if svg is None:
            return render_chart_block(figure, None)
        name = f"{SVG_DIR}/{key[:24]}.svg"
        self.files[name] = svg
        return render_chart_block(figure, prefix + name)

    def incident(self, incident_id: str, prefix: str = "../../") -> str:
        return self.block(self._incident_figures.get(incident_id), prefix)

    def timeline(self, incident_id: str, prefix: str = "../../") -> str:
        return self.block(self._timelines.get(incident_id, (None, []))[0], prefix)

    def undated(self, incident_id: str) -> list[str]:
        """The claims of people killed that the incident's timeline leaves out: no known date."""
        return self._timelines.get(incident_id, (None, []))[1]

    def moves(self, prefix: str) -> str:
        return self.block(moves_figure(self.tables), prefix)

    def spread(self, prefix: str) -> str:
        return self.block(spread_figure(self.tables), prefix)

    def series(self, series_id: str, prefix: str) -> str:
        return self.block(series_figure(self.tables, series_id), prefix)
