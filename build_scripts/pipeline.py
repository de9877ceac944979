"""The pipeline, composed: check -> generate -> MkDocs. Each step returns the problems it found."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
import yaml_env_tag

from build_scripts import fanout, write
from build_scripts.builtpages import REPORT, REPORT_ENV
from build_scripts.checks.validate import check_corpus
from build_scripts.layout import DEFAULT_DATA_LICENCE, DEFAULT_DATA_LICENCE_URL, DOWNLOADS_DIR, GENERATED_DIRS
from build_scripts.model.records import Corpus
from build_scripts.problems import Location, Problem
from build_scripts.render import csp, feeds
from build_scripts.render.chartblocks import ChartBlocks, render_charts_loader
from build_scripts.render.chartrender import ChartRenderer
from build_scripts.render.datapackage import FOREIGN_KEYS, PRIMARY_KEYS, PackageInfo, dataset_version
from build_scripts.render.exports import CSV_TABLES, downloads_listing, render_downloads
from build_scripts.render.messages import DEFAULT_LANGUAGE, MessageError, messages_for
from build_scripts.render.metadata import dataset_jsonld, script_json
from build_scripts.render.pages import SitePages
from build_scripts.searchindex import index_for_search
from build_scripts.views.changes import site_changes
from build_scripts.views.coverage import corpus_coverage
from build_scripts.views.site import SiteView
from build_scripts.views.tables import COLUMNS, build_tables

# The curated data's licence when mkdocs.yml's `extra.data_licence` is unset (see LICENSE-DATA.md).
DATA_LICENCE, DATA_LICENCE_URL = DEFAULT_DATA_LICENCE, DEFAULT_DATA_LICENCE_URL


@dataclass(frozen=True)
class Project:
    config_file: Path
    docs_dir: Path
    site_url: str
    data_licence: str = DATA_LICENCE
    data_licence_url: str = DATA_LICENCE_URL
    site_name: str = "Civilian-harm claims"
    site_description: str = ""
    language: str = DEFAULT_LANGUAGE  # theme.language: the interface's, and its messages file

    @property
    def cache_dir(self) -> Path:
        return self.config_file.parent / ".cache" / "charts"

    @property
    def package_info(self) -> PackageInfo:
        return PackageInfo(self.site_name, self.site_description, self.data_licence, self.site_url)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: `!ENV` resolved (``site_url: !ENV SITE_URL``); other tags that
    MkDocs or an extension defines (`!relative`, `!!python/name:`) read as empty."""


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_project(config_file: Path) -> Project:
    """The few settings the generator needs from mkdocs.yml."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}  # a SafeLoader
    docs_dir = config_file.parent / config.get("docs_dir", "docs")
    site_url = str(config.get("site_url") or "")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    extra = config.get("extra") or {}
    licence = str(extra.get("data_licence") or DATA_LICENCE)
    # Another licence named without its address is shown without a link, never with CC BY's.
    licence_url = str(extra.get("data_licence_url") or (DATA_LICENCE_URL if licence == DATA_LICENCE else ""))
    name = str(config.get("site_name") or "") or Project.site_name
    language = str((config.get("theme") or {}).get("language") or DEFAULT_LANGUAGE)
    return Project(config_file, docs_dir, site_url, licence, licence_url, name, str(config.get("site_description") or ""),
                   language)  # fmt: skip


def check(seeds: Path, today: dt.date) -> tuple[Corpus | None, list[Problem]]:
    return check_corpus(seeds, today)


def render_outputs(corpus: Corpus, project: Project, renderer: ChartRenderer | None = None) -> dict[str, str | bytes]:
    """Every generated file under the docs folder: pages, snippets, charts and downloads."""
    return dict(iter_outputs(corpus, project, renderer))


def iter_outputs(corpus: Corpus, project: Project, renderer: ChartRenderer | None = None,
                 docs_dir: Path | None = None, processes: int | None = None) -> Iterator[tuple[str, str | bytes | write.Written]]:  # fmt: skip
    """``render_outputs`` one file at a time (path under the docs folder, content), so that the
    generator writes each as it comes instead of holding the whole site (~1 GB at 10,000 incidents).

    The record pages (most of the work) are rendered in as many processes as there are cores,
    started first, while this one renders the downloads and the site-wide pages; with ``docs_dir``
    each process writes its pages there itself (``write.Written`` stands for them)."""
    view = SiteView(corpus)
    tables = build_tables(view)
    renderer = renderer or ChartRenderer(project.cache_dir)
    messages = messages_for(project.language)
    blocks = ChartBlocks(tables, renderer, messages)
    blocks.prepare_records()
    pages = SitePages(view, project.site_url, blocks, project.site_name, messages)
    record = functools.partial(_record_outputs, pages, blocks, docs_dir)
    with fanout.map_forked(record, pages.records(), processes) as records:
        downloads = render_downloads(view, tables, project.package_info)
        listing = downloads_listing(tables, downloads)
        coverage = corpus_coverage(view)
        version = dataset_version({name: downloads[f"{DOWNLOADS_DIR}/{name}.csv"] for name in CSV_TABLES}, coverage)
        jsonld = dataset_jsonld(project.package_info, coverage, version, [file["name"] for file in listing])
        data_page = {"files": listing, "columns": COLUMNS, "licence": project.data_licence,
                     "licence_url": project.data_licence_url, "site_url": project.site_url, "jsonld": script_json(jsonld),
                     "primary_keys": PRIMARY_KEYS, "foreign_keys": FOREIGN_KEYS}  # fmt: skip
        yield from downloads.items()
        del downloads
        for page in pages.front(data_page):
            yield page
            yield from blocks.take_files()  # the page's charts' files, written with it
        for outputs in records:
            yield from outputs
    changes = site_changes(corpus)
    yield feeds.ATOM_FILE, feeds.render_atom(changes, project.site_name, project.site_url, latest_date(corpus), messages)
    yield feeds.JSON_FILE, feeds.render_json_feed(changes, project.site_name, project.site_url, messages)
    yield "charts/vega-runtime.js", renderer.runtime_bundle()
    yield "charts/charts.js", render_charts_loader()


def _record_outputs(pages: SitePages, blocks: ChartBlocks, docs_dir: Path | None,
                    record: tuple[str, str]) -> list[tuple[str, str | bytes | write.Written]]:  # fmt: skip
    """One record's pages and their charts' files; with ``docs_dir``, written there (by the process
    that rendered them)."""
    outputs = [*pages.record(record), *blocks.take_files()]
    if docs_dir is None:
        return outputs
    return [(name, write.Written(write.write_if_changed(docs_dir / name, content))) for name, content in outputs]


def latest_date(corpus: Corpus) -> dt.date | None:
    """The corpus's own latest date (an incident's or a source's), for a feed with no changes yet."""
    dates = [d for i in corpus.incidents for d in (i.date, i.date_by) if d]
    dates += [s.published for s in corpus.sources if s.published]
    return max(dates, default=None)


