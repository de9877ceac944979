"""Tables -> chart figures (spec, caption, data table) -> raw HTML blocks for the generated pages.

A block carries a build-time SVG (shown at once, sized, for every reader and for print), the chart's
Vega spec compiled at build time in a ``data-`` attribute (drawn live in the browser, on demand, from
Material's ``document$``: see charts.js.j2), and the chart's data as a collapsed table. Blocks and
their tables are excluded from the search index.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from build_scripts.render import charts, maps, timeline
from build_scripts.render.chartrender import ChartRenderer
from build_scripts.render.locator import render_locator_svg
from build_scripts.render.messages import Messages
from build_scripts.render.templating import html_environment
from build_scripts.render.textsafe import replace_controls
from build_scripts.views.maps import LOCATION_WORDS, MapPoint, MapView, location_sentence, map_view
from build_scripts.views.reader import plural as _plural
from build_scripts.views.tables import Tables

SVG_DIR = "charts/svg"
# When the live chart replaces the static one: "interaction" (the reader hovers, taps or focuses the
# chart) or "idle" (also when it comes into view while the page is idle). Measured with `bench pages`
# (README, Performance): "idle" loads and runs the runtime on every chart page; "interaction" never
# before the reader reaches for a chart.
LIVE_POLICY = "interaction"
_POLICY_TEXT = {"interaction": "hovers, taps or focuses it",
                "idle": "hovers, taps or focuses it, or when it comes into view while the page is idle"}
LIVE_DIR = "charts/live"
# A live spec larger than this (the map at thousands of incidents) is a file of its own, fetched when
# the chart goes live, instead of an attribute every reader downloads with the page.
INLINE_LIMIT = 64 * 1024
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
    row_links: list[str] = field(default_factory=list)  # where each row's first cell links, if anywhere


# (kind, the chart's data as JSON text, build) -> spec; ChartBlocks passes the renderer's cache
SpecBuilder = Callable[[str, str, Callable[[], dict]], dict]


def build_spec(kind: str, inputs: str, build: Callable[[], dict]) -> dict:
    """Build the spec (no cache): what figures use when no renderer is given."""
    return build()


def _inputs(marks: pd.DataFrame, *extra: str) -> str:
    """A chart's data as JSON text, what its cached spec is keyed on."""
    return "\n".join([marks.to_json(orient="split", date_format="iso", force_ascii=False), *extra])


def _cell(value: object) -> str:
    if value is None or value is pd.NA:
        return "—"
    return f"{value:,}" if isinstance(value, int) else " ".join(replace_controls(str(value)).split())


def _source_titles(tables: Tables) -> dict[str, str]:
    """Source id -> its name for readers: the title, else the curator's label in brackets."""
    names = {}
    for source_id, title, label in zip(tables.sources["id"], tables.sources["title"], tables.sources["label"], strict=True):
        names[source_id] = title if isinstance(title, str) else f"[{label}]" if isinstance(label, str) else "[Untitled document]"
    return names


def claims_figure(claims: pd.DataFrame, sources: dict[str, str]) -> ChartFigure | None:
    """The claim-comparison chart for one incident's claims; None if no claim gives a figure."""
    numeric = claims[claims["killed"].notna() | claims["injured"].notna()]
    if numeric.empty:
        return None
    marks = charts.claim_marks(numeric, sources)
    return ChartFigure(
        id="chart-claims",
        title="Claimed figures, claim by claim",
        caption="One row per claim: date · claimant: figure as written. A dot is an exact figure, a bar "
        "a range; a dashed tail with an arrowhead is open-ended (no stated maximum), drawn from its "
        "stated number. Hollow: not in the headline (a partial count or a reader comment). Colour: "
        "claimant type. Hover for the source and the quote.",
        description=f"Chart comparing {_plural(len(marks), 'claimed figure')} for this incident; the same "
        "figures are in the table below.",
        spec=charts.clean_spec(charts.claims_chart_spec(marks)),
        table_caption="Claimed figures shown in the chart",
        columns=["Date · claimant", "Type", "Figure for", "As written", "Parsed", "Headline", "Source"],
        rows=[[_cell(m.claim), m.claimant_type, m.measure, _cell(m.as_written), m.parsed, m.standing, _cell(m.source)]
              for m in marks.itertuples()],
    )


