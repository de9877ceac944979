"""The Content-Security-Policy of the built site: one policy, byte-identical on every page.

MkDocs and Material write a few inline scripts into every page (``__md_scope`` with the page's base
URL, the palette bootstrap, the hash-target script); the policy allows exactly those, by hash,
found in the built pages after ``mkdocs build`` (``inline_script_hashes``), and nothing else inline:
no ``'unsafe-inline'``, no ``'unsafe-eval'`` (live charts use Vega's expression interpreter; the search's
WebAssembly needs only ``'wasm-unsafe-eval'``), no
style attributes or elements (the chart runtime injects none; site.css holds the tooltip's style).
``with_policy`` writes it where overrides/main.html left its marker, before the first script. Pure:
``pipeline.build_site`` reads and writes the pages (through ``write.py``).
"""

from __future__ import annotations

import base64
import hashlib
import html.parser

MARKER = "<!--chs:content-security-policy-->"
# the script types a browser executes (anything else, e.g. application/json, is data)
_EXECUTABLE = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
               "text/ecmascript", "text/jscript", "text/livescript"}  # fmt: skip
DIRECTIVES = (
    ("default-src", "'none'"),
    # + the inline scripts' hashes; 'wasm-unsafe-eval' lets the search (Pagefind) compile its own
    # WebAssembly, fetched from this site (it allows no JavaScript eval)
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("font-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
)


class _InlineScripts(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._chunks: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        values = dict(attrs)
        executable = (values.get("type") or "").strip().lower() in _EXECUTABLE
        self._chunks = [] if executable and "src" not in values else None

    def handle_data(self, data: str) -> None:
        if self._chunks is not None:
            self._chunks.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._chunks is not None:
            self.scripts.append("".join(self._chunks))
            self._chunks = None


def inline_scripts(page: str) -> list[str]:
    """The text of every executable inline script of an HTML page, exactly as the browser hashes it."""
    parser = _InlineScripts()
    parser.feed(page)
    parser.close()
    return parser.scripts


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render_policy(hashes: set[str]) -> str:
    parts = []
    for name, value in DIRECTIVES:
        if name == "script-src" and hashes:
            value = " ".join([value, *sorted(hashes)])
        parts.append(f"{name} {value}")
    return "; ".join(parts)


def policy_meta(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def with_policy(page: str, meta: str) -> str:
    """``page`` with the policy where the theme left its marker (pages without one, e.g. MkDocs'
    sitemap or a hand-written HTML file, are returned as they are)."""
    return page.replace(MARKER, meta, 1)
