"""Build-time chart rendering with vl-convert: static SVGs and the self-hosted browser runtime.

Rendering is deterministic, so results are cached on disk by content hash (``.cache/charts/``,
git-ignored): an unchanged chart is never re-rendered, and the ~900 KB runtime bundle is built once
per vl-convert version. The cache is the only thing this module writes, through ``write.write_file_atomic``;
``cache_dir=None`` keeps everything in memory.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import vl_convert

from build_scripts.render.charts import chart_config
from build_scripts.write import write_file_atomic

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
POOL_THRESHOLD = 16  # cache misses below this render in-process (a worker costs ~1 s to start)
RUNTIME_SNIPPET = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"


def spec_json(spec: dict) -> str:
    """The canonical JSON of a spec: sorted keys, compact; what pages embed and hashes cover."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ChartRenderer:
    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        self.rendered = 0  # renders actually done (cache misses), for reports and tests
        self._config = chart_config(dark=False)
        self._memory: dict[str, bytes] = {}
        _register_fonts()

    def svg_key(self, spec: dict) -> str:
        payload = "\n".join([vl_convert.__version__, spec_json(self._config), spec_json(spec)])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def render_svg(self, spec: dict) -> tuple[str, bytes | None]:
        """(key, SVG bytes) of ``spec`` in the light theme, from the cache when it is there; None for
        the SVG if vl-convert cannot draw it (some astral-plane text cut by a label limit)."""
        key = self.svg_key(spec)
        if key not in self._memory:
            cached = self._read(f"{key}.svg")
            if cached is None:
                cached = _render_svg(spec_json(spec), spec_json(self._config))
                self.rendered += 1
                if cached is not None:
                    self._write(f"{key}.svg", cached)
            self._memory[key] = cached
        return key, self._memory[key]

    def render_all(self, specs: list[dict]) -> None:
        """Render every spec not yet cached, in a process pool when there are many (a cold build of
        thousands of incidents); later ``render_svg`` calls then come from memory."""
        missing: dict[str, dict] = {}
        for spec in specs:
            key = self.svg_key(spec)
            if key in self._memory or key in missing:
                continue
            cached = self._read(f"{key}.svg")
            if cached is not None:
                self._memory[key] = cached
            else:
                missing[key] = spec
        if len(missing) < POOL_THRESHOLD:
            return  # render_svg renders these one by one
        config = spec_json(self._config)
        context = multiprocessing.get_context("spawn")  # vl-convert runs threads: never fork it
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=context,
                                 initializer=_register_fonts) as pool:  # fmt: skip
            rendered = pool.map(_render_svg, [spec_json(s) for s in missing.values()], [config] * len(missing),
                                chunksize=16)  # fmt: skip
            for key, svg in zip(missing, rendered, strict=True):
                self._memory[key] = svg
                self.rendered += 1
                if svg is not None:
                    self._write(f"{key}.svg", svg)

    def runtime_bundle(self) -> bytes:
        """vega, vega-lite and vega-embed as one self-contained module script."""
        name = f"vega-runtime-{vl_convert.__version__}.js"
        cached = self._read(name)
        if cached is not None:
            return cached
        bundle = vl_convert.javascript_bundle(RUNTIME_SNIPPET).encode("utf-8")
        self._write(name, bundle)
        return bundle

    def _read(self, name: str) -> bytes | None:
        if self.cache_dir is None:
            return None
        path = self.cache_dir / name
        return path.read_bytes() if path.is_file() else None

    def _write(self, name: str, data: bytes) -> None:
        if self.cache_dir is not None:
            write_file_atomic(self.cache_dir / name, data)


def _register_fonts() -> None:
    for folder in FONT_DIRS:  # the config's first font, for label measurement; optional
        if Path(folder).is_dir():
            vl_convert.register_font_directory(folder)


def _render_svg(spec: str, config: str) -> bytes | None:
    """One SVG render (arguments as JSON text: cheap to send to a pool worker); None if vl-convert
    fails on this spec: the page then says so and keeps the live chart and the data table."""
    try:
        return vl_convert.vegalite_to_svg(json.loads(spec), config=json.loads(config)).encode("utf-8")
    except ValueError:
        return None
