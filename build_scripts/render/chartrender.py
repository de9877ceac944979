"""Build-time chart rendering with vl-convert: static SVGs, compiled Vega specs and the browser runtime.

Each Vega-Lite spec is drawn as a static SVG (light theme) and compiled to Vega here, so the browser
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
import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import vl_convert

from build_scripts.render.charts import chart_config
from build_scripts.write import write_file_atomic

# DejaVu Sans, vendored (fonts/LICENSE.txt): the config's first font, so that static charts are laid
# out with the same metrics on every machine, and a font with Arabic glyphs and shaping, so that
# Arabic labels draw joined and right to left (vl-convert finds no system font on a bare machine).
FONT_DIRS = (Path(__file__).parent / "fonts",)
POOL_THRESHOLD = 16  # cache misses below this render in-process (a worker costs ~1 s to start)
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


def spec_json(spec: dict) -> str:
    """The canonical JSON of a spec: sorted keys, compact; what pages embed and hashes cover."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ChartRenderer:
    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        self.rendered = 0  # renders actually done (cache misses), for reports and tests
        self._configs = (chart_config(dark=False), chart_config(dark=True))
        self._memory: dict[str, tuple[bytes | None, bytes]] = {}
        _register_fonts()

    def svg_key(self, spec: dict) -> str:
        payload = "\n".join([vl_convert.__version__, *map(spec_json, self._configs), spec_json(spec)])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def render(self, spec: dict) -> tuple[str, bytes | None, bytes]:
        """(key, static SVG in the light theme or None if vl-convert cannot draw it, live Vega spec as
        JSON: ``{"light": spec, "dark": patch}``), from the cache when it is there."""
        key = self.svg_key(spec)
        if key not in self._memory:
            cached = self._cached(key)
            if cached is None:
                cached = _render(spec_json(spec), *map(spec_json, self._configs))
                self.rendered += 1
                self._store(key, cached)
            self._memory[key] = cached
        return key, *self._memory[key]

    def render_svg(self, spec: dict) -> tuple[str, bytes | None]:
        key, svg, _ = self.render(spec)
        return key, svg

    def render_all(self, specs: list[dict]) -> None:
        """Render every spec not yet cached, in a process pool when there are many (a cold build of
        thousands of incidents); later ``render`` calls then come from memory."""
        missing: dict[str, dict] = {}
        for spec in specs:
            key = self.svg_key(spec)
            if key in self._memory or key in missing:
                continue
            cached = self._cached(key)
            if cached is not None:
                self._memory[key] = cached
            else:
                missing[key] = spec
        if len(missing) < POOL_THRESHOLD:
            return  # render renders these one by one
        light, dark = map(spec_json, self._configs)
        context = multiprocessing.get_context("spawn")  # vl-convert runs threads: never fork it
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=context,
                                 initializer=_register_fonts) as pool:  # fmt: skip
            rendered = pool.map(_render, [spec_json(s) for s in missing.values()], [light] * len(missing),
                                [dark] * len(missing), chunksize=16)  # fmt: skip
            for key, result in zip(missing, rendered, strict=True):
                self._memory[key] = result
                self.rendered += 1
                self._store(key, result)

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


def _register_fonts() -> None:
    for folder in FONT_DIRS:
        vl_convert.register_font_directory(str(folder))


def _render(spec: str, light: str, dark: str) -> tuple[bytes | None, bytes]:
    """One chart (arguments as JSON text: cheap to send to a pool worker): its static SVG, None if
    vl-convert cannot draw it (the page then says so and keeps the live chart and the data table),
    and its live Vega spec with the dark patch."""
    vl_spec = json.loads(spec)
    try:
        svg = tidy_svg(vl_convert.vegalite_to_svg(vl_spec, config=json.loads(light))).encode("utf-8")
    except ValueError:
        svg = None
    light_vega = vl_convert.vegalite_to_vega(vl_spec, config=json.loads(light))
    dark_vega = vl_convert.vegalite_to_vega(vl_spec, config=json.loads(dark), theme="dark")
    check_transforms(light_vega)
    live = {"light": light_vega, "dark": dark_patch(light_vega, dark_vega)}
    return svg, spec_json(live).encode("utf-8")


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
