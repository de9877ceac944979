"""The site's search index: Pagefind bundles of the built site, after ``mkdocs build`` (docs/search.md).

Before its first result Pagefind fetches its bundle's metadata file whole, and that file lists every
page of the bundle (about 7.4 bytes a page gzipped: 270 KB for the 36,000 pages of one bundle at
10,000 incidents). So the pages are indexed in four bundles that ``search.js`` searches in turn:

- the main bundle, ``pagefind/``: the incidents and the hand-written pages; its results come first;
- ``pagefind/texts/``: the sources with a stored text, whose pages hold the texts' own words (found
  nowhere else on the site): merged in at once when a word has no match in the main bundle, so that
  such a word's first results wait for this small bundle only;
- ``pagefind/sources/``: the other sources (external posts and pages with no stored copy: their
  titles are on the incident pages that quote them), and ``pagefind/claimants/`` (their names are on
  the incident pages' claim headings): merged in, with the texts, after the first results.

The index pages' filters have bundles of their own, ``pagefind/records/<kind>/`` (incident, source,
claimant), built from a stand-in for each record page that holds only its title and its search block
(filters, metadata and the sort key): a filter loads only its records' bundle, small, and the search's
bundles carry no sort (a sort is in a bundle's metadata file, which every first result waits for).

A bundle of other pages than a folder's is indexed from a staging folder of hard links to those
pages (their paths kept, so their addresses are the site's), never by copying or moving the site.
A part with no page (the seeds have no external source) has no bundle: ``pagefind/parts.json`` lists
the parts that have one, so the page never asks for a bundle that is not there.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_scripts import write

SEARCH_BUNDLE = "pagefind"  # the search index's folder in the built site (assets/javascripts/search.js loads it)
# Bundles merged into the main one's search (search.js: PARTS), each at pagefind/<part>/: the stored
# texts first when the main bundle has no match (search.js: TEXTS), all of them after the first results
TEXTS = "texts"
SEARCH_PARTS = (TEXTS, "sources", "claimants")
PART_FOLDERS = ("sources", "claimants")  # the site's folders whose pages are in the parts, not the main bundle
# Written on a source page with a stored text (render/templates/search_tags.html.j2): that page goes to TEXTS
STORED_TEXT_MARKER = "data-chs-stored-text"
INDEXED_MARKER = "data-pagefind-body"  # overrides/main.html: on every page the search takes (not index pages, redirects)
# as the template writes it: a contributor's text cannot write the quotes (escaped), so it cannot pass for it
_STORED = f'class="chs-search-tags" {STORED_TEXT_MARKER}>'.encode()
_INDEXED = INDEXED_MARKER.encode()
PARTS_FILE = "parts.json"  # pagefind/parts.json: the parts that have a bundle (search.js merges only those)
RECORDS = "records"  # pagefind/records/<kind>/: the index pages' filters (search.js: RECORDS)
RECORD_KINDS = ("incident", "source", "claimant")
# the page's language, its title and its search block (render/templates/search_tags.html.j2: spans only)
_LANGUAGE = re.compile(r'<html[^>]*\slang="([^"]*)"')
_TITLE = re.compile(r"<h1[\s>].*?</h1>", re.S)
_BLOCK = re.compile(r'<div hidden data-pagefind-ignore class="chs-search-tags"[^>]*>.*?</div>', re.S)
_KIND = re.compile(r'data-pagefind-filter="record:([a-z]+)"')


# The site's pages in groups, each indexed on its own (``Indexer.start``): a group's bundles and the
# filters' bundle of its records.
GROUPS = {"main": (SEARCH_BUNDLE, "incident"), "sources": (TEXTS, "sources", "source"), "claimants": ("claimants", "claimant")}


def page_group(relative: str) -> str:
    """The group of a built page (its path relative to the site): its top folder if that is one of
    the parts' folders, else the main group."""
    top = relative.split("/", 1)[0]
    return top if top in PART_FOLDERS else "main"


def bundle_pages(site: Path, group: str | None = None) -> dict[str, list[str]]:
    """Each bundle's pages (paths relative to ``site``, sorted): ``SEARCH_BUNDLE`` for the main one,
    else the part's name; with ``group``, only that group's bundles. A part's pages left out of
    search (no ``INDEXED_MARKER``: its index and split pages) are in none; the main bundle's are left
    out by Pagefind itself."""
    names = (SEARCH_BUNDLE, *SEARCH_PARTS)
    bundles: dict[str, list[str]] = {name: [] for name in names if group is None or name in GROUPS[group]}
    if SEARCH_BUNDLE in bundles:
        for entry in site.iterdir():
            if entry.name in (*PART_FOLDERS, SEARCH_BUNDLE):
                continue
            paths = [entry] if entry.suffix == ".html" and entry.is_file() else entry.rglob("*.html") if entry.is_dir() else []
            bundles[SEARCH_BUNDLE] += [path.relative_to(site).as_posix() for path in paths]
    for part in PART_FOLDERS:
        if group is not None and part != group:
            continue
        for path in (site / part).rglob("*.html"):
            page = path.read_bytes()
            if _INDEXED in page:
                bundles[TEXTS if part == "sources" and _STORED in page else part].append(path.relative_to(site).as_posix())
    return {name: sorted(pages) for name, pages in bundles.items()}


