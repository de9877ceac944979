"""``check`` in one run: a corpus with a mistake at every stage reports all of them at once, each at
its path:line:column, with the nearest-match suggestions, and says which checks it had to skip."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import TINY_DOCUMENT, TINY_INCIDENTS, TINY_SOURCES, write_corpus

from build_scripts import cli
from build_scripts.checks.suggest import closest_passage, did_you_mean

BROKEN_INCIDENTS = (
    TINY_INCIDENTS.replace("  country: Testland\n", "  contry: Testland\n")  # typing: a misspelt key
    .replace('      killed: "at least 12"\n', '      kiled: "at least 12"\n')  # typing, inside a claim
    .replace("were killed in the strike", "were wounded in the strike")  # quote: not in the source
    .replace("      source: tiny-gazette\n      claimant: Residents", "      source: tiny-gazete\n      claimant: Residents")
)
BROKEN_SERIES = "- id: tiny-monthly\n  title: [unclosed\n"  # load: YAML syntax error


def run(capsys: pytest.CaptureFixture[str], seeds: Path) -> tuple[int, list[str]]:
    code = cli.main(["check", "--seeds", str(seeds)])
    return code, capsys.readouterr().err.splitlines()


def test_every_stage_reported_in_one_run(tmp_path: Path, monkeypatch, capsys) -> None:
    seeds = write_corpus(tmp_path / "seeds", incidents=BROKEN_INCIDENTS, series=BROKEN_SERIES)
    altered = TINY_DOCUMENT + "Added later.\n"  # document: no longer the recorded sha256
    (seeds / "documents" / "tiny.txt").write_text(altered, encoding="utf-8")
    digest = hashlib.sha256(altered.encode("utf-8")).hexdigest()
    monkeypatch.chdir(tmp_path)
    code, lines = run(capsys, Path("seeds"))
    assert code == 1
    assert lines == [
        "seeds/incidents.yaml:1:3: missing required field 'country' — add 'country:'",
        "seeds/incidents.yaml:6:3: unknown key 'contry' — did you mean 'country'? allowed keys: id, title, date, "
        "date_precision, date_by, date_after, date_note, place, place_note, country, coordinates, belligerents, grading, "
        "summary, related, claims, notes, history",
        "seeds/incidents.yaml:17:7: unknown key 'kiled' — did you mean 'killed'? allowed keys: id, source, claimant, "
        "claimant_type, via, claimed_on, claimed_on_precision, claimed_on_note, killed, injured, scope, counts, "
        "responsibility, blames, statement, quote, notes",
        "seeds/incidents.yaml:18:14: claim '2020-01-04-market-strike/ministry': quote not found in source "
        "'tiny-gazette' — copy the words exactly from seeds/documents/tiny.txt (only spacing and quote marks may "
        "differ); the closest passage is \"At least 12 people were killed in the strike on the market,\" (the quote "
        "has 'wounded' where the source has 'killed')",
        "seeds/incidents.yaml:20:15: claim '2020-01-04-market-strike/residents' cites unknown source 'tiny-gazete' — "
        "did you mean 'tiny-gazette'? add the source to sources.yaml first, or fix the id",
        "seeds/series.yaml:3:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence "
        "at line 2) — check the indentation, colons and quoting here and on the lines above: an unclosed quote or "
        "bracket shows up further down",
        f"seeds/sources.yaml:11:11: sha256 of documents/tiny.txt is {digest}, not the recorded value — stored "
        "documents are verbatim: restore the file, or record the new hash if the change is deliberate",
        "seeds/series.yaml:1:1: ids, sources and quotes in this file not checked until the errors above are fixed — "
        "fix those, then run check again",
        "7 problem(s) found; 1 check(s) skipped, said above.",
    ]


def test_nearest_match_only_when_close() -> None:
    assert did_you_mean("kiled", ["killed", "injured"]) == "did you mean 'killed'? "
    assert did_you_mean("casualties", ["killed", "injured"]) == ""
    # a different word is not a misspelling: no grading offered for another grading
    assert did_you_mean("disputed", ["confirmed", "contested", "discounted"], cutoff=0.85) == ""


def test_closest_passage_names_the_differences() -> None:
    text = "Intro.\nResidents said \u201cabout 20\u201d had   died, the   report said.\n"
    assert closest_passage(text, 'Residents said "about 30" had died') == (
        "the closest passage is \"Residents said \"about 20\" had died,\" (the quote has '30\"' where the source "
        "has '20\"')"
    )
    assert closest_passage(text, "Nothing of the kind appears") == (
        "no passage of the source shares most of its words: is it the right source?"
    )


@pytest.mark.parametrize("relayed", [True, False])
def test_a_record_that_failed_typing_keeps_its_claims_via_chain(tmp_path: Path, capsys, relayed: bool) -> None:
    """A claim quoted from the reader comments and credited through a commenter (via) is not reported
    as a publisher's claim because its incident has an unrelated typo; without the commenter it is."""
    sources = TINY_SOURCES.replace("comments_start: null", "comments_start: 3").format(
        sha=hashlib.sha256(TINY_DOCUMENT.encode("utf-8")).hexdigest())
    via = "      via: [{name: Commenter 1, type: reader-comment}]\n" if relayed else ""
    incidents = TINY_INCIDENTS.replace("  country: Testland\n", "  contry: Testland\n").replace(
        "      claimant_type: witness\n", "      claimant_type: witness\n" + via)
    code, lines = run(capsys, write_corpus(tmp_path / "seeds", sources=sources, incidents=incidents))
    assert code == 1
    comments = [line for line in lines if "is in the reader comments" in line]
    assert any("unknown key 'contry'" in line for line in lines), lines
    assert comments == [] if relayed else len(comments) == 1, lines
