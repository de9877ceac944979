"""Frames (``tables.py``) -> Altair charts. Pure: no I/O; same frames, same spec.

Three charts: a series' reported periods (``series_chart``), the claims about one incident
(``claims_chart``) and the spread of claimed deaths across incidents (``spread_chart``).

Contributor text reaches a chart as data values only (fields, scale domains, tooltips), never in an
expression: every ``filter`` below compares a field with a constant of this module.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import lru_cache

import altair as alt
import pandas as pd

from build_scripts.model.records import ClaimantType
from build_scripts.render.textsafe import replace_controls
from build_scripts.views.site import date_label

CLAIMANT_TYPES = [t.value for t in ClaimantType]
SPREAD_LIMIT = 25  # incidents shown in the spread chart (those where claims diverge most)
TOOLTIP_QUOTE_CHARS = 400
# The static SVG is laid out with DejaVu Sans metrics where available (see chartrender): one of the
# widest common sans fonts, so labels never overflow when a reader's browser substitutes a narrower one.
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
SPREAD_COLOUR = "#4f8fce"  # >= 3:1 on white and on the dark slate background

# Colour ranges per theme, in the order of CLAIMANT_TYPES (and of a series chart's legend).
# Light: each colour has >= 3:1 contrast on white; dark: on Material's slate background.
PALETTE_LIGHT = ["#2f5f8a", "#c25e00", "#c9302c", "#2f7f79", "#3d7f33",
                 "#8a6d00", "#8e5a82", "#c2255c", "#7a5640", "#5f5f5f"]  # fmt: skip
PALETTE_DARK = ["#7fb0e6", "#f5a04a", "#ff8a80", "#7fd1ca", "#8fd17f",
                "#f1d660", "#d9a6d2", "#ffadc0", "#d1ad94", "#c4c4c4"]  # fmt: skip


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


def _open_end(bounds: list[int]) -> int:
    """Where an open-ended bar stops: past every stated bound, so it visibly runs off the scale."""
    top = max(bounds, default=10)
    step = 10 ** max(1, int(math.log10(max(top, 1))))
    return int(math.ceil(top * 1.3 / step) * step)


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


def claim_marks(claims: pd.DataFrame, sources: dict[str, str]) -> pd.DataFrame:
    """One row per claimed figure (killed, injured) with what the chart draws for it."""
    rows = []
    labels = _unique([f"{_text(c.date) or 'undated'} · {_text(c.claimant)}" for c in claims.itertuples()])
    for order, (label, claim) in enumerate(zip(labels, claims.itertuples(), strict=True)):
        for measure in ("killed", "injured"):
            written = getattr(claim, measure)
            if written is pd.NA or written is None:
                continue
            low, high = _int(getattr(claim, f"{measure}_min")), _int(getattr(claim, f"{measure}_max"))
            approx = getattr(claim, f"{measure}_approximate")
            shape = "exact" if low is not None and low == high else (
                "open above" if high is None else "no stated minimum" if low is None else "range")
            rows.append({
                "claim": label, "order": order, "measure": measure, "claimant_type": claim.claimant_type, "shape": shape,
                "low": low or 0, "high": high,
                "as_written": _text(written), "parsed": _parsed(low, high, approx),
                "source": sources.get(claim.source_id, claim.source_id), "quote": _quote(claim.quote),
            })  # fmt: skip
    frame = pd.DataFrame.from_records(rows, columns=[
        "claim", "order", "measure", "claimant_type", "shape", "low", "high", "as_written", "parsed", "source",
        "quote"])
    end = _open_end([int(v) for v in pd.concat([frame["low"], frame["high"].dropna()])])
    frame["end"] = [end if pd.isna(h) else int(h) for h in frame["high"]]
    frame["high"] = frame["high"].astype("Int64")
    return frame


CLAIM_TOOLTIP = [
    alt.Tooltip("claim:N", title="Date · claimant"), alt.Tooltip("claimant_type:N", title="Type"),
    alt.Tooltip("measure:N", title="Figure for"), alt.Tooltip("as_written:N", title="As written"),
    alt.Tooltip("parsed:N", title="Parsed"), alt.Tooltip("source:N", title="Source"),
    alt.Tooltip("quote:N", title="Quote"),
]  # fmt: skip


CLAIMS_DATA = "claims"
_BY_ORDER = alt.EncodingSortField(field="order", op="min", order="ascending")
_PRESENT = "__present_claimant_types__"  # replaced, per incident, by the types in its legend


def claims_chart(faceted: bool) -> alt.FacetChart | alt.LayerChart:
    """Each claim a row (in page order); exact figures as points, ranges as bars, open bounds as bars
    running off the scale with an arrowhead; colour by claimant type; faceted by measure when an
    incident has injured figures. Data-free: ``claims_chart_spec`` adds one incident's marks, so
    Altair builds (and validates) the structure once, not once per incident."""
    # Rows sort by a numeric data field, never by a list of labels: Vega-Lite compiles a sort array into
    # an expression (indexof([...], datum.claim)), which would put contributor text into code.
    y = alt.Y("claim:N", sort=_BY_ORDER, title=None, axis=alt.Axis(labelLimit=300))
    x = alt.X("low:Q", title="People (as claimed)", scale=alt.Scale(zero=True, nice=False, clamp=True),
              axis=alt.Axis(tickCount=6))  # fmt: skip
    color = alt.Color("claimant_type:N", title="Claimant type", scale=alt.Scale(domain=CLAIMANT_TYPES),
                      legend=alt.Legend(values=[_PRESENT], orient="bottom", direction="vertical"))  # fmt: skip
    base = alt.Chart().encode(y=y, tooltip=CLAIM_TOOLTIP)
    bars = base.transform_filter(alt.datum.shape != "exact").mark_bar(height=9, opacity=0.85).encode(
        x=x, x2="end:Q", color=color)
    points = base.transform_filter(alt.datum.shape == "exact").mark_point(filled=True, size=110, opacity=1).encode(
        x=x, color=color)
    arrows = base.transform_filter(alt.datum.shape == "open above").mark_point(
        shape="triangle-right", filled=True, size=120, opacity=1).encode(x=alt.X("end:Q"), color=color)
    labels = base.mark_text(align="left", dx=4, dy=-11, fontSize=10).encode(x=alt.X("low:Q"), text="as_written:N")
    data = alt.NamedData(name=CLAIMS_DATA)
    if faceted:
        return alt.layer(bars, points, arrows, labels).properties(width=260, height=alt.Step(34)).facet(
            column=alt.Column("measure:N", title=None, sort=["killed", "injured"]), data=data)
    return alt.layer(bars, points, arrows, labels, data=data).properties(width=420, height=alt.Step(34))


@lru_cache(maxsize=2)
def _claims_template(faceted: bool) -> str:
    return json.dumps(claims_chart(faceted).to_dict(), sort_keys=True)


def _fill(node: object, lists: dict[str, list[str]]) -> object:
    """``node`` with every one-item list ``[sentinel]`` replaced by ``lists[sentinel]``."""
    if isinstance(node, dict):
        return {key: _fill(value, lists) for key, value in node.items()}
    if isinstance(node, list):
        if len(node) == 1 and isinstance(node[0], str) and node[0] in lists:
            return lists[node[0]]
        return [_fill(value, lists) for value in node]
    return node


def claims_chart_spec(marks: pd.DataFrame) -> dict:
    """The Vega-Lite spec of one incident's claims chart: the template plus this incident's data."""
    template = json.loads(_claims_template(bool((marks["measure"] == "injured").any())))
    present = set(marks["claimant_type"])
    spec = _fill(template, {_PRESENT: [t for t in CLAIMANT_TYPES if t in present]})
    spec["datasets"] = {CLAIMS_DATA: json.loads(marks.to_json(orient="records", force_ascii=False))}
    return spec


# --- claims across incidents ----------------------------------------------------------------


def spread_marks(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents with claimed deaths, those whose claims diverge most first (at most SPREAD_LIMIT)."""
    rows = incidents[incidents["killed_claims"] > 0]
    frame = pd.DataFrame({
        "incident": _unique([f"{date_label(d, p)} · {_text(t)}"
                             for t, d, p in zip(rows["title"], rows["date"], rows["date_precision"], strict=True)]),
        "low": rows["killed_low"].astype(int).tolist(), "high": rows["killed_high"].astype(int).tolist(),
        "open": rows["killed_high_open"].astype(bool).tolist(), "claims": rows["killed_claims"].astype(int).tolist(),
        "id": rows["id"].tolist(),
    })  # fmt: skip
    frame["spread"] = frame["high"] - frame["low"]
    frame = frame.sort_values(["spread", "claims", "id"], ascending=[False, False, True], kind="stable")
    frame = frame.head(SPREAD_LIMIT).reset_index(drop=True)
    frame["order"] = range(len(frame))
    end = _open_end([*frame["high"], *frame["low"]])
    frame["end"] = [end if o else h for o, h in zip(frame["open"], frame["high"], strict=True)]
    frame["shape"] = ["open above" if o else "exact" if lo == h else "range"
                      for o, lo, h in zip(frame["open"], frame["low"], frame["high"], strict=True)]  # fmt: skip
    frame["highest"] = [f"{h:,} or more" if o else f"{h:,}" for h, o in zip(frame["high"], frame["open"], strict=True)]
    frame["label"] = [f"{c} claim{'s' if c != 1 else ''}" for c in frame["claims"]]
    return frame.drop(columns=["spread"])


