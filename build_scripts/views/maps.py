"""Which incidents the map shows, and how: those with curated coordinates, never guessed (pure).

``map_view`` reads the incidents frame (the same table as ``incidents.csv`` and ``incidents.geojson``),
so the map, its data table and the GeoJSON download list the same incidents at the same coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from build_scripts.model.records import COORDINATE_PRECISIONS
from build_scripts.render.messages import default_messages
from build_scripts.views.site import date_label

# What a mark placed at each precision stands for: said in words on the map page and under a locator
# (the words are messages: map.shows.<precision> in render/messages/en.yaml).
LOCATION_WORDS = {precision: default_messages().get(f"map.shows.{precision}") for precision in COORDINATE_PRECISIONS}


@dataclass(frozen=True)
class MapPoint:
    id: str
    title: str
    date: str  # at the incident's date precision
    place: str
    country: str
    lat: float
    lon: float
    precision: str


@dataclass(frozen=True)
class MapView:
    points: tuple[MapPoint, ...]  # in the incidents frame's order (newest first)
    total: int  # every incident, located or not

    @property
    def located(self) -> int:
        return len(self.points)

    def precision_counts(self) -> list[tuple[str, int]]:
        """(precision, number of incidents) for each precision, in COORDINATE_PRECISIONS order, zero included."""
        return [(p, sum(1 for point in self.points if point.precision == p)) for p in COORDINATE_PRECISIONS]


def map_view(incidents: pd.DataFrame) -> MapView:
    located = incidents[incidents["lat"].notna() & incidents["lon"].notna()]
    points = tuple(
        MapPoint(row.id, row.title, date_label(row.date, row.date_precision), row.place, row.country,
                 float(row.lat), float(row.lon), row.coordinates_precision)
        for row in located.itertuples()
    )
    return MapView(points, len(incidents))


def location_sentence(precision: str, messages=None) -> str:
    """'Located to the town: the mark shows the town or village, not the exact spot.'"""
    say = (messages or default_messages()).get
    located = say("map.located_exactly") if precision == "exact" else say("map.located_to", precision=say(f"map.precisions.{precision}"))
    return say("map.location_sentence", located=located, shows=say(f"map.shows.{precision}"))