def spread_figure(tables: Tables, specs: SpecBuilder = build_spec) -> ChartFigure | None:
    if not (tables.incidents["killed_claims"] > 0).any():
        return None
    marks = charts.spread_marks(tables.incidents)
    return ChartFigure(
        id="chart-spread",
        title="Where accounts diverge: claimed deaths per incident",
        caption="For each incident, its headline range: the lowest and the highest whole-toll figure "
        "claimed for people killed (partial counts and reader comments left out), and how many claims "
        "give one. Rows run from the widest gap between lowest and highest to the narrowest (at most "
        f"{charts.SPREAD_LIMIT} incidents); an open-ended highest claim (“over 200”, “dozens”) is drawn "
        "from its stated number with a short dashed tail and an arrowhead. Never a sum or average.",
        description=f"Chart of the lowest and highest claimed deaths for {_plural(len(marks), 'incident')}; "
        "the same numbers are in the table below.",
        spec=specs("spread", _inputs(marks), lambda: charts.clean_spec(charts.spread_chart(marks).to_dict())),
        table_caption="Lowest and highest claimed deaths per incident",
        columns=["Incident", "Lowest claim", "Highest claim", "Claims in the range"],
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
        "arrowhead marks an open bound (“over 200”); hollow diamonds are figures kept out of the headline (partial counts, reader comments). Click a mark for "
        "its claim.",
        description=f"Chart of {len(marks)} dated claims of people killed over time; the same claims are in "
        "the table below.",
        spec=charts.clean_spec(timeline.timeline_spec(marks)),
        table_caption="Dated claims shown in the chart",
        columns=["Claimed on", "Date from", "Claimant", "Type", "As written", "Parsed"],
        rows=[[m.when, m.basis, _cell(m.claimant), m.claimant_type, _cell(m.as_written), m.parsed]
              for m in marks.itertuples()],
    ), undated


def moves_figure(tables: Tables, specs: SpecBuilder = build_spec) -> ChartFigure | None:
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
        "claim was made: the figures that set the headline (no partial counts, no reader comments). “or more” marks an open-ended highest claim.",
        description=f"Chart of the lowest and highest claimed deaths over time for {count} incident(s); the "
        "same numbers are in the table below.",
        spec=specs("moves", _inputs(marks), lambda: charts.clean_spec(timeline.moves_chart(marks).to_dict())),
        table_caption="Lowest and highest claims as known at each date",
        columns=["Incident", "As of", "Bound", "Killed, as claimed"],
        rows=[[_cell(m.incident), m.date, m.bound, m.label] for m in marks.itertuples()],
    )


def series_figure(tables: Tables, series_id: str, specs: SpecBuilder = build_spec) -> ChartFigure:
    points = tables.series[tables.series["series_id"] == series_id]
    first = points.iloc[0]
    marks = charts.series_marks(points, tables.breakdown[tables.breakdown["series_id"] == series_id],
                                _source_titles(tables))  # fmt: skip
    return ChartFigure(
        id=f"chart-series-{series_id}",
        title=_cell(first["series_title"]),
        caption=f"As reported by {_cell(first['claimant'])}: one bar per reported period, with its parts "
        "(“of which”) labelled inside it; a reported average over a longer period is drawn as a dashed "
        "level line across that period, never as monthly bars (◀ at its label: the period starts before "
        f"the time axis, which is focused on the monthly counts; the label gives the whole period); ▲ above a bar marks a figure with no stated maximum (\u201cat least\u201d, "
        f"\u201cdozens\u201d). Periods are as the source gives them; a year the source leaves out is "
        "inferred (see the notes). Hover for the figure as written, the source and the quote.",
        description=f"Chart of {_plural(len(points), 'reported value')} of {_cell(first['unit'])} over time; the "
        "same values are in the table below.",
        spec=specs("series", _inputs(marks, _cell(first["unit"])),
                   lambda: charts.clean_spec(charts.series_chart(marks, _cell(first["unit"])).to_dict())),
        table_caption="Reported values shown in the chart",
        columns=["Period (as reported)", "What", "As written", "Parsed", "Source"],
        rows=[[m.period, _cell(m.legend), _cell(m.as_written), m.parsed, _cell(m.source)] for m in marks.itertuples()],
    )


