"""An incident's claims chart drawn by the generator as a static SVG (pure): no vl-convert per chart.

The live chart stays Vega (``charts.claims_chart``, compiled once per template: ``chartrender``);
this is its no-JavaScript fallback, drawn from the same marks rows (``charts.claim_marks``) as vl-convert
would draw the compiled spec, to the pixel where it matters (tests compare every mark's position
with vl-convert's scenegraph): rows in page order, each labelled in full above its marks; a dot for
an exact figure, a bar for a range (dashed for "no stated minimum"), a dot with a dashed tail and an
arrowhead for an open upper bound; colour by claimant type (the site palette, in ``TYPE_LABELS``
order, as the compiled colour scale's "category" range); a disc, ring or square ring by standing;
the x axis from 0 to the chart's top with Vega's tick values; the two legends with only what the
chart shows; killed and injured as two rows of cells (sharing the claims) when there are injured.

Layout follows Vega's: the band scale (step 40, padding 0.1 inner, 0.05 outer: a row's centre at
20 + 40·i), the axis' offsets, the legends' grid (column width from the labels' DejaVu Sans widths,
``fontmetrics``), the view's padding of 5 around the content's bounds. Contributor text (the row
labels) reaches the SVG only as text content, escaped by the template (``claims.svg.j2``).
"""

from __future__ import annotations

import itertools
import math

from build_scripts.render.charts import (
    DISC,
    FONT,
    PALETTE_LIGHT,
    RING,
    SQUARE_RING,
    STANDING,
    TYPE_LABELS,
    chart_config,
)
from build_scripts.render.fontmetrics import text_width
from build_scripts.render.scales import linear_ticks
from build_scripts.render.scales import px as _px
from build_scripts.render.templating import html_environment

STEP = 40  # a row's height (``alt.Step(40)``)
FACET_GAP = 20  # between the killed and injured cells
PADDING = 5  # the view's padding
LEGEND_OFFSET = 51  # from the plot's bottom to the legends' top (axis labels, title and legend offset)
LEGEND_GAP = 8  # between the two legends
COLOURS = dict(zip(TYPE_LABELS, PALETTE_LIGHT, strict=False))
SHAPES = dict(zip(STANDING, (DISC, RING, SQUARE_RING), strict=True))
FILL_OPACITY = dict(zip(STANDING, (0.9, 0.45, 0), strict=True))  # the point scale over [0.9, 0]: what Vega draws
CONFIG = chart_config(dark=False)
TEXT = CONFIG["text"]["color"]


def ticks(top: int) -> list[int]:
    """Vega's tick values for the x axis over [0, top]: ``tickCount`` 6, ``tickMinStep`` 1, whole numbers."""
    return [int(v) for v in linear_ticks(top, 6)]


def _path(shape: str, size: float) -> str:
    """A symbol path of ``shape`` (a path around 0,0 of radius 1, as the chart's shape scale gives it)
    at area ``size``, as Vega scales a custom symbol: by half the square root of its size (an arc's
    rotation and flags are not lengths)."""
    r = math.sqrt(size) / 2
    out, command, argument = [], "", 0
    for token in shape.split():
        if token.isalpha():
            command, argument = token, 0
            out.append(token)
            continue
        out.append(token if command == "A" and argument % 7 in (2, 3, 4) else _px(float(token) * r))
        argument += 1
    return " ".join(out)


def _triangle_right(size: float) -> str:
    r = math.sqrt(size) / 2
    h = math.sqrt(3) / 2 * r
    return f"M{_px(h)},0L{_px(-h)},{_px(-r)}L{_px(-h)},{_px(r)}Z"


def _row_marks(row: dict, x, y: float) -> dict:
    colour = COLOURS[row["claimant_type"]]
    marks: dict = {"label": {"y": _px(y - 8 - 2), "text": row["row_label"]}, "bar": None, "point": None,
                   "tail": None, "arrow": None}  # fmt: skip
    low, end = x(row["low"]), x(row["end"])
    if row["shape"] in ("range", "no stated minimum"):
        marks["bar"] = {"x": _px(low), "y": _px(y - 5), "width": _px(end - low), "colour": colour,
                        "opacity": FILL_OPACITY[row["standing"]], "dashed": row["shape"] != "range"}  # fmt: skip
        return marks
    marks["point"] = {"x": _px(low), "y": _px(y), "colour": colour, "d": _path(SHAPES[row["standing"]], 130)}
    if row["shape"] == "open above":
        marks["tail"] = {"x1": _px(low), "x2": _px(end), "y": _px(y), "colour": colour}
        marks["arrow"] = {"x": _px(end), "y": _px(y), "colour": colour, "d": _triangle_right(70)}
    return marks


def _extent(rows: list[dict], x) -> tuple[float, float]:
    """The leftmost and rightmost pixel the marks reach (a dot's radius, a bar's or tail's stroke, an
    arrowhead): a dot at 0 or an arrowhead at the axis end reaches past the plot."""
    radius = math.sqrt(130) / 2
    lefts, rights = [0.0], [0.0]
    for row in rows:
        low, end = x(row["low"]), x(row["end"])
        if row["shape"] in ("range", "no stated minimum"):
            lefts.append(min(low, end) - 2)  # Vega's bounds grow by a stroke's whole width (2 px)
            rights.append(max(low, end) + 1)
            continue
        r = radius * (0.9 if SHAPES[row["standing"]] == SQUARE_RING else 1)
        lefts.append(low - r)
        rights.append(low + r)
        if row["shape"] == "open above":
            rights.append(end + math.sqrt(3) / 2 * math.sqrt(70) / 2)
    return min(lefts), max(rights)


