"""Build-time chart rendering with vl-convert: static SVGs, compiled Vega specs and the browser runtime.

The incident charts (claims, timeline: thousands per corpus) come as ``charts.Templated``: a
data-free template compiled to Vega once per process (``compiled``), each chart's live spec that
compile filled with its data (``live_spec``), and its static SVG drawn in Python (``DRAWN``:
``claimsvg``, ``timelinesvg``), so a cold build calls vl-convert only for the site-wide charts.

Each other Vega-Lite spec is drawn as a static SVG (light theme) and compiled to Vega here, so the browser
needs only Vega's view, parser and tooltip handler (``RUNTIME_MODULE``: no Vega-Lite compiler, no
vega-embed, none of Vega's force, hierarchy, label, regression, voronoi, wordcloud or
crossfilter transforms; a compiled spec that needs one fails the build, see ``check_transforms``).
The live chart is the light spec; dark mode applies a patch (``dark_patch``) computed here from the
spec compiled with the dark config. Rendering is deterministic, so results are cached on disk by
content hash (``.cache/charts/``, git-ignored): an unchanged chart is never re-rendered, and the
runtime bundle is built once per vl-convert version and module text. The cache is the only thing this module writes, through ``write.write_file_atomic``;
``cache_dir=None`` keeps everything in memory.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import vl_convert

from build_scripts import fanout
from build_scripts.render import charts
from build_scripts.render.charts import CLAIMS_DATA, Templated, chart_config
from build_scripts.render.claimsvg import claims_svg
from build_scripts.render.timeline import TIMELINE_DATA
from build_scripts.render.timelinesvg import timeline_svg
from build_scripts.write import write_file_atomic

# DejaVu Sans, vendored (fonts/LICENSE.txt): the config's first font, so that static charts are laid
# out with the same metrics on every machine, and a font with Arabic glyphs and shaping, so that
# Arabic labels draw joined and right to left (vl-convert finds no system font on a bare machine).
FONT_DIRS = (Path(__file__).parent / "fonts",)
POOL_THRESHOLD = 16  # cache misses below this render in-process (a worker costs ~1 s to start)
BATCH = 512  # specs per batch sent to the pool: bounds the spec text held while charts render
_NPM = "https://cdn.jsdelivr.net/npm/"  # only names in vl-convert's vendored import map: nothing is downloaded
# Vega as vega/index.js composes it, with only the transforms Vega-Lite's output for our charts uses,
# plus the maps' projections and geo transforms (vega-geo: ~20 KB gzipped), the tooltip handler and the expression interpreter (no ``Function``: CSP without 'unsafe-eval')
RUNTIME_MODULE = f"""\
import {{ extend }} from "{_NPM}vega-util@2.1.0/+esm";
import {{ transforms }} from "{_NPM}vega-dataflow@6.1.0/+esm";
import * as tx from "{_NPM}vega-transforms@5.1.0/+esm";
import * as vtx from "{_NPM}vega-view-transforms@5.1.0/+esm";
import * as encode from "{_NPM}vega-encode@5.1.0/+esm";
import * as geo from "{_NPM}vega-geo@5.1.0/+esm";
import {{ View }} from "{_NPM}vega-view@6.1.0/+esm";
import {{ parse }} from "{_NPM}vega-parser@7.1.0/+esm";
import {{ Handler }} from "{_NPM}vega-tooltip@1.0.0/+esm";
import {{ expressionInterpreter }} from "{_NPM}vega-interpreter@2.0.0/+esm";
extend(transforms, tx, vtx, encode, geo);
window.chsVega = {{ View: View, parse: parse, Handler: Handler, expressionInterpreter: expressionInterpreter }};
"""


# the transforms RUNTIME_MODULE registers (the exports of vega-transforms, vega-view-transforms, vega-encode, vega-geo)
_TRANSFORMS = """
aggregate bin collect compare countpattern cross density dotbin expression extent facet field filter flatten
fold formula generate impute joinaggregate kde key load lookup multiextent multivalues params pivot prefacet
project proxy quantile relay sample sequence sieve subflow timeunit tupleindex values window
bound identifier mark overlap render viewlayout
axisticks datajoin encode legendentries linkpath pie scale sortitems stack
contour geojson geopath geopoint geoshape graticule heatmap isocontour kde2d projection
"""
RUNTIME_TRANSFORMS = frozenset(_TRANSFORMS.split())
# Templated charts whose static SVG is drawn in Python, by the name of their data set: no vl-convert per chart.
DRAWN: dict[str, Callable[[list[dict]], str]] = {CLAIMS_DATA: claims_svg, TIMELINE_DATA: timeline_svg}


def spec_json(spec: dict) -> str:
    """The canonical JSON of a spec: sorted keys, compact; what pages embed and hashes cover."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ChartRenderer:
    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        self.rendered = 0  # renders actually done by vl-convert (cache misses), for reports and tests
        self.drawn = 0  # static SVGs drawn in Python instead (``DRAWN``; cache misses too)
        self._configs = (chart_config(dark=False), chart_config(dark=True))
        self._memory: dict[str, tuple[bytes | None, bytes]] = {}
        self._specs: dict[str, dict] = {}  # parsed, shared by every chart built from the same inputs: read only
        self._fillers: dict[tuple, LiveFiller] = {}  # (template, the fills' names) -> its live spec's filler
        self._template_json: dict[int, tuple[dict, str]] = {}  # id(template) -> (template, its JSON): keys per chart
        self._compiled: dict[str, dict] = {}  # a template's key -> {"light": Vega, "dark": patch}
        _register_fonts()

    def svg_key(self, spec: dict | Templated) -> str:
        """What a chart's SVG and live spec depend on: vl-convert's version, the configs, the spec (a
        templated chart: its template and fills, and the chart code, which may draw its SVG)."""
        if isinstance(spec, Templated):
            fills = spec.fills
            texts = [_code_digest(), self._json_of(spec.template), spec_json([fills.lists, list(fills.values.items()), fills.datasets])]
        else:
            texts = [spec_json(spec)]
        payload = "\n".join([vl_convert.__version__, *map(spec_json, self._configs), *texts])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def _json_of(self, template: dict) -> str:
        """A template's JSON, made once per template object (the spec cache hands every chart of a
        kind the same one)."""
        known = self._template_json.get(id(template))
        if known is None or known[0] is not template:
            known = self._template_json[id(template)] = (template, spec_json(template))
        return known[1]

    def compiled(self, template: dict) -> dict:
        """A data-free Vega-Lite template compiled to Vega: ``{"light": Vega, "dark": patch}``, once
        per template and config (kept in memory and in the cache folder), checked for transforms."""
        key = hashlib.sha256(self._json_of(template).encode("utf-8")).hexdigest()
        if key not in self._compiled:
            name = f"template-{self.svg_key(template)}.vega.json"
            cached = self._read(name)
            if cached is None:
                light, dark = map(spec_json, self._configs)
                cached = _render_live(json.loads(spec_json(template)), light, dark)
                self._write(name, cached)
            self._compiled[key] = json.loads(cached)
        return self._compiled[key]

    def live_spec(self, chart: Templated) -> bytes:
        """A templated chart's live spec as JSON (``{"light": Vega, "dark": patch}``): its template's
        compiled Vega filled with its data, with the template's dark patch."""
        fills = chart.fills
        shape = (self._json_of(chart.template), tuple(fills.lists), tuple(fills.values), tuple(fills.datasets))
        filler = self._fillers.get(shape)
        if filler is None:
            filler = self._fillers[shape] = LiveFiller(self.compiled(chart.template), fills)
        return filler.fill(fills)

    def render(self, spec: dict) -> tuple[str, bytes | None, bytes]:
        """(key, static SVG in the light theme or None if vl-convert cannot draw it, live Vega spec as
        JSON: ``{"light": spec, "dark": patch}``), from the cache when it is there."""
        key = self.render_all([spec])[0]
        return key, *self.result(key)

    def result(self, key: str) -> tuple[bytes | None, bytes]:
        """The (SVG, live spec) of a chart ``render_all`` has seen: from memory without a cache
        folder, else from the cache folder (so a build of 10,000 charts holds none of them)."""
        found = self._memory.get(key) or self._cached(key)
        if found is None:
            raise KeyError(f"chart {key} was never rendered")
        return found

    def cached_spec(self, kind: str, inputs: str, build: Callable[[], dict]) -> dict:
        """The Vega-Lite spec that ``build`` makes from ``inputs`` (the chart's data as JSON text),
        from the cache when the same kind of chart was built from the same data by the same code
        (the render package's source and Altair's version): Altair takes ~0.3 s to build and
        validate a site-wide chart, which a rebuild after a one-line edit need not pay again. The spec
        returned is shared by every call with the same inputs (an incident chart's template): read only."""
        payload = "\n".join([_code_digest(), kind, inputs])
        name = f"spec-{hashlib.sha256(payload.encode('utf-8')).hexdigest()}.vl.json"
        if name not in self._specs:
            cached = self._read(name)
            if cached is None:
                cached = spec_json(build()).encode("utf-8")
                self._write(name, cached)
            self._specs[name] = json.loads(cached)
        return self._specs[name]

    def render_svg(self, spec: dict) -> tuple[str, bytes | None]:
        key, svg, _ = self.render(spec)
        return key, svg

    def render_all(self, specs: Iterable[dict | Templated]) -> list[str]:
        """Render every spec not yet cached and return the keys, in order. ``specs`` is consumed
        one at a time and only each spec's JSON text is kept until its batch is rendered, so the
        caller can build specs lazily; batches go to a process pool once there are many (a cold
        build of thousands of incidents), one batch rendering while the next is built. A templated
        chart is not compiled: its live spec is its template's compiled Vega filled here
        (``live_spec``), and only its static SVG is drawn by vl-convert."""
        keys: list[str] = []
        batch: dict[str, tuple[Callable, str]] = {}
        pool = None
        pending: list = []  # the batch the pool is rendering: [(keys, results)]
        try:
            for spec in specs:
                key = self.svg_key(spec)
                keys.append(key)
                if key in batch or self._has(key):
                    continue
                if isinstance(spec, Templated) and (drawn := self.draw(spec)) is not None:
                    self._keep(key, drawn)
                    continue
                batch[key] = (_render_vega, self.live_spec(spec).decode("utf-8")) if isinstance(spec, Templated) else (
                    _render, spec_json(spec))  # fmt: skip
                if len(batch) >= BATCH:
                    pool = pool or _pool()
                    self._collect(pending)
                    pending = [(list(batch), self._submit(pool, batch))]
                    batch = {}
            self._collect(pending)
            if batch:
                if pool is None and len(batch) >= POOL_THRESHOLD:
                    pool = _pool()
                self._collect([(list(batch), self._submit(pool, batch))])
        finally:
            if pool is not None:
                pool.shutdown()
        return keys

    def draw(self, chart: Templated) -> tuple[bytes, bytes] | None:
        """(static SVG, live spec) of a chart drawn in Python (``DRAWN``), None for any other. Not
        cached: drawing costs a few milliseconds, less than a cache file's write and read."""
        for name, draw in DRAWN.items():
            if name in chart.fills.datasets:
                self.drawn += 1
                return draw(chart.fills.datasets[name]).encode("utf-8"), self.live_spec(chart)
        return None

    def _keep(self, key: str, result: tuple[bytes | None, bytes]) -> None:
        if self.cache_dir is None:
            self._memory[key] = result
        else:
            self._store(key, result)

    def _has(self, key: str) -> bool:
        return key in self._memory or (self.cache_dir is not None and (self.cache_dir / f"{key}.vega.json").is_file())

    def _submit(self, pool: ProcessPoolExecutor | None, batch: dict[str, tuple[Callable, str]]):
        light, dark = map(spec_json, self._configs)
        jobs = [(render, text, light, dark) for render, text in batch.values()]
        if pool is None:  # a few charts: in this process (a worker costs ~1 s to start)
            return map(_run, jobs)
        return pool.map(_run, jobs, chunksize=16)

    def _collect(self, pending: list) -> None:
        for keys, results in pending:
            for key, result in zip(keys, results, strict=True):
                self.rendered += 1
                self._keep(key, result)

    def runtime_bundle(self) -> bytes:
        """Vega's view, parser, the transforms our charts use, the tooltip handler and the expression
        interpreter, as one self-contained module script."""
        digest = hashlib.sha256(RUNTIME_MODULE.encode("utf-8")).hexdigest()[:12]
        name = f"vega-runtime-{vl_convert.__version__}-{digest}.js"
        cached = self._read(name)
        if cached is not None:
            return cached
        bundle = vl_convert.javascript_bundle(RUNTIME_MODULE).encode("utf-8")
        self._write(name, bundle)
        return bundle

    def _cached(self, key: str) -> tuple[bytes | None, bytes] | None:
        vega = self._read(f"{key}.vega.json")
        if vega is None:
            return None
        return self._read(f"{key}.svg"), vega

    def _store(self, key: str, result: tuple[bytes | None, bytes]) -> None:
        svg, vega = result
        if svg is not None:
            self._write(f"{key}.svg", svg)
        self._write(f"{key}.vega.json", vega)

    def _read(self, name: str) -> bytes | None:
        if self.cache_dir is None:
            return None
        path = self.cache_dir / name
        return path.read_bytes() if path.is_file() else None

    def _write(self, name: str, data: bytes) -> None:
        if self.cache_dir is not None:
            write_file_atomic(self.cache_dir / name, data)


