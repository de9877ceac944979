"""How accounts change: a claim's date (its own, else its source's, at its precision), the claims
timeline, the incident history (checked: every mistake located, with a fix) and the feeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import pandas as pd
import pytest

from build_scripts import pipeline
from build_scripts.checks.validate import check_corpus
from build_scripts.render import feeds, timeline
from build_scripts.views.changes import incident_changes, site_changes
from build_scripts.views.site import SiteView
from build_scripts.views.tables import build_tables
from tests.conftest import TINY_INCIDENTS, write_corpus

TODAY = dt.date(2024, 6, 1)

HISTORY = """\
  history:
    - date: 2020-01-06
      kind: published
      note: First published.
    - date: 2020-02-01
      kind: regraded
      regraded_from: weak
      regraded_to: contested
      note: A second account disagrees.
    - date: 2020-02-01
      kind: figure-corrected
      claim: residents
      note: The residents' figure was "about 20", not "20".
"""


def incidents_with(history: str = HISTORY, claims_extra: str = "") -> str:
    text = TINY_INCIDENTS.replace("  claims:\n", history + "  claims:\n", 1)
    return text.replace("      claimant_type: witness\n", "      claimant_type: witness\n" + claims_extra, 1)


def checked(tmp_path: Path, incidents: str, redirects: str | None = None):
    seeds = write_corpus(tmp_path / "seeds", incidents=incidents)
    if redirects is not None:
        (seeds / "redirects.yaml").write_text(redirects, encoding="utf-8")
    return check_corpus(seeds, TODAY)


def messages(problems) -> list[str]:
    return [p.format().split(": ", 1)[1] for p in problems]


# --- the date of a claim ------------------------------------------------------------------


def test_claim_date_is_its_own_else_its_sources_with_the_basis_said(tmp_path: Path) -> None:
    extra = "      claimed_on: 2020-01-03\n      claimed_on_precision: month\n"
    corpus, problems = checked(tmp_path, incidents_with("", extra))
    assert problems == []
    rows = {r.claim.id: r for r in SiteView(corpus).claim_rows}
    assert (rows["ministry"].date, rows["ministry"].date_basis, rows["ministry"].date_precision) == (
        dt.date(2020, 1, 5), "source", "day")
    assert (rows["residents"].date, rows["residents"].date_basis, rows["residents"].date_precision) == (
        dt.date(2020, 1, 3), "claimed", "month")
    claims = build_tables(SiteView(corpus)).claims.set_index("claim_id")
    assert claims.loc["residents", "date_basis"] == "claimed" and claims.loc["residents", "date_precision"] == "month"
    assert claims.loc["ministry", "date_basis"] == "source"


def test_undated_claims_are_listed_never_placed(tmp_path: Path) -> None:
    corpus, problems = checked(tmp_path, incidents_with(""))
    assert problems == []
    claims = build_tables(SiteView(corpus)).claims
    claims.loc[claims["claim_id"] == "residents", "date"] = None
    marks, undated = timeline.timeline_marks(claims)
    assert [mark["claim_id"] for mark in marks] == ["ministry"]
    assert undated == ["Residents (“about 20”)"]


def test_a_month_precise_claim_is_drawn_across_its_month_and_open_bounds_stay_open(tmp_path: Path) -> None:
    extra = "      claimed_on: 2020-01-01\n      claimed_on_precision: month\n"
    corpus, _ = checked(tmp_path, incidents_with("", extra))
    marks, _ = timeline.timeline_marks(build_tables(SiteView(corpus)).claims)
    by_id = pd.DataFrame(marks).set_index("claim_id")
    assert (by_id.loc["residents", "start"], by_id.loc["residents", "end"]) == ("2020-01-01", "2020-02-01")
    assert by_id.loc["residents", "spanned"] and by_id.loc["residents", "when"] == "2020-01"
    assert not by_id.loc["ministry", "spanned"]
    assert by_id.loc["ministry", "open"] and by_id.loc["ministry", "shape"] == "open above"  # "at least 12"
    assert by_id.loc["ministry", "href"] == "#claim-ministry"


@pytest.mark.parametrize(("precision", "end"), [("day", "2020-03-02"), ("week", "2020-03-08"),
                                                ("month", "2020-04-01"), ("year", "2021-01-01")])  # fmt: skip
def test_period_end(precision: str, end: str) -> None:
    assert timeline.period_end(dt.date(2020, 3, 1), precision).isoformat() == end


def test_precision_without_a_date_is_refused(tmp_path: Path) -> None:
    _, problems = checked(tmp_path, incidents_with("", "      claimed_on_precision: month\n"))
    assert [p.format() for p in problems] == [
        f"{tmp_path / 'seeds' / 'incidents.yaml'}:23:7: claim '2020-01-04-market-strike/residents' has "
        "claimed_on_precision but no claimed_on — give claimed_on (the first day of the week, month or year "
        "it is known to), or remove the precision"]


# --- the history ---------------------------------------------------------------------------


def test_a_valid_history_becomes_rows_with_stable_keys(tmp_path: Path) -> None:
    corpus, problems = checked(tmp_path, incidents_with())
    assert problems == []
    rows = incident_changes(corpus.incidents[0])
    assert [r.key for r in rows] == ["2020-01-04-market-strike/2020-01-06/published/1",
                                     "2020-01-04-market-strike/2020-02-01/regraded/1",
                                     "2020-01-04-market-strike/2020-02-01/figure-corrected/1"]  # fmt: skip
    assert [r.change.kind.value for r in site_changes(corpus)] == ["figure-corrected", "regraded", "published"]


BROKEN = [
    ("dates out of order", HISTORY.replace("2020-01-06", "2020-03-01"),
     ["16:13: incident '2020-01-04-market-strike' history: entry 2 (2020-02-01) is dated before the entry above it (2020-03-01) — list the history oldest first"]),
    ("in the future", HISTORY.replace("2020-02-01", "2030-02-01"),
     ["16:13: 'date': date 2030-02-01 is in the future — check the year; only what has already happened or been said can be recorded",
      "21:13: 'date': date 2030-02-01 is in the future — check the year; only what has already happened or been said can be recorded"]),
    ("before the incident", HISTORY.replace("2020-01-06", "2019-12-01"),
     ["13:13: incident '2020-01-04-market-strike' history: entry 1 (2019-12-01) is dated before the incident itself (2020-01-04) — check the year: a change to the page cannot precede the event"]),
    ("final grading differs", HISTORY.replace("regraded_to: contested", "regraded_to: fair"),
     ["19:20: incident '2020-01-04-market-strike' history: the last re-grading is to 'fair', but the incident is graded 'contested' — record a re-grading to the current grading, or correct the grading"]),
    ("regrading without from", HISTORY.replace("      regraded_from: weak\n", ""),
     ["16:7: incident '2020-01-04-market-strike' history: a 'regraded' entry needs 'regraded_from' — add 'regraded_from:' with a grading"]),
    ("unknown claim", HISTORY.replace("claim: residents", "claim: resident"),
     ["23:14: incident '2020-01-04-market-strike' history: names unknown claim 'resident' — use one of: ministry, residents"]),
    ("published twice", HISTORY.replace("kind: figure-corrected\n      claim: residents", "kind: published"),
     ["22:13: incident '2020-01-04-market-strike' history: 'published' must be the first entry, and only once — move it to the top or remove it"]),
    ("unknown kind", HISTORY.replace("kind: published", "kind: corrected"),
     ["14:13: 'kind' 'corrected' is not allowed — use one of: 'published', 'claim-added', 'figure-corrected', 'regraded', 'merged' or 'withdrawn'"]),
    ("merge without redirect", HISTORY + "    - date: 2020-03-01\n      kind: merged\n      merged: [2020-01-04-old-strike]\n      note: Two records were one strike.\n",
     ["27:15: incident '2020-01-04-market-strike' history: merged incident '2020-01-04-old-strike' has no redirect to '2020-01-04-market-strike' — add to redirects.yaml: {kind: incident, old_id: 2020-01-04-old-strike, new_id: 2020-01-04-market-strike}"]),
]  # fmt: skip


@pytest.mark.parametrize(("history", "expected"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_history_mistakes_are_located_with_a_fix(tmp_path: Path, history: str, expected: list[str]) -> None:
    corpus, problems = checked(tmp_path, incidents_with(history))
    assert corpus is None
    where = str(tmp_path / "seeds" / "incidents.yaml")
    assert [p.format() for p in problems] == [f"{where}:{line}" for line in expected]


def test_a_merge_with_its_redirect_is_accepted(tmp_path: Path) -> None:
    history = HISTORY + "    - date: 2020-03-01\n      kind: merged\n      merged: [2020-01-04-old-strike]\n      note: Two records were one strike.\n"
    redirects = "- kind: incident\n  old_id: 2020-01-04-old-strike\n  new_id: 2020-01-04-market-strike\n"
    corpus, problems = checked(tmp_path, incidents_with(history), redirects)
    assert problems == [] and corpus is not None


# --- the feeds -----------------------------------------------------------------------------


def test_atom_feed_parses_with_one_entry_per_change_and_stable_ids(tmp_path: Path) -> None:
    corpus, _ = checked(tmp_path, incidents_with())
    rows = site_changes(corpus)
    first = feeds.render_atom(rows, "Site <&> name", "https://example.org/", None)
    assert first == feeds.render_atom(site_changes(corpus), "Site <&> name", "https://example.org/", None)
    parsed = feedparser.parse(first)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Site <&> name: changes"
    assert len(parsed.entries) == len(rows) == 3
    assert len({e.id for e in parsed.entries}) == 3
    assert parsed.feed.updated == "2020-02-01T00:00:00Z"  # the newest change, not the build clock
    links = {e.link for e in parsed.entries}
    assert "https://example.org/incidents/2020-01-04-market-strike/#change-2020-01-06-published-1" in links
    regraded = next(e for e in parsed.entries if "re-graded" in e.title.lower())
    assert regraded.title == "Strike on the market: Re-graded from weak to contested"


def test_entry_ids_survive_an_appended_change(tmp_path: Path) -> None:
    corpus, _ = checked(tmp_path / "a", incidents_with())
    later = HISTORY + "    - date: 2020-04-01\n      kind: withdrawn\n      note: A claim was withdrawn.\n"
    corpus_later, problems = checked(tmp_path / "b", incidents_with(later))
    assert problems == []
    ids = {feeds.entry_id(r) for r in site_changes(corpus)}
    ids_later = {feeds.entry_id(r) for r in site_changes(corpus_later)}
    assert ids < ids_later and len(ids_later - ids) == 1


def test_json_feed_has_the_same_entries(tmp_path: Path) -> None:
    corpus, _ = checked(tmp_path, incidents_with())
    rows = site_changes(corpus)
    feed = json.loads(feeds.render_json_feed(rows, "Site", ""))
    assert [item["id"] for item in feed["items"]] == [feeds.entry_id(r) for r in rows]
    assert feed["items"][0]["url"].startswith("incidents/2020-01-04-market-strike/#change-")


def test_generated_site_has_feeds_changes_page_and_history(tmp_path: Path, project: Path) -> None:
    seeds = write_corpus(tmp_path / "seeds", incidents=incidents_with())
    config = pipeline.read_project(project / "mkdocs.yml")
    assert pipeline.generate(seeds, config, TODAY) == []
    docs = config.docs_dir
    assert feedparser.parse((docs / "feed.xml").read_bytes()).entries
    page = (docs / "incidents" / "2020-01-04-market-strike.md").read_text(encoding="utf-8")
    assert "## History { #history }" in page and 'id="change-2020-02-01-regraded-1"' in page
    assert "Re&#45;graded from weak to contested" in page
    assert "## Claims over time" in page and 'id="chart-timeline"' in page
    changes = (docs / "changes" / "index.md").read_text(encoding="utf-8")
    assert changes.index("Figure corrected") < changes.index("Published")  # newest first
