"""The log of changes -> an Atom feed and a JSON Feed (pure; deterministic: same rows, same bytes).

Dates come from the history entries, never from the build clock. Entry ids are ``urn:uuid`` names
derived from each row's stable key, so a reader's feed client sees an entry once, however often
the site is rebuilt. Without ``site_url`` the links are relative to the feed's own address.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET

from build_scripts.layout import GENERATED_FILES
from build_scripts.render.messages import Messages, default_messages
from build_scripts.views.changes import ChangeRow, describe

ATOM_NS = "http://www.w3.org/2005/Atom"
# At the site root, beside sitemap.xml: Material fetches "sitemap.xml" relative to every
# <link rel=alternate> in the head (its language switcher), so a feed in a subfolder costs every
# page a 404. The names are listed in layout.GENERATED_FILES.
ATOM_FILE, JSON_FILE = GENERATED_FILES
CHANGES_PAGE = "changes/"
_NAMESPACE = uuid.UUID("6f1c0a36-1d1e-5b55-9a59-6c1d3c8a7e21")  # this site's own namespace for entry ids


def change_title(row: ChangeRow, messages: Messages | None = None) -> str:
    return (messages or default_messages()).get("feeds.entry", title=row.incident.title, change=describe(row.change, messages))


def entry_id(row: ChangeRow) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, row.key)}"


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _links(site_url: str) -> tuple[str, str]:
    """(prefix to the site root, the Changes page) for links in the feeds (relative to the feed
    itself, at the site root, when there is no site_url)."""
    return site_url, f"{site_url}{CHANGES_PAGE}"


def feed_updated(rows: list[ChangeRow], fallback: dt.date | None) -> str:
    """The newest change's date, else ``fallback`` (the corpus's latest date), else the epoch."""
    newest = max((row.change.date for row in rows), default=fallback)
    return _timestamp(newest or dt.date(1970, 1, 1))


def render_atom(rows: list[ChangeRow], site_name: str, site_url: str, fallback: dt.date | None,
                messages: Messages | None = None) -> bytes:
    """An Atom 1.0 feed: one entry per change, newest first (its words: ``messages``, feeds.*)."""
    say = (messages or default_messages()).get
    root_link, changes_page = _links(site_url)
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        element.text = text
        return element

    sub(feed, "title", say("feeds.title", site=site_name))
    sub(feed, "subtitle", say("feeds.subtitle"))
    sub(feed, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'feed:' + site_name)}")
    sub(feed, "updated", feed_updated(rows, fallback))
    sub(feed, "link", rel="alternate", type="text/html", href=changes_page)
    if site_url:
        sub(feed, "link", rel="self", type="application/atom+xml", href=f"{site_url}{ATOM_FILE}")
    author = sub(feed, "author")
    sub(author, "name", site_name)
    for row in rows:
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(row))
        sub(entry, "title", change_title(row, messages))
        sub(entry, "updated", _timestamp(row.change.date))
        sub(entry, "link", rel="alternate", type="text/html",
            href=f"{root_link}incidents/{row.incident.id}/#{row.anchor}")  # fmt: skip
        sub(entry, "category", term=row.change.kind.value)
        sub(entry, "summary", row.change.note, type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def render_json_feed(rows: list[ChangeRow], site_name: str, site_url: str, messages: Messages | None = None) -> bytes:
    """The same entries as a JSON Feed 1.1."""
    root_link, changes_page = _links(site_url)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": (messages or default_messages()).get("feeds.title", site=site_name),
        "home_page_url": changes_page,
        **({"feed_url": f"{site_url}{JSON_FILE}"} if site_url else {}),
        "authors": [{"name": site_name}],
        "items": [
            {
                "id": entry_id(row),
                "url": f"{root_link}incidents/{row.incident.id}/#{row.anchor}",
                "title": change_title(row, messages),
                "content_text": row.change.note,
                "date_published": _timestamp(row.change.date),
                "tags": [row.change.kind.value],
            }
            for row in rows
        ],
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
