"""The site's one Jinja2 environment and its filters; HTML and YAML overlays share it.

Escaping, per output type (see the package docstring): Markdown pages autoescape nothing and put
every contributor string through the ``t`` filter; HTML templates (chart blocks, the chart loader)
are rendered by the autoescaping overlay; YAML scaffolds by their own overlay with the ``y`` filter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from build_scripts.layout import claimant_slug
from build_scripts.render.metadata import yaml_text
from build_scripts.render.textsafe import escape_text, render_markdown
from build_scripts.views.headline import aside_reason, range_words
from build_scripts.views.reader import fold_opening, is_quoted, plural, source_name, type_words
from build_scripts.views.site import date_label, incident_date_label

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Markdown page environment: contributor text goes through the ``t`` filter explicitly."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown output: contributor text goes through the `t` filter explicitly
        auto_reload=False,  # templates do not change during a run: no stat() per rendered page
    )
    env.filters["t"] = escape_text
    env.filters["markdown"] = render_markdown
    env.filters["date"] = format_date
    env.filters["incident_date"] = format_incident_date
    env.filters["period_words"] = period_words
    env.filters["claimant_slug"] = claimant_slug
    env.filters["yaml_text"] = yaml_text  # front matter values (page descriptions, JSON-LD)
    env.filters["quoted"] = quoted
    env.filters["source_name"] = lambda source: escape_text(source_name(source))
    env.filters["type_words"] = type_words
    env.filters["plural"] = plural
    env.filters["range_words"] = range_words
    env.filters["code_names"] = code_names
    env.filters["aside_reason"] = aside_reason
    env.filters["fold_opening"] = fold_opening
    env.filters["bibtex"] = lambda value: escape_text(str(value).translate({ord(c): None for c in "{}\\"}))
    env.filters["or_unknown"] = lambda value: escape_text(value) if value not in (None, "") else "*unknown*"
    return env


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """The same environment, autoescaping (for HTML and script templates), with a template cache of
    its own so that no template compiled without autoescape is reused."""
    return environment().overlay(autoescape=True, cache_size=50)


def overlay(folder: Path, filters: dict, globals_: dict) -> jinja2.Environment:
    """The same environment over another template folder, with extra filters and globals."""
    env = environment().overlay(loader=jinja2.FileSystemLoader(folder), cache_size=50)
    env.filters = {**env.filters, **filters}  # an overlay shares its parent's dicts: copy them
    env.globals = {**env.globals, **globals_}
    return env


def code_names(text: str, names: list[str]) -> Markup:
    """Escaped text with each of ``names`` (column names the text refers to) shown as code."""
    escaped = escape_text(text)
    for name in sorted(names, key=len, reverse=True):
        if "_" in name:
            escaped = re.sub(rf"(?<!\w)(?<!&#95;){re.escape(escape_text(name))}(?!\w|&#95;)", f"<code>{escape_text(name)}</code>", escaped)
    return Markup(escaped)


def quoted(value: str) -> str:
    """Escaped contributor text in quotation marks, unless it already begins with one."""
    return escape_text(value) if is_quoted(value) else f"“{escape_text(value)}”"


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def period_words(period: str) -> str:
    """A campaign's period for readers: '2017-03', '2014-09 to 2017-02', 'period unknown'."""
    if period == "unknown":
        return "period unknown"
    return " to ".join(period.split("/"))


def format_incident_date(incident) -> str:
    """An incident's date, or its bounds if unknown (views.site.incident_date_label), on one line."""
    return Markup('<span class="chs-date">{}</span>').format(incident_date_label(incident))


def format_date(value, precision: str = "day") -> str:
    """A date at its precision (see views.site.date_label), kept on one line."""
    if value is None:
        return "*unknown*"
    return Markup('<span class="chs-date">{}</span>').format(date_label(value, precision))
