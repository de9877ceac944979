"""Contributor text -> safe Markdown/HTML: the escape filter and the Markdown renderer for summaries."""

from __future__ import annotations

import re
import string
from functools import lru_cache

from markdown_it import MarkdownIt

# Every ASCII punctuation character becomes a numeric entity: Markdown then sees no syntax (no
# emphasis, links, tables, headings, snippets, attribute lists) and HTML sees no tags or quotes.
# The result is safe in Markdown inline text, HTML text and quoted HTML attribute values alike.
_ENTITIES = {ord(char): f"&#{ord(char)};" for char in string.punctuation}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_SAFE_LINK = re.compile(r"^(https?://|mailto:|#)", re.IGNORECASE)


def replace_controls(text: str) -> str:
    """Control characters (forbidden in HTML) -> U+FFFD, for verbatim text shown on pages."""
    return _CONTROL.sub("\ufffd", text)


def escape_text(value: object) -> str:
    """Escape contributor text for Markdown or HTML output; newlines become spaces."""
    text = _CONTROL.sub("\ufffd", str(value))
    text = re.sub(r"\s*\n\s*", " ", text)
    return text.translate(_ENTITIES)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))
    return md


def render_markdown(text: str) -> str:
    """Contributor Markdown (summaries, notes) -> HTML with raw HTML off and only safe link schemes.

    Blank lines are removed so the HTML stays one raw-HTML block when embedded in a MkDocs page;
    inside <pre> they are kept as an entity.
    """
    html = _markdown().render(_CONTROL.sub("\ufffd", text))
    html = re.sub(r"<a href=", '<a rel="nofollow noopener" href=', html)
    return html.replace("\n\n", "\n&#10;").strip()
