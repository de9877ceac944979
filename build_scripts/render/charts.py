"""Frames (``tables.py``) -> Altair charts. Pure: no I/O; same frames, same spec.

Three charts: a series' reported periods (``series_chart``), the claims about one incident
(``claims_chart``) and the spread of claimed deaths across incidents (``spread_chart``).

Contributor text reaches a chart as data values only (fields, scale domains, tooltips), never in an
expression: every ``filter`` below compares a field with a constant of this module.

Altair is imported by the functions that build a chart, not by this module: a rebuild whose specs
all come from the spec cache (``chartrender.ChartRenderer.cached_spec``) never imports it (~0.3 s).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from build_scripts.model.records import ClaimantType
from build_scripts.render.textsafe import replace_controls
from build_scripts.views.reader import type_words
from build_scripts.views.site import date_label

if TYPE_CHECKING:
    import altair as alt

CLAIMANT_TYPES = [t.value for t in ClaimantType]
SPREAD_LIMIT = 25  # incidents shown in the spread chart (those where claims diverge most)
TOOLTIP_QUOTE_CHARS = 400
# The static SVG is laid out with DejaVu Sans metrics where available (see chartrender): one of the
# widest common sans fonts, so labels never overflow when a reader's browser substitutes a narrower one.
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
SPREAD_COLOUR = "#4f8fce"  # >= 3:1 on white and on the dark slate background

# Colour ranges per theme, in the order of CLAIMANT_TYPES (and of a series chart's legend).
# Light: each colour has >= 3:1 contrast on white; dark: on Material's slate background.
# Ten distinct hues (blue, orange, green, red, purple, brown, pink, olive, teal, grey), each >= 4.5:1.
PALETTE_LIGHT = ["#1f6fb2", "#b35900", "#237a23", "#c4161c", "#7b4fa8",
                 "#8c564b", "#c2377f", "#5f6b00", "#00808a", "#666666"]  # fmt: skip
PALETTE_DARK = ["#6fb1ea", "#f2a05a", "#7fd17f", "#ff7b7b", "#c3a2eb",
                "#d4a89b", "#f59ac6", "#c8d46a", "#5fd3db", "#b3b3b3"]  # fmt: skip
TYPE_LABELS = [type_words(t) for t in CLAIMANT_TYPES]  # the legend's words, in palette order
# A claim's standing in the headline (views/headline.py), drawn filled or hollow.
WHOLE = "whole toll (sets the headline)"
PARTIAL = "partial count (not in the headline)"
COMMENT = "reader comment (not in the headline)"
STANDING = [WHOLE, PARTIAL, COMMENT]
DISC = "M -1 0 A 1 1 0 1 0 1 0 A 1 1 0 1 0 -1 0 Z"
RING = DISC + " M -0.5 0 A 0.5 0.5 0 1 1 0.5 0 A 0.5 0.5 0 1 1 -0.5 0 Z"  # the hole winds the other way
SQUARE_RING = "M -0.9 -0.9 H 0.9 V 0.9 H -0.9 Z M -0.45 -0.45 V 0.45 H 0.45 V -0.45 Z"
OPEN_TAIL = 0.07  # an open upper bound: a short open-ended tail, this share of the axis, past its number


def chart_config(dark: bool) -> dict:
    """Vega-Lite config per colour scheme (the static SVG uses the light one)."""
    text = "#e6e6e6" if dark else "#1f1f1f"
    return {
        "font": FONT,
        "background": "transparent" if dark else "white",
        "range": {"category": PALETTE_DARK if dark else PALETTE_LIGHT},
        "text": {"color": text},
        "axis": {"labelColor": text, "titleColor": text, "labelFontSize": 11, "titleFontSize": 12,
                 "gridColor": "#444" if dark else "#e3e3e3", "domainColor": "#888", "tickColor": "#888"},
        "legend": {"labelColor": text, "titleColor": text, "labelFontSize": 11, "titleFontSize": 12,
                   "labelLimit": 320},
        "header": {"labelColor": text, "titleColor": text, "labelFontSize": 12},
        "view": {"stroke": None},
        # the maps' basemap (render/maps.py): land a quiet grey, borders just visible
        "geoshape": {"fill": "#3b4150" if dark else "#e4e1da", "stroke": "#7a8190" if dark else "#a3a09a"},
    }  # fmt: skip


def clean_spec(node: object) -> object:
    """``node`` with control characters in every string replaced (U+FFFD), as on the pages: the
    static renderer aborts the whole process on some of them (vl-convert panics on ESC)."""
    if isinstance(node, dict):
        return {key: clean_spec(value) for key, value in node.items()}
    if isinstance(node, list):
        return [clean_spec(value) for value in node]
    return replace_controls(node) if isinstance(node, str) else node


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA else str(value)


def _quote(value: object) -> str:
    text = " ".join(_text(value).split())
    return text if len(text) <= TOOLTIP_QUOTE_CHARS else text[: TOOLTIP_QUOTE_CHARS - 1] + "…"


def _int(value: object) -> int | None:
    return None if value is None or value is pd.NA else int(value)


def _parsed(low: int | None, high: int | None, approximate: object) -> str:
    tilde = "~" if approximate is True else ""
    if low is None:
        return f"{tilde}at most {high:,}"
    if high is None:
        return f"{tilde}{low:,} or more"
    return f"{tilde}{low:,}" if low == high else f"{tilde}{low:,}–{high:,}"


def _axis_top(bounds: list[int]) -> int:
    """A round axis end with room past every stated bound for an open tail and its label."""
    top = max([*bounds, 1])
    step = 10 ** max(0, int(math.log10(max(top, 1))))
    return max(int(math.ceil(top * (1 + OPEN_TAIL * 2) / step) * step), 10)


def _open_tail(low: int, top: int) -> int:
    """Where an open upper bound's short tail ends: a little past its stated number."""
    return low + max(1, round(top * OPEN_TAIL))


