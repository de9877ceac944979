"""Map views -> Altair maps (pure): incidents with coordinates over the offline basemap.

Two maps, one chart: the site map (every located incident, each mark linking to its page, framed
to the marks' extent) and an incident's small locator map (one mark, framed around it). Location
precision is drawn three ways at once (shape, size and colour, one legend), so a mark placed at a
province's centre never reads as an exact spot. Contributor text reaches the chart as data values
only (tooltips); links are built from ids (slugs).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from build_scripts.model.records import COORDINATE_PRECISIONS
from build_scripts.render.basemap import Extent, basemap_features, fit_extent
from build_scripts.render.charts import _quote
from build_scripts.views.maps import LOCATION_WORDS, MapPoint

MAP_SIZE = (640, 440)
LOCATOR_SIZE = (300, 200)
LOCATOR_SPAN = 7.0  # degrees of context around a locator's mark: enough to see the country
TITLE_CHARS = 120
# The less precise the location, the larger the mark: it stands for a larger area.
SHAPES = ["circle", "square", "diamond", "triangle-up", "cross"]
SIZES = [36, 60, 90, 130, 180]
PRECISION_TITLE = "Location precision"


def map_marks(points: tuple[MapPoint, ...], prefix: str | None) -> pd.DataFrame:
    """One row per mark: where, what the tooltip says, and (with ``prefix``, the way from the page
    to the site root) the incident page it links to."""
    rows = [{
        "lon": p.lon, "lat": p.lat, "precision": p.precision, "title": _quote(p.title)[:TITLE_CHARS],
        "date": p.date, "where": f"{p.place}, {p.country}", "located": f"{p.precision}: {LOCATION_WORDS[p.precision]}",
        "coordinates": f"{p.lat:.4f}, {p.lon:.4f}",
        **({"href": f"{prefix}incidents/{p.id}/"} if prefix is not None else {}),
    } for p in points]  # fmt: skip
    return pd.DataFrame.from_records(rows)


def _projection(extent: Extent, size: tuple[int, int]) -> alt.Projection:
    corners = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": extent.corners()}}
    return alt.Projection(type="mercator", fit=corners, clipExtent=[[0, 0], list(size)])


def map_chart(marks: pd.DataFrame, size: tuple[int, int], legend: bool) -> alt.LayerChart:
    """The basemap cut to the marks' frame, and one mark per row: shape, size and colour by precision."""
    extent = fit_extent(list(zip(marks["lon"], marks["lat"], strict=True)), *size,
                        min_span=LOCATOR_SPAN if not legend else 2.0)  # fmt: skip
    land = alt.Chart(alt.Data(values=basemap_features(extent))).mark_geoshape(strokeWidth=0.7)
    scale = {"domain": list(COORDINATE_PRECISIONS)}
    shown = alt.Legend(title=PRECISION_TITLE, orient="bottom", direction="horizontal", symbolStrokeWidth=0) if legend else None
    tooltip = [alt.Tooltip("title:N", title="Incident"), alt.Tooltip("date:N", title="Date"),
               alt.Tooltip("where:N", title="Place"), alt.Tooltip("located:N", title="Located to"),
               alt.Tooltip("coordinates:N", title="Latitude, longitude")]  # fmt: skip
    encoding = {
        "longitude": "lon:Q", "latitude": "lat:Q", "tooltip": tooltip,
        "shape": alt.Shape("precision:N", scale=alt.Scale(**scale, range=SHAPES), legend=shown),
        "size": alt.Size("precision:N", scale=alt.Scale(**scale, range=SIZES), legend=shown),
        "color": alt.Color("precision:N", scale=alt.Scale(**scale), legend=shown),
    }
    if "href" in marks.columns:
        encoding["href"] = alt.Href("href:N")
    points = alt.Chart(marks).mark_point(filled=True, opacity=0.85, strokeWidth=0).encode(**encoding)
    return alt.layer(land, points).properties(width=size[0], height=size[1], projection=_projection(extent, size))


def site_map(points: tuple[MapPoint, ...], prefix: str) -> alt.LayerChart:
    return map_chart(map_marks(points, prefix), MAP_SIZE, legend=True)


def locator_map(point: MapPoint) -> alt.LayerChart:
    return map_chart(map_marks((point,), None), LOCATOR_SIZE, legend=False)
