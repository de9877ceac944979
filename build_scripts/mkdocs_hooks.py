"""Thin MkDocs hooks: under `mkdocs serve`, regenerate the generated pages before each build, and
index the preview for search (Pagefind) after it.

`python -m build_scripts build` generates before running MkDocs; under it the hooks give each page
the Content-Security-Policy as MkDocs builds it (build_scripts/builtpages.py). Nothing essential lives
here: the generator is plain Python (see build_scripts.pipeline).

While the inputs have problems, the preview is one page listing them with their locations: that
build reads a stand-in docs folder holding a single page (so nothing the failed generation left
missing can abort it), and every address, found or not, shows the list. The next save that fixes the
inputs brings the site back through live reload. The hooks never raise: MkDocs' server holds every
request until a build succeeds, so a failing build would hang the browser instead of telling the
contributor what to fix.

The generator is imported only when a serve build needs it: `mkdocs build` loads this file too, and
importing the pipeline (pandas, Altair, vl-convert) would add about a second to every build. Every
build, `mkdocs build` or serve, keeps the theme's compiled templates between runs (``on_env``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from build_scripts import write
from build_scripts.builtpages import REPORT_ENV, BuiltPages  # light: the policy and the search's groups
from build_scripts.problems import Location, Problem

_state: dict = {"command": "", "problems": [], "docs_dir": None, "built": None}
STAND_IN_DOCS = Path(".cache") / "serve-problems"  # under the project folder (git-ignored)


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_files(files, config):
    """Under the pipeline's `mkdocs build` (``builtpages.REPORT_ENV`` set), each page is given the
    Content-Security-Policy as it is built (build_scripts/builtpages.py); a bare `mkdocs build` does not."""
    folder = os.environ.get(REPORT_ENV)
    _state["built"] = None
    if folder and _state["command"] == "build":
        _state["built"] = BuiltPages(Path(folder), Path(config.site_dir))
    return files


def on_config(config):
    """The theme's own words from the interface's messages file (theme.language): the search dialog's
    (overrides/partials/search.html; the search script holds no phrase of its own) and the feeds' link
    titles (overrides/main.html)."""
    from build_scripts.render.messages import messages_for, search_words  # light: PyYAML only

    messages = messages_for(config.theme["language"])
    config.extra["chs_search_words"] = search_words(messages)
    config.extra["chs_feed_titles"] = {"atom": messages.get("feeds.title", site=config.site_name),
                                       "json": messages.get("feeds.json_title", site=config.site_name)}  # fmt: skip
    return config


def on_serve(server, config, builder):
    """Live reload when the inputs, the generator or a hand-written page change. MkDocs watches the
    whole docs folder; its generated folders and files are left out here, because the generator
    writes them during each build and a change seen there would start a second, needless build
    (generate, MkDocs, Pagefind again) after every edit. A hand-written page or folder added at the
    docs folder's top while serving is watched from the next `make serve`."""
    from build_scripts.layout import GENERATED_DIRS, GENERATED_FILES  # only under serve (module docstring)

    root = Path(config.config_file_path).parent
    docs = Path(_state["docs_dir"] or config.docs_dir)
    try:
        server.unwatch(config.docs_dir)
    except KeyError:  # not watched (`mkdocs serve --no-livereload`)
        return server
    hand_written = sorted(p for p in docs.iterdir() if p.name not in (*GENERATED_DIRS, *GENERATED_FILES))
    for path in (root / "seeds", root / "build_scripts", *hand_written):
        if path.exists():
            server.watch(str(path))
    return server


def on_env(env, config, files):
    """The theme's templates compiled once and kept in .cache/templates/ (render/jinjacache.py): MkDocs
    makes a new environment for every build and would compile them all again (~0.2 s a build)."""
    from build_scripts.render import jinjacache  # jinja2 only: MkDocs has imported it already

    return jinjacache.cached(env, "theme")


def on_pre_build(config) -> None:
    if _state["command"] != "serve":
        return
    from build_scripts import pipeline  # only under serve (module docstring)

    config_file = Path(config.config_file_path)
    seeds = config_file.parent / "seeds"
    _state["docs_dir"] = _state["docs_dir"] or config.docs_dir  # the first build's, before any stand-in
    try:
        # in this process only: MkDocs' server runs threads here, and a forked child could wait
        # forever on a lock one of them held (build_scripts/fanout.py)
        problems = pipeline.generate(seeds, pipeline.read_project(config_file), dt.date.today(), processes=1)
    except Exception as err:  # noqa: BLE001 - a generator bug must show in the preview, not stop it
        problems = [Problem(Location(str(seeds)), f"the generator failed: {type(err).__name__}: {err}",
                            "run `python -m build_scripts generate --debug` for the traceback")]  # fmt: skip
    _state["problems"] = problems
    # printed, not logged as MkDocs warnings: `mkdocs serve --strict` would abort the build on them,
    # and an aborted build is what holds the browser's requests
    for problem in sorted(problems):
        print(problem.format(), file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in seeds/: the preview lists them until they are fixed", file=sys.stderr)
        stand_in = config_file.parent / STAND_IN_DOCS
        write.write_generated(stand_in, {"index.md": "# Problems in the inputs\n"}, ())
        config["docs_dir"] = str(stand_in)
        config["nav"] = None


def on_post_build(config) -> None:
    """Under `mkdocs serve`, the search index of the preview (as `build` makes it for the real site),
    after every build; a failure is printed and leaves the preview without search, never stopped."""
    if _state["built"] is not None:
        _state["built"].finish()
    if _state["command"] != "serve" or _state["problems"]:
        return
    from build_scripts import pipeline  # only under serve (module docstring)

    failed = pipeline.index_for_search(Path(config.site_dir))
    if failed:
        print(f"{failed}: the preview's search is unavailable", file=sys.stderr)


def on_post_page(output: str, page, config) -> str:
    output = _problems_page(config, reload=False) or output
    return _state["built"].page(page.file.dest_uri, output) if _state["built"] is not None else output


def on_post_template(output: str, template_name: str, config) -> str:
    """The 404 page too: MkDocs' server adds no live reload to it, so it reloads itself."""
    output = (_problems_page(config, reload=True) if template_name == "404.html" else None) or output
    if _state["built"] is not None and template_name.endswith(".html"):
        output = _state["built"].page(template_name, output)
    return output


def _problems_page(config, reload: bool) -> str | None:
    problems = _state["problems"] if _state["command"] == "serve" else []
    if not problems:
        return None
    from build_scripts.render.problems_page import render_problems_page  # only while inputs have problems

    return render_problems_page(problems, config.site_name, reload)