def _standing(claimant_type: object, scope: object, via_types: object = None) -> str:
    if scope == "partial":
        return PARTIAL
    relayed_by_comment = isinstance(via_types, str) and "reader-comment" in via_types.split("; ")
    return COMMENT if claimant_type == "reader-comment" or relayed_by_comment else WHOLE


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} [{seen[label]}]")
    return result


def _month_start(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def _month_after(month: str) -> dt.date:
    start = _month_start(month)
    return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)


# --- claims about one incident --------------------------------------------------------------


def claim_rows(claims: pd.DataFrame | Iterable) -> list:
    """A claims table's rows as named tuples (one pass over a whole table is cheap; a small table's
    ``itertuples`` per incident is not: pandas indexes every column for each call), or the rows given."""
    return list(claims.itertuples(index=False)) if isinstance(claims, pd.DataFrame) else list(claims)


def claim_marks(claims: pd.DataFrame | Iterable, sources: dict[str, str]) -> list[dict]:
    """One row per claimed figure (killed, injured) with what the chart draws for it: a dot for an
    exact figure, a bar for a range, a dot with a short open tail for an open upper bound; hollow if
    the figure does not set the headline (a partial count or a reader comment)."""
    rows = []
    claims = claim_rows(claims)
    labels = _unique([f"{_text(c.date) or 'undated'} · {_text(c.claimant)}" for c in claims])
    for order, (label, claim) in enumerate(zip(labels, claims, strict=True)):
        for measure in ("killed", "injured"):
            written = getattr(claim, measure)
            if written is pd.NA or written is None:
                continue
            low, high = _int(getattr(claim, f"{measure}_min")), _int(getattr(claim, f"{measure}_max"))
            approx = getattr(claim, f"{measure}_approximate")
            shape = "exact" if low is not None and low == high else (
                "open above" if high is None else "no stated minimum" if low is None else "range")
            standing = _standing(claim.claimant_type, getattr(claim, "scope", "incident"), getattr(claim, "via_types", None))
            rows.append({
                "claim": label, "order": order, "measure": measure, "claimant_type": type_words(claim.claimant_type),
                "shape": shape, "standing": standing, "low": low or 0, "high": high,
                "as_written": _text(written), "parsed": _parsed(low, high, approx),
                "row_label": f"{label}: {_text(written)}" + ("" if standing == WHOLE else f" ({standing.split(' (')[0]})"),
                "source": sources.get(claim.source_id, claim.source_id), "quote": _quote(claim.quote),
            })  # fmt: skip
    top = _axis_top([row["low"] for row in rows] + [row["high"] for row in rows if row["high"] is not None])
    for row in rows:
        row["end"] = _open_tail(row["low"], top) if row["high"] is None else row["high"]
        row["top"] = top
    return rows


