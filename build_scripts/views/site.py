"""Model -> the derived rows that pages, charts and exports share (pure; no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from build_scripts.layout import campaign_claim_anchor, claim_anchor, claimant_slug, point_anchor
from build_scripts.model.figures import Figure, Spread, parse_figure
from build_scripts.model.quotes import comments_offset, find_quote
from build_scripts.model.records import (
    Campaign,
    Claim,
    Corpus,
    DeclaredClaimant,
    Incident,
    Point,
    Series,
    Source,
    canonical_names,
)
from build_scripts.render.messages import default_messages
from build_scripts.views.headline import Headline, killed_headline


@dataclass(frozen=True)
class Link:
    """One party of a claim's attribution chain, as pages show it: its name as written, the slug of
    its claimant page and its type."""

    name: str
    slug: str
    type: str


@dataclass(frozen=True)
class ClaimRow:
    incident: Incident
    claim: Claim
    source: Source
    claimant_name: str = ""  # the declared name the claimant is an alias of (claimants.yaml), if any
    relay_names: tuple[str, ...] = ()  # each relay's declared name ("" if none), in via's order

    @property
    def anchor(self) -> str:
        """The id of the quoted passage on the source page (stable: built from permanent ids)."""
        return claim_anchor(self.incident.id, self.claim.id)

    @property
    def page(self) -> str:
        """The claim's place on the site, from the site root: its page and anchor."""
        return f"incidents/{self.incident.id}.md#claim-{self.claim.id}"

    @property
    def subject_title(self) -> str:
        return self.incident.title

    @property
    def via(self) -> list[Link]:
        """The relays of the claim, in order, each with its claimant page."""
        names = self.relay_names or ("",) * len(self.claim.via)
        return [Link(r.name, claimant_slug(declared or r.name), r.type.value)
                for r, declared in zip(self.claim.via, names, strict=True)]  # fmt: skip

    @property
    def date(self) -> dt.date | None:
        """When the claim was made: ``claimed_on``, else the source's date (see ``date_basis``)."""
        return self.claim.claimed_on or self.source.published

    @property
    def date_basis(self) -> str | None:
        """Where ``date`` comes from: "claimed" (the claim's own date), "source" (the source's
        publication date, the claim being no later than that), or None (unknown)."""
        return claim_date_basis(self.claim.claimed_on, self.source.published)

    @property
    def date_precision(self) -> str:
        """How much of ``date`` is known: the claim's ``claimed_on_precision``, else a day."""
        if self.claim.claimed_on is not None and self.claim.claimed_on_precision is not None:
            return self.claim.claimed_on_precision.value
        return "day"

    @property
    def killed(self) -> Figure | None:
        return parse_figure(self.claim.killed) if self.claim.killed else None

    @property
    def injured(self) -> Figure | None:
        return parse_figure(self.claim.injured) if self.claim.injured else None

    @property
    def claimant_slug(self) -> str:
        return claimant_slug(self.claimant_name or self.claim.claimant)


@dataclass(frozen=True)
class CampaignClaimRow(ClaimRow):
    """A claim about a campaign or a period (campaigns.yaml): ``incident`` is unused (None)."""

    campaign: Campaign | None = None

    @property
    def anchor(self) -> str:
        return campaign_claim_anchor(self.campaign.id, self.claim.id)

    @property
    def page(self) -> str:
        return f"campaigns/{self.campaign.id}.md#claim-{self.claim.id}"

    @property
    def subject_title(self) -> str:
        return self.campaign.title


@dataclass(frozen=True)
class PointRow:
    series: Series
    point: Point
    source: Source

    @property
    def anchor(self) -> str:
        return point_anchor(self.series.id, self.point.period)

    @property
    def value(self) -> Figure:
        return parse_figure(self.point.value)