class LiveFiller:
    """A compiled template's live spec as JSON text with places for a chart's fills, filled by text:
    byte for byte ``spec_json({"light": fills.vega(compiled["light"]), "dark": compiled["dark"]})``
    (tested), without walking and dumping the whole compiled spec for every chart. The places are the
    one-item lists ``["sentinel"]`` and the value sentinels of the light spec, and each data set's
    ``values``; one pass of one pattern fills them, so no filled text is read again."""

    _DATA = "\x00chs-data:"  # a data set's place: no JSON text of a compiled spec holds a NUL

    def __init__(self, compiled: dict, fills: charts.Fills) -> None:
        light = json.loads(spec_json(compiled["light"]))
        for entry in light.get("data", []):
            if entry.get("name") in fills.datasets:
                entry["values"] = self._DATA + entry["name"]
        self.prefix = '{"dark":' + spec_json(compiled["dark"]) + ',"light":'
        self.light = spec_json(light)
        places = {json.dumps([name], ensure_ascii=False, separators=(",", ":")): ("list", name) for name in fills.lists}
        places |= {json.dumps(self._DATA + name, ensure_ascii=False): ("data", name) for name in fills.datasets}
        tokens = {json.dumps(value): ("value", value) for value in fills.values}
        self.places = places | tokens
        pattern = "|".join(re.escape(text) for text in places)
        if tokens:  # a value sentinel is a whole JSON value: after [ , or :, before , ] or }
            values = "|".join(re.escape(text) for text in tokens)
            pattern = "|".join(filter(None, [pattern, rf"(?<=[\[,:])(?:{values})(?=[,\]}}])"]))
        self.pattern = re.compile(pattern) if pattern else None

    def fill(self, fills: charts.Fills) -> bytes:
        def place(match: re.Match) -> str:
            kind, name = self.places[match.group()]
            value = fills.lists[name] if kind == "list" else fills.datasets[name] if kind == "data" else fills.values[name]
            return spec_json(value)

        light = self.pattern.sub(place, self.light) if self.pattern else self.light
        return (self.prefix + light + "}").encode("utf-8")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What a cached spec depends on besides its data: the chart code and Altair's version (read
    from its installed metadata: importing Altair costs ~0.3 s, which a cache hit need not pay)."""
    digest = hashlib.sha256(importlib.metadata.version("altair").encode("utf-8"))
    folder = Path(__file__).parent
    for path in sorted([*folder.glob("*.py"), *folder.glob("templates/*.svg.j2")]):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _pool() -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")  # vl-convert runs threads: never fork it
    return ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=context, initializer=_register_fonts)


def _register_fonts() -> None:
    for folder in FONT_DIRS:
        vl_convert.register_font_directory(str(folder))


def _run(job: tuple) -> tuple[bytes | None, bytes]:
    render, *arguments = job
    return render(*arguments)


def _render(spec: str, light: str, dark: str) -> tuple[bytes | None, bytes]:
    """One chart (arguments as JSON text: cheap to send to a pool worker): its static SVG, None if
    vl-convert cannot draw it (the page then says so and keeps the live chart and the data table),
    and its live Vega spec with the dark patch."""
    live = _compile(json.loads(spec), light, dark)
    return _svg(live["light"]), spec_json(live).encode("utf-8")


def _render_live(spec: dict, light: str, dark: str) -> bytes:
    """A Vega-Lite spec's live spec as JSON: compiled in both configs (``_compile``)."""
    return spec_json(_compile(spec, light, dark)).encode("utf-8")


