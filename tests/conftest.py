"""Shared fixtures: the project root, tiny corpora written into tmp_path, golden files."""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from build_scripts.layout import GENERATED_DIRS
from build_scripts.write import copy_project_skeleton

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"  # the real corpus: grows with every data pull request; tested by invariants only
# The frozen test corpus (a copy of the seeds as they were, plus edge cases): golden pages and chart
# specs come from it, so a data-only pull request never has to touch a golden file.
CORPUS = ROOT / "tests" / "corpus"

pytest_plugins = ["built_site"]  # the seeds built once per session (tests/built_site.py)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files (never in CI)")


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with tests/golden/NAME; on mismatch write NAME.actual and fail with a diff."""
    update = request.config.getoption("--update-goldens") and os.environ.get("CI") != "true"

    def check(name: str, actual: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8") if path.exists() else ""
        actual_path = path.with_name(path.name + ".actual")
        if actual != expected:
            actual_path.parent.mkdir(parents=True, exist_ok=True)
            actual_path.write_text(actual, encoding="utf-8")
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(True), actual.splitlines(True), f"golden/{name}", f"{name}.actual", n=2
                )
            )
            pytest.fail(f"golden file differs (review, then run pytest --update-goldens):\n{diff[:6000]}")
        actual_path.unlink(missing_ok=True)

    return check


TINY_DOCUMENT = """Tiny Gazette, 2020-01-05.
At least 12 people were killed in the strike on the market, the health ministry said.
Residents said "about 20" had died.
"""

TINY_SOURCES = """\
- id: tiny-gazette
  title: Tiny Gazette report
  publisher: null
  author: null
  published: 2020-01-05
  url: https://example.org/report
  archive_url: null
  language: en
  kind: news
  text: documents/tiny.txt
  sha256: {sha}
  comments_start: null
"""

TINY_INCIDENTS = """\
- id: 2020-01-04-market-strike
  title: Strike on the market
  date: 2020-01-04
  date_precision: day
  place: Old market
  country: Testland
  belligerents: [Air force]
  grading: contested
  summary: |-
    Two accounts disagree.
  related: []
  claims:
    - id: ministry
      source: tiny-gazette
      claimant: Health ministry
      claimant_type: government
      killed: "at least 12"
      quote: "At least 12 people were killed in the strike on the market"
    - id: residents
      source: tiny-gazette
      claimant: Residents
      claimant_type: witness
      killed: "about 20"
      quote: 'Residents said "about 20" had died.'
"""

TINY_SERIES = """\
- id: tiny-monthly
  title: Monthly deaths
  claimant: Health ministry
  claimant_type: government
  unit: deaths
  points:
    - period: 2020-01
      value: "at least 12"
      kind: count
      source: tiny-gazette
      quote: "At least 12 people were killed"
"""


def write_corpus(folder: Path, *, sources: str | None = None, incidents: str = TINY_INCIDENTS,
                 series: str = TINY_SERIES, document: str = TINY_DOCUMENT) -> Path:
    """Write a tiny valid corpus (override any file's text to make it invalid)."""
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    (folder / "documents" / "tiny.txt").write_text(document, encoding="utf-8")
    sha = hashlib.sha256(document.encode("utf-8")).hexdigest()
    (folder / "sources.yaml").write_text(sources if sources is not None else TINY_SOURCES.format(sha=sha), encoding="utf-8")
    (folder / "incidents.yaml").write_text(incidents, encoding="utf-8")
    (folder / "series.yaml").write_text(series, encoding="utf-8")
    return folder


@pytest.fixture
def tiny_seeds(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "seeds")


def copy_project(dest: Path) -> Path:
    """A copy of the site project (config, hand-written pages, overrides) to build in a temp dir."""
    return copy_project_skeleton(ROOT, dest, GENERATED_DIRS)


def set_site_url(project: Path, url: str) -> None:
    """Write ``site_url`` into a copied project's mkdocs.yml (in place of its ``!ENV SITE_URL``)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "site_url: !ENV SITE_URL\n" in text
    config.write_text(text.replace("site_url: !ENV SITE_URL\n", f"site_url: {url}\n"), encoding="utf-8")


def copy_whole_project(dest: Path) -> Path:
    """A copy of the whole repository as a contributor checks it out (seeds, tests, workflows, tools),
    without git, the virtual environment, node_modules or build output: to play a pull request in."""
    generated = {f"content/{name}" for name in GENERATED_DIRS}
    skip_names = {".git", ".venv", "node_modules", "site", ".cache", "__pycache__", ".pytest_cache", ".ruff_cache",
                  ".hypothesis"}  # fmt: skip

    def ignore(folder: str, names: list[str]) -> list[str]:
        here = Path(folder).relative_to(ROOT)
        return [n for n in names if n in skip_names or n.startswith(".site.") or n.endswith(".actual")
                or (here / n).as_posix() in generated]  # fmt: skip

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    if (ROOT / "node_modules").is_dir():  # installed by `make test` (npm ci); read, never written, by the tests
        (dest / "node_modules").symlink_to((ROOT / "node_modules").resolve(), target_is_directory=True)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def dedent(text: str) -> str:
    return textwrap.dedent(text)