def claim_tooltip() -> list:
    """The claims chart's tooltip: each field with its title."""
    import altair as alt  # only when a chart is built (module docstring)

    return [
        alt.Tooltip("claim:N", title="Date · claimant"), alt.Tooltip("claimant_type:N", title="Type"),
        alt.Tooltip("measure:N", title="Figure for"), alt.Tooltip("as_written:N", title="As written"),
        alt.Tooltip("parsed:N", title="Parsed"), alt.Tooltip("standing:N", title="Headline"),
        alt.Tooltip("source:N", title="Source"), alt.Tooltip("quote:N", title="Quote"),
    ]  # fmt: skip


def _by_order() -> alt.EncodingSortField:
    import altair as alt  # only when a chart is built (module docstring)

    return alt.EncodingSortField(field="order", op="min", order="ascending")


CLAIMS_DATA = "claims"
_PRESENT = "__present_claimant_types__"  # replaced, per incident, by the types in its legend
_STANDINGS = "__present_standings__"  # replaced, per incident, by the standings in its legend
# replaced, per incident, by its axis end: a number no axis ends at, so that Vega-Lite compiles the
# data-free template's scale as it compiles a real one (``zero`` is true only for a numeric domain)
_TOP = 987654321.125
PEOPLE_AXIS = {"format": "d", "tickMinStep": 1, "tickCount": 6}  # people are counted in whole numbers