def spread_chart(marks: pd.DataFrame) -> alt.LayerChart:
    end = int(marks["end"].max())
    tooltip = [alt.Tooltip("incident:N", title="Incident"), alt.Tooltip("low:Q", title="Lowest claim", format=","),
               alt.Tooltip("highest:N", title="Highest claim"), alt.Tooltip("claims:Q", title="Claims with a figure")]  # fmt: skip
    base = alt.Chart().encode(y=alt.Y("incident:N", sort=_BY_ORDER, title=None, axis=alt.Axis(labelLimit=300)),
                              tooltip=tooltip)  # fmt: skip
    x = alt.X("low:Q", title="Killed, as claimed: lowest to highest claim",
              scale=alt.Scale(domain=[0, end], nice=False, clamp=True), axis=alt.Axis(tickCount=6))  # fmt: skip
    color = alt.value(SPREAD_COLOUR)
    bars = base.transform_filter(alt.datum.shape != "exact").mark_bar(height=8, opacity=0.5).encode(
        x=x, x2="end:Q", color=color)
    lows = base.mark_point(filled=True, size=70, opacity=1).encode(x=x, color=color)
    highs = base.transform_filter(alt.datum.shape == "range").mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("high:Q"), color=color)
    arrows = base.transform_filter(alt.datum.shape == "open above").mark_point(
        shape="triangle-right", filled=True, size=110, opacity=1).encode(x=alt.X("end:Q"), color=color)
    labels = base.mark_text(align="left", dx=4, dy=-11, fontSize=10).encode(x=x, text="label:N")
    return alt.layer(bars, lows, highs, arrows, labels, data=marks).properties(width=420, height=alt.Step(34))


