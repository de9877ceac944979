"""An incident's timeline drawn by the generator as a static SVG (pure): no vl-convert per chart.

Like ``claimsvg``, the static fallback of the live Vega chart (``timeline.timeline_chart``), drawn
from its rows (``timeline.timeline_marks``) where vl-convert draws the compiled spec (tests compare
every mark with vl-convert's scenegraph): a time x axis with a tick and grid line per day (UTC, as
the build renders) whose labels ("%d %b %Y") are thinned by Vega's greedy overlap rule, the first
and last flush with the axis; a zero-based y axis made nice by d3's rule, ``ceil(height / 40)``
ticks; a span per claim dated to a week, month or year, a point per claim dated to a day (filled in
the headline, hollow diamond if kept out), a range as a vertical rule capped by a short stroke, an
arrowhead above an open bound, the figure as written beside it; the two legends as Vega draws them
(every claimant type; both kinds).

A chart spanning years has thousands of day ticks: vl-convert measured every label's text (seconds
of CPU per chart); here the grid and ticks are one path each and only kept labels are written.
Contributor text (the figures as written) reaches the SVG as text content only, escaped by the
template (``timeline.svg.j2``).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from build_scripts.render.charts import FONT, PALETTE_LIGHT, TYPE_LABELS, chart_config
from build_scripts.render.fontmetrics import text_width
from build_scripts.render.scales import linear_ticks, nice_top, px
from build_scripts.render.templating import html_environment
from build_scripts.render.timeline import CLAIM, REMOTE

WIDTH, HEIGHT = 460, 240
PADDING = 5
LEGEND_OFFSET = 51  # from the plot's bottom to the legends' top, as in the claims chart
LEGEND_GAP = 8
COLOURS = dict(zip(TYPE_LABELS, PALETTE_LIGHT, strict=False))
CONFIG = chart_config(dark=False)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
POINT_R = math.sqrt(110) / 2
ARROW_R = math.sqrt(70) / 2
CAP_R = math.sqrt(80) / 2
MIN_HALF_LABEL = 15  # px: less than half the narrowest day label ("%d %b %Y" at 11 px is over 50 px wide)


def _day(text: str) -> int:
    return dt.date.fromisoformat(text[:10]).toordinal()


def _label(day: int) -> str:
    date = dt.date.fromordinal(day)
    return f"{date.day:02d} {MONTHS[date.month - 1]} {date.year}"


@lru_cache(maxsize=4096)
def _measured_label(day: int) -> tuple[str, float]:
    """A day's axis label and its width (incidents' charts share their days: measured once)."""
    text = _label(day)
    return text, text_width(text, 11)


def _x_axis(first: int, last: int, x) -> dict:
    """The day labels Vega's greedy overlap rule keeps: a label is shown unless it overlaps the last
    one shown. Only labels that may fit are measured (a chart over years has thousands of days)."""
    labels: list[dict] = []
    for day in range(first, last + 1):
        at = x(day)
        if labels and at + MIN_HALF_LABEL < labels[-1]["x2"]:
            continue  # even the narrowest label would overlap
        text, width = _measured_label(day)
        anchor = "start" if at <= 1 else "end" if at >= WIDTH - 1 else "middle"
        x1 = at - {"start": 0, "middle": width / 2, "end": width}[anchor]
        if not labels or x1 >= labels[-1]["x2"]:
            labels.append({"x": px(at + 0.5), "x2": x1 + width, "text": text, "anchor": anchor})
    return {"labels": labels}


def _marks(rows: list[dict], x, y) -> list[dict]:
    marks = []
    for row in rows:
        colour = COLOURS[row["claimant_type"]]
        start, mid, low = x(_day(row["start"])), x(_day(row["mid"])), y(row["low"])
        mark = {"colour": colour, "span": None, "point": None, "range": None, "arrow": None,
                "label": {"x": px(mid + 8), "y": px(low + 4 + 3), "text": row["as_written"]}}  # fmt: skip
        if row["spanned"]:
            mark["span"] = {"x1": px(start), "x2": px(x(_day(row["end"]))), "y": px(low)}
        else:
            headline = row["kind"] == CLAIM
            mark["point"] = {"x": px(start), "y": px(low), "d": _circle(POINT_R) if headline else _diamond(POINT_R),
                             "fill_opacity": 1 if headline else 0}  # fmt: skip
        if row["shape"] == "range":
            mark["range"] = {"x": px(mid), "y1": px(low), "y2": px(y(row["high"])), "cap": px(CAP_R)}
        if row["open"]:
            mark["arrow"] = {"x": px(mid), "y": px(low - 12), "d": _triangle_up(ARROW_R)}
        marks.append(mark)
    return marks


def _circle(r: float) -> str:
    return f"M{px(r)},0A{px(r)},{px(r)},0,1,1,{px(-r)},0A{px(r)},{px(r)},0,1,1,{px(r)},0"


def _diamond(r: float) -> str:
    return f"M{px(-r)},0L0,{px(-r)}L{px(r)},0L0,{px(r)}Z"


def _triangle_up(r: float) -> str:
    h = math.sqrt(3) / 2 * r
    return f"M0,{px(-h)}L{px(-r)},{px(h)}L{px(r)},{px(h)}Z"


def _legends() -> tuple[list[dict], float, float]:
    """Both legends as Vega draws them: every claimant type (vertical) and both kinds (in a row)."""
    types = [{"y": px(17 + 16 * i + 0.25), "label": t, "colour": COLOURS[t]} for i, t in enumerate(TYPE_LABELS)]
    first_width = math.ceil(max([16 + text_width(t, 11) for t in TYPE_LABELS] + [text_width("Claimant type", 12, True)]))
    x = first_width + LEGEND_GAP
    column = math.ceil(16 + text_width(CLAIM, 11)) + 1 + 10
    kinds = [{"x": 0, "label": CLAIM, "d": _circle(5)}, {"x": column, "label": REMOTE, "d": _diamond(5)}]
    width = x + column + 16 + text_width(REMOTE, 11)
    height = 17 + 16 * (len(TYPE_LABELS) - 1) + 12.75
    return [{"x": 0, "title": "Claimant type", "types": types, "kinds": []},
            {"x": x, "title": "Kind", "types": [], "kinds": kinds}], width, height  # fmt: skip


def timeline_svg(rows: list[dict]) -> str:
    """The static timeline of one incident's dated claims (``timeline.timeline_marks`` as records)."""
    days = [_day(row[name]) for row in rows for name in ("start", "mid")]
    days += [_day(row["end"]) for row in rows if row["spanned"]]
    first, last = min(days), max(days)
    top = max([row["low"] for row in rows] + [row["high"] for row in rows if row["shape"] == "range"])
    top = nice_top(top) if top > 0 else 0

    def x(day: int) -> float:
        return (day - first) / (last - first) * WIDTH if last > first else WIDTH / 2

    def y(value: float) -> float:
        return HEIGHT - value / top * HEIGHT if top else HEIGHT / 2

    y_ticks = linear_ticks(top, math.ceil(HEIGHT / 40))
    y_labels = [{"y": px(y(v) + 0.5), "text": str(int(v))} for v in y_ticks]
    title_x = -(5 + 2 + max(text_width(label["text"], 11) for label in y_labels) + 4)
    marks = _marks(rows, x, y)
    legends, legends_width, legends_height = _legends()
    ends = [x(_day(r["mid"])) + 8 + text_width(r["as_written"], 10) for r in rows]
    ends += [x(_day(r["end"])) + 4 for r in rows if r["spanned"]]  # Vega's bounds grow by a stroke's whole width
    right = max([WIDTH + 1.5, legends_width, *ends])
    left = min([title_x - 13] + [x(_day(r["start"])) - 4 for r in rows if r["spanned"]])
    tops = [-5.5 if y_ticks and y(y_ticks[-1]) == 0 else 0.0]
    tops += [y(r["low"]) - POINT_R - 2 for r in rows if not r["spanned"]] + [y(r["low"]) - 12 - ARROW_R for r in rows if r["open"]]
    top_edge = min(tops)
    bottom = HEIGHT + LEGEND_OFFSET + legends_height
    origin = (math.ceil(-left) + PADDING, math.ceil(-top_edge) + PADDING)
    svg = html_environment().get_template("timeline.svg.j2").render(
        width=math.ceil(right - left) + 2 * PADDING, height=math.ceil(bottom - top_edge) + 2 * PADDING, origin=origin,
        font=FONT, config=CONFIG, plot=(WIDTH, HEIGHT), x_axis=_x_axis(first, last, x),
        grid_x=_days_path(first, last, x, 0.5, HEIGHT + 0.5),
        grid_y=_path_h([y(v) + 0.5 for v in y_ticks], 0.5, WIDTH + 0.5),
        ticks_x=_days_path(first, last, x, HEIGHT + 0.5, HEIGHT + 5.5),
        ticks_y=_path_h([y(v) + 0.5 for v in y_ticks], -4.5, 0.5), y_labels=y_labels, title_x=px(title_x + 0.5),
        marks=marks, legends=legends, legends_y=HEIGHT + LEGEND_OFFSET)  # fmt: skip
    return "".join(line.strip() for line in svg.splitlines())


def _days_path(first: int, last: int, x, y1: float, y2: float) -> str:
    """A vertical line per day from y1 to y2, as one path: the days are evenly spaced, so each line
    after the first is a relative move by one day's width (to 1e-6 px: no error adds up over years)."""
    start = f"M{px(x(first) + 0.5)},{px(y1)}V{px(y2)}"
    if last == first:
        return start
    return start + f"m{(x(first + 1) - x(first)):.6f},{px(y1 - y2)}V{px(y2)}" * (last - first)


def _path_h(ys: list[float], x1: float, x2: float) -> str:
    return "".join(f"M{px(x1)},{px(y)}H{px(x2)}" for y in ys)