def claims_chart(faceted: bool) -> alt.FacetChart | alt.LayerChart:
    """Each claim a row (in page order), labelled in full above its marks (no cut axis labels):
    exact figures as dots, ranges as bars, an open upper bound as a dot at its stated number with a
    short open tail and arrowhead; colour by claimant type; hollow when the figure does not set the
    headline; faceted by measure when an incident has injured figures. Data-free: ``claims_chart_spec``
    adds one incident's marks, so Altair builds (and validates) the structure once."""
    import altair as alt  # only when a chart is built (module docstring)

    # Rows sort by a numeric data field, never by a list of labels: Vega-Lite compiles a sort array into
    # an expression (indexof([...], datum.claim)), which would put contributor text into code.
    y = alt.Y("claim:N", sort=_by_order(), title=None, axis=alt.Axis(labels=False, ticks=False, domain=False))
    x = alt.X("low:Q", title="People (as claimed)", scale=alt.Scale(domain=[0, _TOP], nice=False, clamp=True),
              axis=alt.Axis(**PEOPLE_AXIS))  # fmt: skip
    color = alt.Color("claimant_type:N", title="Claimant type", scale=alt.Scale(domain=TYPE_LABELS),
                      legend=alt.Legend(values=[_PRESENT], orient="bottom", direction="horizontal", columns=2))  # fmt: skip
    # Hollow when the figure does not set the headline. Vega-Lite draws no legend for fillOpacity, so a
    # dot's standing picks its shape: a disc, or a ring (a diamond-less circle or square outline drawn as
    # a filled path with a hole), so dots and legend symbols alike read as solid or hollow.
    fill = alt.FillOpacity("standing:N", scale=alt.Scale(domain=STANDING, range=[0.9, 0, 0]), legend=None)
    shape = alt.Shape("standing:N", title="Headline", scale=alt.Scale(domain=STANDING, range=[DISC, RING, SQUARE_RING]),
                      legend=alt.Legend(values=[_STANDINGS], orient="bottom", direction="vertical", symbolSize=120,
                                        symbolFillColor="#888888", symbolStrokeWidth=0))  # fmt: skip
    base = alt.Chart().encode(y=y, tooltip=claim_tooltip())
    bars = base.transform_filter(alt.datum.shape == "range").mark_bar(height=10, strokeWidth=2).encode(
        x=x, x2="end:Q", color=color, stroke=color, fillOpacity=fill)
    minimum = base.transform_filter(alt.datum.shape == "no stated minimum").mark_bar(
        height=10, strokeWidth=2, strokeDash=[3, 2]).encode(x=x, x2="end:Q", color=color, stroke=color, fillOpacity=fill)
    tails = base.transform_filter(alt.datum.shape == "open above").mark_rule(strokeWidth=2, strokeDash=[4, 2]).encode(
        x=x, x2="end:Q", color=color)
    points = base.transform_filter(alt.datum.shape != "range").transform_filter(
        alt.datum.shape != "no stated minimum").mark_point(filled=True, size=130, strokeWidth=0, opacity=1).encode(
        x=x, color=color, shape=shape)
    arrows = base.transform_filter(alt.datum.shape == "open above").mark_point(
        shape="triangle-right", filled=True, size=70, opacity=1).encode(x=alt.X("end:Q"), color=color)
    labels = base.mark_text(align="left", baseline="bottom", dy=-8, fontSize=11).encode(
        x=alt.datum(0), text="row_label:N")
    layers = (bars, minimum, tails, points, arrows, labels)
    data = alt.NamedData(name=CLAIMS_DATA)
    if faceted:
        return alt.layer(*layers).properties(width=300, height=alt.Step(40)).facet(
            row=alt.Row("measure:N", title=None, sort=["killed", "injured"]), data=data)
    return alt.layer(*layers, data=data).properties(width=420, height=alt.Step(40))


# (kind, the chart's data as JSON text, build) -> spec: the renderer's spec cache (chartrender.ChartRenderer.cached_spec)
SpecBuilder = Callable[[str, str, Callable[[], dict]], dict]


@lru_cache(maxsize=2)
def _claims_template(faceted: bool) -> str:
    return json.dumps(claims_chart(faceted).to_dict(), sort_keys=True)


def claims_template(faceted: bool, specs: SpecBuilder | None = None) -> dict:
    """The data-free claims chart as a Vega-Lite spec: from ``specs`` (the spec cache: Altair is
    then neither imported nor run on a rebuild), else built once per process."""
    if specs is None:
        return json.loads(_claims_template(faceted))
    return specs("claims-template", json.dumps(faceted), lambda: claims_chart(faceted).to_dict())


def _fill(node: object, lists: dict[str, list[str]]) -> object:
    """``node`` with every one-item list ``[sentinel]`` replaced by ``lists[sentinel]``."""
    if isinstance(node, dict):
        return {key: _fill(value, lists) for key, value in node.items()}
    if isinstance(node, list):
        if len(node) == 1 and isinstance(node[0], str) and node[0] in lists:
            return lists[node[0]]
        return [_fill(value, lists) for value in node]
    return node


def _fill_value(node: object, sentinel: str, value: object) -> object:
    """``node`` with every string ``sentinel`` replaced by ``value``."""
    if isinstance(node, dict):
        return {key: _fill_value(item, sentinel, value) for key, item in node.items()}
    if isinstance(node, list):
        return [_fill_value(item, sentinel, value) for item in node]
    return value if node == sentinel else node


