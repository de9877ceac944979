"""The index pages, split so that each stays light at 10,000 incidents (pure).

Incidents are split by year (newest first), a year with more than ``PAGE_ROWS`` incidents into
parts; sources (by id) and claimants (by slug) into pages of ``PAGE_ROWS`` when there are more. The
main index page lists every split page, so a reader without JavaScript reaches every record through
plain links; with few records it also keeps the whole table. Split pages live one folder below the
records (``incidents/year/2017/``, ``sources/page/2/``): no record id (a slug, no slash) can take
their address, and no record's address changes.

A claimant's page is split the same way, section by section: a section (its claims about incidents,
about campaigns, those it passed on, its period counts) of more than ``CLAIMANT_ROWS`` rows keeps its
first page of rows and lists every page of the section (``claimants/<slug>/incidents/page/2/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Generic, TypeVar

from build_scripts.model.records import Incident, Source
from build_scripts.views.site import Claimant, SiteView, incident_date_label

PAGE_ROWS = 500  # at most this many rows on one index page (read at call time: tests lower it)
CLAIMANT_ROWS = 25  # at most this many rows in one section of a claimant's page (likewise; a claim row is
# heavier than an index row: 9 columns with a quote, ~8 ms of style, layout and paint each on a throttled phone)
Row = TypeVar("Row")
UNDATED = "undated"


@dataclass(frozen=True)
class Split(Generic[Row]):
    path: str  # under the docs folder, e.g. incidents/year/2017.md
    label: str  # "2017", "2017, part 2", "1–500"
    rows: list[Row]
    first: str  # what the first and last row are called, for the list of pages
    last: str
    year: str | None = None  # an incidents split's year (UNDATED for the undated), for its label in words
    part: tuple[int, int] | None = None  # (part, of parts) of a year split into parts

    @property
    def href(self) -> str:
        """The split page's link from its main index page (relative, as MkDocs resolves it)."""
        return self.path.split("/", 1)[1]


def incident_splits(view: SiteView, page_rows: int | None = None) -> list[Split[Incident]]:
    page_rows = page_rows or PAGE_ROWS
    splits: list[Split[Incident]] = []
    for year, group in groupby(view.incidents_by_date, key=lambda incident: incident.date.year if incident.date else None):
        rows = list(group)
        parts = _chunks(rows, page_rows)
        year_name = str(year) if year is not None else UNDATED  # undated incidents: a page of their own
        for number, part in enumerate(parts, start=1):
            name = year_name if number == 1 else f"{year_name}-{number}"
            label = year_name if len(parts) == 1 else f"{year_name}, part {number} of {len(parts)}"
            splits.append(Split(f"incidents/year/{name}.md", label, part, _day(part[0]), _day(part[-1]), year_name,
                                (number, len(parts)) if len(parts) > 1 else None))
    return splits


def _day(incident: Incident) -> str:
    return incident.date.isoformat() if incident.date else UNDATED


def source_splits(view: SiteView, page_rows: int | None = None) -> list[Split[Source]]:
    ordered = sorted(view.corpus.sources, key=lambda source: source.id)
    return _pages("sources", ordered, page_rows or PAGE_ROWS, lambda source: source.id)


def claimant_splits(view: SiteView, page_rows: int | None = None) -> list[Split[tuple[str, Claimant]]]:
    return _pages("claimants", list(view.claimants.items()), page_rows or PAGE_ROWS, lambda item: item[1].name)


# a claimant page's sections: (rows, what the list of its pages calls a row)
CLAIMANT_SECTIONS = {
    "incidents": (lambda claimant: claimant.incident_claims, lambda row: incident_date_label(row.incident)),
    "campaigns": (lambda claimant: claimant.campaign_claims, lambda row: row.campaign.title),
    "relayed": (lambda claimant: claimant.relayed, lambda row: row.subject_title),
    "points": (lambda claimant: claimant.points, lambda row: f"{row.series.title}, {row.point.period}"),
}


def claimant_page_splits(slug: str, claimant: Claimant, page_rows: int | None = None) -> dict[str, list[Split]]:
    """Section -> its pages, for each section of the claimant's page with more rows than one page holds."""
    splits = {}
    for section, (rows, name) in CLAIMANT_SECTIONS.items():
        parts = _pages(f"claimants/{slug}/{section}", list(rows(claimant)), page_rows or CLAIMANT_ROWS, name)
        if parts:
            splits[section] = parts
    return splits


def whole_table(view: SiteView) -> bool:
    """Whether the incidents index keeps its whole table (few incidents) besides the years' pages."""
    return len(view.corpus.incidents) <= PAGE_ROWS


def _pages(folder: str, rows: list, page_rows: int, name) -> list[Split]:
    """Pages of ``page_rows`` rows, only when there are more rows than one page holds."""
    if len(rows) <= page_rows:
        return []
    splits = []
    for number, part in enumerate(_chunks(rows, page_rows), start=1):
        start = (number - 1) * page_rows + 1
        label = f"{start:,}–{start + len(part) - 1:,}"
        splits.append(Split(f"{folder}/page/{number}.md", label, part, name(part[0]), name(part[-1])))
    return splits


def _chunks(rows: list, size: int) -> list[list]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]
