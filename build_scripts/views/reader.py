"""What a reader sees first: names and words for records, and an incident's bottom line (pure).

Reader-facing text never shows an internal identifier: a source without a title is named by its
curator's label in brackets, claimant types read as words, and counts agree with their nouns.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.model.records import Incident, Source
from build_scripts.render.messages import default_messages
from build_scripts.views.headline import Headline, aside_reason, range_words

# The charts' words for claimant types (pages read them from render/messages/en.yaml, which a test
# keeps equal to these)
TYPE_WORDS = {
    "un": "UN body", "ngo": "NGO", "monitor": "monitor", "government": "government", "military": "military",
    "local-official": "local official", "media": "media", "witness": "witness or local account",
    "armed-group": "armed group", "reader-comment": "reader comment",
}  # fmt: skip
UNNAMED_PARTY = None  # the line of claims that blame no one party (its words: incident.unnamed_party)
QUOTE_MARKS = "\"'“”‘’«»„‚"
FOLD_CHARS = 320  # quotes longer than this fold, their opening shown


def type_words(value: str) -> str:
    return TYPE_WORDS.get(value, value)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 claim', '5 claims', '1 family member', '2 parties'."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def source_name(source: Source, messages=None) -> str:
    """A source as readers see it named: its title, else its curator's label in brackets (the words
    are ``messages``', render/messages.py; English by default)."""
    if source.title:
        return source.title
    say = (messages or default_messages()).get
    return say("words.label", label=source.label) if source.label else say("words.label", label=say("descriptions.untitled"))


def is_quoted(text: str) -> bool:
    """True if the quote itself begins with a quotation mark (it is not wrapped in a second pair)."""
    return text.lstrip()[:1] in QUOTE_MARKS


def fold_opening(text: str) -> str:
    """The opening of a long quote, cut at a word, for its folded summary."""
    cut = text[:FOLD_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


@dataclass(frozen=True)
class BlameLine:
    party: str | None  # None: no single party named
    rows: tuple  # ClaimRows, page order


@dataclass(frozen=True)
class BottomLine:
    headline: Headline
    range_words: str
    claims: int
    claimants: int
    sources: int
    blames: tuple[BlameLine, ...]
    injured: tuple  # rows with an injured figure

    def aside_reason(self, row) -> str | None:
        return aside_reason(row.claim)


def blame_lines(rows) -> tuple[BlameLine, ...]:
    """One line per party blamed (most claims first, then by name), each with the claims blaming
    it; claims that blame no one party come last."""
    groups: dict[str, list] = {}
    for row in rows:
        if row.claim.responsibility is None:
            continue
        for party in row.claim.blames or [UNNAMED_PARTY]:
            groups.setdefault(party, []).append(row)
    named = sorted((p for p in groups if p != UNNAMED_PARTY), key=lambda p: (-len(groups[p]), p.lower()))
    order = named + ([UNNAMED_PARTY] if UNNAMED_PARTY in groups else [])
    return tuple(BlameLine(party, tuple(groups[party])) for party in order)


def bottom_line(incident: Incident, rows, headline: Headline) -> BottomLine:
    return BottomLine(
        headline=headline,
        range_words=range_words(headline),
        claims=len(rows),
        claimants=len({row.claimant_slug for row in rows}),
        sources=len({row.source.id for row in rows}),
        blames=blame_lines(rows),
        injured=tuple(row for row in rows if row.injured is not None),
    )
