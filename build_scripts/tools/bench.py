"""The performance benchmark: time and peak memory of each pipeline stage on synthetic corpora.

For each size N it writes a synthetic corpus (``synthetic.py``) into a copy of the project in a
temporary folder, then runs the real pipeline functions one stage at a time (load, model, validate,
render: pages/charts/exports, write, MkDocs), a bare ``mkdocs build`` of the same generated Markdown,
a bare C-libyaml parse of the same YAML files, and, with ``--warm``, a regeneration after editing one
incident, and a whole-process ``build`` of the real corpus after editing one of its incidents (CPU
and wall time: ``bench_real_warm``). ``bench_report`` turns the results into the table. Nothing here is asserted on: times
depend on the machine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_scripts import fanout, pipeline, write
from build_scripts.checks import typed, validate
from build_scripts.checks.claimants import check_claimants
from build_scripts.inputs import load
from build_scripts.layout import GENERATED_DIRS, YAML_FILES
from build_scripts.render.chartrender import ChartRenderer
from build_scripts.tools import bench_search
from build_scripts.tools.bench_report import measure_site, render_table
from build_scripts.tools.synthetic import write_synthetic_corpus

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(__file__).resolve().parent.parent
OPTIONAL_STAGES = ("charts", "exports", "write")  # timed inside the render stage when their modules exist
# the charts: specs, blocks, vl-convert, and the incident charts' SVGs drawn in Python
STAGE_MODULES = {"charts": ("render/charts", "render/chartblocks", "render/chartrender", "render/timeline",
                            "render/claimsvg", "render/timelinesvg", "render/fontmetrics", "render/scales"),
                 "exports": ("render/exports",), "write": ("write",)}  # fmt: skip
TODAY = dt.date.today()  # validation only: the corpora hold past dates (the real one a 2026 history)


@dataclass
class Stage:
    name: str
    seconds: float | None  # None: the stage's module is not present
    peak_rss: int | None = None  # bytes; of the process that ran the stage
    cpu: float | None = None  # CPU seconds of this process during the stage (its threads included)


@dataclass
class SizeResult:
    incidents: int
    claims: int = 0
    sources: int = 0
    files: int = 0
    stages: list[Stage] = field(default_factory=list)
    yaml_parse: float = 0.0
    yaml_parse_cpu: float = 0.0
    busy_share: float | None = None  # None: the synthetic corpus's default
    bare_mkdocs: Stage | None = None
    child_peak_rss: int | None = None  # bytes: the largest forked child's (the record pages'; its RSS counts pages shared with the parent)
    warm: dict[str, float] = field(default_factory=dict)
    site: dict = field(default_factory=dict)


def run_bench(sizes: list[int], seed: int, mkdocs: bool, warm: bool, workdir: Path | None = None,
              charts: bool = True, busy_share: float | None = None) -> str:
    """Run every size and return the table (Markdown); ``charts=False``: see ``NoChartRenderer``."""
    results = []
    with tempfile.TemporaryDirectory(prefix="chs-bench-", dir=workdir) as tmp:
        for size in sizes:
            results.append(bench_size(Path(tmp) / f"n{size}", size, seed, mkdocs, warm, charts, busy_share))
            print(f"bench: N={size} done", file=sys.stderr)
        real_warm = bench_real_warm(Path(tmp) / "real") if warm and mkdocs else None
    return render_table(results, real_warm, mkdocs)


def copy_skeleton(dest: Path) -> Path:
    """The project without its corpus or generated pages: config, hand-written pages, overrides, hooks."""
    return write.copy_project_skeleton(ROOT, dest, GENERATED_DIRS)


def _validate(seeds: Path, files: dict, records: dict, problems: list) -> tuple:
    """The validate stage as ``check`` runs it: stored documents read and hashed, then the rules."""
    claimants = check_claimants(seeds, TODAY, problems)  # the declared spellings (claimants.yaml)
    texts = load.load_documents(seeds, records["sources.yaml"], files["sources.yaml"], problems)
    return validate.cross_check(seeds, files, records, texts, problems, claimants)


class NoChartRenderer(ChartRenderer):
    """Draws nothing: every chart block without its static SVG or live spec (``bench --no-charts``).
    Pages then lack their chart markup (an incident's two charts; the incidents index's spread chart,
    at most 25 incidents whatever the size): say so beside figures measured with it."""

    def render_all(self, specs) -> list[str]:
        return ["none" for _ in specs]

    def draw(self, chart) -> None:
        return None

    def result(self, key: str) -> tuple[bytes | None, bytes]:
        return None, b"{}"


def bench_size(folder: Path, size: int, seed: int, mkdocs: bool, warm: bool, charts: bool = True,
               busy_share: float | None = None) -> SizeResult:  # fmt: skip
    project_dir = copy_skeleton(folder)
    shape = {} if busy_share is None else {"busy_share": busy_share}
    corpus_info = write_synthetic_corpus(project_dir / "seeds", size, seed, **shape)
    project = pipeline.read_project(project_dir / "mkdocs.yml")
    seeds = project_dir / "seeds"
    result = SizeResult(size, corpus_info.claims, corpus_info.sources, busy_share=busy_share)
    stages = result.stages

    files, problems = _stage(stages, "load", load.load_corpus_files, seeds)
    records = _stage(stages, "model", typed.type_corpus, files, TODAY, problems)
    corpus, problems = _stage(stages, "validate", _validate, seeds, files, records, problems)
    if corpus is None:
        raise RuntimeError("the synthetic corpus does not validate:\n" + "\n".join(p.format() for p in problems[:20]))
    del files, records
    result.yaml_parse, result.yaml_parse_cpu = time_yaml_parse(seeds)
    # generated and written as the pipeline does, one file at a time; split by sampling the stack
    renderer = None if charts else NoChartRenderer(None)
    counted = _Counted(pipeline.iter_outputs(corpus, project, renderer, docs_dir=project.docs_dir))
    fanout.reset_peak_rss()
    with sample_modules(OPTIONAL_STAGES) as shares:
        _stage(stages, "render", write.write_generated, project.docs_dir, counted, GENERATED_DIRS)
    _split_render(stages, shares)
    result.child_peak_rss = fanout.children_peak_rss() or None
    result.files = counted.count
    if mkdocs:
        site = folder / "site"
        with _env(NO_MKDOCS_2_WARNING="1"):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            build_problems = _stage(stages, "mkdocs", pipeline.build_site, project, site)
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        stages[-1].peak_rss = after * 1024 if after > before else None
        if build_problems:
            raise RuntimeError("mkdocs build failed on the synthetic corpus")
        result.bare_mkdocs = run_bare_mkdocs(project.config_file, folder / "bare-site") if charts else None
        if stages[-1].peak_rss is None and result.bare_mkdocs:  # RUSAGE_CHILDREN keeps the largest child so far: use wait4's
            stages[-1].peak_rss = result.bare_mkdocs.peak_rss
        result.site = measure_site(site)
        result.site.update(index_pages=bench_search.index_pages(site), bundle=bench_search.bundle_bytes(site),
                           search=bench_search.search_bytes(site))  # fmt: skip
        shutil.rmtree(folder / "bare-site", ignore_errors=True)
    if warm:
        edit_one_incident(seeds / "incidents.yaml")
        start = time.perf_counter()
        problems = pipeline.generate(seeds, project, TODAY)
        result.warm["generate"] = time.perf_counter() - start
        if problems:
            raise RuntimeError("the edited synthetic corpus does not validate")
    shutil.rmtree(folder, ignore_errors=True)
    return result


class _Counted:
    """An iterator of (path, content) that counts what went through it."""

    def __init__(self, items):
        self.items, self.count = iter(items), 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self.items)
        self.count += 1
        return item


def _stage(stages: list[Stage], name: str, function, *args):
    """Run one stage, recording its wall time and the process's peak RSS during it."""
    _reset_peak_rss()
    start, cpu = time.perf_counter(), time.process_time()
    value = function(*args)
    stages.append(Stage(name, time.perf_counter() - start, _peak_rss(), time.process_time() - cpu))
    return value


