"""Claims over time -> Altair charts (pure): when each claimed death toll was made, per incident,
and how the lowest and highest whole-toll claims moved for the incidents with the most claims.

A claim is placed at its date (``claimed_on``, else its source's date: ``views.site.claim_date_basis``);
a date known only to the week, month or year is drawn as a span over that period, never as a day.
Claims with no known date are not drawn: the page lists them beside the chart. Like ``charts``, the
charts are data-free templates filled with one incident's rows (contributor text is data only), and
Altair is imported only to build a chart (not on a rebuild whose specs come from the spec cache).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from build_scripts.render.charts import (
    TYPE_LABELS,
    Fills,
    SpecBuilder,
    Templated,
    _int,
    _parsed,
    _quote,
    _text,
    claim_rows,
    clean_spec,
)
from build_scripts.views.reader import type_words
from build_scripts.views.site import DATE_BASIS_LABELS, date_label

if TYPE_CHECKING:
    import altair as alt

TIMELINE_DATA = "timeline"
MOVES_LIMIT = 8  # incidents in the site-wide view: those with the most dated whole-toll claims
CLAIM = "in the headline"
REMOTE = "kept out of the headline"  # drawn hollow: a partial count or a reader comment (views.headline)


def period_end(start: dt.date, precision: str) -> dt.date:
    """The first day after the period that a date of ``precision`` starting at ``start`` covers."""
    if precision == "week":
        return start + dt.timedelta(days=7)
    if precision == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    if precision == "year":
        return dt.date(start.year + 1, 1, 1)
    return start + dt.timedelta(days=1)


def timeline_marks(claims: pd.DataFrame | Iterable) -> tuple[list[dict], list[str]]:
    """(one row per dated claim of people killed, the labels of the undated ones)."""
    rows, undated = [], []
    for c in claim_rows(claims):
        if c.killed is pd.NA or c.killed is None:
            continue
        label = f"{_text(c.claimant)} (“{_text(c.killed)}”)"
        if c.date is pd.NA or c.date is None:
            undated.append(label)
            continue
        start = dt.date.fromisoformat(c.date)
        precision = _text(c.date_precision) or "day"
        end = period_end(start, precision)
        low, high = _int(c.killed_min), _int(c.killed_max)
        rows.append({
            "claim_id": c.claim_id, "claimant": _text(c.claimant), "claimant_type": type_words(c.claimant_type),
            "kind": CLAIM if c.in_headline is True else REMOTE,
            "start": start.isoformat(), "end": end.isoformat(), "mid": (start + (end - start) / 2).isoformat(),
            "spanned": precision != "day", "when": date_label(start, precision),
            "basis": DATE_BASIS_LABELS.get(_text(c.date_basis), ""),
            "low": low or 0, "high": high, "open": high is None,
            "shape": "exact" if low is not None and low == high else "open above" if high is None else "range",
            "as_written": _text(c.killed), "parsed": _parsed(low, high, c.killed_approximate),
            "quote": _quote(c.quote), "href": f"#claim-{c.claim_id}",
        })  # fmt: skip
    return rows, undated


def timeline_chart() -> alt.LayerChart:
    """Data-free: a point per claim made on a known day, a span for a claim dated only to a week,
    month or year; a range as a vertical bar; an open bound ("over 200") as its stated number with
    an upward arrowhead; figures kept out of the headline (partial counts, reader comments) hollow. Every mark links to its claim on the page."""
    import altair as alt  # only when a chart is built (module docstring)

    tooltip = [
        alt.Tooltip("when:N", title="Claimed on"), alt.Tooltip("basis:N", title="Date from"),
        alt.Tooltip("claimant:N", title="Claimant"), alt.Tooltip("claimant_type:N", title="Type"),
        alt.Tooltip("as_written:N", title="Killed, as written"), alt.Tooltip("parsed:N", title="Parsed"),
        alt.Tooltip("quote:N", title="Quote"),
    ]  # fmt: skip
    x = alt.X("start:T", title="Date the claim was made", axis=alt.Axis(format="%d %b %Y", labelAngle=0,
              tickCount={"interval": "day", "step": 1}, labelOverlap="greedy"))  # fmt: skip
    y = alt.Y("low:Q", title="Killed, as claimed", scale=alt.Scale(zero=True),
              axis=alt.Axis(format="d", tickMinStep=1))  # fmt: skip
    color = alt.Color("claimant_type:N", title="Claimant type", scale=alt.Scale(domain=TYPE_LABELS),
                      legend=alt.Legend(orient="bottom", direction="vertical"))  # fmt: skip
    shape = alt.Shape("kind:N", title="Kind", scale=alt.Scale(domain=[CLAIM, REMOTE], range=["circle", "diamond"]),
                      legend=alt.Legend(orient="bottom"))  # fmt: skip
    fill = alt.condition(alt.datum.kind == CLAIM, alt.value(1), alt.value(0))
    base = alt.Chart().encode(tooltip=tooltip, href="href:N")
    day = base.transform_filter(~alt.datum.spanned)
    spans = base.transform_filter(alt.datum.spanned).mark_rule(strokeWidth=4, opacity=0.8).encode(
        x=x, x2="end:T", y=y, color=color)
    points = day.mark_point(size=110, strokeWidth=2, opacity=1).encode(
        x=x, y=y, color=color, shape=shape, fillOpacity=fill, fill=color)
    ranges = base.transform_filter(alt.datum.shape == "range").mark_rule(strokeWidth=2).encode(
        x=alt.X("mid:T"), y=y, y2="high:Q", color=color)
    tops = base.transform_filter(alt.datum.shape == "range").mark_point(shape="stroke", size=80).encode(
        x=alt.X("mid:T"), y=alt.Y("high:Q"), color=color)
    arrows = base.transform_filter(alt.datum.open).mark_point(
        shape="triangle-up", filled=True, size=70, yOffset=-12, opacity=1).encode(x=alt.X("mid:T"), y=y, color=color)
    labels = base.mark_text(align="left", dx=8, dy=4, fontSize=10).encode(x=alt.X("mid:T"), y=y, text="as_written:N")
    data = alt.NamedData(name=TIMELINE_DATA)
    return alt.layer(spans, ranges, tops, points, arrows, labels, data=data).properties(width=460, height=240)


@lru_cache(maxsize=1)
def _template() -> str:
    return json.dumps(timeline_chart().to_dict(), sort_keys=True)


def timeline_template(specs: SpecBuilder | None = None) -> dict:
    """The data-free timeline as a Vega-Lite spec (from ``specs``, the spec cache, if given)."""
    return json.loads(_template()) if specs is None else specs("timeline-template", "", lambda: timeline_chart().to_dict())


def timeline_templated(marks: list[dict], specs: SpecBuilder | None = None) -> Templated:
    """One incident's timeline: the data-free chart and its rows (control characters replaced,
    ``clean_spec``)."""
    template = timeline_template(specs)
    return Templated(template, Fills(lists={}, values={}, datasets={TIMELINE_DATA: clean_spec(marks)}))  # type: ignore[dict-item]


def timeline_spec(marks: list[dict], specs: SpecBuilder | None = None) -> dict:
    """One incident's timeline as a Vega-Lite spec."""
    return timeline_templated(marks, specs).spec()


