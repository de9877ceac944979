"""The map: which incidents it shows (only those with curated coordinates), its counts and precision
legend, its frame, the offline basemap, and its agreement with the GeoJSON download. The seed
corpus's own map is checked for what it says, whatever the corpus holds (no value pinned)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

from build_scripts.checks.validate import check_corpus
from build_scripts.model.records import COORDINATE_PRECISIONS
from build_scripts.render import basemap, chartblocks, charts, locator, maps
from build_scripts.render.charts import chart_config
from build_scripts.render.exports import render_geojson
from build_scripts.render.pages import render_site_pages
from build_scripts.tools.synthetic import write_synthetic_corpus
from build_scripts.views.maps import LOCATION_WORDS, MapPoint, MapView, location_sentence, map_view
from build_scripts.views.site import SiteView
from build_scripts.views.tables import build_tables
from tests.conftest import SEEDS

TODAY = dt.date.today()
SVG = "http://www.w3.org/2000/svg"


def _point(i: int, precision: str = "town", lat: float = 36.0, lon: float = 43.0) -> MapPoint:
    return MapPoint(f"2017-03-{i:02d}-x", f"Strike {i}", "2017-03-01", "Mosul", "Iraq", lat, lon, precision)


@pytest.fixture(scope="module")
def located(tmp_path_factory: pytest.TempPathFactory):
    """A synthetic corpus with coordinates at every precision: (view, tables)."""
    seeds = write_synthetic_corpus(tmp_path_factory.mktemp("located") / "seeds", 40, seed=5).seeds
    corpus, problems = check_corpus(seeds, TODAY)
    assert problems == []
    view = SiteView(corpus)
    return view, build_tables(view)


def test_map_view_keeps_only_incidents_with_coordinates(located) -> None:
    view, tables = located
    shown = map_view(tables.incidents)
    with_coordinates = {i.id: i.coordinates for i in view.corpus.incidents if i.coordinates}
    assert 0 < shown.located == len(with_coordinates) < shown.total == len(view.corpus.incidents)
    assert {p.id: (p.lat, p.lon, p.precision) for p in shown.points} == {
        key: (c.lat, c.lon, c.precision) for key, c in with_coordinates.items()}  # fmt: skip


def test_precision_counts_cover_every_precision_in_order_with_zeros() -> None:
    view = MapView((_point(1, "town"), _point(2, "town"), _point(3, "exact")), total=10)
    assert view.precision_counts() == [("exact", 1), ("neighbourhood", 0), ("town", 2), ("district", 0), ("province", 0)]
    assert view.located == 3 and view.total == 10


def test_every_precision_is_said_in_words() -> None:
    assert set(LOCATION_WORDS) == set(COORDINATE_PRECISIONS)
    assert location_sentence("exact") == "Located exactly: the mark shows the exact spot."
    assert location_sentence("province").startswith("Located to the province: ")


def test_frame_holds_every_point_with_padding_and_the_map_shape() -> None:
    points = [(43.1, 36.3), (38.0, 35.9), (44.4, 33.3)]
    extent = basemap.fit_extent(points, 640, 440)
    assert extent.west < 38.0 and extent.east > 44.4 and extent.south < 33.3 and extent.north > 36.3
    assert extent.east - extent.west < 20  # zoomed to the points, not the world
    x_span = (extent.east - extent.west) / 360 * 2 * 3.141592653589793
    y_span = basemap._mercator_y(extent.north) - basemap._mercator_y(extent.south)
    assert x_span / y_span == pytest.approx(640 / 440, rel=0.01)


def test_one_point_gets_a_frame_of_its_minimum_span() -> None:
    extent = basemap.fit_extent([(43.0, 36.0)], 300, 200, min_span=7.0)
    assert extent.east - extent.west >= 7.0 and extent.north - extent.south > 3


def test_basemap_is_cut_to_the_frame_and_light() -> None:
    extent = basemap.fit_extent([(43.1, 36.3), (38.0, 33.0)], 640, 440)
    features = basemap.basemap_features(extent)
    names = {f["properties"]["name"] for f in features}
    assert {"Iraq", "Syria"} <= names and "Brazil" not in names
    for feature in features:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(extent.west - 0.01 <= lon <= extent.east + 0.01 and extent.south - 0.01 <= lat <= extent.north + 0.01
                           for lon, lat in ring)  # fmt: skip
    assert len(json.dumps(features)) < 20_000


def test_skipping_polygons_outside_the_frame_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    frames = [basemap.fit_extent([(lon, lat)], 300, 200, min_span=7.0) for lon, lat in
              [(43.1, 36.3), (-21.9, 64.1), (151.2, -33.9), (179.0, -17.0), (12.5, 41.9)]]  # fmt: skip
    skipped = [basemap.basemap_features(f) for f in frames]
    everything = tuple(tuple((-180.0, -90.0, 180.0, 90.0) for _ in polygons) for _, polygons in basemap.world_countries())
    monkeypatch.setattr(basemap, "_outline_boxes", lambda: everything)
    assert [basemap.basemap_features(f) for f in frames] == skipped and all(skipped)


def test_topojson_decoding_follows_delta_arcs_and_reversed_arcs() -> None:
    topology = {
        "type": "Topology", "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, -2]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square-ish"}},
            {"type": "Polygon", "arcs": [[~1]], "properties": {"name": "Reversed"}}]}},
    }  # fmt: skip
    (first, polygons), (second, reversed_polygons) = basemap.decode_topojson(topology, "countries")
    assert first == "Square-ish" and polygons == ((((10, 20), (12, 20), (12, 22), (10, 20)),),)
    assert second == "Reversed" and reversed_polygons == ((((10, 20), (12, 22)),),)


def test_the_vendored_basemap_is_the_world() -> None:
    names = {name for name, _ in basemap.world_countries()}
    assert len(names) > 150 and {"Iraq", "Syria", "Yemen"} <= names


def test_map_figure_has_one_mark_and_one_linked_row_per_located_incident(located) -> None:
    _, tables = located
    shown = map_view(tables.incidents)
    figure = chartblocks.map_figure(shown, "../")
    marks = next(d for d in figure.spec["datasets"].values() if d and "lat" in d[0])
    assert sorted(m["id"] for m in marks) == sorted(p.id for p in shown.points)
    assert len(figure.rows) == len(figure.row_links) == shown.located
    assert {link for link in figure.row_links} == {f"../incidents/{p.id}/" for p in shown.points}
    assert f"{shown.located:,} of {shown.total:,} incidents have coordinates" in figure.caption
    layer = figure.spec["layer"][1]
    assert layer["encoding"]["href"] == {"field": "href", "type": "nominal"}
    assert layer["transform"] == [{"calculate": '"../incidents/" + datum.id + \'/\'', "as": "href"}]
    for channel in ("shape", "size", "color"):  # one legend, every precision in it
        assert layer["encoding"][channel]["scale"]["domain"] == list(COORDINATE_PRECISIONS)
    assert figure.spec["projection"]["type"] == "mercator"


def test_map_figure_is_none_without_coordinates() -> None:
    assert chartblocks.map_figure(MapView((), total=6), "../") is None


def test_locator_has_no_spec_and_says_its_precision() -> None:
    figure = chartblocks.locator_figure(_point(1, "district", 35.5, 42.25))
    assert figure.spec == {}  # drawn by render/locator.py: nothing for vl-convert, no live view
    assert figure.caption.startswith("Located to the district: the mark shows the district only.")
    assert figure.rows == [["Mosul", "Iraq", "district", "35.5000", "42.2500"]]


def _vega_locator(point: MapPoint) -> str:
    """The same locator drawn by vl-convert: a Vega-Lite point over a Mercator projection fitted to
    the locator's frame, with the site map's shape, size and colour scales (the reference)."""
    import vl_convert

    frame = locator.locator_frame(point)
    corners = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": frame.corners()}}
    scale = {"domain": list(COORDINATE_PRECISIONS)}
    spec = {
        "width": maps.LOCATOR_SIZE[0], "height": maps.LOCATOR_SIZE[1], "autosize": {"type": "none"},
        "projection": {"type": "mercator", "fit": corners, "clipExtent": [[0, 0], list(maps.LOCATOR_SIZE)]},
        "data": {"values": [{"lon": point.lon, "lat": point.lat, "p": point.precision}]},
        "mark": {"type": "point", "filled": True, "strokeWidth": 0, "aria": False},
        "encoding": {"longitude": {"field": "lon", "type": "quantitative"}, "latitude": {"field": "lat", "type": "quantitative"},
                     "shape": {"field": "p", "type": "nominal", "scale": {**scale, "range": maps.SHAPES}, "legend": None},
                     "size": {"field": "p", "type": "nominal", "scale": {**scale, "type": "ordinal", "range": maps.SIZES}, "legend": None},
                     "color": {"field": "p", "type": "nominal", "scale": scale, "legend": None}},
    }  # fmt: skip
    return vl_convert.vegalite_to_svg(spec, config=chart_config(dark=False))


_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?")


@pytest.mark.parametrize(("precision", "lat", "lon"), [
    ("exact", 36.34, 43.13), ("neighbourhood", 15.35, 44.21), ("town", 33.51, 36.29),
    ("district", -33.87, 151.21), ("province", 64.13, -21.9), ("town", 84.0, 10.0)])  # fmt: skip
def test_locator_mark_is_where_vega_draws_it_with_its_shape_size_and_colour(precision, lat, lon) -> None:
    point = _point(1, precision, lat, lon)
    vega = re.search(r'class="mark-symbol role-mark[^"]*"[^>]*><path transform="translate\(([-\d.e]+),([-\d.e]+)\)" '
                     r'd="([^"]+)" fill="([^"]+)"', _vega_locator(point))  # fmt: skip
    svg = ElementTree.fromstring(locator.render_locator_svg(point, "label"))
    (mark,) = [e for e in svg.iter() if "chs-locator-mark" in e.get("class", "")]
    x, y = map(float, re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", mark.get("transform")).groups())
    assert abs(x - float(vega.group(1))) <= 1 and abs(y - float(vega.group(2))) <= 1
    ours, theirs = mark.get("d"), vega.group(3)
    assert _NUMBERS.sub("#", ours).rstrip("Z") == _NUMBERS.sub("#", theirs).rstrip("Z")  # the same commands
    assert all(abs(float(a) - float(b)) <= 0.06 for a, b in zip(_NUMBERS.findall(ours), _NUMBERS.findall(theirs), strict=True))
    assert mark.get("fill") == vega.group(4) == locator.COLOURS_LIGHT[precision]


def test_projection_matches_a_value_vega_gives_for_this_frame() -> None:
    """vl-convert 1.9 put this point (frame 36.3235–49.9365 E, 32.69–39.99 N, 300×200) at x 150, y 102.346."""
    project = locator.Mercator.fitted(basemap.Extent(36.3235, 32.69, 49.9365, 39.99), (300, 200))
    assert project(43.13, 36.34) == pytest.approx((150.0, 102.3464), abs=0.01)


def test_locator_svg_is_sized_named_escaped_and_self_contained() -> None:
    point = _point(1, "town", 36.34, 43.13)
    block = chartblocks.render_locator_block(replace(point, place='<script>alert(1)</script> & "Mosul"'))
    assert "<script>" not in block and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Mosul&#34;" in block
    assert "data-chs-spec" not in block and "<img" not in block  # no live view, no file: Vega never comes in
    assert "\n\n" not in block and block.count("<svg") == 1
    svg = ElementTree.fromstring(block[block.index("<svg") : block.index("</svg>") + 6])
    assert (svg.get("width"), svg.get("height"), svg.get("viewBox"), svg.get("role")) == ("300", "200", "0 0 300 200", "img")
    description = chartblocks.locator_figure(replace(point, place='<script>alert(1)</script> & "Mosul"')).description
    assert svg.get("aria-label") == svg.find(f"{{{SVG}}}title").text == description
    everything = list(svg.iter())
    assert not [e for e in everything if e.get("style") is not None or e.tag.endswith(("script", "style", "image", "a", "use"))]
    assert not [v for e in everything for v in e.attrib.values() if "url(" in v or "//" in v.replace("http://www.w3.org", "")]
    numbers = [n for e in everything for n in _NUMBERS.findall(e.get("d", "") + e.get("transform", ""))]
    assert numbers and all(len(n.split(".")[1]) <= 1 for n in numbers if "." in n)  # 0.1 px
    land = svg.find(f"{{{SVG}}}g[@class='chs-locator-land']")
    assert len(land) >= 2  # Iraq and its neighbours, cut to the frame


def test_locator_light_colours_are_the_site_maps_and_dark_ones_are_in_site_css() -> None:
    """The site map's colour scale resolves "category" to the config's palette, in precision order
    (read from its compiled spec and its static SVG's legend); site.css gives the dark ones."""
    import vl_convert

    points = tuple(_point(i + 1, p, 34 + i, 40 + i) for i, p in enumerate(COORDINATE_PRECISIONS))
    vega = vl_convert.vegalite_to_vega(charts.clean_spec(maps.site_map(points, "../").to_dict()), config=chart_config(False))
    scales = {s["name"]: s for s in vega["scales"]}
    assert scales["color"]["range"] == "category" and scales["color"]["domain"] == list(COORDINATE_PRECISIONS)
    assert scales["size"] == {"name": "size", "type": "ordinal", "domain": list(COORDINATE_PRECISIONS), "range": maps.SIZES}
    legend = re.findall(r'role-legend-symbol"[^>]*><path [^>]*fill="([^"]+)"', vl_convert.vega_to_svg(vega))
    assert legend == [locator.COLOURS_LIGHT[p] for p in COORDINATE_PRECISIONS]
    css = (Path(__file__).parents[1] / "content" / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    dark = dict(re.findall(r'\[data-md-color-scheme="slate"\] \.chs-locator-mark--(\w+) \{ fill: (#[0-9a-f]{6}); \}', css))
    assert dark == {p: chart_config(dark=True)["range"]["category"][i] for i, p in enumerate(COORDINATE_PRECISIONS)}
    assert all(dark[p] != locator.COLOURS_LIGHT[p] for p in COORDINATE_PRECISIONS)
    assert ".chs-locator-map .chs-locator-land {\n  fill: var(--md-default-fg-color--lightest);" in css


def test_map_and_geojson_download_list_the_same_incidents_at_the_same_places(located) -> None:
    _, tables = located
    features = json.loads(render_geojson(tables))["features"]
    shown = map_view(tables.incidents)
    assert {f["id"]: (f["geometry"]["coordinates"], f["properties"]["precision"]) for f in features} == {
        p.id: ([p.lon, p.lat], p.precision) for p in shown.points}  # fmt: skip


def test_map_page_states_the_count_and_each_precision(located) -> None:
    view, _ = located
    page = render_site_pages(view)["map/index.md"]
    shown = sum(1 for i in view.corpus.incidents if i.coordinates)
    assert f"**{shown:,} of {len(view.corpus.incidents)} incidents have coordinates**" in page
    for precision in COORDINATE_PRECISIONS:
        count = sum(1 for i in view.corpus.incidents if i.coordinates and i.coordinates.precision == precision)
        assert re.search(rf"- \*\*{precision}\*\* \({count} incidents?\): the mark shows ", page)


def test_static_svg_has_no_links_and_short_coordinates() -> None:
    from build_scripts.render.chartrender import tidy_svg

    svg = '<g><a xlink:href="https://x.example/y"><path transform="translate(282.0725,240.3302)" d="M-3.873,1.5Z"/></a></g>'
    assert tidy_svg(svg) == '<g><path transform="translate(282.0,240.3)" d="M-3.8,1.5Z"/></g>'


def test_the_seed_corpus_map_says_what_it_holds() -> None:
    """Whatever the seeds hold: no coordinates -> the page says so and draws no map; else it counts them."""
    corpus, problems = check_corpus(SEEDS, TODAY)
    assert problems == [] and corpus is not None
    page = render_site_pages(SiteView(corpus))["map/index.md"]
    with_coordinates = sum(1 for i in corpus.incidents if i.coordinates)
    if with_coordinates == 0:
        assert f"**None of the {len(corpus.incidents)} incidents has coordinates yet**" in page
        assert "chs-chart" not in page
    else:
        assert f"**{with_coordinates:,} of {len(corpus.incidents)} incidents have coordinates**" in page


def test_map_page_of_the_built_seed_site_draws_no_empty_world(seeds_site: Path) -> None:
    html = (seeds_site / "map" / "index.html").read_text(encoding="utf-8")
    corpus, _ = check_corpus(SEEDS, TODAY)
    if not any(i.coordinates for i in corpus.incidents):
        assert "has coordinates yet" in html and "data-chs-spec" not in html and "<img" not in html.split("md-content")[1]
    assert maps.PRECISION_TITLE  # the legend's title is a constant of the module