@dataclass(frozen=True)
class Claimant:
    """One claimant's page: their claims about incidents and their points in series."""

    slug: str
    claims: list[ClaimRow]  # claims it originated, about incidents and campaigns
    points: list[PointRow]
    declared: DeclaredClaimant | None = None  # its entry in claimants.yaml
    relayed: list[ClaimRow] = ()  # claims it only passed on (it is in their via chain)

    @property
    def incident_claims(self) -> list[ClaimRow]:
        return [r for r in self.claims if not isinstance(r, CampaignClaimRow)]

    @property
    def campaign_claims(self) -> list[ClaimRow]:
        return [r for r in self.claims if isinstance(r, CampaignClaimRow)]

    def _relay_names(self) -> list[tuple[str, str]]:
        """(name as written, type) of this party in the chains of the claims it relayed."""
        return [(link.name, link.type) for row in self.relayed for link in row.via if link.slug == self.slug]

    @property
    def name(self) -> str:
        if self.declared is not None:
            return self.declared.name
        if self.claims:
            return self.claims[0].claim.claimant
        return self.points[0].series.claimant if self.points else self._relay_names()[0][0]

    @property
    def spellings(self) -> list[str]:
        """The other names its claims use for it (declared aliases that occur), sorted."""
        used = {r.claim.claimant for r in self.claims} | {r.series.claimant for r in self.points}
        used |= {name for name, _ in self._relay_names()}
        return sorted(used - {self.name})

    @property
    def types(self) -> list[str]:
        found = {r.claim.claimant_type.value for r in self.claims} | {r.series.claimant_type.value for r in self.points}
        return sorted(found | {kind for _, kind in self._relay_names()})

    @property
    def count(self) -> int:
        return len(self.claims) + len(self.points)


@dataclass(frozen=True)
class Passage:
    """A quoted span of a stored text, with the anchor its claim links to."""

    start: int
    end: int
    anchor: str
    label: str
    href: str


def date_label(value: dt.date | str | None, precision: str = "day", messages=None) -> str:
    """A date at its precision: 2017-03-17, 'week of 2017-03-13', 2017-03, 2017; None -> unknown
    (the words are ``messages``', render/messages.py; English by default).

    A month-precision date is stored as the 1st of the month; showing it as 2017-03-01 would claim
    a precision the sources do not give."""
    say = (messages or default_messages()).get
    if value is None or value == "":
        return say("dates.unknown")
    iso = value if isinstance(value, str) else value.isoformat()
    if precision == "week":
        return say("dates.week_of", date=iso)
    return {"day": iso, "month": iso[:7], "year": iso[:4]}[precision]


def incident_date_label(incident: Incident, messages=None) -> str:
    """An incident's date as readers see it: at its precision if known; an unknown date says so,
    with its bounds ("unknown, on or before 2017-03-29"), never as a precise date."""
    if incident.date is not None:
        return date_label(incident.date, incident.date_precision.value if incident.date_precision else "day", messages)
    say = (messages or default_messages()).get
    after, by = incident.date_after, incident.date_by
    if after and by:
        return say("dates.between", after=after.isoformat(), by=by.isoformat())
    if by:
        return say("dates.on_or_before", by=by.isoformat())
    if after:
        return say("dates.on_or_after", after=after.isoformat())
    return say("dates.unknown")


def incident_sort_date(incident: Incident) -> dt.date | None:
    """The date an incident is sorted by: its date, else its latest possible day (date_by), else its
    earliest (date_after); None (sorted last) if nothing is known."""
    return incident.date or incident.date_by or incident.date_after


def claim_date_basis(claimed_on: dt.date | None, published: dt.date | None) -> str | None:
    """The one rule for dating a claim: its own date if curated, else its source's date, else unknown."""
    if claimed_on is not None:
        return "claimed"
    return "source" if published is not None else None


DATE_BASIS_LABELS = {basis: default_messages().get(f"definitions.date_basis.{basis}") for basis in ("claimed", "source")}


def sort_key_date(date: dt.date | None) -> str:
    return date.isoformat() if date else "9999"


