"""A pytest plugin (listed in conftest's ``pytest_plugins``): the real seeds built once per session."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, copy_project

from build_scripts import pipeline

BUILD_DATE = dt.date.today()  # the real corpus holds real past dates (its history included)


def build_project(root: Path, seeds: Path = SEEDS) -> tuple[Path, Path]:
    """Copy the project to ``root``, build ``seeds`` into root/site; (project, site)."""
    project = copy_project(root / "project")
    if not (project / "seeds").exists():
        shutil.copytree(seeds, project / "seeds")
    problems = pipeline.build(project / "seeds", pipeline.read_project(project / "mkdocs.yml"), root / "site", BUILD_DATE)
    assert problems == [], [p.format() for p in problems]
    return project, root / "site"


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("seeds-build"))[1]
