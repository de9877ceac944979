"""The timeline's static SVG drawn in Python (render/timelinesvg.py) against vl-convert's render of
the same chart: every mark within 1 px, the same x-axis labels kept by the greedy overlap rule, the
same y ticks and legend entries, the same size within 2 px; contributor text escaped."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert

from build_scripts.render import charts, timeline
from build_scripts.render.chartrender import ChartRenderer
from build_scripts.render.timelinesvg import _day, timeline_svg
from tests.test_chart_templates import SEEN, drawn_templated, templated_by_corpus  # noqa: F401  (the fixtures)
from tests.test_claimsvg import _close, _offset, axis_and_legend, scene_items

KINDS = ("spans", "ranges", "caps", "points", "arrows", "labels")


def drawn(svg: str) -> dict:
    root = ET.fromstring(svg)
    found: dict = {kind: [] for kind in KINDS}
    for e in root.iter():
        kind = e.get("class")
        if kind == "span":
            found["spans"].append((float(e.get("x1")), float(e.get("x2")), float(e.get("y1"))))
        elif kind == "range":
            found["ranges"].append((float(e.get("x1")), float(e.get("y1")), float(e.get("y2"))))
        elif kind in ("cap", "point", "arrow"):
            found[kind + "s"].append(_offset(e))
        elif kind == "label":
            found["labels"].append((e.text, float(e.get("x")), float(e.get("y"))))
    found["ticks"] = [e.text for e in root.iter() if e.get("class") == "tick"]
    found["entries"] = [e.text for e in root.iter() if e.get("class") == "entry"]
    found["size"] = (float(root.get("width")), float(root.get("height")))
    return found


def scenegraph(vega: dict) -> dict:
    found: dict = {kind: [] for kind in KINDS} | {"ticks": [], "entries": []}
    for name, role, item, dx, dy in scene_items(vega):
        x, y = item.get("x", 0) + dx, item.get("y", 0) + dy
        if name == "layer_0_marks":
            found["spans"].append((x, item["x2"] + dx, y))
        elif name == "layer_1_marks":
            found["ranges"].append((x, y, item["y2"] + dy))
        elif name == "layer_2_marks":
            found["caps"].append((x, y))
        elif name == "layer_3_marks":
            found["points"].append((x, y))
        elif name == "layer_4_marks":
            found["arrows"].append((x, y))
        elif name == "layer_5_marks":
            found["labels"].append((item["text"], x + item["dx"], y + item["dy"] + 3))
        else:
            axis_and_legend(found, role, item)
    return found


@pytest.fixture(scope="module")
def timelines(drawn_templated) -> list[charts.Templated]:  # noqa: F811
    return [chart for chart in drawn_templated if timeline.TIMELINE_DATA in chart.fills.datasets]


def _days(chart: charts.Templated) -> int:
    rows = chart.fills.datasets[timeline.TIMELINE_DATA]
    return _day(max(r["end"] for r in rows)) - _day(min(r["start"] for r in rows))


def check_against_vl_convert(chart: charts.Templated, renderer: ChartRenderer) -> None:
    rows = chart.fills.datasets[timeline.TIMELINE_DATA]
    light = json.loads(renderer.live_spec(chart))["light"]
    mine, theirs = drawn(timeline_svg(rows)), scenegraph(vl_convert.vega_to_scenegraph(light))
    ref = re.search(r'width="([0-9.]+)" height="([0-9.]+)"', vl_convert.vega_to_svg(light))
    for kind in KINDS:
        assert _close(mine[kind], theirs[kind]), (kind, rows[0]["claimant"], mine[kind], theirs[kind])
    assert mine["ticks"] == theirs["ticks"] and mine["entries"] == theirs["entries"]
    assert abs(mine["size"][0] - float(ref[1])) <= 2 and abs(mine["size"][1] - float(ref[2])) <= 2, (
        rows[0]["claimant"], mine["size"], ref.groups())


def test_every_mark_is_where_vl_convert_draws_it(timelines) -> None:
    """Timelines over a few months at most: vl-convert takes seconds per chart over years."""
    renderer = ChartRenderer(None)
    short = [chart for chart in timelines if _days(chart) <= 120]
    assert len(short) >= 8
    for chart in short:
        check_against_vl_convert(chart, renderer)


@pytest.mark.slow
def test_every_mark_of_long_timelines_is_where_vl_convert_draws_it(timelines) -> None:
    """Timelines over months to years, a sample spread over their spans, the longest included (all of
    them took vl-convert about six minutes: thousands of day ticks each)."""
    renderer = ChartRenderer(None)
    assert len(timelines) > 25
    long = sorted((chart for chart in timelines if _days(chart) > 120), key=_days)
    sample = long[:: max(1, len(long) // 5)][:5] + long[-1:]
    assert len(sample) >= 4 and _days(sample[-1]) > 700
    for chart in sample:
        check_against_vl_convert(chart, renderer)


def test_contributor_text_is_escaped_text(timelines) -> None:
    attacked = [c for c in timelines if SEEN in json.dumps(c.fills.datasets, ensure_ascii=False)]
    assert attacked
    rows = [dict(row, as_written="<script>alert(1)</script> ]]> &amp;") for row in attacked[0].fills.datasets["timeline"]]
    svg = timeline_svg(rows)
    assert "<script" not in svg and "]]>" not in svg
    assert {e.text for e in ET.fromstring(svg).iter() if e.get("class") == "label"} == {rows[0]["as_written"]}
