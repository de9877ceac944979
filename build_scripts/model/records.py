"""Typed records read from the YAML files (pydantic v2, extra="forbid": a misspelt key is an error)."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Optional

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
)

from build_scripts.model.figures import parse_figure
from build_scripts.problems import Invalid
from build_scripts.render.messages import default_messages  # a leaf: PyYAML and views.language only

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PERIOD_PATTERN = re.compile(r"^(\d{4})-(\d{2})(?:/(\d{4})-(\d{2}))?$")

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]


_URL_FORBIDDEN = re.compile(r'["<>\\^`{|}]|%(?![0-9A-Fa-f]{2})|^https?://[^/]*/.*[\[\]]')


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        raise Invalid(f"{value!r} is not an http(s) address", "write the full address, starting with https:// or http://")
    bad = _URL_FORBIDDEN.search(value)
    if bad:
        raise Invalid(
            f"{value!r} contains {bad.group()[-1]!r}, which is not allowed in an address",
            "copy the address from the browser's address bar (it percent-encodes such characters)",
        )
    return value


def _check_figure(value: str) -> str:
    parse_figure(value)  # raises FigureError, an Invalid with its hint
    return value


def _not_future(value: Optional[dt.date], info: ValidationInfo) -> Optional[dt.date]:
    today = (info.context or {}).get("today")
    if value is not None and today is not None and value > today:
        raise Invalid(f"date {value.isoformat()} is in the future", "check the year; only what has already happened or been said can be recorded")
    return value


Url = Annotated[str, AfterValidator(_check_url)]
FigureText = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_check_figure)]
PastDate = Annotated[dt.date, AfterValidator(_not_future)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class SourceKind(str, Enum):
    news = "news"
    opinion = "opinion"
    ngo_report = "ngo-report"
    un_report = "un-report"
    official_statement = "official-statement"
    social_media = "social-media"
    other = "other"


class ClaimantType(str, Enum):
    un = "un"
    ngo = "ngo"
    monitor = "monitor"
    government = "government"
    military = "military"
    local_official = "local-official"
    media = "media"
    witness = "witness"
    armed_group = "armed-group"
    reader_comment = "reader-comment"


class ClaimScope(str, Enum):
    """What a claimed figure counts: the whole incident's toll, or only part of it (``counts`` says which)."""

    incident = "incident"
    partial = "partial"


CLAIMANT_TYPE_DEFINITIONS: dict[str, str] = {
    "un": "A United Nations body or official, such as the UN human rights office.",
    "ngo": "A non-governmental organisation, such as a human rights group.",
    "monitor": "A group that counts casualties over time, such as a war monitor.",
    "government": "A government, a ministry or their spokespeople.",
    "military": "An armed force or a military coalition, or its spokespeople.",
    "local-official": "An official of a town, a city or a province, such as a council member.",
    "media": "The publication itself, in its own voice (not someone it quotes).",
    "witness": "Residents, survivors, relatives or local activists.",
    "armed-group": "A non-state armed group, or its media outlets and statements.",
    "reader-comment": "A reader's comment below an article: not the publisher's claim.",
}



def _definitions(group: str, keys: tuple[str, ...]) -> dict[str, str]:
    """Definitions worded in the messages file (English: the model's own, for CONTRIBUTING and hints)."""
    return {key: default_messages().get(f"definitions.{group}.{key}") for key in keys}


class Grading(str, Enum):
    confirmed = "confirmed"
    fair = "fair"
    weak = "weak"
    contested = "contested"
    discounted = "discounted"


# The gradings' definitions, in the interface's words (render/messages/en.yaml: definitions.grading)
GRADING_DEFINITIONS: dict[str, str] = _definitions("grading", ("confirmed", "fair", "weak", "contested", "discounted"))


class DatePrecision(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class Source(Record):
    id: Slug
    title: Optional[Text] = None
    label: Optional[Text] = None  # a curator's description for a source whose text gives no title
    publisher: Optional[Text] = None
    author: Optional[Text] = None
    published: Optional[PastDate] = None
    url: Optional[Url] = None
    archive_url: Optional[Url] = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    kind: SourceKind
    text: Optional[Annotated[str, StringConstraints(pattern=r"^documents/[A-Za-z0-9._-]+\.txt$")]] = None
    sha256: Optional[Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]] = None
    comments_start: Optional[Annotated[int, Field(ge=1)]] = None
    notes: Optional[LongText] = None


