"""The benchmark's synthetic corpus and table (structure only: no test asserts a time), and the fast
quote search, which must find exactly what the reference regex finds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.model.quotes import find_quote, quote_pattern
from build_scripts.tools import bench_report

ROOT = Path(__file__).resolve().parent.parent

_ALPHABET = st.sampled_from(list("ab .x\n\t\u00a0\u2003'\u2018\u2019\"\u201c\u201d\u2032"))


@settings(max_examples=3000, deadline=None)
@given(st.text(_ALPHABET, max_size=40), st.text(_ALPHABET, max_size=10))
def test_find_quote_finds_what_the_reference_regex_finds(text: str, quote: str) -> None:
    match = quote_pattern(quote).search(text) if quote.strip() else None
    assert find_quote(text, quote) == (match.span() if match else None)


def test_find_quote_maps_spans_back_across_collapsed_whitespace() -> None:
    text = "One  \n two “three”   four"
    assert find_quote(text, 'two "three" four') == (7, len(text))
    assert find_quote(text, "three four") is None


def test_page_types_of_built_paths() -> None:
    assert bench_report.page_type("incidents/2017-03-17-x/index.html") == "incident"
    assert bench_report.page_type("incidents/index.html") == "incidents index"
    assert bench_report.page_type("index.html") == "home"
    assert bench_report.page_type("search/index.html") is None


@pytest.mark.slow
def test_bench_prints_the_table_for_a_tiny_corpus(tmp_path: Path) -> None:
    """N = 20 with MkDocs and the warm rebuilds: the table's rows and columns, never its times."""
    result = subprocess.run(
        [sys.executable, "-m", "build_scripts", "bench", "--sizes", "20,30", "--seed", "3", "--warm", "--workdir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "| measure | N = 20 | N = 30 |"
    cells_of = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:] if line.startswith("| ")]
    rows = {cells[0]: cells[1:] for cells in cells_of}
    assert all(len(cells) == 2 for cells in rows.values())
    for stage in ("load", "model", "validate", "pages", "write", "mkdocs"):
        assert all(re.fullmatch(r"\d+\.\d\d s, [\d,.]+ MB", cell) for cell in rows[f"stage: {stage}"]), stage
    for stage in ("charts", "exports"):
        present = (ROOT / "build_scripts" / "render" / f"{stage}.py").is_file()
        assert all((cell != "not present") == present for cell in rows[f"stage: {stage}"])
    assert all(re.fullmatch(r"\d+\.\d\d", cell) for cell in rows["full build ÷ bare MkDocs"] + rows["`check` ÷ libyaml parse"])
    assert rows["incidents / claims / sources"][0].startswith("20 / ")
    incident_cells = rows["page: incident (HTML · gzip, median / max; runtime)"]
    assert incident_cells[1].endswith("of 30")
    map_cells = rows["page: map (HTML · gzip; static SVG · gzip)"]  # the synthetic corpus has coordinates
    assert all(re.fullmatch(r"[\d,.]+ KB · [\d,.]+ KB; SVG [\d,.]+ KB · [\d,.]+ KB; gzip total [\d,.]+ KB(; live spec on demand [\d,.]+ KB gzip)?", c) for c in map_cells)
    assert any(line.startswith("Time per incident at N = 30 ÷ at N = 20: ") for line in lines)
    assert any(line.startswith("Warm rebuild of the real corpus") for line in lines)
    goals = lines[lines.index("Against the goals:") + 2 :]
    goals = goals[: goals.index("")] if "" in goals else goals  # the search figures follow in their own list
    assert [g.split(":")[0] for g in goals if "N = 30" in g] == [
        "- full build ÷ bare MkDocs at N = 30 (cold chart cache)", "- `check` ÷ bare libyaml parse at N = 30",
        "- peak RSS of the generator's largest process at N = 30 (goal set for 10,000)"]  # fmt: skip
    assert all(re.search(r"\(goal ≤ [^:]+: (met|missed)\)$", g) for g in goals), goals
    assert list(tmp_path.iterdir()) == []  # the temporary projects are removed


def test_bench_refuses_bad_sizes() -> None:
    from build_scripts.cli import parser

    with pytest.raises(SystemExit):
        parser().parse_args(["bench", "--sizes", "10,ten"])


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from(list("ab <>&#;*_[]()|\\`'\"\n \t\x00\u2028é“")), max_size=30))
def test_escape_text_matches_its_reference_definition(text: str) -> None:
    from build_scripts.render import textsafe

    reference = re.sub(r"\s*\n\s*", " ", textsafe._CONTROL.sub("\ufffd", text)).translate(textsafe._ENTITIES)
    assert textsafe.escape_text(text) == reference


def test_bench_pages_picks_every_page_type_and_serves_gzip(seeds_site: Path) -> None:
    """`bench pages` (Lighthouse is not run here: its numbers depend on the machine): one page per
    type plus the chart-less baseline, served gzipped like a static host, and the goals' verdicts."""
    import gzip
    import urllib.request

    from build_scripts.tools import bench_pages

    pages = bench_pages.pick_pages(seeds_site)
    assert set(bench_pages.ORDER) <= set(pages) and pages["no charts (about)"] == bench_pages.BASELINE
    assert "chs-chart" in (seeds_site / pages["incident"]).read_text(encoding="utf-8")
    with bench_pages.serve_gzipped(seeds_site) as base:
        request = urllib.request.Request(base + pages["incident"], headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()) == (seeds_site / pages["incident"]).read_bytes()
    result = bench_pages.PageResult("incident", pages["incident"], 95, 150.0, 2000.0, 0.0, 160 * 1024, 10, False)
    baseline = bench_pages.PageResult("no charts (about)", bench_pages.BASELINE, 97, 20.0, 1500.0, 0.0, 90 * 1024, 9, False)
    table = bench_pages.render_pages_table([result, baseline], "test")
    assert "| incident (`" in table and "missed: bytes" in table and table.count("| met |") == 1