def generate(seeds: Path, project: Project, today: dt.date, processes: int | None = None) -> list[Problem]:
    """Check, then write the generated files; ``processes``: how many render the record pages
    (default: one per core, ``fanout.workers``)."""
    corpus, problems = check(seeds, today)
    if corpus is None:
        return problems
    try:
        messages_for(project.language)
    except MessageError as error:
        return [Problem(Location(project.config_file.name), str(error), "or set theme.language to a language that has one")]
    outputs = iter_outputs(corpus, project, docs_dir=project.docs_dir, processes=processes)
    write.write_generated(project.docs_dir, outputs, GENERATED_DIRS)
    return []


def build(seeds: Path, project: Project, site_dir: Path, today: dt.date) -> list[Problem]:
    """Check, generate, then ``mkdocs build --strict`` into a new folder swapped in only on success."""
    problems = generate(seeds, project, today)
    if problems:
        return problems
    return build_site(project, site_dir)


def build_site(project: Project, site_dir: Path) -> list[Problem]:
    """``mkdocs build --strict`` of the generated docs folder, swapped in at ``site_dir`` on success.

    MkDocs writes the Content-Security-Policy into each page as it builds it (builtpages.py); the
    search index is built after it (searchindex.py)."""
    built = write.new_site_dir(site_dir)
    report = write.new_site_dir(site_dir.parent / f".{site_dir.name}-report")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(project.config_file.resolve()), "--site-dir", str(built.resolve())]  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", REPORT_ENV: str(report.resolve())}
    try:
        # cwd: pymdownx.snippets resolves its base_path against the working directory
        result = subprocess.run(command, check=False, env=env, cwd=project.config_file.parent)
        if result.returncode != 0:
            write.discard_site_dir(built)
            return [
                Problem(
                    Location(str(project.config_file.name)),
                    f"mkdocs build --strict failed (exit {result.returncode}); {site_dir} was left as it was",
                    "read the MkDocs messages above",
                )
            ]
        missing = secure_other_pages(built, json.loads((report / REPORT).read_text(encoding="utf-8")))
    finally:
        write.discard_site_dir(report)
    if missing:
        write.discard_site_dir(built)
        return [Problem(Location(str(path.relative_to(built))), f"built page has no place for the Content-Security-Policy; "
                        f"{site_dir} was left as it was", f"keep the {csp.MARKER} marker in overrides/main.html's site_meta")
                for path in missing]  # fmt: skip
    failed = index_for_search(built)
    if failed:
        write.discard_site_dir(built)
        return [Problem(Location(str(project.config_file.name)), f"{failed}; {site_dir} was left as it was",
                        "read Pagefind's messages above")]  # fmt: skip
    write.replace_site_dir(site_dir, built)
    return []


def secure_other_pages(site: Path, report: dict) -> list[Path]:
    """After MkDocs gave its pages the policy (``report``: builtpages.py), the site's other HTML files
    (none that MkDocs renders; a hand-written one in the docs folder) given it too. If one of them has
    an inline script no page had, every page is given the policy that allows it. Returns the pages
    that have no place for the policy."""
    hashes, seen = set(report["hashes"]), {*report["secured"], *report["missing"]}
    others = [path for path in sorted(site.rglob("*.html")) if path.relative_to(site).as_posix() not in seen]
    texts = {path: path.read_text(encoding="utf-8") for path in others}
    new = {csp.script_hash(script) for text in texts.values() for script in csp.inline_scripts(text)} - hashes
    meta = csp.policy_meta(csp.render_policy(hashes | new))
    if new:
        old = csp.policy_meta(csp.render_policy(hashes))
        for name in report["secured"]:
            page = site / name
            write.write_file_atomic(page, page.read_text(encoding="utf-8").replace(old, meta, 1).encode("utf-8"))
    missing = [site / name for name in report["missing"]]
    for path, text in texts.items():
        secured = csp.with_policy(text, meta)
        if secured == text:
            missing.append(path)
        else:
            write.write_file_atomic(path, secured.encode("utf-8"))
    return sorted(missing)
