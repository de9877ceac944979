"""The benchmark's measurements of a built site (page weight, search index) and its Markdown table."""

from __future__ import annotations

import gzip
import re
import statistics
from pathlib import Path

from build_scripts.tools.bench_search import bundle_bytes, render_search_lines

PAGE_TYPES = ("home", "incident", "source", "claimant", "incidents index", "sources index", "claimants index", "data")
SAMPLE = 100  # pages per type that are gzipped (evenly spaced, plus the largest)
# charts/charts.js (on every page, 3 KB) loads the Vega runtime only where a chart element is present
_RUNTIME = re.compile(rb"\sdata-chs-spec(?:-src)?=")
_STAGE_ORDER = ("load", "model", "validate", "pages", "charts", "exports", "write", "mkdocs")
# The project's goals (README "Performance"; docs/performance.md): printed against each measurement.
GOAL_BUILD_RATIO = 1.15  # full build (cold chart cache) ÷ bare mkdocs build, at 10,000 incidents
GOAL_CHECK_RATIO = 2.0  # check ÷ bare C-libyaml parse
GOAL_PEAK_RSS = 2**30  # generator peak RSS at 10,000 incidents
GOAL_WARM_SECONDS = 2.0  # build of the real corpus after editing one incident (CPU s of the whole process)
GOAL_SCALING = 1.3  # time per incident at the largest size ÷ at the smallest


def page_type(relative: str) -> str | None:
    parts = relative.split("/")
    if relative == "index.html":
        return "home"
    if len(parts) == 2 and parts[0] in ("incidents", "sources", "claimants", "data"):
        return "data" if parts[0] == "data" else f"{parts[0]} index"
    if len(parts) == 3 and parts[0] in ("incidents", "sources", "claimants"):
        return parts[0][:-1]
    return None


