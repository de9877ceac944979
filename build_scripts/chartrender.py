"""Build-time chart rendering with vl-convert: static SVGs and the self-hosted browser runtime.

Rendering is deterministic, so results are cached on disk by content hash (``.cache/charts/``,
git-ignored): an unchanged chart is never re-rendered, and the ~900 KB runtime bundle is built once
per vl-convert version. The cache is the only thing this module writes; ``cache_dir=None`` keeps
everything in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import vl_convert

from build_scripts.charts import chart_config

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
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
        for folder in FONT_DIRS:  # the config's first font, for label measurement; optional
            if Path(folder).is_dir():
                vl_convert.register_font_directory(folder)

    def svg_key(self, spec: dict) -> str:
        payload = "\n".join([vl_convert.__version__, spec_json(self._config), spec_json(spec)])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def render_svg(self, spec: dict) -> tuple[str, bytes]:
        """(key, SVG bytes) of ``spec`` in the light theme, from the cache when it is there."""
        key = self.svg_key(spec)
        if key not in self._memory:
            cached = self._read(f"{key}.svg")
            if cached is None:
                cached = vl_convert.vegalite_to_svg(spec, config=self._config).encode("utf-8")
                self.rendered += 1
                self._write(f"{key}.svg", cached)
            self._memory[key] = cached
        return key, self._memory[key]

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
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=self.cache_dir)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, self.cache_dir / name)
