"""The figure vocabulary as a table test: every documented form, and every refusal."""

from __future__ import annotations

import pytest

from build_scripts.model.figures import (
    BOUND_PREFIXES,
    VAGUE_WORDS,
    Figure,
    FigureError,
    claimed_spread,
    parse_figure,
    parse_number,
    vocabulary_rows,
)

CASES = [
    # text as written, min, max, approximate
    ("140", 140, 140, False),
    ("1,234", 1234, 1234, False),
    ("12,000,000", None, None, None),  # implausible: refused below
    ("two hundred", 200, 200, False),
    ("two hundred and fifty", 250, 250, False),
    ("thirteen", 13, 13, False),
    ("twenty-five", 25, 25, False),
    ("three thousand four hundred", 3400, 3400, False),
    ("a hundred", 100, 100, False),
    ("a dozen", 12, 12, True),
    ("105-141", 105, 141, False),
    ("105–141", 105, 141, False),
    ("105 to 141", 105, 141, False),
    ("between 105 and 141", 105, 141, False),
    ("50+", 50, None, False),
    ("at least 300", 300, None, False),
    ("At Least 300", 300, None, False),
    ("no fewer than 7", 7, None, False),
    ("over 200", 201, None, False),
    ("more than 200", 201, None, False),
    ("more than a dozen", 13, None, True),
    ("upwards of 1,000", 1001, None, False),
    ("nearly 400", None, 400, True),
    ("almost 400", None, 400, True),
    ("up to 400", None, 400, True),
    ("fewer than 50", None, 49, False),
    ("less than 50", None, 49, False),
    ("under 50", None, 49, False),
    ("about 40", 40, 40, True),
    ("around 40", 40, 40, True),
    ("approximately 40", 40, 40, True),
    ("roughly 40", 40, 40, True),
    ("some 40", 40, 40, True),
    ("an estimated 40", 40, 40, True),
    ("a few", 2, None, True),
    ("several", 3, None, True),
    ("dozens", 24, None, True),
    ("tens", 20, None, True),
    ("scores", 40, None, True),
    ("hundreds", 200, None, True),
    ("thousands", 2000, None, True),
    ("at least dozens", 24, None, True),
    ("  140  ", 140, 140, False),
    ("none", 0, 0, False),
]


@pytest.mark.parametrize(("text", "low", "high", "approximate"), [c for c in CASES if c[3] is not None])
def test_parse_figure_vocabulary(text: str, low: int | None, high: int | None, approximate: bool) -> None:
    figure = parse_figure(text)
    assert (figure.min, figure.max, figure.approximate) == (low, high, approximate)
    assert figure.text == text


REFUSED = [
    ("", "figure is empty"),
    ("-5", "is negative"),
    ("141-105", "minimum above its maximum"),
    ("12,000,000", "implausibly large"),
    ("many", "cannot read the figure"),
    ("140 civilians", "cannot read the figure"),
    ("at least many", "cannot read the number"),
    ("1,23", "cannot read the figure"),
    ("fewer than 0", "below zero"),
    ("two hundred hundred", "cannot read the figure"),
    ("twenty twenty", "cannot read the figure"),
    ("one two", "cannot read the figure"),
    ("twenty-five twenty", "cannot read the figure"),
]


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_parse_figure_refuses_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(FigureError) as caught:
        parse_figure(text)
    assert message in caught.value.message
    assert caught.value.hint


def test_parse_number_words_and_digits() -> None:
    assert parse_number("1,000") == 1000
    assert parse_number("one thousand two hundred and three") == 1203
    assert parse_number("hundred") is None
    assert parse_number("dozens") is None


def test_every_documented_form_is_in_the_methodology_rows() -> None:
    rows = vocabulary_rows()
    words = " ".join(row["words"] for row in rows)
    for prefixes, _meaning, _example in BOUND_PREFIXES:
        for prefix in prefixes:
            assert prefix in words
    for word in VAGUE_WORDS:
        assert word in words
    # each row's "parsed" column is computed by the parser itself
    for row in rows:
        assert row["parsed"] == parse_figure(row["example"]).display()


def test_display() -> None:
    assert parse_figure("140").display() == "140"
    assert parse_figure("over 200").display() == "201 or more"
    assert parse_figure("nearly 400").display() == "~at most 400"
    assert parse_figure("105-141").display() == "105–141"
    assert parse_figure("about 1,500").display() == "~1,500"


def test_claimed_spread_never_sums_or_averages() -> None:
    figures = [parse_figure(t) for t in ("140", "200", "over 200", "scores")]
    spread = claimed_spread(figures)
    assert spread is not None
    assert (spread.low, spread.high, spread.open_high, spread.count) == (40, 201, True, 4)
    assert spread.display() == "40–201+"
    closed = claimed_spread([parse_figure("105-141"), parse_figure("nearly 400")])
    assert closed is not None and (closed.low, closed.high, closed.open_high) == (105, 400, False)
    assert claimed_spread([]) is None
    single = claimed_spread([Figure("7", 7, 7)])
    assert single is not None and single.display() == "7"