@dataclass(frozen=True)
class Fills:
    """What turns a data-free template into one chart: each one-item list ``[sentinel]`` becomes
    ``lists[sentinel]``, each ``sentinel`` value ``values[sentinel]``, and each named data set gets its
    rows. Applied to the Vega-Lite template it gives the chart's spec; applied to the template
    compiled to Vega once (``chartrender.ChartRenderer.compiled``), the chart's live spec without a
    compile of its own: the sentinels and the data land in the compiled spec unchanged (tested)."""

    lists: dict[str, list]
    values: dict[object, object]
    datasets: dict[str, list[dict]]

    def spec(self, template: dict) -> dict:
        """The Vega-Lite spec: ``template`` filled, the data sets inline under ``datasets``."""
        spec = self._sentinels(template)
        spec["datasets"] = dict(self.datasets)
        return spec

    def vega(self, compiled: dict) -> dict:
        """The Vega spec: ``compiled`` (the template's) filled, each data set's rows as its values."""
        spec = self._sentinels(compiled)
        for entry in spec.get("data", []):
            if entry.get("name") in self.datasets:
                entry["values"] = self.datasets[entry["name"]]
        return spec

    def _sentinels(self, node: dict) -> dict:
        filled = _fill(node, self.lists)
        for sentinel, value in self.values.items():
            filled = _fill_value(filled, sentinel, value)
        return filled  # type: ignore[return-value]


@dataclass(frozen=True)
class Templated:
    """One chart as its data-free Vega-Lite template and its fills."""

    template: dict
    fills: Fills

    def spec(self) -> dict:
        return self.fills.spec(self.template)


def claims_templated(marks: list[dict], specs: SpecBuilder | None = None) -> Templated:
    """One incident's claims chart (``claim_marks``' rows): the template and this incident's data
    (control characters in its text replaced, ``clean_spec``)."""
    template = claims_template(any(mark["measure"] == "injured" for mark in marks), specs)
    present, standings = {mark["claimant_type"] for mark in marks}, {mark["standing"] for mark in marks}
    rows = clean_spec(marks)
    return Templated(template, Fills(
        lists={_PRESENT: [t for t in TYPE_LABELS if t in present], _STANDINGS: [s for s in STANDING if s in standings]},
        values={_TOP: max(mark["top"] for mark in marks)}, datasets={CLAIMS_DATA: rows}))  # type: ignore[dict-item]  # fmt: skip


def claims_chart_spec(marks: list[dict], specs: SpecBuilder | None = None) -> dict:
    """The Vega-Lite spec of one incident's claims chart: the template plus this incident's data."""
    return claims_templated(marks, specs).spec()


# --- claims across incidents ----------------------------------------------------------------


def _incident_when(row) -> str:
    """An incidents-table row's date for a label: at its precision, or its bounds if unknown."""
    if isinstance(row.date, str):
        return date_label(row.date, row.date_precision)
    if isinstance(row.date_by, str):
        return f"unknown, by {row.date_by}"
    return f"unknown, after {row.date_after}" if isinstance(row.date_after, str) else "unknown"


