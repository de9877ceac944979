"""The claims chart's static SVG drawn in Python (render/claimsvg.py) against vl-convert's render of
the same chart: every mark (dots, bar ends, tails, arrowheads, row labels) within 1 px, the same
tick values and legend entries, the same size within 2 px; contributor text escaped; deterministic."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert

from build_scripts.render import charts
from build_scripts.render.chartrender import ChartRenderer
from build_scripts.render.claimsvg import claims_svg, ticks
from build_scripts.render.fontmetrics import text_width
from tests.test_chart_templates import ATTACK, SEEN, drawn_templated, templated_by_corpus  # noqa: F401  (the fixtures)

SVG = "{http://www.w3.org/2000/svg}"
_TRANSLATE = re.compile(r"translate\(([-0-9.e]+),([-0-9.e]+)\)")


def _offset(element: ET.Element) -> tuple[float, float]:
    match = _TRANSLATE.match(element.get("transform", ""))
    return (float(match[1]), float(match[2])) if match else (0.0, 0.0)


def drawn(svg: str) -> dict:
    """What the Python SVG draws, in the plot's coordinates."""
    root = ET.fromstring(svg)
    found: dict = {"points": [], "bars": [], "tails": [], "arrows": [], "labels": [], "ticks": [], "entries": []}
    plot = root.find(f"{SVG}g")
    for cell in plot.findall(f"{SVG}g[@class='cell']"):
        _, dy = _offset(cell)
        for e in cell.iter():
            kind = e.get("class")
            if kind in ("point", "arrow"):
                x, y = _offset(e)
                found[kind + "s"].append((x, y + dy))
            elif kind == "bar":
                x, w = float(e.get("x")), float(e.get("width"))
                found["bars"].append((x, x + w, float(e.get("y")) + 5 + dy))
            elif kind == "tail":
                found["tails"].append((float(e.get("x1")), float(e.get("x2")), float(e.get("y1")) + dy))
            elif kind == "label":
                found["labels"].append((e.text, float(e.get("x")), float(e.get("y")) + dy))
    found["ticks"] = [e.text for e in plot.iter() if e.get("class") == "tick"]
    found["entries"] = [e.text for e in plot.iter() if e.get("class") == "entry"]
    found["size"] = (float(root.get("width")), float(root.get("height")))
    return found


def scene_items(vega: dict):
    """(mark name, role, item, dx, dy) of every non-group item of vl-convert's scenegraph: the offset
    of the groups it is in, to add to its coordinates for the plot's."""
    def walk(mark: dict, dx: float, dy: float):
        for item in mark.get("items", []):
            if mark.get("marktype") == "group":
                for child in item.get("items", []):
                    yield from walk(child, item.get("x", 0) + dx, item.get("y", 0) + dy)
            else:
                yield mark.get("name", ""), mark.get("role"), item, dx, dy

    yield from walk(vega.get("scenegraph", vega), 0, 0)


def axis_and_legend(found: dict, role: str | None, item: dict) -> None:
    """Tick labels (a label hidden for overlap is drawn at opacity 0) and legend entries, as drawn."""
    if role == "axis-label" and item.get("opacity", 1):
        found["ticks"].append(item["text"])
    elif role == "legend-label":
        found["entries"].append(item["text"])


def scenegraph(vega: dict) -> dict:
    """The same from vl-convert's scenegraph of the compiled chart."""
    found: dict = {"points": [], "bars": [], "tails": [], "arrows": [], "labels": [], "ticks": [], "entries": []}
    for name, role, item, dx, dy in scene_items(vega):
        x, y = item.get("x", 0) + dx, item.get("y", 0) + dy
        if name.endswith("layer_3_marks"):
            found["points"].append((x, y))
        elif name.endswith("layer_4_marks"):
            found["arrows"].append((x, y))
        elif name.endswith(("layer_0_marks", "layer_1_marks")):
            found["bars"].append((x, x + item["width"], y + item["height"] / 2))
        elif name.endswith("layer_2_marks"):
            found["tails"].append((x, item["x2"] + dx, y))
        elif name.endswith("layer_5_marks"):
            found["labels"].append((item["text"], x, y + item["dy"] - 2))
        else:
            axis_and_legend(found, role, item)
    return found


def _close(mine: list[tuple], theirs: list[tuple], tolerance: float = 1.0) -> bool:
    if len(mine) != len(theirs):
        return False
    for a, b in zip(sorted(mine), sorted(theirs), strict=True):
        for p, q in zip(a, b, strict=True):
            if (isinstance(p, str) and p != q) or (not isinstance(p, str) and abs(p - q) > tolerance):
                return False
    return True


@pytest.fixture(scope="module")
def claims_charts(drawn_templated) -> list[charts.Templated]:  # noqa: F811
    return [chart for chart in drawn_templated if charts.CLAIMS_DATA in chart.fills.datasets]


def test_every_mark_is_where_vl_convert_draws_it(claims_charts) -> None:
    renderer = ChartRenderer(None)
    assert len(claims_charts) > 40
    for chart in claims_charts:
        rows = chart.fills.datasets[charts.CLAIMS_DATA]
        light = json.loads(renderer.live_spec(chart))["light"]
        mine, theirs = drawn(claims_svg(rows)), scenegraph(vl_convert.vega_to_scenegraph(light))
        ref = re.search(r'width="([0-9.]+)" height="([0-9.]+)"', vl_convert.vega_to_svg(light))
        for kind in ("points", "bars", "tails", "arrows", "labels"):
            assert _close(mine[kind], theirs[kind]), (kind, rows[0]["claim"], mine[kind], theirs[kind])
        assert mine["ticks"] == theirs["ticks"] and mine["entries"] == theirs["entries"]
        assert abs(mine["size"][0] - float(ref[1])) <= 2 and abs(mine["size"][1] - float(ref[2])) <= 2, (
            rows[0]["claim"], mine["size"], ref.groups())


@pytest.mark.parametrize(("top", "expected"), [
    (10, [0, 2, 4, 6, 8, 10]), (30, [0, 5, 10, 15, 20, 25, 30]), (50, [0, 10, 20, 30, 40, 50]),
    (300, [0, 50, 100, 150, 200, 250, 300]), (700, [0, 100, 200, 300, 400, 500, 600, 700]),
    (2000, [0, 500, 1000, 1500, 2000]), (13, [0, 2, 4, 6, 8, 10, 12]),
])  # fmt: skip
def test_ticks_are_d3s(top, expected) -> None:
    assert ticks(top) == expected


def test_contributor_text_is_escaped_text(claims_charts) -> None:
    attacked = [c for c in claims_charts if SEEN in json.dumps(c.fills.datasets, ensure_ascii=False)]
    assert attacked
    svg = claims_svg(attacked[0].fills.datasets[charts.CLAIMS_DATA])
    assert "<script" not in svg and "]]>" not in svg
    labels = [e.text for e in ET.fromstring(svg).iter() if e.get("class") == "label"]
    assert any(SEEN in label for label in labels)  # the whole string, as text


def test_same_rows_same_bytes(claims_charts) -> None:
    rows = claims_charts[0].fills.datasets[charts.CLAIMS_DATA]
    assert claims_svg(rows) == claims_svg(json.loads(json.dumps(rows)))


def test_text_widths_are_the_fonts_advances() -> None:
    """vl-convert measures a legend label as wide as DejaVu Sans' advances say (its legend entry
    widths in the scenegraph: 16 px of symbol and gap, then the label)."""
    assert text_width("UN body", 11) + 16 == 62.98095703125
    assert text_width("witness or local account", 11) + 16 == 148.7626953125