def _render_vega(live: str, light: str, dark: str) -> tuple[bytes | None, bytes]:
    """A templated chart whose live spec is already filled (``ChartRenderer.live_spec``): its static
    SVG drawn by vl-convert from the light Vega, and the live spec unchanged."""
    return _svg(json.loads(live)["light"]), live.encode("utf-8")


def _compile(vl_spec: dict, light: str, dark: str) -> dict:
    """``{"light": Vega, "dark": patch}``: the spec compiled with each config, its transforms checked."""
    _not_in_forked_child()
    light_vega = vl_convert.vegalite_to_vega(vl_spec, config=json.loads(light))
    dark_vega = vl_convert.vegalite_to_vega(vl_spec, config=json.loads(dark), theme="dark")
    check_transforms(light_vega)
    return {"light": light_vega, "dark": dark_patch(light_vega, dark_vega)}


def _not_in_forked_child() -> None:
    """vl-convert's runtime runs threads in the parent: a forked child starting it would wait forever
    on a lock those threads held at the fork. Fail instead (a chart left to vl-convert on a record page)."""
    if fanout.in_child():
        raise RuntimeError("vl-convert called in a forked child (build_scripts/fanout.py): compile or draw it before forking")


def _svg(vega: dict) -> bytes | None:
    _not_in_forked_child()
    try:  # drawn from the compiled spec: the same SVG as vegalite_to_svg, one Vega-Lite compile fewer
        return tidy_svg(vl_convert.vega_to_svg(vega)).encode("utf-8")
    except ValueError:
        return None