def spread_marks(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents with a headline range, those whose claims diverge most first (at most SPREAD_LIMIT):
    the gap is highest minus lowest, an open-ended highest counted from its stated number; ties by
    number of claims, then id. Only headline figures (views/headline.py) enter."""
    rows = incidents[incidents["killed_claims"] > 0]
    frame = pd.DataFrame({
        "incident": _unique([f"{_incident_when(r)} · {_text(r.title)}" for r in rows.itertuples()]),
        "low": rows["killed_low"].astype(int).tolist(), "high": rows["killed_high"].astype(int).tolist(),
        "open": rows["killed_high_open"].astype(bool).tolist(), "claims": rows["killed_claims"].astype(int).tolist(),
        "id": rows["id"].tolist(),
    })  # fmt: skip
    frame["spread"] = frame["high"] - frame["low"]
    frame = frame.sort_values(["spread", "claims", "id"], ascending=[False, False, True], kind="stable")
    frame = frame.head(SPREAD_LIMIT).reset_index(drop=True)
    frame["order"] = range(len(frame))
    top = _axis_top([*frame["high"], *frame["low"]])
    frame["end"] = [_open_tail(h, top) if o else h for o, h in zip(frame["open"], frame["high"], strict=True)]
    frame["shape"] = ["exact" if lo == h and not o else "range"
                      for o, lo, h in zip(frame["open"], frame["low"], frame["high"], strict=True)]  # fmt: skip
    frame["highest"] = [f"{h:,} or more" if o else f"{h:,}" for h, o in zip(frame["high"], frame["open"], strict=True)]
    words = [(f"{lo:,}" if lo == h else f"{lo:,} to {h:,}") + ("+" if o else "")
             for lo, h, o in zip(frame["low"], frame["high"], frame["open"], strict=True)]  # fmt: skip
    frame["label"] = [f"{i}: {w} ({c} claim{'s' if c != 1 else ''})"
                      for i, w, c in zip(frame["incident"], words, frame["claims"], strict=True)]  # fmt: skip
    frame["top"] = top
    return frame.drop(columns=["spread"])


def spread_chart(marks: pd.DataFrame) -> alt.LayerChart:
    """One row per incident, labelled in full above its marks: a bar from the lowest to the highest
    claim, and for an open-ended highest a short dashed tail with an arrowhead past its number."""
    return _spread_chart(int(marks["top"].max()), marks)


_SPREAD_DATA = "__spread_data__"  # replaced by the name Altair gives the data (spread_chart_spec)


def spread_chart_spec(marks: pd.DataFrame, specs: SpecBuilder | None = None) -> dict:
    """``spread_chart(marks).to_dict()`` without running Altair when ``specs`` (the spec cache) has
    the data-free template: the template, this data's axis end, and the data inline under the name
    Altair would give it (``_altair_dataset_name``), so the spec is the same to the byte (tested)."""
    build = lambda: _spread_chart(_TOP, None).to_dict()  # noqa: E731
    template = build() if specs is None else specs("spread-template", "", build)
    values = json.loads(marks.to_json(orient="records", force_ascii=False))
    name = _altair_dataset_name(values)
    spec = _fill_value(_fill_value(template, _TOP, int(marks["top"].max())), _SPREAD_DATA, name)
    spec["datasets"] = {name: values}
    return spec


def _altair_dataset_name(values: list[dict]) -> str:
    """The name Altair's ``to_dict`` gives inline data it moves to ``datasets`` (altair.vegalite.v6.api._dataset_name)."""
    if values == [{}]:
        return "empty"
    return "data-" + hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _spread_chart(top: int | float, marks: pd.DataFrame | None) -> alt.LayerChart:
    """The spread chart over ``marks``, or data-free (a named data set and a placeholder axis end)."""
    import altair as alt  # only when a chart is built (module docstring)

    tooltip = [alt.Tooltip("incident:N", title="Incident"), alt.Tooltip("low:Q", title="Lowest claim", format=","),
               alt.Tooltip("highest:N", title="Highest claim"), alt.Tooltip("claims:Q", title="Claims in the range")]  # fmt: skip
    base = alt.Chart().encode(y=alt.Y("incident:N", sort=_by_order(), title=None,
                                      axis=alt.Axis(labels=False, ticks=False, domain=False)), tooltip=tooltip)  # fmt: skip
    x = alt.X("low:Q", title="Killed, as claimed: lowest to highest claim",
              scale=alt.Scale(domain=[0, top], nice=False, clamp=True), axis=alt.Axis(**PEOPLE_AXIS))  # fmt: skip
    color = alt.value(SPREAD_COLOUR)
    bars = base.transform_filter(alt.datum.shape == "range").mark_bar(height=8, opacity=0.6).encode(
        x=x, x2="high:Q", color=color)
    lows = base.mark_point(filled=True, size=70, opacity=1).encode(x=x, color=color)
    highs = base.transform_filter(alt.datum.shape == "range").mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("high:Q"), color=color)
    tails = base.transform_filter(alt.datum.open).mark_rule(strokeWidth=2, strokeDash=[4, 2]).encode(
        x=alt.X("high:Q"), x2="end:Q", color=color)
    arrows = base.transform_filter(alt.datum.open).mark_point(
        shape="triangle-right", filled=True, size=70, opacity=1).encode(x=alt.X("end:Q"), color=color)
    labels = base.mark_text(align="left", baseline="bottom", dy=-8, fontSize=11).encode(x=alt.datum(0), text="label:N")
    data = alt.NamedData(name=_SPREAD_DATA) if marks is None else marks
    return alt.layer(bars, lows, highs, tails, arrows, labels, data=data).properties(width=420, height=alt.Step(40))