def _split_render(stages: list[Stage], shares: dict[str, float]) -> None:
    """Replace the render stage by pages + charts + exports, split by the sampled share of each."""
    render = stages.pop()
    parts = {name: (render.seconds * shares[name] if name in shares else None) for name in OPTIONAL_STAGES}
    pages = max(0.0, render.seconds - sum(v for v in parts.values() if v is not None))  # sampled shares may sum past 1
    stages.append(Stage("pages", pages, render.peak_rss))
    stages += [Stage(name, seconds, render.peak_rss if seconds is not None else None) for name, seconds in parts.items()]


def _reset_peak_rss() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # Linux: reset VmHWM to the current RSS


def _peak_rss() -> int:
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) * 1024
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@contextmanager
def sample_modules(names: tuple[str, ...], interval: float = 0.002):
    """Yield {module: share of wall time} for those of ``names`` that exist as build_scripts modules.

    A thread samples the calling thread's stack; a sample counts for a module when one of its
    frames is on the stack (the innermost listed module wins). Works whatever calls the module:
    pipeline functions, templates, filters or methods.
    """
    files = {
        str(PACKAGE / f"{module}.py"): name
        for name in names
        for module in STAGE_MODULES.get(name, (name,))
        if (PACKAGE / f"{module}.py").is_file()
    }
    shares: dict[str, float] = {}
    if not files:
        yield shares
        return
    counts = dict.fromkeys(files.values(), 0)
    total = [0]
    stop = threading.Event()
    target = threading.get_ident()

    def sample() -> None:
        while not stop.wait(interval):
            frame = sys._current_frames().get(target)
            total[0] += 1
            while frame is not None:
                name = files.get(frame.f_code.co_filename)
                if name:
                    counts[name] += 1
                    break
                frame = frame.f_back

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield shares
    finally:
        stop.set()
        sampler.join()
        shares.update({name: count / max(total[0], 1) for name, count in counts.items()})


