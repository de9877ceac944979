"""An incident's small locator map, drawn by the generator as a static SVG (pure): no Vega, no live view.

The locator shows one mark over the basemap cut to its frame. It used to be an Altair chart like the
site map, rendered by vl-convert twice per incident (static SVG, live spec, light and dark: ~100 ms
of CPU each, thousands per cold build) for a live view whose tooltip only repeated the caption. Here
it is a few lines of arithmetic and a template (``locator.svg.j2``, autoescaped), inlined in the page:

- the frame is the one the Altair locator had (``maps.LOCATOR_SPAN`` degrees of context around the
  mark, ``maps.LOCATOR_SIZE``), fitted by ``basemap.fit_extent``;
- the projection is Vega's (d3-geo's) Mercator fitted to the frame's corners, as the site map's
  ``fit``: the same pixel positions as vl-convert (tests compare them);
- the mark has the shape, area and colour the site map's legend gives its precision (``maps.SHAPES``,
  ``maps.SIZES``, the site palette through the colour scale's "category" range), its path drawn as
  Vega draws that symbol;
- colours: presentation attributes carry the light theme (a reader without the site's CSS, print);
  site.css gives land and borders Material's colour variables and each precision its dark-theme
  colour, so the inline SVG follows the page's light/dark switch with no script.

Contributor text reaches the SVG only as its accessible name, escaped by the template.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from build_scripts.model.records import COORDINATE_PRECISIONS
from build_scripts.render import maps
from build_scripts.render.basemap import Extent, basemap_features, fit_extent
from build_scripts.render.charts import PALETTE_DARK, PALETTE_LIGHT, chart_config
from build_scripts.render.templating import html_environment
from build_scripts.views.maps import MapPoint

# The site map's colour scale is ordinal over COORDINATE_PRECISIONS with range "category", which the
# chart config sets to the site palette: precision i is drawn in palette colour i (see tests).
COLOURS_LIGHT = dict(zip(COORDINATE_PRECISIONS, PALETTE_LIGHT, strict=False))
COLOURS_DARK = dict(zip(COORDINATE_PRECISIONS, PALETTE_DARK, strict=False))
SHAPES = dict(zip(COORDINATE_PRECISIONS, maps.SHAPES, strict=True))
SIZES = dict(zip(COORDINATE_PRECISIONS, maps.SIZES, strict=True))  # a symbol's area in px², as in Vega
LAND_LIGHT = chart_config(dark=False)["geoshape"]  # the fallback colours: the site map's light basemap
MARK_OPACITY = 0.85  # as the site map's marks


@dataclass(frozen=True)
class Mercator:
    """d3-geo's Mercator after ``fitSize(size, corners)``: x = dx + k·λ, y = dy − k·ln tan(π/4 + φ/2)."""

    k: float
    dx: float
    dy: float

    @classmethod
    def fitted(cls, extent: Extent, size: tuple[int, int]) -> Mercator:
        """Fitted as Vega fits a projection to a MultiPoint of the frame's two corners: the largest
        scale at which both fit, centred in the frame."""
        x0, x1 = math.radians(extent.west), math.radians(extent.east)
        y0, y1 = _mercator_y(extent.south), _mercator_y(extent.north)
        k = min(size[0] / (x1 - x0), size[1] / (y1 - y0))
        return cls(k, (size[0] - k * (x0 + x1)) / 2, (size[1] + k * (y0 + y1)) / 2)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return self.dx + self.k * math.radians(lon), self.dy - self.k * _mercator_y(lat)


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _number(value: float) -> str:
    """A coordinate to 0.1 px, without a trailing '.0' or a '-0'."""
    text = f"{round(value, 1) + 0.0:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def symbol_path(shape: str, size: float) -> str:
    """The path of a Vega symbol of ``shape`` and area ``size`` (px²) centred on 0,0, as
    vega-scenegraph draws it (its ``symbols`` table), to 0.1 px."""
    r = math.sqrt(size) / 2
    n = _number
    if shape == "circle":
        return f"M{n(r)},0A{n(r)},{n(r)},0,1,1,{n(-r)},0A{n(r)},{n(r)},0,1,1,{n(r)},0Z"
    if shape == "square":
        return f"M{n(-r)},{n(-r)}h{n(2 * r)}v{n(2 * r)}h{n(-2 * r)}Z"
    if shape == "diamond":
        return f"M{n(-r)},0L0,{n(-r)}L{n(r)},0L0,{n(r)}Z"
    if shape == "triangle-up":
        h = math.sqrt(3) / 2 * r
        return f"M0,{n(-h)}L{n(-r)},{n(h)}L{n(r)},{n(h)}Z"
    if shape == "cross":
        s = r / 2.5
        corners = [(-r, -s), (-r, s), (-s, s), (-s, r), (s, r), (s, s), (r, s), (r, -s), (s, -s), (s, -r), (-s, -r), (-s, -s)]
        return "M" + "L".join(f"{n(x)},{n(y)}" for x, y in corners) + "Z"
    raise ValueError(f"no path for symbol shape {shape!r}")


def land_paths(extent: Extent, project: Mercator) -> list[str]:
    """One SVG path per country inside the frame (its rings cut to the frame by the basemap),
    projected, to 0.1 px, repeated points dropped; a country left with nothing to draw is dropped."""
    paths = []
    for feature in basemap_features(extent):
        rings = []
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                points: list[str] = []
                for lon, lat in ring:
                    point = ",".join(map(_number, project(lon, lat)))
                    if not points or points[-1] != point:
                        points.append(point)
                if len(points) >= 4:
                    rings.append("M" + "L".join(points[:-1] if points[0] == points[-1] else points) + "Z")
        if rings:
            paths.append("".join(rings))
    return paths


def locator_frame(point: MapPoint) -> Extent:
    """The locator's frame: the one the site's maps fit around a single mark (LOCATOR_SPAN of context)."""
    return fit_extent([(point.lon, point.lat)], *maps.LOCATOR_SIZE, min_span=maps.LOCATOR_SPAN)


def render_locator_svg(point: MapPoint, label: str) -> Markup:
    """The locator map of ``point`` as inline SVG markup, named ``label`` for assistive technology."""
    width, height = maps.LOCATOR_SIZE
    frame = locator_frame(point)
    project = Mercator.fitted(frame, maps.LOCATOR_SIZE)
    x, y = project(point.lon, point.lat)
    svg = html_environment().get_template("locator.svg.j2").render(
        width=width, height=height, label=label, land=land_paths(frame, project),
        land_colours=LAND_LIGHT, precision=point.precision, mark=symbol_path(SHAPES[point.precision], SIZES[point.precision]),
        x=_number(x), y=_number(y), colour=COLOURS_LIGHT[point.precision], opacity=MARK_OPACITY)  # fmt: skip
    return Markup("".join(line.strip() for line in svg.splitlines()))