# --- a monitor's series ---------------------------------------------------------------------

COUNT = "count for the period"
AVERAGE = "average per month over the period"


def series_marks(points: pd.DataFrame, breakdown: pd.DataFrame, sources: dict[str, str]) -> pd.DataFrame:
    """One row per drawn mark: a bar per counted period, a level line per reported average, and
    per breakdown entry ("of which: children") a bar inside its period's bar, side by side."""
    rows = []
    for p in points.itertuples():
        start, end = _month_start(p.period_start), _month_after(p.period_end)
        low, high = _int(p.value_min), _int(p.value_max)
        level = low if low is not None else high
        common = {"period": p.period, "start": start.isoformat(), "end": end.isoformat(),
                  "mid": (start + (end - start) / 2).isoformat(), "source": sources.get(p.source_id, p.source_id),
                  "quote": _quote(p.quote)}  # fmt: skip
        rows.append({**common, "legend": COUNT if p.kind == "count" else AVERAGE, "value": int(level),
                     "as_written": _text(p.value), "parsed": _parsed(low, high, p.value_approximate),
                     "label": _text(p.value) + ("" if p.kind == "count" else " a month (average)"),
                     "open": high is None})  # fmt: skip
        parts = breakdown[breakdown["period"] == p.period]
        for i, b in enumerate(parts.itertuples()):
            b_low, b_high = _int(b.value_min), _int(b.value_max)
            share = (end - start) / len(parts)
            rows.append({**common, "start": (start + share * i).isoformat(), "end": (start + share * (i + 1)).isoformat(),
                         "legend": f"of which: {b.key}", "value": b_low if b_low is not None else b_high,
                         "as_written": _text(b.value), "parsed": _parsed(b_low, b_high, False), "label": "",
                         "open": b_high is None})  # fmt: skip
    return pd.DataFrame.from_records(rows, columns=[
        "period", "start", "end", "mid", "source", "quote", "legend", "value", "as_written", "parsed", "label",
        "open"])


