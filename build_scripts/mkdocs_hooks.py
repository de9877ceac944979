"""Thin MkDocs hooks: under `mkdocs serve`, regenerate the generated pages before each build.

`python -m build_scripts build` generates before running MkDocs, so the hook does nothing there.
Nothing essential lives here: the generator is plain Python (see build_scripts.pipeline).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from build_scripts import pipeline

log = logging.getLogger("mkdocs.hooks.build_scripts")
_command = {"name": ""}


def on_startup(command: str, dirty: bool) -> None:
    _command["name"] = command


def on_serve(server, config, builder):
    """Live reload when the inputs or the generator change, not only the docs folder."""
    root = Path(config.config_file_path).parent
    for folder in (root / "seeds", root / "build_scripts"):
        if folder.is_dir():
            server.watch(str(folder))
    return server


def on_pre_build(config) -> None:
    if _command["name"] != "serve":
        return
    config_file = Path(config.config_file_path)
    problems = pipeline.generate(config_file.parent / "seeds", pipeline.read_project(config_file), dt.date.today())
    if problems:
        for problem in problems:
            log.error(problem.format())
        raise PluginError(f"{len(problems)} problem(s) in seeds/: fix them and save again")
