"""The pipeline, composed: check -> generate -> MkDocs. Each step returns the problems it found."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_scripts import write
from build_scripts.model import Corpus
from build_scripts.pages import GENERATED_DIRS, render_site_pages
from build_scripts.problems import Location, Problem
from build_scripts.validate import check_corpus
from build_scripts.views import SiteView


@dataclass(frozen=True)
class Project:
    config_file: Path
    docs_dir: Path
    site_url: str


def read_project(config_file: Path) -> Project:
    """The few settings the generator needs from mkdocs.yml."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    docs_dir = config_file.parent / config.get("docs_dir", "docs")
    site_url = config.get("site_url") or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return Project(config_file, docs_dir, site_url)


def check(seeds: Path, today: dt.date) -> tuple[Corpus | None, list[Problem]]:
    return check_corpus(seeds, today)


def render_outputs(corpus: Corpus, project: Project) -> dict[str, str | bytes]:
    """Every generated file under the docs folder (pages, snippets; data files join here)."""
    view = SiteView(corpus)
    return dict(render_site_pages(view, project.site_url))


def generate(seeds: Path, project: Project, today: dt.date) -> list[Problem]:
    corpus, problems = check(seeds, today)
    if corpus is None:
        return problems
    write.write_generated(project.docs_dir, render_outputs(corpus, project), GENERATED_DIRS)
    return []


def build(seeds: Path, project: Project, site_dir: Path, today: dt.date) -> list[Problem]:
    """Check, generate, then ``mkdocs build --strict`` into a new folder swapped in only on success."""
    problems = generate(seeds, project, today)
    if problems:
        return problems
    built = write.new_site_dir(site_dir)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(project.config_file.resolve()), "--site-dir", str(built.resolve())]  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # from the project's folder: mkdocs.yml's relative paths (snippets' base_path) are relative to it
    result = subprocess.run(command, check=False, env=env, cwd=project.config_file.resolve().parent)
    if result.returncode != 0:
        write.discard_site_dir(built)
        return [
            Problem(
                Location(str(project.config_file.name)),
                f"mkdocs build --strict failed (exit {result.returncode}); {site_dir} was left as it was",
                "read the MkDocs messages above",
            )
        ]
    write.replace_site_dir(site_dir, built)
    return []
