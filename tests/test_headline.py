"""The headline rule (views/headline.py): only whole-toll figures by claimants who are not reader
comments set an incident's "Killed, as claimed" range; open bounds stay open; every other figure
stays on the page and in the downloads, marked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import pytest

from build_scripts.checks.validate import check_corpus
from build_scripts.model.figures import Figure, parse_figure
from build_scripts.model.records import Claim, Relay
from build_scripts.views.headline import HEADLINE_EXCLUSIONS, aside_reason, in_headline, killed_headline, range_words
from build_scripts.views.site import SiteView
from build_scripts.views.tables import build_tables
from tests.conftest import SEEDS, TINY_INCIDENTS, write_corpus

AL_JADIDA = "2017-03-17-mosul-al-jadida"


@dataclass(frozen=True)
class Row:
    claim: Claim

    @property
    def killed(self) -> Figure | None:
        return parse_figure(self.claim.killed) if self.claim.killed else None


def row(claim_id: str, killed: str | None, claimant_type: str = "media", **extra: str) -> Row:
    return Row(Claim(id=claim_id, source="s", claimant=claim_id.title(), claimant_type=claimant_type,
                     killed=killed, responsibility=None if killed else "someone", quote="q", **extra))  # fmt: skip


def test_partial_and_reader_comment_figures_do_not_set_the_range() -> None:
    rows = [
        row("un", "140", "un"),
        row("paper", "200"),
        row("resident", "more than a dozen", "witness", scope="partial", counts="his own family members"),
        row("commenter", "scores", "reader-comment"),
        row("khaleej", "over 200"),
        row("blame-only", None, "government"),
    ]
    headline = killed_headline(rows)
    assert (headline.spread.low, headline.spread.high, headline.spread.open_high) == (140, 201, True)
    assert headline.spread.display() == "140–201+"
    assert [r.claim.id for r in headline.counted] == ["un", "paper", "khaleej"]
    assert [r.claim.id for r in headline.aside] == ["resident", "commenter"]
    assert [r.claim.id for r in headline.lowest] == ["un"]
    assert [r.claim.id for r in headline.highest] == ["khaleej"]
    assert range_words(headline) == "140 to “over 200”"


def test_an_open_upper_bound_stays_open_and_a_closed_one_closed() -> None:
    closed = killed_headline([row("a", "105-141"), row("b", "nearly 400")])
    assert (closed.spread.low, closed.spread.high, closed.spread.open_high) == (105, 400, False)
    assert range_words(closed) == "“105-141” to “nearly 400”"
    only_open = killed_headline([row("a", "dozens", "ngo")])
    assert (only_open.spread.low, only_open.spread.high, only_open.spread.open_high) == (24, 24, True)
    assert only_open.spread.display() == "24+"
    assert range_words(only_open) == "“dozens”"
    exact = killed_headline([row("a", "26")])
    assert range_words(exact) == "26" and not exact.spread.open_high


def test_no_qualifying_figure_means_no_headline_but_the_figures_stay_aside() -> None:
    headline = killed_headline([row("comment", "26", "reader-comment")])
    assert headline.spread is None and range_words(headline) == ""
    assert [r.claim.id for r in headline.aside] == ["comment"]
    assert aside_reason(headline.aside[0].claim) == "a reader comment"


def test_aside_reasons_are_in_readers_words_and_match_the_rule() -> None:
    partial = row("resident", "13", "witness", scope="partial", counts="his own family members").claim
    assert aside_reason(partial) == "counts only his own family members"
    assert not in_headline(partial)
    assert in_headline(row("un", "140", "un").claim) and aside_reason(row("un", "140", "un").claim) is None
    assert len(HEADLINE_EXCLUSIONS) == 3  # the methodology page prints each rule


def test_a_figure_relayed_by_a_reader_comment_stays_out_of_the_headline() -> None:
    relayed = Claim(id="officials", source="s", claimant="US officials", claimant_type="government", killed="scores",
                    via=[Relay(name="New York Times", type="media"), Relay(name="Reader comment 4", type="reader-comment")],
                    quote="q")  # fmt: skip
    assert not in_headline(relayed) and aside_reason(relayed) == "relayed by a reader comment"
    by_media = relayed.model_copy(update={"via": [Relay(name="New York Times", type="media")]})
    assert in_headline(by_media) and aside_reason(by_media) is None


@pytest.fixture(scope="module")
def seeds_view() -> SiteView:
    corpus, problems = check_corpus(SEEDS, dt.date.today())
    assert problems == [], [p.format() for p in problems]
    return SiteView(corpus)


def test_al_jadida_headline_comes_from_the_140_200_and_over_200_claims(seeds_view: SiteView) -> None:
    headline = seeds_view.headline(seeds_view.incidents[AL_JADIDA])
    assert sorted(r.claim.killed for r in headline.counted) == ["140", "200", "over 200"]
    assert headline.spread.display() == "140–201+"
    assert {r.claim.killed for r in headline.aside} == {"more than a dozen", "13", "dozens", "scores"}


def test_the_downloads_carry_scope_and_the_headline(seeds_view: SiteView) -> None:
    tables = build_tables(seeds_view)
    incident = tables.incidents.set_index("id").loc[AL_JADIDA]
    assert (incident["killed_low"], incident["killed_high"], bool(incident["killed_high_open"])) == (140, 201, True)
    assert (incident["killed_claims"], incident["killed_claims_aside"]) == (3, 4)
    claims = tables.claims[tables.claims["incident_id"] == AL_JADIDA].set_index("claim_id")
    family = "s001-abdullah-family-more-than-a-dozen"
    assert claims.loc[family, "scope"] == "partial" and "Bashar Abdullah's family" in claims.loc[family, "counts"]
    assert not claims.loc[family, "in_headline"] and not claims.loc["reader-comment-4", "in_headline"]
    assert claims.loc["reader-comment-4", "via"] == "New York Times; Reader comment 4 on Informed Comment"
    assert claims.loc["reader-comment-4", "via_types"] == "media; reader-comment"
    assert claims.loc["un-ohchr", "in_headline"] and claims.loc["un-ohchr", "scope"] == "incident"
    assert claims.loc["townsend", "in_headline"] is pd.NA  # no killed figure: neither in nor out


def test_the_headline_rule_orders_the_index_and_the_home_comparisons(seeds_view: SiteView) -> None:
    # Mahatta's only figure is a reader comment: it has no headline, so it cannot rank on the home page.
    ranked = [i.id for i in seeds_view.headline_incidents(10)]
    assert "2017-03-14-mosul-mahatta" not in ranked
    assert seeds_view.killed_spread(seeds_view.incidents["2017-03-14-mosul-mahatta"]) is None


PARTIAL_NO_COUNTS = TINY_INCIDENTS.replace('      killed: "about 20"\n', '      killed: "about 20"\n      scope: partial\n')
COUNTS_ON_INCIDENT = TINY_INCIDENTS.replace('      killed: "about 20"\n', '      killed: "about 20"\n      counts: residents\n')


@pytest.mark.parametrize(("text", "expected"), [
    (PARTIAL_NO_COUNTS, "incidents.yaml:24:14: claim '2020-01-04-market-strike/residents' has scope 'partial' but no counts"),
    (COUNTS_ON_INCIDENT, "incidents.yaml:24:7: claim '2020-01-04-market-strike/residents' has counts but its scope is "
                         "'incident' (the whole toll)"),
])  # fmt: skip
def test_scope_and_counts_go_together_with_a_located_error(tmp_path, text: str, expected: str) -> None:
    seeds = write_corpus(tmp_path / "seeds", incidents=text)
    corpus, problems = check_corpus(seeds, dt.date(2026, 1, 1))
    assert corpus is None
    assert [p.format().split(" — ")[0].split("seeds/")[-1] for p in problems] == [expected]
