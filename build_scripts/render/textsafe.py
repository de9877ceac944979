"""Contributor text -> safe Markdown/HTML: the escape filter and the Markdown renderer for summaries."""

from __future__ import annotations

import re
import string
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

# Every ASCII punctuation character becomes a numeric entity: Markdown then sees no syntax (no
# emphasis, links, tables, headings, snippets, attribute lists) and HTML sees no tags or quotes.
# The result is safe in Markdown inline text, HTML text and quoted HTML attribute values alike.
_ENTITIES = {ord(char): f"&#{ord(char)};" for char in string.punctuation}
_ENTITY_OF = {char: f"&#{ord(char)};" for char in string.punctuation}
_PUNCTUATION = re.compile("[" + re.escape(string.punctuation) + "]")  # same as translate(_ENTITIES), 2x faster
_NEWLINE = re.compile(r"\s*\n\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # C0 but tab/newline, DEL, C1
_SAFE_LINK = re.compile(r"^(https?://|mailto:|#)", re.IGNORECASE)


def replace_controls(text: str) -> str:
    """Control characters (forbidden in HTML) -> U+FFFD, for verbatim text shown on pages."""
    return _CONTROL.sub("\ufffd", text)


def escape_text(value: object) -> str:
    """Escape contributor text for Markdown or HTML output; newlines become spaces."""
    return _escape_str(value if type(value) is str else str(value))


def safe_text(value: object) -> Markup:
    """``escape_text`` as Markup, for HTML fragments built with ``Markup.format`` (kept as it is)."""
    return Markup(escape_text(value))


@lru_cache(maxsize=65536)  # the same names, titles and quotes recur on incident, source and claimant pages
def _escape_str(text: str) -> str:
    text = _CONTROL.sub("\ufffd", text)
    if "\n" in text:
        text = _NEWLINE.sub(" ", text)
    return _PUNCTUATION.sub(lambda match: _ENTITY_OF[match.group()], text)


def _escape_all(text: str) -> str:
    return _CONTROL.sub("\ufffd", text).translate(_ENTITIES)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))
    # Text and code come out entity-encoded too, so that no Markdown or HTML syntax survives even
    # if a later stage (MkDocs' Python-Markdown) looked inside the embedded HTML.
    rules = md.renderer.rules
    rules["text"] = lambda tokens, idx, options, env: _escape_all(tokens[idx].content)
    rules["code_inline"] = lambda tokens, idx, options, env: f"<code>{_escape_all(tokens[idx].content)}</code>"

    def code_block(tokens, idx, options, env):
        return f"<pre><code>{_escape_all(tokens[idx].content)}</code></pre>\n"

    rules["code_block"] = rules["fence"] = code_block
    return md


def render_markdown(text: str) -> str:
    """Contributor Markdown (summaries, notes) -> HTML with raw HTML off and only safe link schemes.

    Blank lines are removed so the HTML stays one raw-HTML block when embedded in a MkDocs page;
    inside <pre> they are kept as an entity.
    """
    html = _markdown().render(_CONTROL.sub("\ufffd", text))
    html = re.sub(r"<a href=", '<a rel="nofollow noopener noreferrer" href=', html)
    return html.replace("\n\n", "\n&#10;").strip()
