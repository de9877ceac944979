"""Text widths in the vendored DejaVu Sans (``fonts/``), for laying out the charts drawn in Python.

vl-convert lays out a static chart with these fonts; a chart drawn here measures its legends and
labels the same way, from the font's own tables: ``cmap`` (character -> glyph), ``hmtx`` (glyph ->
advance) and the pairs of ``kern`` (vl-convert kerns: tests compare with its measurements). The
TrueType layout of these tables is fixed by the OpenType specification; fontTools is not a
dependency of the build for these few lines. No shaping: an Arabic word is measured with its
letters' isolated forms, a difference of a few pixels at most, which only moves the chart's right
edge when such a label is its widest part.
"""

from __future__ import annotations

import itertools
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
    glyphs: dict[int, int]  # code point -> glyph (0, .notdef, for a character the font lacks)
    advances: tuple[int, ...]  # glyph -> advance width in font units
    kerning: dict[tuple[int, int], int]  # (glyph, next glyph) -> adjustment in font units ('kern' table)

    def width(self, text: str, size: float) -> float:
        """The advance width of ``text`` at ``size`` px, kerned."""
        glyphs = [self.glyphs.get(ord(c), 0) for c in text]
        units = sum(self.advances[g] for g in glyphs)
        units += sum(self.kerning.get(pair, 0) for pair in itertools.pairwise(glyphs))
        return units * size / self.units_per_em


@lru_cache(maxsize=2)
def metrics(name: str = REGULAR) -> Metrics:
    data = (FONTS / name).read_bytes()
    tables = _tables(data)
    units_per_em = struct.unpack_from(">H", data, tables["head"] + 18)[0]
    metric_count = struct.unpack_from(">H", data, tables["hhea"] + 34)[0]
    glyph_count = struct.unpack_from(">H", data, tables["maxp"] + 4)[0]
    advances = struct.unpack_from(f">{metric_count * 2}H", data, tables["hmtx"])[::2]
    advances += (advances[-1],) * (glyph_count - metric_count)  # glyphs past the last metric repeat its advance
    return Metrics(units_per_em, _cmap(data, tables["cmap"]), advances, _kerning(data, tables.get("kern")))


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Kept per text: the charts measure the same labels (days, counts, legend words) over and over."""
    return metrics(BOLD if bold else REGULAR).width(text, size)


def _tables(data: bytes) -> dict[str, int]:
    count = struct.unpack_from(">H", data, 4)[0]
    found = {}
    for i in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        found[tag.decode("ascii")] = offset
    return found


def _kerning(data: bytes, start: int | None) -> dict[tuple[int, int], int]:
    """The pairs of the 'kern' table's horizontal format 0 subtables (the table version 0 layout)."""
    pairs: dict[tuple[int, int], int] = {}
    if start is None:
        return pairs
    count, at = struct.unpack_from(">H", data, start + 2)[0], start + 4
    for _ in range(count):
        _, length, coverage = struct.unpack_from(">HHH", data, at)
        if coverage >> 8 == 0 and coverage & 1:  # format 0, horizontal
            n = struct.unpack_from(">H", data, at + 6)[0]
            for i in range(n):
                left, right, value = struct.unpack_from(">HHh", data, at + 14 + 6 * i)
                pairs[(left, right)] = value
        at += length
    return pairs


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
