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
from build_scripts.render import jinjacache
from build_scripts.render.messages import Messages, default_messages
from build_scripts.render.metadata import yaml_text
from build_scripts.render.textsafe import escape_text, render_markdown
from build_scripts.views.headline import aside_kind, range_words
from build_scripts.views.language import language_attributes, needs_isolation
from build_scripts.views.reader import fold_opening, is_quoted, source_name
from build_scripts.views.site import date_label, incident_date_label
from build_scripts.views.splits import UNDATED

TEMPLATES = Path(__file__).parent / "templates"


def environment(messages: Messages | None = None) -> jinja2.Environment:
    """The Markdown page environment: contributor text goes through the ``t`` filter explicitly;
    fixed phrases come from ``messages`` (default: English) through ``msg`` and the word filters."""
    return _environment(messages or default_messages())


@lru_cache(maxsize=4)
def _environment(messages: Messages) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown output: contributor text goes through the `t` filter explicitly
        auto_reload=False,  # templates do not change during a run: no stat() per rendered page
    )
    jinjacache.cached(env, "site")  # compiled once, kept between runs (its overlays share the cache)
    env.filters["t"] = escape_text
    env.filters["markdown"] = render_markdown
    env.filters["date"] = lambda value, precision="day": format_date(value, precision, messages)
    env.filters["incident_date"] = lambda incident: format_incident_date(incident, messages)
    env.filters["period_words"] = lambda period: period_words(period, messages)
    env.filters["claimant_slug"] = claimant_slug
    env.filters["yaml_text"] = yaml_text  # front matter values (page descriptions, JSON-LD)
    env.filters["quoted"] = quoted
    env.filters["source_name"] = lambda source: source_title(source, messages)
    env.filters["type_words"] = lambda value: messages.get(f"claimant_types.{value}")
    env.filters["plural"] = messages.counted
    env.filters["in_language"] = lambda html, tag: in_language(html, tag, messages.language)
    env.filters["quote_in"] = lambda text, tag: quote_in(text, tag, messages.language)
    env.filters["lang_attributes"] = lambda tag: attributes_html(tag, messages.language)
    env.filters["name"] = lambda text: isolated(text, messages.direction)
    env.globals["msg"] = messages.get
    env.globals["filter_words"] = lambda noun, columns: filter_words(messages, noun, columns)
    env.filters["chain_words"] = lambda row: chain_words(row, messages)
    env.filters["split_label"] = lambda split: split_label(split, messages)
    env.filters["split_end"] = lambda value: messages.get("splits.undated") if value == UNDATED else value
    env.filters["range_words"] = lambda headline: range_words(headline, messages)
    env.filters["figure_words"] = lambda figure: figure_words(figure, messages)
    env.filters["code_names"] = code_names
    env.filters["aside_reason"] = lambda claim: aside_words(claim, messages)
    env.filters["fold_opening"] = fold_opening
    env.filters["bibtex"] = lambda value: escape_text(str(value).translate({ord(c): None for c in "{}\\"}))
    env.filters["or_unknown"] = lambda value: escape_text(value) if value not in (None, "") else messages.get("unknown")
    return env


def html_environment(messages: Messages | None = None) -> jinja2.Environment:
    """The same environment, autoescaping (for HTML and script templates), with a template cache of
    its own so that no template compiled without autoescape is reused."""
    return _html_environment(messages or default_messages())


@lru_cache(maxsize=4)
def _html_environment(messages: Messages) -> jinja2.Environment:
    return _environment(messages).overlay(autoescape=True, cache_size=50)


def overlay(folder: Path, filters: dict, globals_: dict) -> jinja2.Environment:
    """The same environment over another template folder, with extra filters and globals."""
    env = environment().overlay(loader=jinja2.FileSystemLoader(folder), cache_size=50)
    env.filters = {**env.filters, **filters}  # an overlay shares its parent's dicts: copy them
    env.globals = {**env.globals, **globals_}
    return env


def figure_words(figure, messages: Messages) -> str:
    """A parsed figure for readers (model.figures.Figure.display, in the messages' words): "140",
    "301 or more", "at most 400", "105–141", "~40" when approximate."""
    approx = messages.get("figures.approximate") if figure.approximate else ""
    if figure.min is not None and figure.min == figure.max:
        return messages.get("figures.exact", approx=approx, min=f"{figure.min:,}")
    if figure.max is None:
        return messages.get("figures.or_more", approx=approx, min=f"{figure.min:,}")
    if figure.min is None:
        return messages.get("figures.at_most", approx=approx, max=f"{figure.max:,}")
    return messages.get("figures.range", approx=approx, min=f"{figure.min:,}", max=f"{figure.max:,}")


