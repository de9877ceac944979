"""Tables -> chart figures (spec, caption, data table) -> raw HTML blocks for the generated pages.

A block carries a build-time SVG (shown at once, sized, for every reader and for print), the chart's
Vega spec compiled at build time in a ``data-`` attribute (drawn live in the browser, on demand, from
Material's ``document$``: see charts.js.j2), and the chart's data as a collapsed table. Blocks and
their tables are excluded from the search index.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from build_scripts.render import charts, maps, timeline
from build_scripts.render.chartrender import ChartRenderer
from build_scripts.render.locator import render_locator_svg
from build_scripts.render.messages import Messages, default_messages
from build_scripts.render.templating import html_environment
from build_scripts.render.textsafe import replace_controls
from build_scripts.views.maps import MapPoint, MapView, location_sentence, map_view
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
    static_spec: dict  # the Vega-Lite spec, unless ``templated`` holds it (``spec``)
    table_caption: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    row_links: list[str] = field(default_factory=list)  # where each row's first cell links, if anywhere
    templated: charts.Templated | None = None  # ``spec`` as a template and its fills: rendered without a compile of its own

    @property
    def spec(self) -> dict:
        """The chart's Vega-Lite spec: assembled from ``templated`` only when asked (the build renders
        from the template; tests and the site-wide charts read the spec)."""
        if self.static_spec or self.templated is None:
            return self.static_spec
        return charts.clean_spec(self.templated.spec())


# (kind, the chart's data as JSON text, build) -> spec; ChartBlocks passes the renderer's cache
SpecBuilder = charts.SpecBuilder


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


def _source_titles(tables: Tables, messages: Messages | None = None) -> dict[str, str]:
    """Source id -> its name for readers: the title, else the curator's label in brackets."""
    say = (messages or default_messages()).get
    names = {}
    for source_id, title, label in zip(tables.sources["id"], tables.sources["title"], tables.sources["label"], strict=True):
        names[source_id] = (title if isinstance(title, str) else
                            say("words.label", label=label if isinstance(label, str) else say("descriptions.untitled")))
    return names


def _columns(say, key: str) -> list[str]:
    """A data table's column headings: one message, the headings separated by ' | '."""
    return say(key).split(" | ")


def claims_figure(claims: pd.DataFrame | Iterable, sources: dict[str, str], messages: Messages | None = None,
                  specs: SpecBuilder | None = None) -> ChartFigure | None:  # fmt: skip
    """The claim-comparison chart for one incident's claims; None if no claim gives a figure."""
    numeric = [c for c in charts.claim_rows(claims) if pd.notna(c.killed) or pd.notna(c.injured)]
    if not numeric:
        return None
    say, count = (messages := messages or default_messages()).get, messages.counted
    marks = charts.claim_marks(numeric, sources)
    templated = charts.claims_templated(marks, specs)
    return ChartFigure(
        id="chart-claims",
        title=say("chart.claims.title"),
        caption=say("chart.claims.caption"),
        description=say("chart.claims.description", figures=count(len(marks), "claimed figure")),
        static_spec={},
        table_caption=say("chart.claims.table_caption"),
        columns=_columns(say, "chart.claims.columns"),
        rows=[[_cell(m["claim"]), m["claimant_type"], m["measure"], _cell(m["as_written"]), m["parsed"], m["standing"],
               _cell(m["source"])] for m in marks],
        templated=templated,
    )


def spread_figure(tables: Tables, specs: SpecBuilder = build_spec, messages: Messages | None = None) -> ChartFigure | None:
    if not (tables.incidents["killed_claims"] > 0).any():
        return None
    say, count = (messages := messages or default_messages()).get, messages.counted
    marks = charts.spread_marks(tables.incidents)
    return ChartFigure(
        id="chart-spread",
        title=say("chart.spread.title"),
        caption=say("chart.spread.caption", limit=charts.SPREAD_LIMIT),
        description=say("chart.spread.description", incidents=count(len(marks), "incident")),
        static_spec=charts.clean_spec(charts.spread_chart_spec(marks, None if specs is build_spec else specs)),
        table_caption=say("chart.spread.table_caption"),
        columns=_columns(say, "chart.spread.columns"),
        rows=[[_cell(m.incident), _cell(int(m.low)), m.highest, _cell(int(m.claims))] for m in marks.itertuples()],
    )


