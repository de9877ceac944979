"""``bench pages``: how each page type loads on a phone, measured with Lighthouse's mobile profile.

Serves a built site gzipped on 127.0.0.1 and runs Lighthouse (npm, pinned in package.json; run with
Debian's chromium through ``CHROME_PATH``; nothing is downloaded at run time) on one page of each
type, beside a page without charts measured in the same run: performance score, total blocking time,
largest contentful paint, cumulative layout shift and the bytes transferred (gzipped) until the page
settled. Lighthouse's default mobile profile simulates a slow 4G link and a 4x slower CPU. Nothing
here is asserted on by a test: the numbers depend on the machine (and on its load: say so).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from build_scripts.tools.bench_report import page_type

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run " \
    "--disable-background-networking --disable-component-update --disable-sync"
BASELINE = "about/index.html"  # a hand-written page without charts
# one page per type; "incident" is the incident page with the most claims (the largest chart)
ORDER = ("home", "incidents index", "incident", "source", "claimant", "sources index", "claimants index", "data")
GOALS = {"score": 90, "tbt": 200.0, "lcp": 2500.0, "cls": 0.1}
_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", ".csv", ".geojson")


@dataclass(frozen=True)
class PageResult:
    kind: str
    path: str
    score: float  # 0-100
    tbt: float  # ms
    lcp: float  # ms
    cls: float
    transferred: int  # bytes over the wire (gzipped), until Lighthouse saw the page settle
    requests: int
    runtime: bool  # whether the chart runtime was requested
    blocking: tuple[str, ...] = ()  # render-blocking resources (file names), as Lighthouse lists them


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped (level 6) when the client accepts it, like a typical static host."""

    cache: ClassVar[dict[str, bytes]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in _COMPRESSIBLE):
            return super().send_head()
        body = self.cache.get(str(path))
        if body is None:
            body = self.cache[str(path)] = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_gzipped(site: Path) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def pick_pages(site: Path) -> dict[str, str]:
    """One built page per type (the largest of its type: the worst case), plus the baseline."""
    chosen: dict[str, tuple[int, str]] = {}
    for path in sorted(site.rglob("index.html")):
        relative = path.relative_to(site).as_posix()
        kind = page_type(relative)
        if kind is None:
            continue
        size = path.stat().st_size
        if kind == "incident":
            text = path.read_text(encoding="utf-8")
            size = text.count("<tr>") if "chs-chart" in text else -1
        if kind not in chosen or size > chosen[kind][0]:
            chosen[kind] = (size, relative)
    pages = {kind: chosen[kind][1] for kind in ORDER if kind in chosen}
    pages["no charts (about)"] = BASELINE
    return pages