def series_chart(marks: pd.DataFrame, unit: str) -> alt.LayerChart:
    legend_order = [COUNT, AVERAGE] + sorted(set(marks["legend"]) - {COUNT, AVERAGE})
    color = alt.Color("legend:N", title=None, scale=alt.Scale(domain=legend_order),
                      legend=alt.Legend(orient="bottom", direction="vertical", values=[v for v in legend_order if v in set(marks["legend"])]))  # fmt: skip
    tooltip = [alt.Tooltip("period:N", title="Period (as reported)"), alt.Tooltip("legend:N", title="What"),
               alt.Tooltip("as_written:N", title="As written"), alt.Tooltip("parsed:N", title="Parsed"),
               alt.Tooltip("source:N", title="Source"), alt.Tooltip("quote:N", title="Quote")]  # fmt: skip
    first, last = min(marks["start"]), max(marks["end"])
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])
    ticks = {"interval": "month", "step": max(1, math.ceil(months / 6))}  # one label per month at most
    x = alt.X("start:T", title="Period, as reported", axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=ticks))
    y = alt.Y("value:Q", title=unit)
    base = alt.Chart().encode(tooltip=tooltip)
    bars = base.transform_filter(alt.datum.legend == COUNT).mark_rect(opacity=0.85).encode(
        x=x, x2="end:T", y=y, y2=alt.datum(0), color=color)
    averages = base.transform_filter(alt.datum.legend == AVERAGE).mark_rule(strokeWidth=3, strokeDash=[6, 3]).encode(
        x=x, x2="end:T", y=y, color=color)
    parts = base.transform_filter((alt.datum.legend != COUNT) & (alt.datum.legend != AVERAGE)).mark_rect(
        opacity=1).encode(x=x, x2="end:T", y=y, y2=alt.datum(0), color=color)
    labels = base.transform_filter(alt.datum.label != "").mark_text(dy=-8, fontSize=10).encode(
        x=alt.X("mid:T"), y=y, text="label:N")
    # An open bound ("at least 300", "dozens") is not a height: an arrow on top says "or more".
    opened = base.transform_filter(alt.datum.open).mark_point(
        shape="triangle-up", filled=True, size=90, yOffset=-18, color="#555").encode(x=alt.X("mid:T"), y=y)
    present = set(marks["legend"])
    layers = [bars] if COUNT in present else []
    layers += [averages] if AVERAGE in present else []
    layers += [parts] if present - {COUNT, AVERAGE} else []
    layers += [labels] + ([opened] if marks["open"].any() else [])
    return alt.layer(*layers, data=marks).properties(width=600, height=260)