def timeline_figure(claims: pd.DataFrame | Iterable, messages: Messages | None = None,
                    specs: SpecBuilder | None = None) -> tuple[ChartFigure | None, list[str]]:  # fmt: skip
    """(the claims-over-time chart of one incident, the undated claims it leaves out); no chart
    unless at least two claims of people killed have a known date."""
    marks, undated = timeline.timeline_marks(claims)
    if len(marks) < 2:
        return None, undated
    say = (messages or default_messages()).get
    templated = timeline.timeline_templated(marks, specs)
    return ChartFigure(
        id="chart-timeline",
        title=say("chart.timeline.title"),
        caption=say("chart.timeline.caption"),
        description=say("chart.timeline.description", count=len(marks)),
        static_spec={},
        table_caption=say("chart.timeline.table_caption"),
        columns=_columns(say, "chart.timeline.columns"),
        rows=[[m["when"], m["basis"], _cell(m["claimant"]), m["claimant_type"], _cell(m["as_written"]), m["parsed"]]
              for m in marks],
        templated=templated,
    ), undated


def moves_figure(tables: Tables, specs: SpecBuilder = build_spec, messages: Messages | None = None) -> ChartFigure | None:
    titles = dict(zip(tables.incidents["id"], tables.incidents["title"], strict=True))
    marks = timeline.moves_marks(tables.claims, titles)
    if marks.empty:
        return None
    say = (messages or default_messages()).get
    count = marks["incident_id"].nunique()
    return ChartFigure(
        id="chart-moves",
        title=say("chart.moves.title"),
        caption=say("chart.moves.caption", count=count, limit=timeline.MOVES_LIMIT),
        description=say("chart.moves.description", count=count),
        static_spec=specs("moves", _inputs(marks), lambda: charts.clean_spec(timeline.moves_chart(marks).to_dict())),
        table_caption=say("chart.moves.table_caption"),
        columns=_columns(say, "chart.moves.columns"),
        rows=[[_cell(m.incident), m.date, m.bound, m.label] for m in marks.itertuples()],
    )


def series_figure(tables: Tables, series_id: str, specs: SpecBuilder = build_spec,
                  messages: Messages | None = None) -> ChartFigure:
    say, count = (messages := messages or default_messages()).get, messages.counted
    points = tables.series[tables.series["series_id"] == series_id]
    first = points.iloc[0]
    marks = charts.series_marks(points, tables.breakdown[tables.breakdown["series_id"] == series_id],
                                _source_titles(tables, messages))  # fmt: skip
    return ChartFigure(
        id=f"chart-series-{series_id}",
        title=_cell(first["series_title"]),
        caption=say("chart.series.caption", claimant=_cell(first["claimant"])),
        description=say("chart.series.description", values=count(len(points), "reported value"), unit=_cell(first["unit"])),
        static_spec=specs("series", _inputs(marks, _cell(first["unit"])),
                   lambda: charts.clean_spec(charts.series_chart(marks, _cell(first["unit"])).to_dict())),
        table_caption=say("chart.series.table_caption"),
        columns=_columns(say, "chart.series.columns"),
        rows=[[m.period, _cell(m.legend), _cell(m.as_written), m.parsed, _cell(m.source)] for m in marks.itertuples()],
    )