# --- the site-wide view -------------------------------------------------------------------


def moves_marks(claims: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """For the incidents with the most dated whole-toll claims of people killed (at least two dates),
    the lowest and the highest claim as known at each date a claim was made (step lines)."""
    whole = claims[claims["in_headline"].fillna(False).astype(bool) & claims["killed"].notna() & claims["date"].notna()]
    ranked = []
    for incident_id, group in whole.groupby("incident_id", sort=True):
        if group["date"].nunique() >= 2:
            ranked.append((-len(group), incident_id, group))
    rows = []
    for _, incident_id, group in sorted(ranked, key=lambda r: r[:2])[:MOVES_LIMIT]:
        low = high = None
        opened = False
        for date, on_day in group.sort_values("date", kind="stable").groupby("date", sort=True):
            lows = [int(v) for v in on_day["killed_min"].dropna()] or [0]
            low = min([*lows, *([low] if low is not None else [])])
            highs = [int(v) for v in on_day["killed_max"].dropna()] + [int(v) for v in on_day["killed_min"].dropna()]
            opened = opened or bool(on_day["killed_max"].isna().any())
            high = max([*highs, *([high] if high is not None else [])])
            for bound, value in (("lowest claim", low), ("highest claim", high)):
                rows.append({"incident": _text(titles.get(incident_id, incident_id)), "incident_id": incident_id,
                             "date": date, "bound": bound, "value": value,
                             "label": f"{value:,} or more" if bound == "highest claim" and opened else f"{value:,}"})  # fmt: skip
    return pd.DataFrame.from_records(rows, columns=["incident", "incident_id", "date", "bound", "value", "label"])


def moves_chart(marks: pd.DataFrame) -> alt.FacetChart:
    import altair as alt  # only when a chart is built (module docstring)

    tooltip = [alt.Tooltip("incident:N", title="Incident"), alt.Tooltip("date:T", title="As of", format="%d %b %Y"),
               alt.Tooltip("bound:N", title="Bound"), alt.Tooltip("label:N", title="Killed, as claimed")]  # fmt: skip
    base = alt.Chart().encode(
        x=alt.X("date:T", title="Date claims were made", axis=alt.Axis(format="%b %Y", labelAngle=0)),
        y=alt.Y("value:Q", title="Killed, as claimed", axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("bound:N", title=None, scale=alt.Scale(domain=["lowest claim", "highest claim"],
                        range=["#2f5f8a", "#c25e00"]), legend=alt.Legend(orient="bottom")),
        tooltip=tooltip)
    lines = base.mark_line(interpolate="step-after", strokeWidth=2)
    points = base.mark_point(filled=True, size=40)
    return alt.layer(lines, points).properties(width=460, height=110).facet(
        row=alt.Row("incident:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=400)),
        data=marks)
