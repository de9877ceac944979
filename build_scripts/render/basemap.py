"""The offline basemap: Natural Earth's countries (world-atlas, vendored in ``basemap/``) cut to a map's frame.

No tile server and nothing from a third party: the countries come from a file shipped with the
package (``basemap/README.md`` gives its origin and licences). A map embeds only the part of each
country inside its frame, clipped to the frame and rounded to 0.01°, so a regional map carries a few
kilobytes of coastline, not the world. Reading the vendored file is the one I/O here (like reading a
template); everything else is pure.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BASEMAP_FILE = Path(__file__).parent / "basemap" / "countries-110m.json"
BASEMAP_CREDIT = "Country outlines: Natural Earth (public domain), 1:110m, via world-atlas (ISC)"
DECIMALS = 2  # 0.01° (about 1 km): finer than the 1:110m outlines themselves
MAX_LAT = 85.0  # Mercator's usable range


@dataclass(frozen=True)
class Extent:
    """A frame in degrees: west, south, east, north (west < east; no frame crosses the antimeridian)."""

    west: float
    south: float
    east: float
    north: float

    def corners(self) -> list[list[float]]:
        return [[self.west, self.south], [self.east, self.north]]


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _lat_of(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def fit_extent(points: list[tuple[float, float]], width: int, height: int, pad: float = 0.15,
               min_span: float = 2.0) -> Extent:  # fmt: skip
    """The frame around ``points`` ((lon, lat) pairs): their bounding box, at least ``min_span``
    degrees wide and high, padded by ``pad`` of its size on each side, then widened (about its
    centre) to the ``width`` : ``height`` of the map in Mercator, so the projection fits it exactly."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    grow_x = max(min_span - (east - west), 0) / 2 + (east - west) * pad
    grow_y = max(min_span - (north - south), 0) / 2 + (north - south) * pad
    west, east = max(west - grow_x - pad, -180.0), min(east + grow_x + pad, 180.0)
    south, north = max(south - grow_y - pad, -MAX_LAT), min(north + grow_y + pad, MAX_LAT)
    x_span = math.radians(east - west)
    y_low, y_high = _mercator_y(south), _mercator_y(north)
    wanted = x_span * height / width  # the Mercator height that matches the map's shape
    if wanted > y_high - y_low:
        middle = (y_low + y_high) / 2
        y_low, y_high = max(middle - wanted / 2, _mercator_y(-MAX_LAT)), min(middle + wanted / 2, _mercator_y(MAX_LAT))
        south, north = _lat_of(y_low), _lat_of(y_high)
    else:
        centre, half = (west + east) / 2, math.degrees((y_high - y_low) * width / height) / 2
        west, east = max(centre - half, -180.0), min(centre + half, 180.0)
    return Extent(round(west, 4), round(south, 4), round(east, 4), round(north, 4))


@lru_cache(maxsize=1)
def world_countries() -> tuple[tuple[str, tuple[tuple[tuple[tuple[float, float], ...], ...], ...]], ...]:
    """Every country of the vendored TopoJSON, decoded: (name, polygons), each polygon its rings of
    (lon, lat) points (the first ring the outline, the others holes)."""
    return decode_topojson(json.loads(BASEMAP_FILE.read_text(encoding="utf-8")), "countries")


@lru_cache(maxsize=1)
def _outline_boxes() -> tuple[tuple[tuple[float, float, float, float], ...], ...]:
    """The bounding box (west, south, east, north) of each polygon's outline, per country of
    ``world_countries``: holes lie inside their outline."""
    return tuple(tuple(_box(polygon[0]) for polygon in polygons) for _, polygons in world_countries())


def _box(ring: tuple[tuple[float, float], ...]) -> tuple[float, float, float, float]:
    return min(x for x, _ in ring), min(y for _, y in ring), max(x for x, _ in ring), max(y for _, y in ring)


def decode_topojson(topology: dict, name: str) -> tuple:
    """The (name, polygons) of each Polygon or MultiPolygon of object ``name`` of a quantized
    TopoJSON topology (arcs delta-encoded; a negative arc index is that arc reversed)."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    def ring(indexes: list[int]) -> tuple[tuple[float, float], ...]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(part if not points else part[1:])
        return tuple(points)

    countries = []
    for geometry in topology["objects"][name]["geometries"]:
        shapes = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        polygons = tuple(tuple(ring(r) for r in polygon) for polygon in shapes)
        countries.append((str(geometry.get("properties", {}).get("name", "")), polygons))
    return tuple(countries)


def _clip(ring: tuple[tuple[float, float], ...], extent: Extent) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the ring cut to the frame (a closed ring, possibly empty)."""
    edges = (
        (lambda p: p[0] >= extent.west, lambda a, b: _cross_x(a, b, extent.west)),
        (lambda p: p[0] <= extent.east, lambda a, b: _cross_x(a, b, extent.east)),
        (lambda p: p[1] >= extent.south, lambda a, b: _cross_y(a, b, extent.south)),
        (lambda p: p[1] <= extent.north, lambda a, b: _cross_y(a, b, extent.north)),
    )
    points = list(ring)
    for inside, cross in edges:
        if not points:
            break
        kept = []
        for current, previous in zip(points, [points[-1], *points[:-1]], strict=True):
            if inside(current):
                if not inside(previous):
                    kept.append(cross(previous, current))
                kept.append(current)
            elif inside(previous):
                kept.append(cross(previous, current))
        points = kept
    return points


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y


def _rounded(points: list[tuple[float, float]]) -> list[list[float]]:
    """Points rounded to DECIMALS, repeats dropped, closed (GeoJSON rings end where they start)."""
    kept: list[list[float]] = []
    for lon, lat in points:
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not kept or kept[-1] != point:
            kept.append(point)
    if kept and kept[0] != kept[-1]:
        kept.append(kept[0])
    return kept if abs(_area(kept)) > 1e-2 else []  # slivers along the frame and specks: not drawn


def _area(ring: list[list[float]]) -> float:
    """Twice the planar (shoelace) area: zero for a ring cut down to a line along the frame."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))


def basemap_features(extent: Extent) -> list[dict]:
    """GeoJSON features of the countries inside ``extent``, each cut to it, in the file's order
    (deterministic). Rings left with fewer than four points after cutting are dropped."""
    features = []
    for (name, polygons), boxes in zip(world_countries(), _outline_boxes(), strict=True):
        kept = []
        for polygon, (west, south, east, north) in zip(polygons, boxes, strict=True):
            if west > extent.east or east < extent.west or south > extent.north or north < extent.south:
                continue  # wholly outside the frame: cutting it leaves nothing (a locator skips ~all the world)
            rings = [_rounded(_clip(r, extent)) for r in polygon]
            if len(rings[0]) >= 4:
                kept.append([r for r in rings if len(r) >= 4])
        if kept:
            geometry = {"type": "MultiPolygon", "coordinates": kept}
            features.append({"type": "Feature", "properties": {"name": name}, "geometry": geometry})
    return features
