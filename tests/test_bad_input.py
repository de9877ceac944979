"""Every class of bad input, one fixture each under tests/fixtures/invalid/NAME/, with its exact
expected output (``expected.txt``: what ``check`` prints, compared verbatim).

A fixture folder holds only the files that differ from the tiny valid corpus in conftest; they are
copied over it byte for byte (so BOMs, tabs and non-UTF-8 bytes survive).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write_corpus

from build_scripts import cli
from build_scripts.inputs import load

FIXTURES = ROOT / "tests" / "fixtures" / "invalid"
CASES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def corpus_with(fixture: Path, folder: Path) -> Path:
    seeds = write_corpus(folder / "seeds")
    for path in sorted(fixture.rglob("*")):
        if path.is_file() and path.name != "expected.txt":
            target = seeds / path.relative_to(fixture)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return seeds


def run_check(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.err


def test_every_class_has_a_fixture() -> None:
    wanted = {
        "yaml-syntax-error", "tab-indentation", "duplicate-key", "duplicate-incident-id", "unknown-key",
        "wrong-type-list", "implicit-bool-no", "implicit-bool-on", "implicit-octal", "implicit-sexagesimal",
        "impossible-date", "future-date", "negative-figure", "absurd-figure", "min-above-max",
        "unparseable-figure", "dangling-source", "dangling-related", "self-related", "quote-not-in-source",
        "missing-document", "sha256-mismatch", "anchor-alias", "billion-laughs", "non-utf8", "utf8-bom",
        "empty-file",
    }  # fmt: skip
    assert wanted <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_invalid_fixture_gives_exact_message(name: str, tmp_path: Path, monkeypatch, capsys) -> None:
    corpus_with(FIXTURES / name, tmp_path)
    monkeypatch.chdir(tmp_path)
    code, err = run_check(capsys, ["check", "--seeds", "seeds"])
    assert code == 1
    assert err == (FIXTURES / name / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in err


def test_real_exit_code_and_stderr(tmp_path: Path) -> None:
    corpus_with(FIXTURES / "duplicate-key", tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "build_scripts", "check", "--seeds", "seeds"],
        cwd=tmp_path, capture_output=True, text=True, check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (FIXTURES / "duplicate-key" / "expected.txt").read_text(encoding="utf-8")


def test_github_format_puts_problem_on_the_line(tmp_path: Path, monkeypatch, capsys) -> None:
    corpus_with(FIXTURES / "duplicate-key", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--seeds", "seeds", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=seeds/incidents.yaml,line=7,col=3::duplicate key 'place'")


def test_deep_billion_laughs_is_refused_without_expanding(tmp_path: Path, monkeypatch, capsys) -> None:
    # 40 levels of 9 aliases: expanded, this is 9**40 strings; it must be refused after one pass.
    lines = ['- a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"  a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 41)]
    seeds = write_corpus(tmp_path / "seeds")
    (seeds / "series.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, err = run_check(capsys, ["check", "--seeds", "seeds"])
    assert code == 1
    assert err == (
        "seeds/series.yaml:1:7: anchors and aliases (&name / *name) are not allowed (and 400 more in this file)"
        " — write each value out in full\n"
        "seeds/series.yaml:1:1: ids, sources and quotes in this file not checked until the errors above are fixed"
        " — fix those, then run check again\n1 problem(s) found; 1 check(s) skipped, said above.\n"
    )


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch, capsys) -> None:
    seeds = write_corpus(tmp_path / "seeds")
    size = (seeds / "incidents.yaml").stat().st_size
    monkeypatch.setattr(load, "MAX_YAML_BYTES", 100)
    monkeypatch.chdir(tmp_path)
    code, err = run_check(capsys, ["check", "--seeds", "seeds"])
    assert code == 1
    assert f"seeds/incidents.yaml:1:1: file is {size:,} bytes, over the limit of 100 — split the file or check that it is the right file\n" in err


def test_document_over_the_size_limit(tmp_path: Path, monkeypatch, capsys) -> None:
    seeds = write_corpus(tmp_path / "seeds")
    monkeypatch.setattr("build_scripts.inputs.load.MAX_DOCUMENT_BYTES", 10)
    monkeypatch.chdir(tmp_path)
    code, err = run_check(capsys, ["check", "--seeds", "seeds"])
    assert code == 1
    size = (seeds / "documents" / "tiny.txt").stat().st_size
    assert err.startswith(f"seeds/documents/tiny.txt:1:1: file is {size} bytes, over the limit of 10")


def test_crlf_line_endings_are_accepted(tmp_path: Path, monkeypatch, capsys) -> None:
    seeds = write_corpus(tmp_path / "seeds")
    for name in ("sources.yaml", "incidents.yaml", "series.yaml"):
        path = seeds / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    monkeypatch.chdir(tmp_path)
    code, err = run_check(capsys, ["check", "--seeds", "seeds"])
    assert (code, err) == (0, "ok: 1 sources, 1 incidents, 2 claims, 1 series\n")


def test_crlf_error_locations_count_lines_as_lf(tmp_path: Path, monkeypatch, capsys) -> None:
    corpus_with(FIXTURES / "duplicate-key", tmp_path)
    path = tmp_path / "seeds" / "incidents.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    monkeypatch.chdir(tmp_path)
    _code, err = run_check(capsys, ["check", "--seeds", "seeds"])
    assert err == (FIXTURES / "duplicate-key" / "expected.txt").read_text(encoding="utf-8")