def map_figure(located: MapView, prefix: str) -> ChartFigure | None:
    """The site map: one mark per incident with coordinates, linking to its page; None if none has any."""
    if not located.points:
        return None
    points = sorted(located.points, key=lambda p: p.id)  # a stable order: the spec does not move with dates
    return ChartFigure(
        id="chart-map",
        title="Incidents with coordinates",
        caption=f"{located.located:,} of {_plural(located.total, 'incident')} have coordinates; each mark is one "
        "incident, framed to where they are. Shape, size and colour give how precisely it is located: the "
        "larger the mark, the larger the area it stands for (a town, a district, a province), never an exact "
        "spot unless curated as one. Hover for the incident; click a mark for its page.",
        description=f"Map of {_plural(located.located, 'incident')} with coordinates; the same incidents are "
        "in the table below, with links to their pages.",
        spec=charts.clean_spec(maps.site_map(tuple(points), prefix).to_dict()),
        table_caption="Incidents on the map",
        columns=["Incident", "Date", "Place", "Country", "Located to", "Latitude", "Longitude"],
        rows=[[_cell(p.title), p.date, _cell(p.place), _cell(p.country), p.precision, f"{p.lat:.4f}", f"{p.lon:.4f}"]
              for p in points],
        row_links=[f"{prefix}incidents/{p.id}/" for p in points],
    )


def locator_figure(point: MapPoint) -> ChartFigure:
    """One incident's small locator map, its precision said in words: drawn by render/locator.py as
    inline SVG (no spec, no live view: the caption says all a tooltip would)."""
    return ChartFigure(
        id="chart-locator",
        title="Where",
        caption=f"{location_sentence(point.precision)} Coordinates {point.lat:.4f}, {point.lon:.4f}.",
        description=f"Locator map: the incident's mark near {point.place}, {point.country} "
        f"(located to {LOCATION_WORDS[point.precision]}).",
        spec={},
        table_caption="The incident's location",
        columns=["Place", "Country", "Located to", "Latitude", "Longitude"],
        rows=[[_cell(point.place), _cell(point.country), point.precision, f"{point.lat:.4f}", f"{point.lon:.4f}"]],
    )