def measure_site(site: Path) -> dict:
    """Per page type: count, HTML and gzipped bytes (median, max), pages loading the chart runtime."""
    by_type: dict[str, list[Path]] = {}
    total_bytes = total_files = 0
    for path in site.rglob("*"):
        if path.is_file():
            total_files += 1
            total_bytes += path.stat().st_size
            kind = page_type(path.relative_to(site).as_posix()) if path.name == "index.html" else None
            if kind:
                by_type.setdefault(kind, []).append(path)
    pages = {}
    for kind, paths in by_type.items():
        paths.sort()
        sizes = {p: p.stat().st_size for p in paths}
        step = max(1, len(paths) // SAMPLE)
        sample = set(paths[::step]) | {max(paths, key=sizes.__getitem__)}
        zipped = [len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in sample]
        pages[kind] = {
            "count": len(paths),
            "html_median": statistics.median(sizes.values()),
            "html_max": max(sizes.values()),
            "gzip_median": statistics.median(zipped),
            "gzip_max": max(zipped),
            "runtime": sum(1 for p in paths if _RUNTIME.search(p.read_bytes())),
        }
    return {
        "pages": pages,
        "map": measure_map_page(site),
        "search_index": bundle_bytes(site),
        "html_pages": sum(p["count"] for p in pages.values()),
        "files": total_files,
        "bytes": total_bytes,
    }


_IMAGE = re.compile(rb'<img class="chs-chart-static" src="([^"]+)"')
_LIVE_FILE = re.compile(rb'data-chs-spec-src="([^"]+)"')


def measure_map_page(site: Path) -> dict | None:
    """The map page's weight as a reader gets it: its HTML and its static SVG, each raw and gzipped
    (the SVG is what a reader without JavaScript sees; the live map's spec is inside the HTML)."""
    page = site / "map" / "index.html"
    if not page.is_file():
        return None
    html = page.read_bytes()
    image = _IMAGE.search(html)
    svg = (page.parent / image.group(1).decode()).resolve().read_bytes() if image else b""
    fetched = _LIVE_FILE.search(html)
    live = (page.parent / fetched.group(1).decode()).resolve().read_bytes() if fetched else b""
    return {"html": len(html), "html_gzip": len(gzip.compress(html, compresslevel=6)),
            "svg": len(svg), "svg_gzip": len(gzip.compress(svg, compresslevel=6)) if svg else 0,
            "live_gzip": len(gzip.compress(live, compresslevel=6)) if live else 0}  # fmt: skip


def _map_cell(weights: dict | None) -> str | None:
    if not weights:
        return None
    total = weights["html_gzip"] + weights["svg_gzip"]
    live = f"; live spec on demand {_kb(weights['live_gzip'])} gzip" if weights["live_gzip"] else ""
    return (f"{_kb(weights['html'])} · {_kb(weights['html_gzip'])}; SVG {_kb(weights['svg'])} · "
            f"{_kb(weights['svg_gzip'])}; gzip total {_kb(total)}{live}")  # fmt: skip


def render_table(results: list, real_warm=None, mkdocs: bool = True) -> str:
    """The benchmark table in Markdown: one column per size."""
    rows: list[tuple[str, list[str]]] = []

    def add(label: str, values) -> None:
        rows.append((label, [v if isinstance(v, str) else "—" for v in values]))

    add("incidents / claims / sources", [f"{r.incidents:,} / {r.claims:,} / {r.sources:,}" for r in results])
    add("generated files", [f"{r.files:,}" for r in results])
    for name in _STAGE_ORDER:
        stages = [next((s for s in r.stages if s.name == name), None) for r in results]
        add(f"stage: {name}", [_stage_cell(s, mkdocs) for s in stages])
    totals = [sum(s.seconds for s in r.stages if s.seconds is not None) for r in results]
    add("full build (sum of stages)", [f"{t:.2f} s" for t in totals])
    add("bare `mkdocs build`", [_stage_cell(r.bare_mkdocs, mkdocs) for r in results])
    add("full build ÷ bare MkDocs", [f"{t / r.bare_mkdocs.seconds:.2f}" if r.bare_mkdocs else None for t, r in zip(totals, results, strict=True)])
    add("time per incident", [f"{1000 * t / r.incidents:.2f} ms" for t, r in zip(totals, results, strict=True)])
    checks = [_check_seconds(r) for r in results]
    add("`check` (load + model + validate)", [f"{c:.2f} s, {_check_cpu(r):.2f} s CPU" for c, r in zip(checks, results, strict=True)])
    add("bare C-libyaml parse of the YAML", [f"{r.yaml_parse:.2f} s, {r.yaml_parse_cpu:.2f} s CPU" for r in results])
    add("`check` ÷ libyaml parse", [f"{_check_ratio(r):.2f}" for r in results])
    add("peak RSS, generator", [_mb(max((s.peak_rss or 0) for s in r.stages if s.name != "mkdocs")) for r in results])
    add("peak RSS, largest page-rendering child (forked; shares the generator's memory)",
        [_mb(r.child_peak_rss) if r.child_peak_rss else None for r in results])
    add("peak RSS, MkDocs (bare)", [_mb(r.bare_mkdocs.peak_rss) if r.bare_mkdocs else None for r in results])
    for kind in PAGE_TYPES:
        cells = [_page_cell(r.site.get("pages", {}).get(kind)) if r.site else None for r in results]
        if any(cells):
            add(f"page: {kind} (HTML · gzip, median / max; runtime)", cells)
    add("page: map (HTML · gzip; static SVG · gzip)", [_map_cell(r.site.get("map")) if r.site else None for r in results])
    add("search index (pagefind/, on disk)", [_index_cell(r.site) if r.site else None for r in results])
    add("site (files, bytes)", [f"{r.site['files']:,} files, {_mb(r.site['bytes'])}" if r.site else None for r in results])
    add("warm `generate` after editing one incident", [f"{r.warm['generate']:.2f} s" if r.warm else None for r in results])
    lines = ["| measure | " + " | ".join(f"N = {r.incidents:,}" for r in results) + " |"]
    lines.append("|---" * (len(results) + 1) + "|")
    lines += [f"| {label} | " + " | ".join(values) + " |" for label, values in rows]
    lines.append("")
    if len(results) > 1:
        per = [t / r.incidents for t, r in zip(totals, results, strict=True)]
        lines.append(f"Time per incident at N = {results[-1].incidents:,} ÷ at N = {results[0].incidents:,}: {per[-1] / per[0]:.2f}")
    if real_warm is not None:
        lines.append(f"Warm rebuild of the real corpus after editing one incident (`build` as a whole process: start-up, "
                     f"check, generate, MkDocs, Pagefind; median of {real_warm.runs}): {real_warm.cpu:.2f} CPU s, "
                     f"{real_warm.wall:.2f} s wall at load average {real_warm.load:.1f}")  # fmt: skip
    lines += ["", "Against the goals:", ""] + render_goals(results, totals, real_warm)
    searched = [(r.incidents, r.site) for r in results if r.site]
    if searched:
        lines += ["", "Search and index pages (tools/bench_search.py):", ""] + render_search_lines(searched)
    return "\n".join(lines) + "\n"


def render_goals(results: list, totals: list[float], real_warm=None) -> list[str]:
    """One line per goal and size: the measured ratio or amount, the goal, met or missed."""
    lines = []
    for result, total in zip(results, totals, strict=True):
        at = f"at N = {result.incidents:,}"
        if result.bare_mkdocs:
            lines.append(_goal(f"full build ÷ bare MkDocs {at} (cold chart cache)", total / result.bare_mkdocs.seconds,
                               GOAL_BUILD_RATIO, "{:.2f}"))  # fmt: skip
        lines.append(_goal(f"`check` ÷ bare libyaml parse {at}", _check_ratio(result), GOAL_CHECK_RATIO, "{:.2f}",
                           " in CPU seconds"))  # fmt: skip
        peak = max([(s.peak_rss or 0) for s in result.stages if s.name != "mkdocs"] + [result.child_peak_rss or 0])
        lines.append(_goal(f"peak RSS of the generator's largest process {at} (goal set for 10,000)", peak / 2**20, GOAL_PEAK_RSS / 2**20,
                           "{:,.0f} MB"))  # fmt: skip
    if len(results) > 1:
        per = [t / r.incidents for t, r in zip(totals, results, strict=True)]
        lines.append(_goal("time per incident, largest ÷ smallest size", per[-1] / per[0], GOAL_SCALING, "{:.2f}"))
    if real_warm is not None:
        lines.append(_goal("warm rebuild of the real corpus after one edit (CPU s of the whole `build`)", real_warm.cpu,
                           GOAL_WARM_SECONDS, "{:.2f} s"))  # fmt: skip
        lines.append(_goal("the same, wall time (on a shared machine it grows with the load)", real_warm.wall,
                           GOAL_WARM_SECONDS, "{:.2f} s"))  # fmt: skip
    return lines


def _goal(label: str, value: float, goal: float, form: str, unit: str = "") -> str:
    verdict = "met" if value <= goal else "missed"
    return f"- {label}: {form.format(value)}{unit} (goal ≤ {form.format(goal)}: {verdict})"


def _check_seconds(result) -> float:
    return sum(s.seconds for s in result.stages if s.name in ("load", "model", "validate"))


def _check_cpu(result) -> float:
    return sum(s.cpu or 0.0 for s in result.stages if s.name in ("load", "model", "validate"))


def _check_ratio(result) -> float:
    """``check`` ÷ the bare parse in CPU seconds of the process: both run on one thread, and on a
    shared machine CPU time does not count the time other jobs held the cores, wall time does."""
    return _check_cpu(result) / result.yaml_parse_cpu


def _stage_cell(stage, mkdocs: bool) -> str | None:
    if stage is None:
        return "not run" if mkdocs is False else None
    if stage.seconds is None:
        return "not present"
    return f"{stage.seconds:.2f} s" + (f", {_mb(stage.peak_rss)}" if stage.peak_rss else "")


def _page_cell(page: dict | None) -> str | None:
    if not page:
        return None
    return (
        f"{_kb(page['html_median'])} / {_kb(page['html_max'])} · {_kb(page['gzip_median'])} / {_kb(page['gzip_max'])}; "
        f"runtime on {page['runtime']:,} of {page['count']:,}"
    )


def _index_cell(site: dict) -> str:
    per_page = site["search_index"] / max(site["html_pages"], 1)
    return f"{_mb(site['search_index'])} ({_kb(per_page)} per page)"


def _mb(value: float | None) -> str:
    return f"{value / 2**20:,.1f} MB" if value else "—"


def _kb(value: float) -> str:
    return f"{value / 1024:,.1f} KB"
