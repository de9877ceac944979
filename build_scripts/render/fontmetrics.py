"""Text widths in the vendored DejaVu Sans (``fonts/``), for laying out the charts drawn in Python.

vl-convert lays out a static chart with these fonts' advance widths; a chart drawn here measures its
legends and labels the same way, from the font's own ``cmap`` (character -> glyph) and ``hmtx``
(glyph -> advance) tables. Only those two tables and ``head``/``hhea`` are read (the TrueType layout
is fixed by the OpenType specification); no shaping: an Arabic word is measured with its letters'
isolated forms and a kerned pair without its kerning, a difference of a few pixels at most, which
only moves the chart's right edge when such a label is its widest part (tests compare with vl-convert).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Metrics:
    units_per_em: int
    advances: dict[int, int]  # code point -> advance width in font units
    missing: int  # the advance of the .notdef glyph (a character the font lacks)

    def width(self, text: str, size: float) -> float:
        """The advance width of ``text`` at ``size`` px."""
        units = sum(self.advances.get(ord(c), self.missing) for c in text)
        return units * size / self.units_per_em


@lru_cache(maxsize=2)
def metrics(name: str = REGULAR) -> Metrics:
    data = (FONTS / name).read_bytes()
    tables = _tables(data)
    units_per_em = struct.unpack_from(">H", data, tables["head"] + 18)[0]
    metric_count = struct.unpack_from(">H", data, tables["hhea"] + 34)[0]
    glyph_advances = struct.unpack_from(f">{metric_count * 2}H", data, tables["hmtx"])[::2]

    def advance(glyph: int) -> int:  # glyphs past the last metric repeat its advance
        return glyph_advances[min(glyph, metric_count - 1)]

    return Metrics(units_per_em, {c: advance(g) for c, g in _cmap(data, tables["cmap"]).items()}, advance(0))


def text_width(text: str, size: float, bold: bool = False) -> float:
    return metrics(BOLD if bold else REGULAR).width(text, size)


def _tables(data: bytes) -> dict[str, int]:
    count = struct.unpack_from(">H", data, 4)[0]
    found = {}
    for i in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        found[tag.decode("ascii")] = offset
    return found


def _cmap(data: bytes, start: int) -> dict[int, int]:
    """Code point -> glyph from the Unicode subtable (format 12 if there is one, else format 4)."""
    count = struct.unpack_from(">H", data, start + 2)[0]
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, start + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, start + offset)[0]
        if (platform, encoding) in ((3, 1), (3, 10), (0, 3), (0, 4)):
            subtables[fmt] = start + offset
    if 12 in subtables:
        return _format12(data, subtables[12])
    return _format4(data, subtables[4])


def _format4(data: bytes, at: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    ranges_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, ranges_at)
    glyphs = {}
    for i, (first, last, delta, offset) in enumerate(zip(starts, ends, deltas, offsets, strict=True)):
        for code in range(first, last + 1):
            if code == 0xFFFF:
                continue
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                glyph = struct.unpack_from(">H", data, ranges_at + 2 * i + offset + 2 * (code - first))[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                glyphs[code] = glyph
    return glyphs


def _format12(data: bytes, at: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    glyphs = {}
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
        for code in range(first, last + 1):
            glyphs[code] = glyph + code - first
    return glyphs
