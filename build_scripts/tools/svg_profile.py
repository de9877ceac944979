"""Where a static SVG render's time goes: ``python -m build_scripts.tools.svg_profile [N] [CHARTS]``;
``svg_profile build [N] [CHARTS]``: the incident charts as the build now makes them, without
vl-convert per chart (live spec from the compiled template, SVG drawn in Python), against before.

Writes a synthetic corpus of N incidents (default 200) in a temporary folder, builds the incident
charts' specs as the build does, and times vl-convert on CHARTS of them (default 80) in variants:
the first render (start-up), the full render, its two halves (Vega-Lite -> Vega, Vega -> SVG), the
scenegraph only, a spec without tooltips and quotes, a tiny chart (fixed cost per call), no text
marks, no axis labels or legend, and other font settings. Times are CPU seconds of this process
(vl-convert renders in its own threads), so they hold on a busy machine better than wall time.
Nothing is asserted: it prints milliseconds per chart.
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import vl_convert

from build_scripts.checks.validate import check_corpus
from build_scripts.render import chartblocks, charts
from build_scripts.render.chartrender import FONT_DIRS, spec_json
from build_scripts.tools.synthetic import write_synthetic_corpus
from build_scripts.views.tables import build_tables


def incident_specs(incidents: int) -> list[dict]:
    return [f.spec for f in incident_figures(incidents)[0]]


def incident_figures(incidents: int) -> tuple[list, list]:
    """(claims charts, timelines) of a synthetic corpus, as the build makes them."""
    from build_scripts.views.site import SiteView

    with tempfile.TemporaryDirectory(prefix="chs-svg-profile-") as tmp:
        write_synthetic_corpus(Path(tmp), incidents, 1)
        corpus, problems = check_corpus(Path(tmp), dt.date(2025, 1, 1))
    if corpus is None:
        raise SystemExit("\n".join(p.format() for p in problems[:10]))
    tables = build_tables(SiteView(corpus))
    titles = chartblocks._source_titles(tables)
    groups = [rows for _, rows in tables.claims.groupby("incident_id", sort=False)]
    claims = [chartblocks.claims_figure(rows, titles) for rows in groups]
    timelines = [chartblocks.timeline_figure(rows)[0] for rows in groups]
    return [f for f in claims if f is not None], [f for f in timelines if f is not None]


def the_builds_path(incidents: int, charts_: int) -> None:
    """What the build does now for the incident charts: the live spec filled into the template
    compiled once, the static SVG drawn in Python; and the path before (vl-convert per chart)."""
    from build_scripts.render.chartrender import DRAWN, ChartRenderer, _render

    claims, timelines = incident_figures(incidents)
    renderer = ChartRenderer(None)
    light, dark = (spec_json(charts.chart_config(dark)) for dark in (False, True))
    for name, figures in (("claims", claims), ("timeline", timelines)):
        templated = [f.templated for f in figures[:charts_]]
        renderer.live_spec(templated[0])  # the template's compile, once per process
        per_chart(f"{name}: live spec from the compiled template", renderer.live_spec, templated)
        rows = [(t.fills.datasets, next(n for n in DRAWN if n in t.fills.datasets)) for t in templated]
        per_chart(f"{name}: static SVG drawn in Python", lambda r: DRAWN[r[1]](r[0][r[1]]), rows)
        per_chart(f"{name}: before, vl-convert (2 compiles + SVG), first 10", lambda t: _render(spec_json(t.spec()), light, dark),
                  templated[:10])  # fmt: skip


def per_chart(label: str, render: Callable[[dict], object], specs: list[dict]) -> None:
    start = time.process_time()
    for spec in specs:
        render(spec)
    print(f"{label:52s} {1000 * (time.process_time() - start) / len(specs):7.1f} ms/chart")


def _strip(node: object, drop_layer: Callable[[dict], bool] = lambda layer: False) -> object:
    if isinstance(node, dict):
        node.pop("tooltip", None)
        if isinstance(node.get("encoding"), dict):
            node["encoding"].pop("tooltip", None)
        if isinstance(node.get("layer"), list):
            node["layer"] = [layer for layer in node["layer"] if not drop_layer(layer)]
        for value in node.values():
            _strip(value, drop_layer)
    elif isinstance(node, list):
        for value in node:
            _strip(value, drop_layer)
    return node


def lean(spec: dict) -> dict:
    """Without tooltips and the data only tooltips use (what a static image cannot show)."""
    spec = _strip(copy.deepcopy(spec))
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            for name in ("quote", "source", "parsed"):
                row.pop(name, None)
    return spec


def _is_text(layer: dict) -> bool:
    mark = layer.get("mark")
    return (mark.get("type") if isinstance(mark, dict) else mark) == "text"


def main(argv: list[str]) -> None:
    if argv[:1] == ["build"]:
        the_builds_path(int(argv[1]) if len(argv) > 1 else 200, int(argv[2]) if len(argv) > 2 else 200)
        return
    specs = incident_specs(int(argv[0]) if argv else 200)[: int(argv[1]) if len(argv) > 1 else 80]
    config = charts.chart_config(dark=False)
    print(f"{len(specs)} charts, spec {sum(len(spec_json(s)) for s in specs) // len(specs):,} bytes on average")
    start = time.process_time()
    vl_convert.vegalite_to_svg(specs[0], config=config)
    print(f"{'first render (start-up included)':52s} {1000 * (time.process_time() - start):7.1f} ms")
    svg = lambda cfg: lambda s: vl_convert.vegalite_to_svg(s, config=cfg)  # noqa: E731
    per_chart("full render, no font registered", svg(config), specs)
    for folder in FONT_DIRS:
        if Path(folder).is_dir():
            vl_convert.register_font_directory(str(folder))
    per_chart("full render, DejaVu registered (as the build)", svg(config), specs)
    per_chart("Vega-Lite -> Vega only", lambda s: vl_convert.vegalite_to_vega(s, config=config), specs)
    vega = [vl_convert.vegalite_to_vega(s, config=config) for s in specs]
    per_chart("Vega -> SVG only", vl_convert.vega_to_svg, vega)
    per_chart("Vega -> scenegraph only (layout, no SVG text)", vl_convert.vega_to_scenegraph, vega)
    leaner = [lean(s) for s in specs]
    print(f"lean spec {sum(len(spec_json(s)) for s in leaner) // len(leaner):,} bytes on average")
    per_chart("full render, lean spec (no tooltips or quotes)", svg(config), leaner)
    tiny = {"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {"x": {"field": "a", "type": "quantitative", "axis": None}}}
    per_chart("tiny chart, no text at all (cost per call)", svg(config), [tiny] * 30)
    no_text = [_strip(copy.deepcopy(s), _is_text) for s in specs]
    per_chart("no text marks", svg(config), no_text)
    bare = {**config, "axis": {**config["axis"], "labels": False, "title": None}, "legend": {"disable": True}}
    per_chart("no text marks, no axis labels or titles, no legend", svg(bare), no_text)
    for font in ("DejaVu Sans", "sans-serif", charts.FONT):
        per_chart(f"full render, font {font!r}", svg({**config, "font": font}), specs)


if __name__ == "__main__":
    main(sys.argv[1:])