def svg_size(svg: bytes) -> tuple[int, int]:
    """The static SVG's width and height (CSS pixels, rounded up): the box the page reserves."""
    match = _SVG_SIZE.search(svg)
    if match is None:
        raise ValueError("static chart SVG without width and height")
    return tuple(int(-(-float(value) // 1)) for value in match.groups())  # type: ignore[return-value]


def render_chart_block(figure: ChartFigure, live_json: str, svg_href: str | None,
                       size: tuple[int, int] | None = None, messages: Messages | None = None,
                       live_href: str | None = None, inline_svg: str | None = None) -> str:  # fmt: skip
    """The block; with ``live_href`` the live spec is fetched from there on demand (``live_json`` unused);
    with ``inline_svg`` (markup), a static chart drawn in the page, with no live view."""
    html = html_environment(messages).get_template("chart_block.html.j2").render(
        figure=figure, spec_json=live_json, svg_href=svg_href, size=size, live_href=live_href, inline_svg=inline_svg)
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def render_locator_block(point: MapPoint, messages: Messages | None = None) -> str:
    """An incident's locator map: its SVG in the page (it follows the light/dark scheme through
    site.css), its caption and its one-row table; no Vega."""
    figure = locator_figure(point)
    return render_chart_block(figure, "", None, messages=messages, inline_svg=render_locator_svg(point, figure.description))


def render_charts_loader(policy: str = LIVE_POLICY) -> str:
    """The small script on every page that draws a chart live on demand (charts.js)."""
    template = html_environment().get_template("charts.js.j2")
    return template.render(policy=policy, policy_text=_POLICY_TEXT[policy]) + "\n"


class ChartBlocks:
    """Every chart of the site as HTML blocks, plus the SVG files they point to.

    The incident charts are built and rendered up front, one at a time: each figure keeps its table
    and its key, not its spec, and the SVGs stay in the renderer's cache until ``svg_files`` yields
    them, so memory does not grow with the corpus's charts."""

    def __init__(self, tables: Tables, renderer: ChartRenderer, messages: Messages | None = None):
        self.tables = tables
        self.renderer = renderer
        self.messages = messages  # the blocks' fixed phrases (figures' captions are still English here)
        self.files: dict[str, str] = {}  # SVG file under the docs folder -> its render key
        self._sources = _source_titles(tables)
        self._spread: tuple[ChartFigure | None] | None = None
        self._live_files: dict[str, str] = {}  # live spec file (a spec over INLINE_LIMIT) -> its render key
        # [figure without its spec, render key] per incident chart; the key is set once rendered
        self._incident_figures: dict[str, list] = {}
        self._timelines: dict[str, tuple[list | None, list[str]]] = {}
        self.located = map_view(tables.incidents)
        self._locators = {point.id: point for point in self.located.points}
        slots: list[list] = []  # the [figure, key] of each spec given to render_all, in order
        keys = renderer.render_all(self._incident_specs(tables, slots))
        for slot, key in zip(slots, keys, strict=True):
            slot[1] = key

    def _incident_specs(self, tables: Tables, slots: list[list]):
        """Each incident's chart specs, built lazily for ``render_all``; the figures are kept
        without them."""
        for incident_id, rows in tables.claims.groupby("incident_id", sort=False):
            figure = claims_figure(rows, self._sources)
            timeline, undated = timeline_figure(rows)
            self._timelines[incident_id] = (None, undated)
            if figure is not None:
                slots.append(self._incident_figures.setdefault(incident_id, [replace(figure, spec={}), ""]))
                yield figure.spec
            if timeline is not None:
                slots.append([replace(timeline, spec={}), ""])
                self._timelines[incident_id] = (slots[-1], undated)
                yield timeline.spec

    def svg_files(self):
        """(path under the docs folder, SVG bytes) of every chart the blocks so far point to."""
        for name, key in sorted(self.files.items()):
            yield name, self.renderer.result(key)[0]
        for name, key in sorted(self._live_files.items()):
            yield name, self.renderer.result(key)[1]

    def block(self, figure: ChartFigure | None, prefix: str, key: str | None = None) -> str:
        """The block for ``figure`` on a page ``prefix`` away from the site root ("" if no chart);
        ``key``: the figure was rendered already (its spec dropped)."""
        if figure is None:
            return ""
        if key is None:
            key = self.renderer.render_all([figure.spec])[0]
        svg, live = self.renderer.result(key)
        live_href = None
        if len(live) > INLINE_LIMIT:
            live_name = f"{LIVE_DIR}/{key[:24]}.json"
            self._live_files[live_name] = key
            live_href = prefix + live_name
        if svg is None:
            return render_chart_block(figure, live.decode("utf-8"), None, messages=self.messages, live_href=live_href)
        name = f"{SVG_DIR}/{key[:24]}.svg"
        self.files[name] = key
        return render_chart_block(figure, live.decode("utf-8"), prefix + name, svg_size(svg), self.messages, live_href)

    def incident(self, incident_id: str, prefix: str = "../../") -> str:
        prepared = self._incident_figures.get(incident_id)
        return self.block(prepared[0], prefix, prepared[1]) if prepared else ""

    def timeline(self, incident_id: str, prefix: str = "../../") -> str:
        prepared = self._timelines.get(incident_id, (None, []))[0]
        return self.block(prepared[0], prefix, prepared[1]) if prepared else ""

    def undated(self, incident_id: str) -> list[str]:
        """The claims of people killed that the incident's timeline leaves out: no known date."""
        return self._timelines.get(incident_id, (None, []))[1]

    def locator(self, incident_id: str, prefix: str = "../../") -> str:
        """The incident's locator map ("" without coordinates): drawn here, no renderer involved."""
        point = self._locators.get(incident_id)
        return render_locator_block(point, self.messages) if point else ""

    def map(self, prefix: str) -> str:
        return self.block(map_figure(self.located, prefix), prefix)

    def moves(self, prefix: str) -> str:
        return self.block(moves_figure(self.tables, self.renderer.cached_spec), prefix)

    def spread(self, prefix: str) -> str:
        if self._spread is None:  # on two pages (home, incidents index): built once
            self._spread = (spread_figure(self.tables, self.renderer.cached_spec),)
        return self.block(self._spread[0], prefix)

    def series(self, series_id: str, prefix: str) -> str:
        return self.block(series_figure(self.tables, series_id, self.renderer.cached_spec), prefix)
