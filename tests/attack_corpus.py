"""Attack strings (Big List of Naughty Strings, markdown-it's XSS fixtures, our own) and a writer
that puts them into every free-text field of a corpus, each string where the schema accepts it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conftest import ROOT

BLNS = ROOT / "node_modules" / "big-list-of-naughty-strings" / "blns.json"
XSS_FILES = [ROOT / "tests" / "fixtures" / "xss" / name for name in ("markdown-it-xss.txt", "extra-attacks.txt")]

# Fields that take a string as written, by (file, record level); ids/refs get the string too.
INCIDENT_FIELDS = ("id", "title", "place", "country", "belligerents", "summary", "notes")
CLAIM_FIELDS = ("id", "claimant", "responsibility", "quote", "notes")
SOURCE_FIELDS = ("id", "title", "publisher", "author", "url", "archive_url", "notes")
SERIES_FIELDS = ("title", "claimant", "unit", "notes")


def read_case_file(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    body = text[text.index("~~~~\n") + 5 :]
    return [case for case in body.rstrip("\n").split("\n~~~~\n")]


def attack_strings() -> list[str]:
    strings = json.loads(BLNS.read_text(encoding="utf-8"))
    for path in XSS_FILES:
        strings += read_case_file(path)
    return list(dict.fromkeys(strings))


def _printable(char: str) -> bool:
    code = ord(char)
    return char in "\t\n" or 0x20 <= code <= 0x7E or code == 0x85 or 0xA0 <= code <= 0xD7FF \
        or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF  # fmt: skip


def yaml_quote(value: str) -> str:
    """A YAML double-quoted scalar holding exactly ``value`` (non-printables as escapes)."""
    out = []
    for char in value:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def url_of(value: str) -> str:
    return "https://example.org/" + value


def document_of(quotes: list[str]) -> str:
    """A stored text that contains every quote (one per line)."""
    return "Stored text.\n" + "".join(q + "\n" for q in quotes)


def write_attack_corpus(folder: Path, rows: list[dict[str, str]]) -> Path:
    """One source + one incident (one claim) per row; ``rows[i][field]`` is the text for that field,
    a field missing from a row gets a plain value. Returns the seeds folder."""
    seeds = folder
    (seeds / "documents").mkdir(parents=True, exist_ok=True)
    sources, incidents = [], []
    for i, row in enumerate(rows):
        source_id = row.get("source.id", f"src-{i}")
        quote = row.get("claim.quote", f"quote number {i}")
        doc = document_of([quote])
        name = f"documents/d{i}.txt"
        (seeds / name).write_bytes(doc.encode("utf-8", "surrogatepass"))
        sha = hashlib.sha256(doc.encode("utf-8", "surrogatepass")).hexdigest()

        def q(key: str, default: str, row: dict[str, str] = row) -> str:
            return yaml_quote(row.get(key, default))

        sources.append(
            f"- id: {q('source.id', source_id)}\n  title: {q('source.title', f'Source {i}')}\n"
            f"  publisher: {q('source.publisher', 'Pub')}\n  author: {q('source.author', 'Auth')}\n"
            f"  published: 2020-01-05\n  url: {yaml_quote(url_of(row['source.url']) if 'source.url' in row else 'https://example.org/')}\n"
            f"  archive_url: {yaml_quote(url_of(row['source.archive_url']) if 'source.archive_url' in row else 'https://example.org/a')}\n"
            f"  language: en\n  kind: news\n  text: {name}\n  sha256: {sha}\n  notes: {q('source.notes', 'n')}\n"
        )
        incidents.append(
            f"- id: {q('incident.id', f'incident-{i}')}\n  title: {q('incident.title', f'Incident {i}')}\n"
            f"  date: 2020-01-04\n  date_precision: day\n  place: {q('incident.place', 'Place')}\n"
            f"  country: {q('incident.country', 'Country')}\n  belligerents: [{q('incident.belligerents', 'Air force')}]\n"
            f"  grading: contested\n  summary: {q('incident.summary', 'Summary.')}\n  notes: {q('incident.notes', 'n')}\n"
            f"  related: []\n  claims:\n"
            f"    - id: {q('claim.id', 'c')}\n      source: {yaml_quote(source_id)}\n"
            f"      claimant: {q('claim.claimant', f'Claimant {i}')}\n      claimant_type: witness\n"
            f"      killed: {yaml_quote(row.get('figure', str(10 + i)))}\n      responsibility: {q('claim.responsibility', 'r')}\n"
            f"      quote: {yaml_quote(quote)}\n      notes: {q('claim.notes', 'n')}\n"
        )
    (seeds / "sources.yaml").write_text("".join(sources), encoding="utf-8", errors="surrogatepass")
    (seeds / "incidents.yaml").write_text("".join(incidents), encoding="utf-8", errors="surrogatepass")
    (seeds / "series.yaml").write_text("[]\n", encoding="utf-8")
    return seeds


ALL_FIELDS = [f"incident.{f}" for f in INCIDENT_FIELDS] + [f"claim.{f}" for f in CLAIM_FIELDS] + [
    f"source.{f}" for f in SOURCE_FIELDS
]