def time_yaml_parse(seeds: Path) -> tuple[float, float]:
    """A bare C-libyaml parse (yaml.load with CSafeLoader) of the same three YAML files: wall and
    CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    for name in YAML_FILES:
        yaml.load((seeds / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, time.process_time() - cpu


def run_bare_mkdocs(config_file: Path, site_dir: Path) -> Stage:
    """Plain ``mkdocs build`` over the already generated Markdown, with its own peak RSS (wait4)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(config_file.resolve()),
               "--site-dir", str(site_dir.resolve())]  # fmt: skip
    start = time.perf_counter()
    with _env(NO_MKDOCS_2_WARNING="1"):
        # from the project folder, as pipeline.build_site runs it: snippets resolve against the cwd
        child = subprocess.Popen(command, cwd=config_file.parent)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"bare mkdocs build failed (exit {child.returncode})")
    return Stage("bare mkdocs", seconds, usage.ru_maxrss * 1024)


def edit_one_incident(incidents_yaml: Path) -> None:
    """Change the title of the first incident, as a contributor's one-line edit would."""
    text = incidents_yaml.read_text(encoding="utf-8")
    edited = re.sub(r'^(  title: "?[^\n]*?)("?)$', r"\1 (edited)\2", text, count=1, flags=re.MULTILINE)
    incidents_yaml.write_text(edited, encoding="utf-8")


WARM_RUNS = 3  # whole-process rebuilds of the real corpus, one fresh edit each: the median is reported


@dataclass(frozen=True)
class WarmRebuild:
    cpu: float  # user + system seconds of the whole `build` process and its children (MkDocs, Pagefind), median
    wall: float  # median
    runs: int
    load: float  # the 1-minute load average when measured: wall time depends on it, CPU time hardly


def bench_real_warm(folder: Path, runs: int = WARM_RUNS) -> WarmRebuild:
    """A ``build`` of the real corpus (filling the chart, spec and template caches), then
    ``runs`` times: edit one incident, run ``python -m build_scripts build`` as its own process (its
    start-up and imports included, as a contributor runs it) and take its CPU and wall time."""
    project_dir = copy_skeleton(folder)
    shutil.copytree(ROOT / "seeds", project_dir / "seeds")
    command = [sys.executable, "-m", "build_scripts", "build", "--seeds", "seeds", "--site-dir", "site"]
    cpus, walls = [], []
    with _env(NO_MKDOCS_2_WARNING="1"):
        if subprocess.run(command, cwd=project_dir, capture_output=True, check=False).returncode != 0:
            raise RuntimeError("the real corpus does not build")
        for _ in range(runs):
            edit_one_incident(project_dir / "seeds" / "incidents.yaml")
            before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            result = subprocess.run(command, cwd=project_dir, capture_output=True, text=True, check=False)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if result.returncode != 0:
                raise RuntimeError(f"the edited real corpus does not build: {result.stderr[-2000:]}")
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return WarmRebuild(statistics.median(cpus), statistics.median(walls), runs, os.getloadavg()[0])


@contextmanager
def _env(**values: str):
    old = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
