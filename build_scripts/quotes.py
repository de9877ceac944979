"""Finding a quote in its source's stored text, normalising whitespace and curly/straight quotes only."""

from __future__ import annotations

import re
from functools import lru_cache

SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b\u2032"
DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u2033'


@lru_cache(maxsize=131072)
def quote_pattern(quote: str) -> re.Pattern[str]:
    """A regex matching ``quote`` with any run of whitespace and either style of quotation mark."""
    parts: list[str] = []
    for token in re.split(r"(\s+)", quote.strip()):
        if not token:
            continue
        if token.isspace():
            parts.append(r"\s+")
            continue
        for char in token:
            if char in SINGLE_QUOTES:
                parts.append(f"[{SINGLE_QUOTES}]")
            elif char in DOUBLE_QUOTES:
                parts.append(f"[{DOUBLE_QUOTES}]")
            else:
                parts.append(re.escape(char))
    return re.compile("".join(parts))


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The (start, end) of the first occurrence of ``quote`` in ``text``, or None."""
    if not quote.strip():
        return None
    match = quote_pattern(quote).search(text)
    return match.span() if match else None


def comments_offset(text: str, comments_start: int | None) -> int | None:
    """The character offset where reader comments begin (``comments_start`` is a 1-based line)."""
    if comments_start is None:
        return None
    offset = 0
    for _ in range(comments_start - 1):
        offset = text.find("\n", offset)
        if offset < 0:
            return None
        offset += 1
    return offset