# --- a monitor's series ---------------------------------------------------------------------

COUNT = "count for the period"
AVERAGE = "average per month over the period"


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FOCUS_BEFORE = 1  # months shown before the first counted period when an average starts earlier


def _month_words(month: str) -> str:
    return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def series_focus(points: pd.DataFrame) -> dt.date | None:
    """Where the time axis starts when the counted periods are short beside a long average: a
    little before the first counted period (the average is then drawn from the axis edge, labelled
    with its whole period); None to show every period whole."""
    counts = points[points["kind"] == "count"]
    if counts.empty:
        return None
    first_count = min(_month_start(m) for m in counts["period_start"])
    first_any = min(_month_start(m) for m in points["period_start"])
    focus = _months_before(first_count, FOCUS_BEFORE)
    return focus if first_any < focus else None


def series_marks(points: pd.DataFrame, breakdown: pd.DataFrame, sources: dict[str, str]) -> pd.DataFrame:
    """One row per drawn mark: a bar per counted period, a level line per reported average (never
    monthly bars), and per breakdown entry ("of which: children") a labelled bar inside its period's
    bar, side by side. With a focused time axis (``series_focus``) a period that starts before the
    axis is drawn from its edge and its label gives the whole period."""
    focus = series_focus(points)
    rows = []
    for p in points.itertuples():
        start, end = _month_start(p.period_start), _month_after(p.period_end)
        shown = max(start, focus) if focus else start
        low, high = _int(p.value_min), _int(p.value_max)
        level = low if low is not None else high
        cut = shown > start
        common = {"period": p.period, "start": shown.isoformat(), "end": end.isoformat(),
                  "mid": (shown + (end - shown) / 2).isoformat(), "source": sources.get(p.source_id, p.source_id),
                  "quote": _quote(p.quote)}  # fmt: skip
        if p.kind == "count":
            label = _text(p.value)
        else:
            span = f"{_month_words(p.period_start)}–{_month_words(p.period_end)}"
            label = f"{'◀ ' if cut else ''}average {_text(p.value)} a month, {span}"
        rows.append({**common, "legend": COUNT if p.kind == "count" else AVERAGE, "value": int(level),
                     "as_written": _text(p.value), "parsed": _parsed(low, high, p.value_approximate),
                     "label": label, "label_at": shown.isoformat() if p.kind != "count" else common["mid"],
                     "open": high is None})  # fmt: skip
        parts = breakdown[breakdown["period"] == p.period]
        for i, b in enumerate(parts.itertuples()):
            b_low, b_high = _int(b.value_min), _int(b.value_max)
            share = (end - shown) / len(parts)
            part_start, part_end = shown + share * i, shown + share * (i + 1)
            rows.append({**common, "start": part_start.isoformat(), "end": part_end.isoformat(),
                         "mid": (part_start + (part_end - part_start) / 2).isoformat(),
                         "legend": f"of which: {b.key}", "value": b_low if b_low is not None else b_high,
                         "as_written": _text(b.value), "parsed": _parsed(b_low, b_high, False),
                         "label": f"{b.key} {_text(b.value)}", "label_at": (part_start + (part_end - part_start) / 2).isoformat(),
                         "open": b_high is None})  # fmt: skip
    return pd.DataFrame.from_records(rows, columns=[
        "period", "start", "end", "mid", "source", "quote", "legend", "value", "as_written", "parsed", "label",
        "label_at", "open"])


