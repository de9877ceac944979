"""The headline rule: which claimed figures set an incident's "Killed, as claimed" range (pure).

One rule, used by the incident page's bottom line, the incidents index (and its sort), the home
page's headline comparisons, the cross-incident chart, the ``incidents.csv`` download and the
methodology page (which prints ``HEADLINE_EXCLUSIONS``): a figure enters the headline unless one of
the exclusions below applies. Excluded figures stay on the page, in the incident's chart and in the
downloads, marked with the reader-facing reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from build_scripts.model.figures import Figure, Spread, claimed_spread
from build_scripts.model.records import Claim, ClaimantType, ClaimScope
from build_scripts.render.messages import default_messages


@dataclass(frozen=True)
class Exclusion:
    key: str  # its sentence on the methodology page: definitions.headline_exclusions.<key> in the messages
    applies: Callable[[Claim], bool]

    @property
    def rule(self) -> str:
        return default_messages().get(f"definitions.headline_exclusions.{self.key}")


HEADLINE_EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion("partial", lambda claim: claim.scope == ClaimScope.partial),
    Exclusion("comment", lambda claim: claim.claimant_type == ClaimantType.reader_comment),
    Exclusion("relayed_by_comment", lambda claim: any(relay.type == ClaimantType.reader_comment for relay in claim.via)),
)


class HasKilled(Protocol):
    claim: Claim

    @property
    def killed(self) -> Figure | None: ...


def in_headline(claim: Claim) -> bool:
    """True if the claim's figure may set the incident's headline range."""
    return not any(exclusion.applies(claim) for exclusion in HEADLINE_EXCLUSIONS)


# Why a figure is kept out of the headline, by reason (pages read the words from render/messages/en.yaml,
# headline.aside.*, which a test keeps equal to these; charts and downloads use these)
ASIDE_WORDS = {"partial_counts": "counts only {counts}", "partial": "counts only part of the dead",
               "comment": "a reader comment", "relayed_by_comment": "relayed by a reader comment",
               "other": "kept out of the headline"}  # fmt: skip


def aside_kind(claim: Claim) -> str | None:
    """Why a figure is kept out of the headline, as a key of ASIDE_WORDS (None: it is in)."""
    if claim.scope == ClaimScope.partial:
        return "partial_counts" if claim.counts else "partial"
    if claim.claimant_type == ClaimantType.reader_comment:
        return "comment"
    if any(relay.type == ClaimantType.reader_comment for relay in claim.via):
        return "relayed_by_comment"
    return None if in_headline(claim) else "other"


def aside_reason(claim: Claim) -> str | None:
    """Why a figure is kept out of the headline, in a reader's words (None: it is in)."""
    kind = aside_kind(claim)
    return None if kind is None else ASIDE_WORDS[kind].format(counts=claim.counts)


def _low(figure: Figure) -> int | None:
    return figure.min if figure.min is not None else figure.max


@dataclass(frozen=True)
class Headline:
    """An incident's headline range for people killed and the rows behind it.

    ``spread`` comes only from ``counted`` (whole-toll figures by claimants who are not reader
    comments); ``lowest``/``highest`` are the rows that give its ends; ``aside`` are the figures kept
    out, each still shown. ``spread`` is None when no figure qualifies."""

    spread: Spread | None
    counted: tuple
    lowest: tuple
    highest: tuple
    aside: tuple


def killed_headline(rows: Sequence[HasKilled]) -> Headline:
    """The headline of one incident's claim rows (in page order); never a sum or an average."""
    with_figure = [row for row in rows if row.killed is not None]
    counted = tuple(row for row in with_figure if in_headline(row.claim))
    aside = tuple(row for row in with_figure if not in_headline(row.claim))
    spread = claimed_spread([row.killed for row in counted])
    if spread is None:
        return Headline(None, counted, (), (), aside)
    lowest = tuple(row for row in counted if _low(row.killed) == spread.low)
    if spread.open_high:
        highest = tuple(row for row in counted if row.killed.max is None and row.killed.min == spread.high)
    else:
        highest = tuple(row for row in counted if row.killed.max == spread.high)
    return Headline(spread, counted, lowest, highest, aside)


def _words(row: HasKilled, say) -> str:
    figure = row.killed
    return f"{figure.min:,}" if figure.exact else say("figures.as_written", text=row.claim.killed)


def range_words(headline: Headline, messages=None) -> str:
    """The headline range for readers, each end as its claimant wrote it unless exact, so that open
    bounds stay open: "140 to “over 200”", "“around 40”", "26"; "" when no figure qualifies."""
    if headline.spread is None:
        return ""
    say = (messages or default_messages()).get
    low, high = _words(headline.lowest[0], say), _words(headline.highest[0], say)
    return low if low == high else say("figures.low_to_high", low=low, high=high)
