"""The page ``make serve`` shows in place of the site while the inputs have problems (pure)."""

from __future__ import annotations

from build_scripts.problems import Problem
from build_scripts.render.templating import html_environment


def render_problems_page(problems: list[Problem], site_name: str, reload: bool = False) -> str:
    """A standalone HTML page listing every problem with its location and how to fix it (escaped:
    problems quote contributor text); ``reload``: the page reloads itself every few seconds."""
    template = html_environment().get_template("problems.html.j2")
    return template.render(problems=sorted(problems), site_name=site_name, reload=reload)