def series_chart(marks: pd.DataFrame, unit: str) -> alt.LayerChart:
    import altair as alt  # only when a chart is built (module docstring)

    legend_order = [COUNT, AVERAGE] + sorted(set(marks["legend"]) - {COUNT, AVERAGE})
    color = alt.Color("legend:N", title=None, scale=alt.Scale(domain=legend_order),
                      legend=alt.Legend(orient="bottom", direction="vertical", values=[v for v in legend_order if v in set(marks["legend"])]))  # fmt: skip
    tooltip = [alt.Tooltip("period:N", title="Period (as reported)"), alt.Tooltip("legend:N", title="What"),
               alt.Tooltip("as_written:N", title="As written"), alt.Tooltip("parsed:N", title="Parsed"),
               alt.Tooltip("source:N", title="Source"), alt.Tooltip("quote:N", title="Quote")]  # fmt: skip
    first, last = min(marks["start"]), max(marks["end"])
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])
    ticks = {"interval": "month", "step": max(1, math.ceil(months / 6))}  # one label per month at most
    domain = [alt.DateTime(year=int(d[:4]), month=int(d[5:7]), date=1) for d in (first, last)]
    x = alt.X("start:T", title="Period, as reported", scale=alt.Scale(domain=domain),
              axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=ticks))  # fmt: skip
    y = alt.Y("value:Q", title=unit, axis=alt.Axis(**PEOPLE_AXIS))
    base = alt.Chart().encode(tooltip=tooltip)
    bars = base.transform_filter(alt.datum.legend == COUNT).mark_rect(opacity=0.85).encode(
        x=x, x2="end:T", y=y, y2=alt.datum(0), color=color)
    averages = base.transform_filter(alt.datum.legend == AVERAGE).mark_rule(strokeWidth=3, strokeDash=[6, 3]).encode(
        x=x, x2="end:T", y=y, color=color)
    parts = base.transform_filter((alt.datum.legend != COUNT) & (alt.datum.legend != AVERAGE)).mark_rect(
        opacity=1, stroke="white", strokeWidth=1).encode(x=x, x2="end:T", y=y, y2=alt.datum(0), color=color)
    labels = base.transform_filter(alt.datum.legend == COUNT).mark_text(dy=-8, fontSize=11).encode(
        x=alt.X("label_at:T"), y=y, text="label:N")
    average_labels = base.transform_filter(alt.datum.legend == AVERAGE).mark_text(
        align="left", dx=2, dy=-8, fontSize=11).encode(x=alt.X("label_at:T"), y=y, text="label:N")
    part_labels = base.transform_filter((alt.datum.legend != COUNT) & (alt.datum.legend != AVERAGE)).mark_text(
        dy=-6, fontSize=10, angle=0).encode(x=alt.X("label_at:T"), y=y, text="label:N")
    # An open bound ("at least 300", "dozens") is not a height: an arrow on top says "or more".
    opened = base.transform_filter(alt.datum.open).mark_point(
        shape="triangle-up", filled=True, size=90, yOffset=-18, color="#555").encode(x=alt.X("mid:T"), y=y)
    present = set(marks["legend"])
    layers = [bars, labels] if COUNT in present else []
    layers += [averages, average_labels] if AVERAGE in present else []
    layers += [parts, part_labels] if present - {COUNT, AVERAGE} else []
    layers += [opened] if marks["open"].any() else []
    return alt.layer(*layers, data=marks).properties(width=480, height=260)