COORDINATE_PRECISIONS = ("exact", "neighbourhood", "town", "district", "province")


class Coordinates(Record):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    precision: Annotated[str, StringConstraints(pattern=rf"^({'|'.join(COORDINATE_PRECISIONS)})$")]


# In the JSON Schema too: a partial figure says what it counts; a whole-toll figure has no counts.
_SCOPE_RULE = {
    "if": {"properties": {"scope": {"const": "partial"}}, "required": ["scope"]},
    "then": {"required": ["counts"], "properties": {"counts": {"type": "string"}}},
    "else": {"not": {"required": ["counts"]}},
}


class Relay(Record):
    """One party that passed a claim on between its originator and the stored source."""

    name: Text
    type: ClaimantType


class Claim(Record):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, json_schema_extra=_SCOPE_RULE)

    id: Slug
    source: Slug
    claimant: Text  # the claim's originator: who said it first, as far as the source tells
    claimant_type: ClaimantType
    # the relays between the originator and the stored source, in order (the originator's first
    # hearer first): "civil defence force, via the Iraqi Observatory for Human Rights, via Informed Comment"
    via: list[Relay] = Field(default_factory=list)
    claimed_on: Optional[PastDate] = None
    claimed_on_precision: Optional[DatePrecision] = None  # how much of claimed_on is known; day if omitted
    claimed_on_note: Optional[Text] = None  # how claimed_on is known, when it is inferred; shown beside it
    killed: Optional[FigureText] = None
    injured: Optional[FigureText] = None
    scope: ClaimScope = ClaimScope.incident
    counts: Optional[Text] = None  # required when scope is partial: what the figure counts
    responsibility: Optional[Text] = None
    blames: list[Text] = Field(default_factory=list)  # short names of the parties blamed, e.g. [ISIS]
    # what the claimant says, in a few words, when it is neither a figure nor blame (an
    # acknowledgement, a denial, a criticism, a tactic alleged)
    statement: Optional[Text] = None
    quote: LongText
    notes: Optional[LongText] = None


class ChangeKind(str, Enum):
    published = "published"
    claim_added = "claim-added"
    figure_corrected = "figure-corrected"
    regraded = "regraded"
    merged = "merged"
    withdrawn = "withdrawn"


# What each kind of change records (render/messages/en.yaml: definitions.changes)
CHANGE_DEFINITIONS: dict[str, str] = _definitions(
    "changes", ("published", "claim-added", "figure-corrected", "regraded", "merged", "withdrawn"))


class Change(Record):
    """One dated, public change to an incident: its history is the corrections log readers see."""

    date: PastDate
    kind: ChangeKind
    note: Text
    claim: Optional[Slug] = None
    regraded_from: Optional[Grading] = None
    regraded_to: Optional[Grading] = None
    merged: list[Slug] = Field(default_factory=list)


# In the JSON Schema too: a known date has its precision and no bounds; an unknown one may have them.
_DATE_RULE = {
    "if": {"properties": {"date": {"type": "string"}}, "required": ["date"]},
    "then": {"required": ["date_precision"], "not": {"anyOf": [{"required": ["date_by"]}, {"required": ["date_after"]}]}},
}


class Incident(Record):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, json_schema_extra=_DATE_RULE)

    id: Slug
    title: Text
    date: Optional[PastDate]  # null: unknown (say what is known with date_by, date_after and date_note)
    date_precision: Optional[DatePrecision] = None  # required with a date
    date_by: Optional[PastDate] = None  # an unknown date's latest possible day: on or before
    date_after: Optional[PastDate] = None  # an unknown date's earliest possible day: on or after
    date_note: Optional[Text] = None  # how the date is known (or why it is not), shown beside it
    place: Text
    place_note: Optional[Text] = None  # how the place is known, when it is inferred; shown beside it
    country: Text
    coordinates: Optional[Coordinates] = None
    belligerents: list[Text] = Field(default_factory=list)
    grading: Grading
    summary: LongText
    related: list[Slug] = Field(default_factory=list)
    claims: list[Claim] = Field(min_length=1)
    notes: Optional[LongText] = None
    history: list[Change] = Field(default_factory=list)


