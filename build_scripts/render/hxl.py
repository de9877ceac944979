"""The HXL-tagged copies of the CSV downloads (pure): the plain file with a hashtag row after its
header, the tags taken from the data dictionary (``views.tables.COLUMNS``). The plain CSVs stay
without the extra row."""

from __future__ import annotations

import csv
import io

from build_scripts.views.tables import Column


def hashtag_row(columns: list[Column]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([column.hxl for column in columns])
    return out.getvalue().encode("utf-8")


def render_hxl_csv(plain_csv: bytes, columns: list[Column]) -> bytes:
    """``plain_csv`` (header row first, as ``exports.render_csv`` writes it) with the hashtag row
    inserted as its second row."""
    header, newline, rows = plain_csv.partition(b"\n")
    if header.decode("utf-8").split(",") != [column.name for column in columns]:
        raise ValueError("the CSV header is not the data dictionary's columns")
    return header + newline + hashtag_row(columns) + rows
