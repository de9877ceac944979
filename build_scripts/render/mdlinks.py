"""A Python-Markdown extension (listed in mkdocs.yml): every link to another site gets
``rel="nofollow noopener noreferrer"``, so no click tells a source where its reader came from.

Raw HTML blocks of the generated pages carry the attribute already (templates, render_markdown);
this covers Markdown links in the hand-written pages and the generated Markdown. A plain
Python-Markdown extension, not an MkDocs hook: it works under any Python-Markdown site builder.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

REL = "nofollow noopener noreferrer"


def is_external(href: str) -> bool:
    return href.lower().startswith(("http://", "https://", "//"))


class _ExternalLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            if is_external(link.get("href", "")):
                link.set("rel", REL)


class ExternalLinksExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_ExternalLinks(md), "chs_external_links", 0)


def makeExtension(**kwargs) -> ExternalLinksExtension:
    return ExternalLinksExtension(**kwargs)
