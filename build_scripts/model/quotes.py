"""Finding a quote in its source's stored text, normalising whitespace and curly/straight quotes only."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b\u2032"
DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u2033'


@lru_cache(maxsize=131072)
def quote_pattern(quote: str) -> re.Pattern[str]:
    """The definition of a match (``find_quote`` finds the same, faster): a regex matching ``quote`` with any run of whitespace and either style of quotation mark."""
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


_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")  # what differs from a single space: as fast as a no-op on prose
_LONG_WHITESPACE = re.compile(r"\s{2,}")


def _straighten(text: str) -> str:
    """Every quotation mark made straight (chained replaces: str.translate with a dict is slow)."""
    for mark in SINGLE_QUOTES[1:]:
        text = text.replace(mark, "'")
    for mark in DOUBLE_QUOTES[1:]:
        text = text.replace(mark, '"')
    return text


@dataclass(frozen=True)
class _Normalised:
    """A text with each whitespace run made one space and each quotation mark made straight, plus
    what maps a position in it back to the original: after ``starts[k]`` add ``shifts[k]``."""

    text: str
    starts: list[int]
    shifts: list[int]

    def original(self, position: int) -> int:
        k = bisect_right(self.starts, position) - 1
        return position + (self.shifts[k] if k >= 0 else 0)


@lru_cache(maxsize=16384)
def _normalise(text: str) -> _Normalised:
    starts: list[int] = []
    shifts: list[int] = []
    shift = 0
    for run in _LONG_WHITESPACE.finditer(text):
        shift += len(run.group()) - 1
        starts.append(run.start() - (shift - (len(run.group()) - 1)) + 1)
        shifts.append(shift)
    return _Normalised(_straighten(_WHITESPACE.sub(" ", text)), starts, shifts)


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The (start, end) of the first occurrence of ``quote`` in ``text``, or None.

    The same match as ``quote_pattern(quote).search(text)``, found by a plain substring search in
    both texts normalised alike (compiling one regex per quote dominated ``check`` at scale).
    """
    needle = _straighten(_WHITESPACE.sub(" ", quote.strip()))
    if not needle:
        return None
    haystack = _normalise(text)
    start = haystack.text.find(needle)
    if start < 0:
        return None
    return haystack.original(start), haystack.original(start + len(needle) - 1) + 1


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
