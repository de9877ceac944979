"""What the pipeline's ``mkdocs build`` does to each page as MkDocs builds it (``mkdocs_hooks``, only
when the pipeline asks through ``REPORT_ENV``): the Content-Security-Policy written in, instead of a
pass that reads and writes every page again after MkDocs.

One policy on every page allows every inline script of the site by its hash (render/csp.py). A page
is given the policy of the scripts seen so far; at the end, the few pages built before the last new
script was seen (MkDocs' scripts differ only by a page's depth) are written again with the whole
policy. ``pipeline.build_site`` reads the report (``REPORT``) and secures any other HTML file the
site has (none that MkDocs renders).
"""

from __future__ import annotations

import json
from pathlib import Path

from build_scripts import write
from build_scripts.render import csp

REPORT_ENV = "CHS_BUILD_REPORT"  # a folder for REPORT
REPORT = "policy.json"  # {"hashes": [...], "secured": [page, ...], "missing": [page, ...]}


class BuiltPages:
    def __init__(self, folder: Path, site_dir: Path) -> None:
        self.folder, self.site_dir = folder, site_dir
        self.hashes: set[str] = set()
        self.meta = csp.policy_meta(csp.render_policy(self.hashes))
        self.secured: dict[str, str] = {}  # page -> the policy written into it
        self.missing: list[str] = []

    def page(self, path: str, output: str) -> str:
        """The page at ``path`` (in the site) with the policy."""
        new = {csp.script_hash(script) for script in csp.inline_scripts(output)} - self.hashes
        if new:
            self.hashes |= new
            self.meta = csp.policy_meta(csp.render_policy(self.hashes))
        secured = csp.with_policy(output, self.meta)
        if secured == output:
            self.missing.append(path)
        else:
            self.secured[path] = self.meta
        return secured

    def finish(self) -> None:
        """After MkDocs wrote the last page: the pages given an older policy written again, then the
        policy's report."""
        final = csp.policy_meta(csp.render_policy(self.hashes))
        for path, meta in sorted(self.secured.items()):
            if meta != final:
                page = self.site_dir / path
                write.write_file_atomic(page, page.read_text(encoding="utf-8").replace(meta, final, 1).encode("utf-8"))
        report = {"hashes": sorted(self.hashes), "secured": sorted(self.secured), "missing": sorted(self.missing)}
        write.write_file_atomic(self.folder / REPORT, json.dumps(report).encode("utf-8"))
