"""Markup audit of built pages with html5lib (the WHATWG parsing algorithm browsers use): what the
templates and theme produce for a clean corpus is the allowed vocabulary; anything else is injected."""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background", "cite"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
_RELATIVE = re.compile(r'"(?:\.\./)*\.\.?"')

# What textsafe.render_markdown (markdown-it, CommonMark, raw HTML and images off) can produce in
# summaries and notes: allowed wherever contributor Markdown is embedded.
MARKDOWN_MARKUP = {
    ("p", ""), ("em", ""), ("strong", ""), ("code", ""), ("code", "class"), ("pre", ""), ("ul", ""),
    ("ol", ""), ("ol", "start"), ("li", ""), ("blockquote", ""), ("hr", ""), ("br", ""),
    ("a", ""), ("a", "href"), ("a", "rel"), ("a", "title"),
    *((f"h{n}", "") for n in range(1, 7)),
}  # fmt: skip


# Template markup that a clean corpus does not reach: chart_block.html.j2's note that replaces the
# static image when vl-convert cannot draw a chart's text (the attack corpus does reach it); the
# isolation of a name holding right-to-left letters on a left-to-right page (templating.isolated), and
# the lang/dir of text in a source's language (templating.in_language; the real corpus is English).
RARE_TEMPLATE_MARKUP = {("p", "class"), ("bdi", ""), ("span", "lang"), ("span", "dir"), ("div", "lang"),
                        ("div", "dir")}  # fmt: skip


def parse_page(path: Path):
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)


def _tag(element) -> str:
    return element.tag if isinstance(element.tag, str) else "#comment"


def _script_key(element) -> str:
    if element.get("src"):
        return "src:" + Path(element.get("src")).name
    if element.get("type") == "application/ld+json":  # data, not code: it must be one whole JSON value
        try:
            json.loads(element.text or "")
        except ValueError:
            return "ld+json: not JSON"
        return "ld+json"
    return "inline:" + _RELATIVE.sub('"REL"', element.text or "")


def markup_vocabulary(site: Path) -> dict[str, set]:
    pairs: set[tuple[str, str]] = set()
    scripts: set[str] = set()
    for path in sorted(site.rglob("*.html")):
        for element in parse_page(path).iter():
            tag = _tag(element)
            pairs.add((tag, ""))
            pairs.update((tag, name) for name in element.attrib)
            if tag == "script":
                scripts.add(_script_key(element))
    return {"pairs": pairs | MARKDOWN_MARKUP | RARE_TEMPLATE_MARKUP, "scripts": scripts}


def audit_site(site: Path, vocabulary: dict[str, set]) -> list[str]:
    """Every element, attribute, event handler, script or script URL not from the templates."""
    findings: list[str] = []
    for path in sorted(site.rglob("*.html")):
        where = path.relative_to(site)
        for element in parse_page(path).iter():
            tag = _tag(element)
            if (tag, "") not in vocabulary["pairs"]:
                findings.append(f"{where}: element <{tag}> not produced by the templates")
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    findings.append(f"{where}: event handler {name}= on <{tag}>")
                elif (tag, name) not in vocabulary["pairs"]:
                    findings.append(f"{where}: attribute {name}= on <{tag}> not produced by the templates")
                if name.lower() in URL_ATTRIBUTES and BAD_SCHEME.match(value):
                    findings.append(f"{where}: script URL in <{tag} {name}={value[:60]!r}>")
            if tag == "script" and _script_key(element) not in vocabulary["scripts"]:
                findings.append(f"{where}: script not from the theme: {_script_key(element)[:80]!r}")
    return findings
