"""The benchmark's synthetic corpus is shaped like a monitor's (issue 10) and reproducible: Arabic
sources whose quotes are found verbatim in their Arabic texts, mostly external sources, busy
incidents, coordinates at every precision inside each country's box, near-duplicate claimant names
declared as aliases; same seed, same bytes; and `check` accepts it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.checks.validate import check_corpus
from build_scripts.layout import claimant_slug
from build_scripts.model.figures import parse_figure
from build_scripts.model.quotes import find_quote
from build_scripts.model.records import COORDINATE_PRECISIONS
from build_scripts.tools.synthetic import COUNTRY_BOXES, write_synthetic_corpus

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date.today()
SIZE = 150


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    info = write_synthetic_corpus(tmp_path_factory.mktemp("synthetic") / "seeds", SIZE, seed=11)
    corpus, problems = check_corpus(info.seeds, TODAY)
    assert problems == [], [p.format() for p in problems[:5]]
    return info, corpus


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path: Path) -> None:
    write_synthetic_corpus(tmp_path / "a", 40, seed=3)
    write_synthetic_corpus(tmp_path / "b", 40, seed=3)
    write_synthetic_corpus(tmp_path / "c", 40, seed=4)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert (tmp_path / "a" / "incidents.yaml").read_bytes() != (tmp_path / "c" / "incidents.yaml").read_bytes()
    assert {"sources.yaml", "incidents.yaml", "series.yaml", "claimants.yaml"} <= {f.name for f in files}


def test_check_command_accepts_it(tmp_path: Path) -> None:
    seeds = write_synthetic_corpus(tmp_path / "seeds", 30, seed=2).seeds
    result = subprocess.run([sys.executable, "-m", "build_scripts", "check", "--seeds", str(seeds)], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.startswith("ok: ")


def test_counts_match_and_figures_take_every_form(synthetic) -> None:
    info, corpus = synthetic
    assert len(corpus.incidents) == SIZE and info.claims == sum(len(i.claims) for i in corpus.incidents)
    assert info.sources == len(corpus.sources) and len(corpus.series) == 3
    figures = [parse_figure(c.killed) for i in corpus.incidents for c in i.claims if c.killed]
    assert any(f.max is None for f in figures) and any(f.min is None for f in figures)
    assert any(f.approximate for f in figures) and any(f.min is not None and f.max not in (None, f.min) for f in figures)
    assert any(c.claimant_type.value == "reader-comment" for i in corpus.incidents for c in i.claims)


def test_most_sources_are_external(synthetic) -> None:
    _, corpus = synthetic
    external = sum(1 for s in corpus.sources if s.text is None)
    assert 0.55 <= external / len(corpus.sources) <= 0.85
    assert all(s.sha256 is None and s.comments_start is None for s in corpus.sources if s.text is None)


def test_a_share_of_sources_and_quotes_is_arabic_and_found_in_arabic_texts(synthetic) -> None:
    _, corpus = synthetic
    arabic = {s.id: s for s in corpus.sources if s.language == "ar"}
    assert 0.1 <= len(arabic) / len(corpus.sources) <= 0.3
    assert all(_is_arabic(s.title) for s in arabic.values())
    quotes = [(c, arabic[c.source]) for i in corpus.incidents for c in i.claims if c.source in arabic]
    assert quotes and all(_is_arabic(c.quote) for c, _ in quotes)
    stored = [(c, s) for c, s in quotes if s.text is not None]
    assert stored, "some Arabic quotes are checked against a stored Arabic text"
    for claim, source in stored:
        text = corpus.texts[source.id]
        assert _is_arabic(text) and find_quote(text, claim.quote) is not None
    assert not any(_is_arabic(c.quote) for i in corpus.incidents for c in i.claims if c.source not in arabic)


def test_some_incidents_have_ten_to_thirty_claims(synthetic) -> None:
    _, corpus = synthetic
    counts = [len(i.claims) for i in corpus.incidents]
    busy = [n for n in counts if n >= 10]
    assert busy and all(n <= 30 for n in counts) and min(counts) >= 1
    assert len(busy) < len(counts) / 4  # some, not most


def test_about_half_have_coordinates_at_every_precision_inside_their_country(synthetic) -> None:
    _, corpus = synthetic
    located = [i for i in corpus.incidents if i.coordinates]
    assert 0.35 <= len(located) / len(corpus.incidents) <= 0.65
    assert {i.coordinates.precision for i in located} == set(COORDINATE_PRECISIONS)
    for incident in located:
        west, south, east, north = COUNTRY_BOXES[incident.country]
        assert west <= incident.coordinates.lon <= east and south <= incident.coordinates.lat <= north


def test_claimants_are_written_many_near_identical_ways_all_declared(synthetic) -> None:
    _, corpus = synthetic
    names = {c.claimant for i in corpus.incidents for c in i.claims}
    by_slug: dict[str, set[str]] = {}
    for name in names:
        by_slug.setdefault(claimant_slug(name), set()).add(name)
    assert any(len(spellings) > 1 for spellings in by_slug.values()), "names differing only in case or punctuation"
    declared = {alias: c.name for c in corpus.claimants for alias in [c.name, *c.aliases]}
    near = [n for n in names if n in declared and n != declared[n]]
    assert len({declared[n] for n in near}) >= 8  # many claimants have other spellings in use
    for spellings in by_slug.values():
        assert len({declared.get(n, n) for n in spellings}) == 1  # one claimant per slug: check accepts it