def run_lighthouse(url: str, workdir: Path) -> dict:
    if not LIGHTHOUSE.is_file():
        raise RuntimeError(f"{LIGHTHOUSE} not found: run `npm ci --ignore-scripts` (make node-deps)")
    out = workdir / "report.json"
    command = [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json", f"--output-path={out}",
               "--quiet", f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=60000"]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    subprocess.run(command, check=True, env=env, cwd=workdir, stdout=subprocess.DEVNULL, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def read_report(kind: str, path: str, report: dict) -> PageResult:
    audits = report["audits"]
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items", [])
    return PageResult(
        kind=kind, path=path, score=round((report["categories"]["performance"]["score"] or 0) * 100, 1),
        tbt=audits["total-blocking-time"]["numericValue"], lcp=audits["largest-contentful-paint"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"], transferred=int(audits["total-byte-weight"]["numericValue"]),
        requests=len(requests), runtime=any("vega-runtime" in r.get("url", "") for r in requests),
        blocking=tuple(item["url"].rsplit("/", 1)[-1] for item in
                       (audits.get("render-blocking-resources", {}).get("details") or {}).get("items", [])),
    )  # fmt: skip


def _median(results: list[PageResult]) -> PageResult:
    """The run with the median score (its own numbers, not a mix of runs)."""
    return sorted(results, key=lambda r: (r.score, -r.tbt))[len(results) // 2]


def bench_pages(site: Path, runs: int = 1) -> list[PageResult]:
    pages = pick_pages(site)
    results = []
    with serve_gzipped(site) as base, tempfile.TemporaryDirectory(prefix="chs-lighthouse-") as tmp:
        for kind, path in pages.items():
            url = base + path.removesuffix("index.html")
            measured = [read_report(kind, path, run_lighthouse(url, Path(tmp))) for _ in range(runs)]
            results.append(_median(measured))
    return results


def render_pages_table(results: list[PageResult], label: str) -> str:
    baseline = next((r for r in results if r.path == BASELINE), None)
    lines = [f"Lighthouse {lighthouse_version()} mobile profile (simulated slow 4G, 4x CPU), {label}", "",
             "| page | score | TBT | LCP | CLS | transferred (gzip) | requests | chart runtime | render-blocking | goals |",
             "|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in results:
        lines.append(f"| {r.kind} (`{r.path}`) | {r.score:.0f} | {r.tbt:,.0f} ms | {r.lcp / 1000:.2f} s | {r.cls:.3f} "
                     f"| {r.transferred / 1024:,.1f} KB | {r.requests} | {'loaded' if r.runtime else 'not loaded'} "
                     f"| {', '.join(r.blocking) or 'none'} | {_verdict(r, baseline)} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def _verdict(result: PageResult, baseline: PageResult | None) -> str:
    missed = []
    if result.score < GOALS["score"]:
        missed.append("score")
    if result.tbt > GOALS["tbt"] and (baseline is None or result.tbt > baseline.tbt + 100):
        missed.append("TBT")
    if result.lcp > GOALS["lcp"]:
        missed.append("LCP")
    if result.cls > GOALS["cls"]:
        missed.append("CLS")
    if result.kind == "incident" and result.transferred > 150 * 1024:
        missed.append("bytes")
    return "met" if not missed else "missed: " + ", ".join(missed)


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else "?"


def build_corpus_site(seeds: Path | None, size: int | None, seed: int, workdir: Path) -> Path:
    """Build the real corpus (``seeds``) or a synthetic one of ``size`` incidents in a copy of the
    project under ``workdir`` with the real pipeline; return the site folder."""
    import datetime as dt

    from build_scripts import pipeline
    from build_scripts.tools.bench import copy_skeleton
    from build_scripts.tools.synthetic import write_synthetic_corpus

    project_dir = copy_skeleton(workdir / "project")
    if size is None:
        shutil.copytree(seeds or ROOT / "seeds", project_dir / "seeds")
    else:
        write_synthetic_corpus(project_dir / "seeds", size, seed)
    project = pipeline.read_project(project_dir / "mkdocs.yml")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    problems = pipeline.build(project_dir / "seeds", project, project_dir / "site", dt.date.today())  # the corpus has 2026 dates
    if problems:
        raise RuntimeError("the corpus does not build: " + "; ".join(p.format() for p in problems[:5]))
    return project_dir / "site"


def run_bench_pages(site: Path | None, sizes: list[int], seed: int, runs: int, workdir: Path | None) -> str:
    """Measure ``site`` if given, else the real corpus and a synthetic corpus of each size."""
    if site is not None:
        return render_pages_table(bench_pages(site, runs), f"site {site}")
    tables = []
    with tempfile.TemporaryDirectory(prefix="chs-bench-pages-", dir=workdir) as tmp:
        for size in [None, *sizes]:
            built = build_corpus_site(None, size, seed, Path(tmp) / f"n{size or 'seeds'}")
            label = "seed corpus" if size is None else f"synthetic corpus, N = {size:,}"
            tables.append(render_pages_table(bench_pages(built, runs), label))
            shutil.rmtree(Path(tmp) / f"n{size or 'seeds'}", ignore_errors=True)
    return "\n".join(tables)
