"""``check --format github``, end to end on a broken corpus: one annotation per problem, at its line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from build_scripts.problems import Location, Problem
from tests.conftest import ROOT, TINY_INCIDENTS, write_corpus


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "build_scripts", "check", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def broken_corpus(root: Path) -> Path:
    incidents = (
        TINY_INCIDENTS.replace("  grading: contested\n", "  grading: disputed\n  casualties: 5\n")
        .replace('killed: "about 20"', 'killed: "a lot"')
        .replace("source: tiny-gazette\n      claimant: Residents", "source: no-such-source\n      claimant: Residents")
    )
    return write_corpus(root / "seeds", incidents=incidents, series="- id: x\n  title: \"unclosed\n")


def test_broken_corpus_gives_one_annotation_per_problem_at_its_line(tmp_path: Path) -> None:
    broken_corpus(tmp_path)
    result = run_check(tmp_path, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "::error file=seeds/incidents.yaml,line=8,col=12::'grading' 'disputed' is not allowed"
        " — use one of: 'confirmed', 'fair', 'weak', 'contested' or 'discounted'",
        "::error file=seeds/incidents.yaml,line=9,col=3::unknown key 'casualties' — check the spelling; allowed keys:"
        " id, title, date, date_precision, date_by, date_after, date_note, place, place_note, country, coordinates,"
        " belligerents, grading, summary, related,"
        " claims, notes, history",
        "::error file=seeds/incidents.yaml,line=21,col=15::claim '2020-01-04-market-strike/residents' cites unknown"
        " source 'no-such-source' — add the source to sources.yaml first, or fix the id",
        "::error file=seeds/incidents.yaml,line=24,col=15::'killed': cannot read the figure 'a lot' — use a number"
        ' ("140"), a range ("105-141"), a prefix such as "at least 300" or "over 200", or a word such as "dozens";'
        " see the vocabulary on the methodology page",
        "::error file=seeds/series.yaml,line=2,col=10::YAML syntax error: while scanning a quoted scalar that starts"
        " here found unexpected end of stream — the quote or bracket that starts here is never closed: close it",
        # what could not be checked is said, as a notice, after the errors
        "::notice file=seeds/series.yaml,line=1,col=1::ids, sources and quotes in this file not checked until the"
        " errors above are fixed — fix those, then run check again",
    ]
    assert "5 problem(s) found; 1 check(s) skipped, said above." in result.stderr


def test_text_format_lists_the_same_problems(tmp_path: Path) -> None:
    broken_corpus(tmp_path)
    github = run_check(tmp_path, "--format", "github").stdout.splitlines()
    text = run_check(tmp_path).stderr.splitlines()
    assert [line.split("::", 2)[2] for line in github] == [line.split(": ", 1)[1] for line in text[:-1]]
    assert text[0].startswith("seeds/incidents.yaml:8:12: ")


def test_a_broken_record_is_not_reported_again_where_it_is_referred_to(tmp_path: Path) -> None:
    seeds = write_corpus(tmp_path / "seeds")
    sources = (seeds / "sources.yaml").read_text(encoding="utf-8").replace("language: en", "language: English")
    (seeds / "sources.yaml").write_text(sources, encoding="utf-8")
    result = run_check(tmp_path, "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=seeds/sources.yaml,line=8,col=13::'language' 'English' has the wrong form"
        " — use a language code such as en or ar",
        "::notice file=seeds/sources.yaml,line=1,col=1::quotes citing source 'tiny-gazette' not checked until the"
        " errors in that source's record or document above are fixed — fix those, then run check again",
    ]


def test_valid_corpus_prints_no_annotation(tmp_path: Path) -> None:
    write_corpus(tmp_path / "seeds")
    result = run_check(tmp_path, "--format", "github")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.startswith("ok: 1 sources, 1 incidents, 2 claims, 1 series")


def test_annotation_properties_and_message_are_escaped() -> None:
    problem = Problem(Location("seeds/a,b:c.yaml", 3, 4), "100% bad\nsecond line", "fix: it")
    assert problem.format_github() == "::error file=seeds/a%2Cb%3Ac.yaml,line=3,col=4::100%25 bad%0Asecond line — fix: it"


def test_a_crash_is_annotated_too(tmp_path: Path) -> None:
    write_corpus(tmp_path / "seeds")
    (tmp_path / "seeds" / "incidents.yaml").unlink()
    (tmp_path / "seeds" / "incidents.yaml").mkdir()  # a folder where a file should be
    result = run_check(tmp_path, "--format", "github")
    assert result.returncode in (1, 2)
    assert result.stdout.startswith("::error")
