"""What the corpus covers, from its own dates and places (pure): the Data Package's version, the
Dataset JSON-LD's temporal and spatial coverage and its date modified. Never the build clock."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from build_scripts.views.site import SiteView


@dataclass(frozen=True)
class Coverage:
    start: str | None  # the earliest date covered, at its precision (2017-03-17, 2014-09, 2017)
    end: str | None
    countries: tuple[str, ...]
    modified: dt.date | None  # the latest date the corpus states (an incident, a claim, a publication)

    @property
    def temporal(self) -> str | None:
        """ISO 8601: one date, or an interval 'start/end'."""
        if self.start is None or self.end is None:
            return None
        return self.start if self.start == self.end else f"{self.start}/{self.end}"


def _month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, number = (int(part) for part in month.split("-"))
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def _at_precision(date: dt.date, precision: str) -> str:
    return {"month": date.isoformat()[:7], "year": date.isoformat()[:4]}.get(precision, date.isoformat())


def corpus_coverage(view: SiteView) -> Coverage:
    corpus = view.corpus
    # (date for ordering, the date as the corpus states it); a month-precision incident is stored as
    # its 1st day, so it is written 2017-03 and not given a precision the sources do not give
    starts: list[tuple[dt.date, str]] = []
    ends: list[tuple[dt.date, str]] = []
    for incident in corpus.incidents:
        if incident.date is not None:
            stated = (incident.date, _at_precision(incident.date, incident.date_precision.value))
            starts.append(stated)
            ends.append(stated)
            continue
        # an unknown date adds only its stated bounds: an incident known to fall by a day covers
        # that day as an end, never a precise date
        if incident.date_after is not None:
            starts.append((incident.date_after, incident.date_after.isoformat()))
        if incident.date_by is not None:
            ends.append((incident.date_by, incident.date_by.isoformat()))
    for series in corpus.series:
        for point in series.points:
            starts.append((_month_bounds(point.start)[0], point.start))
            ends.append((_month_bounds(point.end)[1], point.end))
    stated_dates = [d for i in corpus.incidents for d in (i.date, i.date_by, i.date_after) if d]
    stated_dates += [s.published for s in corpus.sources if s.published]
    stated_dates += [c.claimed_on for i in corpus.incidents for c in i.claims if c.claimed_on]
    return Coverage(
        start=min(starts)[1] if starts else None,
        end=max(ends)[1] if ends else None,
        countries=tuple(sorted({i.country for i in corpus.incidents})),
        modified=max(stated_dates, default=None),
    )