def record_page(page: str) -> tuple[str, str] | None:
    """(record kind, a stand-in page for the filters' bundle) of a record page's HTML, or None if it
    has no search block: the page's language, title and search block, its sort key made Pagefind's."""
    block, title, kind = _BLOCK.search(page), _TITLE.search(page), _KIND.search(page)
    if block is None or title is None or kind is None:
        return None
    language = _LANGUAGE.search(page)
    tags = block.group(0).replace("data-chs-sort=", "data-pagefind-sort=")
    return kind.group(1), (f'<!doctype html><html lang="{language.group(1) if language else "en"}"><body>'
                           f"<main {INDEXED_MARKER}>{title.group(0)}{tags}</main></body></html>")  # fmt: skip


def record_pages(site: Path, kinds: tuple[str, ...] = RECORD_KINDS) -> dict[str, dict[str, str]]:
    """Per record kind (of ``kinds``), each record page's stand-in (``record_page``) by its path
    relative to ``site``."""
    found: dict[str, dict[str, str]] = {kind: {} for kind in kinds}
    for folder in (f"{kind}s" for kind in kinds):
        for path in sorted((site / folder).glob("*/index.html")):
            record = record_page(path.read_text(encoding="utf-8"))
            if record is not None and record[0] in found:
                found[record[0]][path.relative_to(site).as_posix()] = record[1]
    return found


def index_for_search(site: Path) -> str:
    """Pagefind's bundles of the built ``site`` (into site/pagefind/, before the swap, so a published
    site always has the index of its own pages), every group at once. Returns what failed, or ""."""
    indexer = Indexer(site)
    for group in GROUPS:
        indexer.start(group)
    return indexer.finish()


class Indexer:
    """The search index of a built site, a group of pages at a time (``start``), each bundle indexed by
    its own Pagefind process, side by side;
    ``finish`` waits for them and moves the bundles into site/pagefind/. A part with no page has no
    bundle; ``PARTS_FILE`` lists those that have one (search.js merges only those)."""

    def __init__(self, site: Path) -> None:
        self.site = site.resolve()
        self.started: set[str] = set()
        self.runs: list[tuple[str, Path, subprocess.Popen]] = []

    def start(self, group: str) -> None:
        if group in self.started:
            return
        self.started.add(group)
        for name, pages in bundle_pages(self.site, group).items():
            if pages:  # each bundle from a staging folder of hard links to its pages
                self._run(name, lambda folder, pages=pages: write.link_files(self.site, pages, folder))
        kinds = tuple(kind for kind in GROUPS[group] if kind in RECORD_KINDS)
        for kind, stand_ins in record_pages(self.site, kinds).items():
            if stand_ins:
                self._run(f"{RECORDS}/{kind}", lambda folder, stand_ins=stand_ins: write.write_plain_files(folder, stand_ins))

    def _run(self, name: str, fill) -> None:
        staging = Path(tempfile.mkdtemp(prefix=".search-", dir=self.site.parent))
        fill(staging / "pages")
        # each bundle written apart (Pagefind may clear its output folder), moved into pagefind/ after
        self.runs.append((name, staging, _pagefind(staging / "pages", staging / "bundle")))

    def finish(self) -> str:
        """Every group not started yet started, then every bundle waited for and put in place.
        Returns what failed, or ""."""
        output = self.site / SEARCH_BUNDLE
        try:
            for group in GROUPS:
                self.start(group)
            failed = [(name, process.wait()) for name, _, process in self.runs]
            if not [code for _, code in failed if code]:
                for name, staging, _ in sorted(self.runs, key=lambda run: run[0] != SEARCH_BUNDLE):  # the main bundle first
                    write.move_folder(staging / "bundle", output if name == SEARCH_BUNDLE else output / name)
                present = [part for part in SEARCH_PARTS if part in {name for name, _, _ in self.runs}]
                write.write_file_atomic(output / PARTS_FILE, json.dumps(present).encode("utf-8"))
        finally:
            self.close()
        for name, code in failed:
            if code != 0:
                folder = SEARCH_BUNDLE + "/" + ("" if name == SEARCH_BUNDLE else name + "/")
                return f"the search index (Pagefind, {folder}) failed (exit {code})"
        return ""

    def close(self) -> None:
        """Wait for every Pagefind process started and remove the staging folders (also after a failure)."""
        for _, staging, process in self.runs:
            process.wait()
            shutil.rmtree(staging, ignore_errors=True)


def _pagefind(site: Path, output: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
               "--exclude-selectors", ".headerlink", "--silent"]  # fmt: skip (.headerlink: the headings' ¶)
    return subprocess.Popen(command)