def _check_period(value: str) -> str:
    match = PERIOD_PATTERN.match(value)
    if not match:
        raise Invalid(f"period {value!r} is not YYYY-MM or YYYY-MM/YYYY-MM", "write a month as 2017-03, or a range of months as 2014-09/2017-02")
    y1, m1, y2, m2 = match.groups()
    months = [(int(y1), int(m1))] + ([(int(y2), int(m2))] if y2 else [])
    if any(not 1 <= m <= 12 for _, m in months):
        raise Invalid(f"period {value!r} has a month outside 01-12", "write the month as two digits from 01 to 12")
    if len(months) == 2 and months[1] <= months[0]:
        raise Invalid(f"period {value!r} ends before it starts", "write the earlier month first")
    return value


class PointKind(str, Enum):
    count = "count"
    average_per_month = "average-per-month"


class Point(Record):
    period: Annotated[str, AfterValidator(_check_period)]
    value: FigureText
    kind: PointKind
    breakdown: dict[Slug, FigureText] = Field(default_factory=dict)
    source: Slug
    quote: LongText
    notes: Optional[LongText] = None

    @property
    def start(self) -> str:
        return self.period.split("/")[0]

    @property
    def end(self) -> str:
        return self.period.split("/")[-1]


class Series(Record):
    id: Slug
    title: Text
    claimant: Text  # who reported the series first (its originator)
    claimant_type: ClaimantType
    via: list[Relay] = Field(default_factory=list)  # who passed it on to the stored sources, in order
    unit: Text
    period_note: Optional[Text] = None  # how its periods are known (an inferred year), shown beside them
    notes: Optional[LongText] = None
    points: list[Point] = Field(min_length=1)


PERIOD_UNKNOWN = "unknown"


def _check_campaign_period(value: str) -> str:
    if value == PERIOD_UNKNOWN or PERIOD_PATTERN.match(value):
        return value if value == PERIOD_UNKNOWN else _check_period(value)
    raise Invalid(f"period {value!r} is not YYYY-MM, YYYY-MM/YYYY-MM or unknown",
                  "write a month as 2017-03, a range of months as 2014-09/2017-02, or unknown (say what is known in period_note)")


class Campaign(Record):
    """Claims about a campaign or a period rather than one incident (seeds/campaigns.yaml)."""

    id: Slug
    title: Text
    period: Annotated[str, AfterValidator(_check_campaign_period)]  # 2017-03, 2014-09/2017-02, or unknown
    period_note: Optional[Text] = None  # how the period is known, shown beside it
    country: Text
    summary: LongText
    incidents: list[Slug] = Field(default_factory=list)  # incidents the campaign takes in (both pages link)
    series: list[Slug] = Field(default_factory=list)  # series that count over the campaign (linked from its page)
    related: list[Slug] = Field(default_factory=list)  # other campaigns (both pages link)
    claims: list[Claim] = Field(min_length=1)
    notes: Optional[LongText] = None


class DeclaredClaimant(Record):
    """One claimant as the site names it, with the other spellings sources use for it (aliases):
    claims naming any of them are listed on this claimant's page."""

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    type: Optional[ClaimantType] = None
    description: Optional[LongText] = None


class Corpus(BaseModel):
    """Everything the site is built from, validated; ``texts`` maps a source id to its stored text."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    sources: list[Source]
    incidents: list[Incident]
    series: list[Series]
    texts: dict[str, str]
    redirects: list[Redirect] = Field(default_factory=list)
    claimants: list[DeclaredClaimant] = Field(default_factory=list)
    campaigns: list[Campaign] = Field(default_factory=list)

    def canonical_claimant(self, name: str) -> str:
        """The declared name of the claimant ``name`` is an alias of (``name`` itself otherwise)."""
        return canonical_names(self.claimants).get(name, name)


def canonical_names(claimants: list[DeclaredClaimant]) -> dict[str, str]:
    """Each declared alias (and name) -> the declared name."""
    return {alias: c.name for c in claimants for alias in [c.name, *c.aliases]}


class RedirectKind(str, Enum):
    incident = "incident"
    source = "source"


class Redirect(Record):
    """An id that was published and then renamed or merged: its old URL leads to the new record."""

    kind: RedirectKind
    old_id: Slug
    new_id: Slug
    reason: Optional[Text] = None
