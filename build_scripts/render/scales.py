"""What the charts drawn in Python (claimsvg, timelinesvg) need of Vega's scales: d3-array's tick
values and d3-scale's ``nice`` for a linear scale, ported as they are (JavaScript's ``Math.round``
included), and coordinates written to 0.01 px."""

from __future__ import annotations

import math

_E10, _E5, _E2 = math.sqrt(50), math.sqrt(10), math.sqrt(2)


def _round(value: float) -> int:
    return math.floor(value + 0.5)  # JavaScript's Math.round (halves up), not Python's (halves to even)


def tick_spec(start: float, stop: float, count: float) -> tuple[int, int, float]:
    """d3-array's ``tickSpec``: (first index, last index, increment; negative: divide by it)."""
    step = (stop - start) / max(0, count)
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = 10 if error >= _E10 else 5 if error >= _E5 else 2 if error >= _E2 else 1
    if power < 0:
        inc = 10**-power / factor
        i1, i2 = _round(start * inc), _round(stop * inc)
        i1 += i1 / inc < start
        i2 -= i2 / inc > stop
        inc = -inc
    else:
        inc = 10**power * factor
        i1, i2 = _round(start / inc), _round(stop / inc)
        i1 += i1 * inc < start
        i2 -= i2 * inc > stop
    if i2 < i1 and 0.5 <= count < 2:
        return tick_spec(start, stop, count * 2)
    return i1, i2, inc


def ticks(start: float, stop: float, count: float) -> list[float]:
    """d3-array's ``ticks`` (start < stop)."""
    if not count > 0 or start == stop:
        return [start] if start == stop else []
    i1, i2, inc = tick_spec(start, stop, count)
    if i2 < i1:
        return []
    return [i / -inc if inc < 0 else i * inc for i in range(i1, i2 + 1)]


def linear_ticks(top: float, count: int) -> list[float]:
    """Vega's ticks for a linear scale over [0, top] with ``tickCount`` and ``tickMinStep`` 1."""
    if top <= 0:
        return [0]
    return ticks(0, top, min(count, max(1, math.floor(top))))


def nice_top(top: float, count: int = 10) -> float:
    """d3-scale's ``linear.nice(count)`` of the domain [0, top]: its new end."""
    start, stop, previous = 0.0, float(top), None
    for _ in range(10):
        if stop <= start:
            break
        step = tick_spec(start, stop, count)[2]
        if step == previous:
            break
        start = math.floor(start / step) * step if step > 0 else math.ceil(start * step) / step
        stop = math.ceil(stop / step) * step if step > 0 else math.floor(stop * step) / step
        previous = step
    return stop


def px(value: float) -> str:
    """A coordinate to 0.01 px, without trailing zeros or a '-0'."""
    text = f"{round(value, 2) + 0.0:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