_LINK = re.compile(r"<a [^>]*>|</a>")
_GEOMETRY = re.compile(r'\s(d|transform)="([^"]*)"')
_LONG_NUMBER = re.compile(r"(\d\.\d)\d+")


def tidy_svg(svg: str) -> str:
    """The static SVG without its marks' links and with its geometry to 0.1 px. It is shown as an
    image, where links do nothing, and vl-convert resolves them against a third-party base address;
    the page's data table links each row instead. Coordinates to 0.1 px keep a map of thousands of
    marks light (the live chart is drawn from the spec, not from this file)."""
    svg = _LINK.sub("", svg)
    return _GEOMETRY.sub(lambda m: " " + m.group(1) + '="' + _LONG_NUMBER.sub(r"\1", m.group(2)) + '"', svg)


def check_transforms(vega: dict) -> None:
    """Fail (a programming error, not bad input) if a compiled spec needs a transform the slim
    runtime does not register: the live chart would not draw."""
    missing = sorted(used_transforms(vega) - RUNTIME_TRANSFORMS)
    if missing:
        raise RuntimeError(f"compiled Vega spec uses transform(s) {missing} not in RUNTIME_MODULE: add the package")


def used_transforms(node: object) -> set[str]:
    """The ``type`` of every transform anywhere in a Vega spec (data, marks, nested groups)."""
    if isinstance(node, list):
        return set().union(*map(used_transforms, node))
    if not isinstance(node, dict):
        return set()
    found = {t["type"] for t in node.get("transform", []) if isinstance(t, dict) and isinstance(t.get("type"), str)}
    return found.union(*map(used_transforms, node.values()))


def dark_patch(light: object, dark: object, path: tuple = ()) -> list[list]:
    """What turns ``light`` into ``dark``: ``[path, value]`` to set, ``[path]`` to delete (the
    browser applies it in dark mode); lists of different lengths are replaced whole."""
    if isinstance(light, dict) and isinstance(dark, dict):
        patch = [[[*path, k]] for k in sorted(light.keys() - dark.keys())]
        for key in sorted(dark):
            patch += dark_patch(light[key], dark[key], (*path, key)) if key in light else [[[*path, key], dark[key]]]
        return patch
    if isinstance(light, list) and isinstance(dark, list) and len(light) == len(dark):
        return [p for i, (a, b) in enumerate(zip(light, dark, strict=True)) for p in dark_patch(a, b, (*path, i))]
    return [] if light == dark and type(light) is type(dark) else [[list(path), dark]]