def map_figure(located: MapView, prefix: str, messages: Messages | None = None) -> ChartFigure | None:
    """The site map: one mark per incident with coordinates, linking to its page; None if none has any."""
    if not located.points:
        return None
    say, count = (messages := messages or default_messages()).get, messages.counted
    points = sorted(located.points, key=lambda p: p.id)  # a stable order: the spec does not move with dates
    return ChartFigure(
        id="chart-map",
        title=say("chart.map.title"),
        caption=say("chart.map.caption", located=f"{located.located:,}", total=count(located.total, "incident")),
        description=say("chart.map.description", located=count(located.located, "incident")),
        static_spec=charts.clean_spec(maps.site_map(tuple(points), prefix).to_dict()),
        table_caption=say("chart.map.table_caption"),
        columns=_columns(say, "chart.map.columns"),
        rows=[[_cell(p.title), p.date, _cell(p.place), _cell(p.country), p.precision, f"{p.lat:.4f}", f"{p.lon:.4f}"]
              for p in points],
        row_links=[f"{prefix}incidents/{p.id}/" for p in points],
    )


def locator_figure(point: MapPoint, messages: Messages | None = None) -> ChartFigure:
    """One incident's small locator map, its precision said in words: drawn by render/locator.py as
    inline SVG (no spec, no live view: the caption says all a tooltip would)."""
    say = (messages := messages or default_messages()).get
    return ChartFigure(
        id="chart-locator",
        title=say("chart.locator.title"),
        caption=say("chart.locator.caption", sentence=location_sentence(point.precision, messages),
                    lat=f"{point.lat:.4f}", lon=f"{point.lon:.4f}"),
        description=say("chart.locator.description", place=point.place, country=point.country,
                        shows=say(f"map.shows.{point.precision}")),
        static_spec={},
        table_caption=say("chart.locator.table_caption"),
        columns=_columns(say, "chart.locator.columns"),
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
    figure = locator_figure(point, messages)
    return render_chart_block(figure, "", None, messages=messages, inline_svg=render_locator_svg(point, figure.description))


def render_charts_loader(policy: str = LIVE_POLICY) -> str:
    """The small script on every page that draws a chart live on demand (charts.js)."""
    template = html_environment().get_template("charts.js.j2")
    return template.render(policy=policy, policy_text=_POLICY_TEXT[policy]) + "\n"


class ChartBlocks:
    """Every chart of the site as HTML blocks, plus the SVG files they point to.

    An incident's charts are built when its page asks for them, from its claims' rows (read once):
    their static SVGs are drawn in Python (``ChartRenderer.draw``), not kept in the renderer's cache
    (drawing costs less than a cache file). The site-wide charts are rendered by vl-convert through
    the cache. Every block's files are handed to the writer with its page (``take_files``), so
    memory does not grow with the corpus's charts."""

    def __init__(self, tables: Tables, renderer: ChartRenderer, messages: Messages | None = None):
        self.tables = tables
        self.renderer = renderer
        self.messages = messages  # the blocks' fixed phrases: figures' titles, captions and table headings
        self._sources = _source_titles(tables, messages)
        self._spread: tuple[ChartFigure | None] | None = None
        self._files: dict[str, bytes] = {}  # the blocks' files (SVGs, live specs over INLINE_LIMIT) not yet handed over
        self._handed: set[str] = set()  # and those handed already (two incidents may draw the same chart)
        self._rows: dict[str, list] = {}  # one pass over the claims table (pandas per incident cost ~20 ms each)
        for row in charts.claim_rows(tables.claims):
            self._rows.setdefault(row.incident_id, []).append(row)
        self._figures: tuple[str, ChartFigure | None, ChartFigure | None, list[str]] = ("", None, None, [])
        self.located = map_view(tables.incidents)
        self._locators = {point.id: point for point in self.located.points}

    def _incident_figures(self, incident_id: str) -> tuple[str, ChartFigure | None, ChartFigure | None, list[str]]:
        """(id, claims figure, timeline figure, undated claims) of one incident, built once for its page's
        three calls (``incident``, ``timeline``, ``undated``)."""
        if self._figures[0] != incident_id:
            rows = self._rows.get(incident_id)
            if not rows:
                self._figures = (incident_id, None, None, [])
            else:
                figure = claims_figure(rows, self._sources, self.messages, self.renderer.cached_spec)
                timeline, undated = timeline_figure(rows, self.messages, self.renderer.cached_spec)
                self._figures = (incident_id, figure, timeline, undated)
        return self._figures

    def prepare_records(self) -> None:
        """Compile the incident charts' templates here (vl-convert), before the record pages are
        rendered in forked children (build_scripts/fanout.py), which must not start vl-convert."""
        specs = self.renderer.cached_spec
        for template in (charts.claims_template(False, specs), charts.claims_template(True, specs),
                         timeline.timeline_template(specs)):  # fmt: skip
            self.renderer.compiled(template)

    def take_files(self) -> list[tuple[str, bytes]]:
        """(path under the docs folder, bytes) of the files the blocks made since the last call (the
        pipeline writes them after each page), each once."""
        files, self._files = self._files, {}
        taken = [(name, data) for name, data in sorted(files.items()) if name not in self._handed]
        self._handed.update(name for name, _ in taken)
        return taken

    def svg_files(self) -> list[tuple[str, bytes]]:
        """Every file the blocks point to that was not taken yet (``take_files``)."""
        return self.take_files()

    def block(self, figure: ChartFigure | None, prefix: str) -> str:
        """The block for ``figure`` on a page ``prefix`` away from the site root ("" if no chart)."""
        if figure is None:
            return ""
        drawn = self.renderer.draw(figure.templated) if figure.templated is not None else None
        if drawn is not None:  # named by its drawing: no key of the renderer's to compute
            svg, live = drawn
            key = hashlib.sha256(svg + b"\0" + live).hexdigest()
        else:
            key = self.renderer.render_all([figure.templated or figure.spec])[0]
            svg, live = self.renderer.result(key)
        live_href = None
        if len(live) > INLINE_LIMIT:
            live_name = f"{LIVE_DIR}/{key[:24]}.json"
            self._files[live_name] = live
            live_href = prefix + live_name
        if svg is None:
            return render_chart_block(figure, live.decode("utf-8"), None, messages=self.messages, live_href=live_href)
        name = f"{SVG_DIR}/{key[:24]}.svg"
        self._files[name] = svg
        return render_chart_block(figure, live.decode("utf-8"), prefix + name, svg_size(svg), self.messages, live_href)

    def incident(self, incident_id: str, prefix: str = "../../") -> str:
        return self.block(self._incident_figures(incident_id)[1], prefix)

    def timeline(self, incident_id: str, prefix: str = "../../") -> str:
        return self.block(self._incident_figures(incident_id)[2], prefix)

    def undated(self, incident_id: str) -> list[str]:
        """The claims of people killed that the incident's timeline leaves out: no known date."""
        return self._incident_figures(incident_id)[3]

    def locator(self, incident_id: str, prefix: str = "../../") -> str:
        """The incident's locator map ("" without coordinates): drawn here, no renderer involved."""
        point = self._locators.get(incident_id)
        return render_locator_block(point, self.messages) if point else ""

    def map(self, prefix: str) -> str:
        return self.block(map_figure(self.located, prefix, self.messages), prefix)

    def moves(self, prefix: str) -> str:
        return self.block(moves_figure(self.tables, self.renderer.cached_spec, self.messages), prefix)

    def spread(self, prefix: str) -> str:
        if self._spread is None:  # on two pages (home, incidents index): built once
            self._spread = (spread_figure(self.tables, self.renderer.cached_spec, self.messages),)
        return self.block(self._spread[0], prefix)

    def series(self, series_id: str, prefix: str) -> str:
        return self.block(series_figure(self.tables, series_id, self.renderer.cached_spec, self.messages), prefix)