def split_label(split, messages: Messages) -> str:
    """A split index page's name (views/splits.py) in the messages' words: "2017", "undated",
    "2017, part 2 of 3"; a page of sources or claimants is named by its rows ("1–500")."""
    if split.year is None:
        return split.label
    year = messages.get("splits.undated") if split.year == UNDATED else split.year
    return messages.get("splits.part", year=year, part=split.part[0], parts=split.part[1]) if split.part else year


def chain_words(row, messages: Messages) -> str:
    """A claim's attribution chain in words, 'A, via B, via C' (plain text: escape it where it goes)."""
    return row.claim.claimant + "".join(messages.get("words.via", name=relay.name) for relay in row.claim.via)


def filter_words(messages: Messages, noun: str, columns) -> dict[str, object]:
    """The filter box's words for assets/javascripts/search.js (plain text, {count} filled there):
    the script holds no phrase of its own."""
    group = f"filters.{noun}s"
    return {
        "loading": messages.get("filters.loading"),
        "unavailable": messages.get("filters.unavailable"),
        "clear": messages.get("filters.clear"),
        "more": messages.unfilled("filters.more", "count"),
        "count": messages.unfilled("filters.count", "count"),
        "idle": messages.get(f"{group}.idle"),
        "matches": messages.forms(f"{group}.matches"),
        "heading": messages.get(f"{group}.heading"),
        "columns": {column: messages.get(f"filters.columns.{column}") for column in columns},
        "language": messages.language,
    }


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


def render(template: str, messages: Messages | None = None, **context: object) -> str:
    return environment(messages).get_template(template).render(**context)


def period_words(period: str, messages: Messages) -> str:
    """A campaign's period for readers: '2017-03', '2014-09 to 2017-02', 'period unknown'."""
    if period == "unknown":
        return messages.get("periods.unknown")
    start, _, end = period.partition("/")
    return messages.get("periods.span", start=start, end=end) if end else period


def format_incident_date(incident, messages: Messages) -> str:
    """An incident's date, or its bounds if unknown (views.site.incident_date_label), on one line."""
    return Markup('<span class="chs-date">{}</span>').format(incident_date_label(incident, messages))


def format_date(value, precision: str = "day", messages: Messages | None = None) -> str:
    """A date at its precision (see views.site.date_label), kept on one line."""
    messages = messages or default_messages()
    if value is None:
        return messages.get("unknown")
    return Markup('<span class="chs-date">{}</span>').format(date_label(value, precision, messages))


def attributes_html(tag: str | None, page_language: str) -> Markup:
    """' lang="ar" dir="rtl"' for an element holding text in ``tag`` (see views.language); '' for the
    page's own language. The tag is pattern-checked by the model and escaped here all the same."""
    pairs = language_attributes(tag, page_language).items()
    return Markup("").join(Markup(' {}="{}"').format(name, value) for name, value in pairs)


def in_language(html: str, tag: str | None, page_language: str) -> str:
    """Escaped text (or HTML) in the language ``tag``, in a ``<span>`` marked with ``lang`` (and
    ``dir`` when it runs the other way) unless it is the page's own language."""
    attributes = attributes_html(tag, page_language)
    return Markup("<span{}>{}</span>").format(attributes, Markup(html)) if attributes else html


def quote_in(text: str, tag: str | None, page_language: str) -> str:
    """A quote in its source's language, within quotation marks of the page's (unless it has its own)."""
    if is_quoted(text):
        return in_language(escape_text(text), tag, page_language)
    return f"“{in_language(escape_text(text), tag, page_language)}”"


def source_title(source, messages: Messages) -> str:
    """A source's name: its title, in the source's language; else its curator's label (the page's)."""
    if source.title:
        return in_language(escape_text(source.title), source.language, messages.language)
    return escape_text(source_name(source, messages))


def aside_words(claim, messages: Messages) -> str | None:
    """Why a figure is kept out of the headline (views.headline.aside_kind), in the interface's words."""
    kind = aside_kind(claim)
    return None if kind is None else messages.get(f"headline.aside.{kind}", counts=claim.counts)


def isolated(text: str, page_direction: str) -> str:
    """Escaped text of unknown language (a name, a place), isolated in ``<bdi>`` when it holds letters
    written against the page's direction, so that it cannot reorder the sentence around it."""
    escaped = escape_text(text)
    return f"<bdi>{escaped}</bdi>" if needs_isolation(str(text), page_direction) else escaped