class SiteView:
    """Indexes over a validated corpus, computed once and shared by every page."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.sources = {s.id: s for s in corpus.sources}
        self.incidents = {i.id: i for i in corpus.incidents}
        self.canonical = canonical_names(corpus.claimants)
        self.declared = {claimant_slug(c.name): c for c in corpus.claimants}

    def _names(self, claim: Claim) -> dict:
        return {"claimant_name": self.canonical.get(claim.claimant, ""),
                "relay_names": tuple(self.canonical.get(r.name, "") for r in claim.via)}  # fmt: skip

    @cached_property
    def claim_rows(self) -> list[ClaimRow]:
        return [
            ClaimRow(incident, claim, self.sources[claim.source], **self._names(claim))
            for incident in self.incidents_by_date
            for claim in incident.claims
        ]

    @cached_property
    def campaign_rows(self) -> list[CampaignClaimRow]:
        """Claims about campaigns and periods, campaigns in file order, claims in page order."""
        rows = [
            CampaignClaimRow(None, claim, self.sources[claim.source], **self._names(claim), campaign=campaign)
            for campaign in self.corpus.campaigns
            for claim in campaign.claims
        ]
        return sorted(rows, key=lambda r: ([c.id for c in self.corpus.campaigns].index(r.campaign.id),
                                           sort_key_date(r.date), r.claim.claimant, r.claim.id))  # fmt: skip

    def rows_for_campaign(self, campaign: Campaign) -> list[CampaignClaimRow]:
        return [row for row in self.campaign_rows if row.campaign.id == campaign.id]

    def campaigns_for_incident(self, incident: Incident) -> list[Campaign]:
        return [c for c in self.corpus.campaigns if incident.id in c.incidents]

    @cached_property
    def point_rows(self) -> list[PointRow]:
        return [PointRow(s, p, self.sources[p.source]) for s in self.corpus.series for p in s.points]

    @cached_property
    def incidents_by_date(self) -> list[Incident]:
        """Newest first, then by id: the order of every incident list on the site."""
        ordered = sorted(self.corpus.incidents, key=lambda i: i.id)
        ordered = sorted(ordered, key=lambda i: i.date is None)  # a known date before a bound on the same day
        ordered = sorted(ordered, key=lambda i: incident_sort_date(i) or dt.date.min, reverse=True)
        return sorted(ordered, key=lambda i: incident_sort_date(i) is None)  # nothing known: last

    def related(self, incident: Incident) -> list[Incident]:
        """The incidents linked with ``incident`` in either direction (one side naming the other is
        enough), in site order."""
        rank = self._date_rank
        return sorted((self.incidents[other] for other in self._related[incident.id]), key=lambda other: rank[other.id])

    @cached_property
    def _date_rank(self) -> dict[str, int]:
        """Each incident's place in ``incidents_by_date``."""
        return {incident.id: number for number, incident in enumerate(self.incidents_by_date)}

    @cached_property
    def _related(self) -> dict[str, set[str]]:
        links: dict[str, set[str]] = {i.id: set() for i in self.corpus.incidents}
        for incident in self.corpus.incidents:
            for other in incident.related:
                if other != incident.id and other in links:
                    links[incident.id].add(other)
                    links[other].add(incident.id)
        return links

    def rows_for_incident(self, incident: Incident) -> list[ClaimRow]:
        return sorted(
            self._by_incident[incident.id], key=lambda r: (sort_key_date(r.date), r.claim.claimant, r.claim.id))

    @cached_property
    def _by_incident(self) -> dict[str, list[ClaimRow]]:
        grouped: dict[str, list[ClaimRow]] = {i.id: [] for i in self.corpus.incidents}
        for row in self.claim_rows:
            grouped[row.incident.id].append(row)
        return grouped

    @cached_property
    def _by_source(self) -> dict[str, list[ClaimRow]]:
        grouped: dict[str, list[ClaimRow]] = {s.id: [] for s in self.corpus.sources}
        for row in [*self.claim_rows, *self.campaign_rows]:
            grouped[row.source.id].append(row)
        return grouped

    def rows_for_source(self, source: Source) -> list[ClaimRow]:
        return self._by_source[source.id]

    def points_for_source(self, source: Source) -> list[PointRow]:
        return self._points_by_source.get(source.id, [])

    @cached_property
    def _points_by_source(self) -> dict[str, list[PointRow]]:
        grouped: dict[str, list[PointRow]] = {}
        for row in self.point_rows:
            grouped.setdefault(row.source.id, []).append(row)
        return grouped

    def killed_spread(self, incident: Incident) -> Spread | None:
        """The headline range (``views.headline``): whole-toll figures, no reader comments."""
        return self.headline(incident).spread

    def headline(self, incident: Incident) -> Headline:
        return self._headlines[incident.id]

    @cached_property
    def _headlines(self) -> dict[str, Headline]:
        return {i.id: killed_headline(self.rows_for_incident(i)) for i in self.corpus.incidents}

    def headline_incidents(self, limit: int) -> list[Incident]:
        """Incidents where two or more claims give a death toll, those that diverge most first."""
        ranked = []
        for incident in self.incidents_by_date:
            spread = self.killed_spread(incident)
            if spread is not None and spread.count >= 2:
                ranked.append((-(spread.high - spread.low), -spread.count, incident.id, incident))
        return [entry[-1] for entry in sorted(ranked, key=lambda e: e[:3])[:limit]]

    @cached_property
    def claimants(self) -> dict[str, Claimant]:
        """Claimant slug -> everything they claimed: incident claims (newest incident first) and
        series points; sorted by slug."""
        claims: dict[str, list[ClaimRow]] = {}
        relayed: dict[str, list[ClaimRow]] = {}
        for row in [*self.claim_rows, *self.campaign_rows]:
            claims.setdefault(row.claimant_slug, []).append(row)
            for slug in dict.fromkeys(link.slug for link in row.via):
                relayed.setdefault(slug, []).append(row)
        points: dict[str, list[PointRow]] = {}
        for row in self.point_rows:
            points.setdefault(self.claimant_page(row.series.claimant), []).append(row)
        return {slug: Claimant(slug, claims.get(slug, []), points.get(slug, []), self.declared.get(slug),
                               relayed.get(slug, []))
                for slug in sorted({*claims, *points, *relayed})}  # fmt: skip

    def claimant_page(self, name: str) -> str:
        """The slug of the page listing claimant ``name`` (its declared name's, for an alias)."""
        return claimant_slug(self.canonical.get(name, name))

    @cached_property
    def _spans(self) -> dict[str, tuple[int, int] | None]:
        """Each claim's and point's quoted span in its source's stored text, by anchor, found once
        for every page and table that needs it (None: no stored text)."""
        spans: dict[str, tuple[int, int] | None] = {}
        for row in [*self.claim_rows, *self.campaign_rows, *self.point_rows]:
            text = self.corpus.texts.get(row.source.id)
            quote = row.claim.quote if isinstance(row, ClaimRow) else row.point.quote
            spans[row.anchor] = find_quote(text, quote) if text is not None else None
        return spans

    @cached_property
    def _comments_starts(self) -> dict[str, int | None]:
        return {
            source.id: comments_offset(self.corpus.texts[source.id], source.comments_start)
            if source.id in self.corpus.texts else None
            for source in self.corpus.sources
        }  # fmt: skip

    def passages(self, source: Source, prefix: str, messages=None) -> list[Passage]:
        """Every quoted span of ``source``'s stored text; ``prefix`` leads from its page to the site root;
        each labelled in ``messages``' words (render/messages.py; English by default)."""
        say = (messages or default_messages()).get
        found: list[Passage] = []
        for row in self.rows_for_source(source):
            span = self._spans[row.anchor]
            if span:
                chain = row.claim.claimant + "".join(say("words.via", name=relay.name) for relay in row.claim.via)
                label = say("words.passage", claim=chain, about=row.subject_title)
                page, anchor = row.page.split("#")
                href = f"{prefix}{page.removesuffix('.md')}/#{anchor}"
                found.append(Passage(span[0], span[1], row.anchor, label, href))
        for row in self.points_for_source(source):
            span = self._spans[row.anchor]
            if span:
                label = say("words.passage", claim=row.series.claimant, about=f"{row.series.title}, {row.point.period}")
                found.append(Passage(span[0], span[1], row.anchor, label, f"{prefix}data/#series-{row.series.id}"))
        return sorted(found, key=lambda p: (p.start, p.end, p.anchor))

    def in_comments(self, row: ClaimRow) -> bool:
        start, span = self._comments_starts[row.source.id], self._spans[row.anchor]
        return bool(start is not None and span and span[0] >= start)
