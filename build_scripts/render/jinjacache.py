"""Compiled Jinja2 templates kept between runs, so a rebuild does not compile them again.

Compiling is most of the cost of a template's first use: the generator's ~30 templates take ~0.2 s
of CPU a run, the theme's templates about as much again in every MkDocs build (the hook sets this
cache on MkDocs' environment too). Jinja2 checks each entry against its template's source
(checksum) and its own and Python's versions; the file name here adds what else decides the
compiled code: the environment's syntax, whitespace and escaping settings and its extensions. The
files go to ``.cache/templates/`` (git-ignored) through ``write.write_file_atomic``; a missing or
unreadable entry is compiled again, never an error. Output is the same with or without the cache.

An entry is Python bytecode that the build runs: the folder is this machine's own and must never be
restored from elsewhere (CI's cache step keeps `.cache/charts` only, which holds data, not code).
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import jinja2

from build_scripts.write import write_file_atomic

CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "templates"  # beside the chart cache
_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
             "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "is_async")  # fmt: skip


class TemplateCache(jinja2.BytecodeCache):
    """A ``jinja2.BytecodeCache`` in ``folder``, its entries named after ``flavour`` (the
    environment's name) and the compile settings of the environment it serves."""

    def __init__(self, folder: Path, flavour: str):
        self.folder = folder
        self.flavour = flavour

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        bucket.bytecode_from_string(data)  # Jinja2 drops an entry of another source or version

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # a read-only project folder: templates are compiled again next time, as without a cache
        with contextlib.suppress(OSError):
            write_file_atomic(self._path(bucket), bucket.bytecode_to_string())

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"{self.flavour}-{_settings_digest(bucket.environment)}-{bucket.key}.jinja"


def _settings_digest(env: jinja2.Environment) -> str:
    settings = [repr(getattr(env, name)) for name in _SETTINGS]
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", "?")
    settings += [repr(autoescape), *sorted(env.extensions)]
    return hashlib.sha256("\n".join(settings).encode("utf-8")).hexdigest()[:16]


def cached(env: jinja2.Environment, flavour: str, folder: Path = CACHE_DIR) -> jinja2.Environment:
    """``env`` with its compiled templates kept in ``folder`` (set in place; returned for chaining)."""
    env.bytecode_cache = TemplateCache(folder, flavour)
    return env