def _axis(top: int, width: int, y: float) -> dict:
    values = ticks(top)
    x = [v / top * width for v in values]
    labels = []
    for i, (value, at) in enumerate(zip(values, x, strict=True)):
        anchor = "start" if i == 0 else "end" if i == len(values) - 1 else "middle"
        labels.append({"x": _px(at + 0.5), "text": str(value), "anchor": anchor, "width": text_width(str(value), 11)})
    labels = _without_overlap(labels, x)
    return {"y": _px(y + 0.5), "tick_end": _px(y + 5.5), "ticks": [_px(at + 0.5) for at in x], "labels": labels, "label_y": _px(y + 16.5),
            "title_x": _px(width / 2 + 0.5), "title_y": _px(y + 31.5), "width": _px(width + 0.5)}  # fmt: skip


def _without_overlap(labels: list[dict], x: list[float]) -> list[dict]:
    """Vega's ``labelOverlap: true`` (the parity strategy): every other label until none overlap."""

    def extent(label: dict, at: float) -> tuple[float, float]:
        shift = {"start": 0, "middle": label["width"] / 2, "end": label["width"]}[label["anchor"]]
        return at - shift, at - shift + label["width"]

    kept = list(zip(labels, x, strict=True))
    while len(kept) > 2 and any(extent(*a)[1] > extent(*b)[0] for a, b in itertools.pairwise(kept)):
        kept = kept[::2]
    return [label for label, _ in kept]


def _legends(types: list[str], standings: list[str]) -> tuple[list[dict], float, float]:
    """The two legends' entries and positions: (entries, width, height below the legends' top)."""
    first_width = 16 + max(text_width(t, 11) for t in types[0::2])
    column = math.ceil(first_width) + 1 + 10
    type_entries = [{"x": (i % 2) * column, "y": _px(17 + 16 * (i // 2) + 0.25), "label": t, "colour": COLOURS[t]}
                    for i, t in enumerate(types)]  # fmt: skip
    widths = [16 + text_width(t, 11) + (i % 2) * column for i, t in enumerate(types)]
    type_width = math.ceil(max([*widths, text_width("Claimant type", 12, bold=True)]))
    x = type_width + LEGEND_GAP
    standing_entries = [{"y": 17 + 14 * i, "label": s, "d": _path(SHAPES[s], 120)} for i, s in enumerate(standings)]
    standing_width = max([15 + text_width(s, 11) for s in standings] + [text_width("Headline", 12, bold=True)])
    height = max(17 + 16 * ((len(types) - 1) // 2) + 12.75, 17 + 14 * (len(standings) - 1) + 10.98)
    legends = [{"x": 0, "title": "Claimant type", "types": type_entries, "standings": []},
               {"x": x, "title": "Headline", "types": [], "standings": standing_entries}]  # fmt: skip
    return legends, x + standing_width, height


def claims_svg(rows: list[dict]) -> str:
    """The static claims chart of one incident's marks rows (``charts.claim_marks`` as records)."""
    faceted = any(row["measure"] == "injured" for row in rows)
    width = 300 if faceted else 420
    top = max(int(row["top"]) for row in rows)
    claims = sorted({row["claim"]: row["order"] for row in rows}.items(), key=lambda item: (item[1], item[0]))
    index = {claim: i for i, (claim, _) in enumerate(claims)}
    height = STEP * len(claims)

    def x(value: float) -> float:
        return min(max(value, 0), top) / top * width

    # a cell per measure with figures (Vega facets by the values present): injured alone is one cell
    measures = [m for m in ("killed", "injured") if any(row["measure"] == m for row in rows)]
    cells = []
    for k, measure in enumerate(measures):
        marks = [_row_marks(row, x, 20 + STEP * index[row["claim"]]) for row in rows if row["measure"] == measure]
        cells.append({"y": k * (height + FACET_GAP), "marks": marks, "header": measure if faceted else None,
                      "header_y": _px(height / 2)})  # fmt: skip
    bottom = cells[-1]["y"] + height
    types = [t for t in TYPE_LABELS if any(row["claimant_type"] == t for row in rows)]
    standings = [s for s in STANDING if any(row["standing"] == s for row in rows)]
    legends, legends_width, legends_height = _legends(types, standings)
    # The view's left edge: in a faceted chart, the row headers' (22 px and their text left of the
    # cells, which start at the marks' whole-pixel left edge); else the marks' (or 1 px of the y axis).
    marks_left, marks_right = _extent(rows, x)
    header_x = min(0, math.floor(marks_left)) - 22
    left = header_x - 2 if faceted else min(-1, marks_left)
    right = max([width + 1, marks_right, legends_width] + [text_width(row["row_label"], 11) for row in rows])
    svg_width, origin = math.ceil(right - left) + 2 * PADDING, math.ceil(-left) + PADDING
    svg_height = math.ceil(bottom + LEGEND_OFFSET + legends_height) + 2 * PADDING
    svg = html_environment().get_template("claims.svg.j2").render(
        width=svg_width, height=svg_height, origin=(origin, PADDING), font=FONT, text=TEXT, config=CONFIG,
        grid=[_px(x(v) + 0.5) for v in ticks(top)], plot_height=_px(height + 0.5), cells=cells,
        axis=_axis(top, width, bottom), header_x=header_x, legends=legends, legends_y=bottom + LEGEND_OFFSET)  # fmt: skip
    return "".join(line.strip() for line in svg.splitlines())
