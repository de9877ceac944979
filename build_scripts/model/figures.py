"""Figures as written ("at least 300", "dozens", "105-141") -> Figure(min, max, approximate).

The vocabulary lives here only: ``parse_figure`` reads it and the methodology page is generated
from ``vocabulary_rows()``, so the two cannot disagree. ``None`` for a bound means the claim leaves
that bound open (not stated), never zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from build_scripts.problems import Invalid

MAX_PLAUSIBLE = 5_000_000


@dataclass(frozen=True)
class Figure:
    text: str
    min: int | None
    max: int | None
    approximate: bool = False

    @property
    def exact(self) -> bool:
        return self.min is not None and self.min == self.max and not self.approximate

    def display(self) -> str:
        """The parsed range for readers: "140", "301 or more", "at most 400", "105–141"."""
        tilde = "~" if self.approximate else ""
        if self.min is not None and self.min == self.max:
            return f"{tilde}{self.min:,}"
        if self.max is None:
            return f"{tilde}{self.min:,} or more"
        if self.min is None:
            return f"{tilde}at most {self.max:,}"
        return f"{tilde}{self.min:,}–{self.max:,}"


class FigureError(Invalid):
    """A figure outside the vocabulary: ``message`` says what, ``hint`` how to write it."""


# --- the vocabulary -------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "a score": 20,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}

# (words, meaning, example): each prefix turns the number N that follows into a range.
BOUND_PREFIXES: list[tuple[tuple[str, ...], str, str]] = [
    (("at least", "no fewer than", "no less than"), "min N, no stated maximum", "at least 300"),
    (("over", "more than", "upwards of"), "min N+1, no stated maximum", "over 200"),
    (("nearly", "almost", "up to"), "max N, no stated minimum, approximate", "nearly 400"),
    (("fewer than", "less than", "under"), "max N−1, no stated minimum", "fewer than 50"),
    (("about", "around", "approximately", "roughly", "some", "an estimated"),
     "exactly N, marked approximate", "around 40"),
]  # fmt: skip

# Vague counts: the least the word can mean, with no stated maximum. Not ACLED's coding (ACLED codes
# "tens" 10, "dozens" 12, "hundreds" 100 as point figures); the methodology page says so.
VAGUE_WORDS: dict[str, int] = {
    "a few": 2,
    "several": 3,
    "dozens": 24,
    "tens": 20,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
}

_NUMBER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)$")
_RANGE = re.compile(r"^(?:between )?(.+?)(?: ?- ?| to | and )(.+)$")
_PLUS = re.compile(r"^(.+?) ?\+$")


def _normalise(text: str) -> str:
    text = text.strip().lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    return re.sub(r"\s+", " ", text)


def parse_number(text: str) -> int | None:
    """'1,234' -> 1234; 'two hundred and fifty' -> 250; 'a dozen' -> 12; else None."""
    text = _normalise(text)
    if _NUMBER.match(text):
        return int(text.replace(",", ""))
    if text in _UNITS:
        return _UNITS[text]
    words = text.replace("-", " ").replace(" and ", " ").split()
    if text.startswith("a ") and len(words) == 2 and words[1] in _SCALES:
        return _SCALES[words[1]]
    total = current = 0
    last = 0
    for word in words:
        value = _UNITS.get(word, 0) if len(word) > 1 and word not in ("none", "zero") else 0
        if value and (current % 100 == 0 or (last >= 20 and last % 10 == 0 and value < 10)):
            current += value
            last = value
        elif word == "hundred" and 0 < current < 100:
            current, last = current * 100, 100
        elif word == "thousand" and 0 < current < 1000 and total == 0:
            total, current, last = current * 1000, 0, 1000
        else:
            return None
    return total + current if words else None


@lru_cache(maxsize=65536)
def parse_figure(text: str) -> Figure:
    """Parse a figure as written; raise FigureError (with a hint) for anything else."""
    figure = _parse(text)
    for bound in (figure.min, figure.max):
        if bound is not None and bound > MAX_PLAUSIBLE:
            raise FigureError(
                f"figure {text!r} is implausibly large (over {MAX_PLAUSIBLE:,})",
                "check the number against the source; figures count people",
            )
    if figure.min is not None and figure.max is not None and figure.min > figure.max:
        raise FigureError(
            f"figure {text!r} has its minimum above its maximum",
            "write the range low to high, e.g. \"105-141\"",
        )
    return figure


def _parse(text: str) -> Figure:
    norm = _normalise(text)
    if not norm:
        raise FigureError("figure is empty", "write the figure as the source gives it, or omit the field")
    if norm.startswith("-") and parse_number(norm[1:].strip()) is not None:
        raise FigureError(f"figure {text!r} is negative", "a count of people cannot be negative")
    number = parse_number(norm)
    if number is not None:
        return Figure(text, number, number, approximate=norm in ("a dozen", "a score"))
    if norm in VAGUE_WORDS:
        return Figure(text, VAGUE_WORDS[norm], None, approximate=True)
    for words, _meaning, _example in BOUND_PREFIXES:
        for word in words:
            if norm.startswith(word + " "):
                return _bounded(text, word, _inner(text, norm[len(word) + 1 :]))
    plus = _PLUS.match(norm)
    if plus and parse_number(plus.group(1)) is not None:
        return Figure(text, parse_number(plus.group(1)), None)
    ranged = _RANGE.match(norm)
    if ranged:
        low, high = parse_number(ranged.group(1)), parse_number(ranged.group(2))
        if low is not None and high is not None:
            return Figure(text, low, high)
    raise FigureError(
        f"cannot read the figure {text!r}",
        "use a number (\"140\"), a range (\"105-141\"), a prefix such as \"at least 300\" or "
        "\"over 200\", or a word such as \"dozens\"; see the vocabulary on the methodology page",
    )


def _inner(text: str, rest: str) -> Figure:
    number = parse_number(rest)
    if number is not None:
        return Figure(text, number, number, approximate=rest in ("a dozen", "a score"))
    if rest in VAGUE_WORDS:
        return Figure(text, VAGUE_WORDS[rest], None, approximate=True)
    raise FigureError(
        f"cannot read the number in {text!r}",
        "after a prefix such as \"at least\" write a number, e.g. \"at least 300\"",
    )


def _bounded(text: str, word: str, inner: Figure) -> Figure:
    n = inner.min
    assert n is not None
    if word in BOUND_PREFIXES[0][0]:
        return Figure(text, n, inner.max if inner.max != n else None, inner.approximate)
    if word in BOUND_PREFIXES[1][0]:
        return Figure(text, n + 1, None, inner.approximate)
    if word in BOUND_PREFIXES[2][0]:
        return Figure(text, None, n, True)
    if word in BOUND_PREFIXES[3][0]:
        if n == 0:
            raise FigureError(f"figure {text!r} is below zero", "a count of people cannot be negative")
        return Figure(text, None, n - 1, inner.approximate)
    return Figure(text, n, inner.max, True)


def vocabulary_rows() -> list[dict[str, str]]:
    """The documented vocabulary, each form with an example parsed by ``parse_figure`` itself."""
    rows = [
        {"form": "a number", "words": "140, 1,234", "example": "1,234", "meaning": "exactly N"},
        {"form": "number words", "words": "thirteen, two hundred, a dozen", "example": "two hundred",
         "meaning": "exactly N (\"a dozen\" is marked approximate)"},
        {"form": "a range", "words": "N-M, N–M, N to M, between N and M", "example": "105-141",
         "meaning": "min N, max M"},
        {"form": "N+", "words": "N+", "example": "50+", "meaning": "min N, no stated maximum"},
    ]  # fmt: skip
    for words, meaning, example in BOUND_PREFIXES:
        rows.append(
            {"form": f"“{words[0]} N”", "words": ", ".join(words), "example": example, "meaning": meaning}
        )
    for word, least in VAGUE_WORDS.items():
        rows.append(
            {"form": "vague count", "words": word, "example": word,
             "meaning": f"min {least}, no stated maximum, approximate"}
        )  # fmt: skip
    for row in rows:
        row["parsed"] = parse_figure(row["example"]).display()
    return rows


@dataclass(frozen=True)
class Spread:
    """Lowest and highest of several claimed figures; ``open_high`` when the highest is open-ended."""

    low: int
    high: int
    open_high: bool
    count: int

    def display(self) -> str:
        high = f"{self.high:,}+" if self.open_high else f"{self.high:,}"
        return high if self.low == self.high else f"{self.low:,}–{high}"


def claimed_spread(figures: list[Figure]) -> Spread | None:
    """The spread of competing claims, never their sum or average.

    Low is the smallest lower bound (a figure with no stated minimum counts by its maximum); high is
    the largest upper bound, or the largest lower bound of an open-ended figure if that is higher,
    in which case the spread is open ("300+").
    """
    if not figures:
        return None
    lows = [f.min if f.min is not None else f.max for f in figures]
    closed = [f.max for f in figures if f.max is not None]
    open_mins = [f.min for f in figures if f.max is None and f.min is not None]
    high_closed = max(closed, default=-1)
    high_open = max(open_mins, default=-1)
    high, open_high = (high_open, True) if high_open >= high_closed else (high_closed, False)
    return Spread(min(x for x in lows if x is not None), high, open_high, len(figures))
