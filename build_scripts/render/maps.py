"""Map views -> Altair maps (pure): incidents with coordinates over the offline basemap.

The site map: every located incident, each mark linking to its page, framed to the marks' extent.
An incident's small locator map (one mark, framed around it) is drawn without Vega, by
render/locator.py, with the frame, shapes, sizes and colours set here. Location
precision is drawn three ways at once (shape, size and colour, one legend), so a mark placed at a
province's centre never reads as an exact spot. Contributor text reaches the chart as data values
only (tooltips); links are built from ids (slugs). Altair is imported only when a map is built.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd

from build_scripts.model.records import COORDINATE_PRECISIONS
from build_scripts.render.basemap import Extent, basemap_features, fit_extent
from build_scripts.render.charts import _quote
from build_scripts.views.maps import MapPoint

if TYPE_CHECKING:
    import altair as alt

MAP_SIZE = (640, 440)
LOCATOR_SIZE = (300, 200)
LOCATOR_SPAN = 7.0  # degrees of context around a locator's mark: enough to see the country
TITLE_CHARS = 120
# The less precise the location, the larger the mark: it stands for a larger area.
SHAPES = ["circle", "square", "diamond", "triangle-up", "cross"]
SIZES = [45, 75, 110, 160, 220]
PRECISION_TITLE = "Location precision"


def map_marks(points: tuple[MapPoint, ...]) -> pd.DataFrame:
    """One row per mark: where, and what its tooltip says. Short field names: at 10,000 incidents
    the map page carries thousands of rows (the tooltip gives each field its title)."""
    rows = [{"id": p.id, "lon": p.lon, "lat": p.lat, "p": p.precision, "t": _quote(p.title)[:TITLE_CHARS],
             "d": p.date, "w": f"{p.place}, {p.country}"} for p in points]  # fmt: skip
    return pd.DataFrame.from_records(rows, columns=["id", "lon", "lat", "p", "t", "d", "w"])


def _projection(extent: Extent, size: tuple[int, int]) -> alt.Projection:
    import altair as alt  # only when a map is built (module docstring)

    corners = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": extent.corners()}}
    return alt.Projection(type="mercator", fit=corners, clipExtent=[[0, 0], list(size)])


def map_chart(marks: pd.DataFrame, size: tuple[int, int], legend: bool, prefix: str | None) -> alt.LayerChart:
    """The basemap cut to the marks' frame, and one mark per row: shape, size and colour by precision;
    with ``prefix`` (the way from the page to the site root) each mark links to its incident's page
    (the address is built from the incident's id, a slug). A chart without a legend is framed as a
    locator (LOCATOR_SPAN of context): what tests compare render/locator.py's projection with."""
    import altair as alt  # only when a map is built (module docstring)

    extent = fit_extent(list(zip(marks["lon"], marks["lat"], strict=True)), *size,
                        min_span=LOCATOR_SPAN if not legend else 2.0)  # fmt: skip
    land = alt.Chart(alt.Data(values=basemap_features(extent))).mark_geoshape(strokeWidth=0.7, aria=False)
    scale = {"domain": list(COORDINATE_PRECISIONS)}
    shown = alt.Legend(title=PRECISION_TITLE, orient="bottom", direction="horizontal", symbolStrokeWidth=0) if legend else None
    tooltip = [alt.Tooltip("t:N", title="Incident"), alt.Tooltip("d:N", title="Date"),
               alt.Tooltip("w:N", title="Place"), alt.Tooltip("p:N", title="Located to"),
               alt.Tooltip("lat:Q", title="Latitude", format=".4f"), alt.Tooltip("lon:Q", title="Longitude", format=".4f")]  # fmt: skip
    encoding = {
        "longitude": "lon:Q", "latitude": "lat:Q", "tooltip": tooltip,
        "shape": alt.Shape("p:N", title=PRECISION_TITLE, scale=alt.Scale(**scale, range=SHAPES), legend=shown),
        # "ordinal": Vega-Lite's default for a nominal size is a point scale, which spreads its marks
        # between the range's first two values only (45 to 75 px²), not over SIZES
        "size": alt.Size("p:N", title=PRECISION_TITLE, legend=shown, scale=alt.Scale(**scale, type="ordinal", range=SIZES)),
        "color": alt.Color("p:N", title=PRECISION_TITLE, scale=alt.Scale(**scale), legend=shown),
    }
    points = alt.Chart(marks.drop(columns=["id"]) if prefix is None else marks)
    if prefix is not None:
        points = points.transform_calculate(href=f"{json.dumps(prefix + 'incidents/')} + datum.id + '/'")
        encoding["href"] = alt.Href("href:N")
    points = points.mark_point(filled=True, opacity=0.85, strokeWidth=0, aria=False).encode(**encoding)
    return alt.layer(land, points).properties(width=size[0], height=size[1], projection=_projection(extent, size))


def site_map(points: tuple[MapPoint, ...], prefix: str) -> alt.LayerChart:
    return map_chart(map_marks(points), MAP_SIZE, legend=True, prefix=prefix)
