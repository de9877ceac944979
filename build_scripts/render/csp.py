"""The Content-Security-Policy of the built site: one policy, byte-identical on every page.

MkDocs and Material write a few inline scripts into every page (``__md_scope`` with the page's base
URL, the palette bootstrap, the hash-target script); the policy allows exactly those, by hash,
found in the built pages (``inline_scripts``), and nothing else inline:
no ``'unsafe-inline'``, no ``'unsafe-eval'`` (live charts use Vega's expression interpreter; the search's
WebAssembly needs only ``'wasm-unsafe-eval'``), no
style attributes or elements (the chart runtime injects none; site.css holds the tooltip's style).
``with_policy`` writes it where overrides/main.html left its marker, before the first script. Pure:
the MkDocs hook gives each page the policy as MkDocs builds it (build_scripts/builtpages.py), and
``pipeline.secure_other_pages`` any other HTML file of the site.
"""

from __future__ import annotations

import base64
import hashlib
import html.parser
import re

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


# An HTML page's comments (skipped whole, as the browser's tokenizer does) and start tags (quoted
# attribute values may hold ">" or "<script"); a script's text runs to the first ``</script``
# followed by a space, ``/`` or ``>``. Scanning with these instead of parsing every tag in Python
# keeps the post-build pass near 0.2 ms per page instead of ~3 ms (23,000 pages: a minute saved).
_TOKEN = re.compile(r"""<!--.*?(?:-->|--!>|\Z)|<([a-zA-Z][^\t\n\f />]*)((?:"[^"]*"|'[^']*'|[^'">])*)>""", re.DOTALL)
_SCRIPT_END = re.compile(r"</script[\s/>]", re.IGNORECASE)


class _StartTag(html.parser.HTMLParser):
    """The attributes of one start tag, decoded as a browser decodes them."""

    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str | None] = {}
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = dict(attrs)


def inline_scripts(page: str) -> list[str]:
    """The text of every executable inline script of an HTML page, exactly as the browser hashes it."""
    scripts = []
    position = 0
    while (token := _TOKEN.search(page, position)) is not None:
        position = token.end()
        if token.group(1) is None or token.group(1).lower() != "script":
            continue
        end = _SCRIPT_END.search(page, position)
        text = page[position : end.start() if end else len(page)]
        position = end.start() if end else len(page)
        attrs = _StartTag(token.group()).attrs
        if (attrs.get("type") or "").strip().lower() in _EXECUTABLE and "src" not in attrs:
            scripts.append(text)
    return scripts


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
