"""Model -> Markdown pages through Jinja2 templates (pure: no I/O, clock or environment)."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator

from markupsafe import Markup

from build_scripts.model.figures import vocabulary_rows
from build_scripts.model.quotes import comments_offset
from build_scripts.model.records import (
    CHANGE_DEFINITIONS,
    GRADING_DEFINITIONS,
    Campaign,
    DatePrecision,
    Incident,
    Source,
)
from build_scripts.render.messages import Messages, default_messages
from build_scripts.render.metadata import incident_description, page_descriptions, source_description
from build_scripts.render.templating import html_environment, split_label
from build_scripts.render.templating import render as _render
from build_scripts.render.textsafe import safe_text
from build_scripts.views import splits
from build_scripts.views.changes import describe, incident_changes, site_changes
from build_scripts.views.facets import (
    CLAIMANT_COLUMNS,
    CLAIMANT_FILTERS,
    INCIDENT_COLUMNS,
    INCIDENT_FILTERS,
    SOURCE_COLUMNS,
    SOURCE_FILTERS,
    Facets,
    claimant_facets,
    incident_facets,
    source_facets,
)
from build_scripts.views.headline import HEADLINE_EXCLUSIONS
from build_scripts.views.maps import MapView, map_view
from build_scripts.views.reader import FOLD_CHARS, bottom_line, source_name
from build_scripts.views.site import DATE_BASIS_LABELS, Passage, SiteView
from build_scripts.views.splits import (
    UNDATED,
    Split,
    claimant_page_splits,
    claimant_splits,
    incident_splits,
    source_splits,
    whole_table,
)
from build_scripts.views.tables import incidents_frame

SITE_NAME = "Civilian-harm claims"  # mkdocs.yml's site_name, passed in by the pipeline
LATEST_COUNT = 5

HEADLINE_COUNT = 3


class NoCharts:
    """Stands in for ``chartblocks.ChartBlocks`` when pages are rendered without charts."""

    tables = None
    located = None

    def incident(self, incident_id: str, prefix: str = "../../") -> str:
        return ""

    def spread(self, prefix: str) -> str:
        return ""

    def timeline(self, incident_id: str, prefix: str = "../../") -> str:
        return ""

    def undated(self, incident_id: str) -> list[str]:
        return []

    def moves(self, prefix: str) -> str:
        return ""

    def map(self, prefix: str) -> str:
        return ""

    def locator(self, incident_id: str, prefix: str = "../../") -> str:
        return ""

    def series(self, series_id: str, prefix: str) -> str:
        return ""


def render_site_pages(
    view: SiteView, site_url: str = "", charts=None, data_page: dict | None = None, site_name: str = SITE_NAME,
    messages: Messages | None = None,
) -> dict[str, str]:
    """Every generated page and snippet, keyed by its path under the docs folder. ``charts`` (a
    ``chartblocks.ChartBlocks``) supplies the chart blocks; ``data_page`` the Data page's downloads;
    ``messages`` the fixed phrases (default: English)."""
    return dict(iter_site_pages(view, site_url, charts, data_page, site_name, messages))


def iter_site_pages(
    view: SiteView, site_url: str = "", charts=None, data_page: dict | None = None, site_name: str = SITE_NAME,
    messages: Messages | None = None,
) -> Iterator[tuple[str, str]]:
    """``render_site_pages`` one page at a time: (path under the docs folder, Markdown)."""
    site = SitePages(view, site_url, charts, site_name, messages)
    yield from site.front(data_page)
    for record in site.records():
        yield from site.record(record)


class SitePages:
    """What the site's pages are rendered from: ``front`` renders the index, site-wide and split
    pages, ``record`` one record's pages (an incident, a campaign, a source, a redirect, a claimant
    with its split pages) from one of ``records``. Records are rendered apart from each other, so the
    pipeline may hand them to several processes (build_scripts/fanout.py)."""

    def __init__(self, view: SiteView, site_url: str = "", charts=None, site_name: str = SITE_NAME,
                 messages: Messages | None = None) -> None:  # fmt: skip
        self.view, self.site_url, self.site_name = view, site_url, site_name
        self.charts = charts or NoCharts()
        self.messages = messages
        self.render = functools.partial(_render, messages=messages)
        self.phrases = messages or default_messages()
        self.described = page_descriptions(view, self.phrases)

    def front(self, data_page: dict | None = None) -> Iterator[tuple[str, str]]:
        """The index, site-wide and split pages; ``data_page``: the Data page's downloads."""
        view, charts, render, described, phrases = self.view, self.charts, self.render, self.described, self.phrases
        home_series = view.corpus.series[0].id if view.corpus.series else None
        incident_parts, source_parts, claimant_parts = incident_splits(view), source_splits(view), claimant_splits(view)
        pages: dict[str, str] = {
            "incidents/index.md": render("incidents_index.md.j2", view=view, chart_html=charts.spread("../"),
                                         description=described["incidents/index.md"], splits=incident_parts,
                                         whole=whole_table(view),
                                         filters=INCIDENT_FILTERS, columns=INCIDENT_COLUMNS),
            "sources/index.md": render("sources_index.md.j2", view=view, description=described["sources/index.md"],
                                       splits=source_parts, filters=SOURCE_FILTERS, columns=SOURCE_COLUMNS),
            "claimants/index.md": render("claimants_index.md.j2", view=view, description=described["claimants/index.md"],
                                         splits=claimant_parts, filters=CLAIMANT_FILTERS, columns=CLAIMANT_COLUMNS),
            "campaigns/index.md": render("campaigns_index.md.j2", view=view, description=described["campaigns/index.md"]),
            "map/index.md": render("map.md.j2", located=map_view_of(view, charts), map_html=charts.map("../"),
                                   description=described["map/index.md"]),
            "data/index.md": render("data.md.j2", view=view, series_chart=charts.series, data_page=data_page,
                                    description=described["data/index.md"], fold_rows=splits.CLAIMANT_ROWS),
            "_snippets/home-charts.md": render(
                "home_charts.md.j2",
                series_html=charts.series(home_series, "") if home_series else "",
                spread_html=charts.spread(""),
            ),
            "_snippets/key-numbers.md": render("key_numbers.md.j2", view=view),
            "_snippets/headline-comparisons.md": render(
                "headlines.md.j2", incidents=view.headline_incidents(HEADLINE_COUNT), view=view
            ),
            "_snippets/latest-incidents.md": render(
                "latest_incidents.md.j2", incidents=view.incidents_by_date[:LATEST_COUNT], view=view
            ),
            "_snippets/figure-vocabulary.md": render("vocabulary.md.j2", rows=vocabulary_rows()),
            "_snippets/grading.md": render("grading.md.j2", definitions=GRADING_DEFINITIONS),
            "_snippets/headline-rule.md": render("headline_rule.md.j2", exclusions=HEADLINE_EXCLUSIONS),
            "_snippets/history-kinds.md": render("history_kinds.md.j2", definitions=CHANGE_DEFINITIONS),
            "_snippets/claim-dates.md": render("claim_dates.md.j2", bases=DATE_BASIS_LABELS,
                                               coarser=[p.value for p in DatePrecision if p.value != "day"]),
            "changes/index.md": render("changes.md.j2", rows=site_changes(view.corpus),
                                       describe=functools.partial(describe, messages=phrases), moves_html=charts.moves("../")),
        }
        pages.update(render_split_pages(view, "incidents_split.md.j2", incident_parts, "incidents", render, phrases))
        pages.update(render_split_pages(view, "sources_split.md.j2", source_parts, "sources", render, phrases))
        pages.update(render_split_pages(view, "claimants_split.md.j2", claimant_parts, "claimants", render, phrases))
        yield from pages.items()

    def records(self) -> list[tuple[str, str]]:
        """(kind, id) of every record page, in the order the site's pages are written."""
        corpus = self.view.corpus
        return ([("incident", i.id) for i in corpus.incidents] + [("campaign", c.id) for c in corpus.campaigns]
                + [("source", s.id) for s in corpus.sources] + [("redirect", str(n)) for n in range(len(corpus.redirects))]
                + [("claimant", slug) for slug in self.view.claimants])  # fmt: skip

    def record(self, record: tuple[str, str]) -> list[tuple[str, str]]:
        """One record's pages: (path under the docs folder, Markdown)."""
        kind, key = record
        view, charts, render, described, messages = self.view, self.charts, self.render, self.described, self.messages
        if kind == "incident":
            incident, path = view.incidents[key], f"incidents/{key}.md"
            return [(path, render_incident_page(
                view, incident, self.site_url, chart_html=charts.incident(key), description=described[path],
                site_name=self.site_name, timeline_html=charts.timeline(key), undated=charts.undated(key),
                messages=messages, locator_html=charts.locator(key)))]  # fmt: skip
        if kind == "campaign":
            path = f"campaigns/{key}.md"
            campaign = next(c for c in view.corpus.campaigns if c.id == key)
            return [(path, render_campaign_page(view, campaign, described[path], messages))]
        if kind == "source":
            path = f"sources/{key}.md"
            return [(path, render_source_page(view, view.sources[key], described[path], messages))]
        if kind == "redirect":
            redirect = view.corpus.redirects[int(key)]
            folder, target = (
                ("incidents", view.incidents[redirect.new_id].title) if redirect.kind.value == "incident"
                else ("sources", view.sources[redirect.new_id].title or self.phrases.get("descriptions.untitled"))
            )  # fmt: skip
            path = f"{folder}/{redirect.old_id}.md"
            return [(path, render("redirect.md.j2", redirect=redirect, title=target, description=described[path]))]
        claimant, path = view.claimants[key], f"claimants/{key}.md"
        parts = claimant_page_splits(key, claimant)
        pages = [(path, render("claimant.md.j2", claimant=claimant, description=described[path], parts=parts,
                               search_tags=render_search_tags(claimant_facets(claimant, self.phrases))))]  # fmt: skip
        for section, section_parts in parts.items():
            pages += render_claimant_split_pages(key, claimant, section, section_parts, render, self.phrases).items()
        return pages


def render_split_pages(view: SiteView, template: str, splits: list[Split], noun: str, render,
                       messages: Messages | None = None) -> dict[str, str]:
    """The split pages of one index (views/splits.py), each linking to its neighbours and its index."""
    messages = messages or default_messages()
    pages = {}
    for number, split in enumerate(splits):
        previous = splits[number - 1] if number else None
        following = splits[number + 1] if number + 1 < len(splits) else None
        end = functools.partial(_split_end, messages)
        description = messages.get("descriptions.split", records=messages.get(f"{noun}_index.title"),
                                   label=split_label(split, messages), rows=messages.counted(len(split.rows), noun.removesuffix("s")),
                                   first=end(split.first), last=end(split.last))
        pages[split.path] = render(template, view=view, split=split, previous=previous, next=following,
                                   description=description)  # fmt: skip
    return pages


def _split_end(messages: Messages, value: str) -> str:
    return messages.get("splits.undated") if value == UNDATED else value


CLAIMANT_SECTION_WORDS = {  # a claimant page's section -> (its heading's message, what a row is)
    "incidents": ("claimant.about_incidents", "claim"),
    "campaigns": ("claimant.about_campaigns", "claim"),
    "relayed": ("claimant.relayed", "claim"),
    "points": ("claimant.period_counts", "point"),
}


def render_claimant_split_pages(slug: str, claimant, section: str, splits: list[Split], render,
                                messages: Messages) -> dict[str, str]:
    """The pages of one split section of a claimant's page, each linking to its neighbours and the page."""
    heading, noun = CLAIMANT_SECTION_WORDS[section]
    total = sum(len(split.rows) for split in splits)
    pages = {}
    for number, split in enumerate(splits):
        previous = splits[number - 1] if number else None
        following = splits[number + 1] if number + 1 < len(splits) else None
        description = messages.get("splits.claimant.description", name=claimant.name, section=messages.get(heading),
                                   label=split_label(split, messages), total=messages.counted(total, noun),
                                   first=_split_end(messages, split.first), last=_split_end(messages, split.last))
        pages[split.path] = render("claimant_split.md.j2", claimant=claimant, slug=slug, section=section, split=split,
                                   previous=previous, next=following, total=total, noun=noun, heading_key=heading,
                                   description=description)  # fmt: skip
    return pages


def render_incident_page(view: SiteView, incident: Incident, site_url: str = "", chart_html: str = "",
                         description: str | None = None, timeline_html: str = "",
                         undated: list[str] | None = None, site_name: str = SITE_NAME,
                         messages: Messages | None = None, locator_html: str = "") -> str:
    rows = view.rows_for_incident(incident)
    return _render(
        "incident.md.j2",
        messages=messages,
        description=incident_description(view, incident, messages) if description is None else description,
        incident=incident,
        rows=rows,
        by_source=rows_by_source(rows),
        bottom=bottom_line(incident, rows, view.headline(incident)),
        related=view.related(incident),
        campaigns=view.campaigns_for_incident(incident),
        definition=(messages or default_messages()).get(f"definitions.grading.{incident.grading.value}"),
        fold_chars=FOLD_CHARS,
        in_comments=view.in_comments,
        site_url=site_url,
        site_name=site_name,
        chart_html=chart_html,
        timeline_html=timeline_html,
        locator_html=locator_html,
        undated=undated or [],
        changes=incident_changes(incident),
        describe=functools.partial(describe, messages=messages),
        search_tags=render_search_tags(incident_facets(incident, messages)),
    )


def render_campaign_page(view: SiteView, campaign: Campaign, description: str, messages: Messages | None = None) -> str:
    rows = view.rows_for_campaign(campaign)
    return _render(
        "campaign.md.j2", messages=messages, description=description, campaign=campaign, by_source=rows_by_source(rows),
        incidents=[i for i in view.incidents_by_date if i.id in campaign.incidents], in_comments=view.in_comments,
        series=[s for s in view.corpus.series if s.id in campaign.series],
        related=[c for c in view.corpus.campaigns if c.id != campaign.id
                 and (c.id in campaign.related or campaign.id in c.related)],
    )


def map_view_of(view: SiteView, charts) -> MapView:
    """The map's incidents, from the same frame as the downloads (built here when pages render without charts)."""
    return charts.located or map_view(incidents_frame(view))


def rows_by_source(rows: list) -> list[tuple[Source, list]]:
    """Claim rows grouped by source, sources in the order of their first claim (rows keep theirs)."""
    groups: dict[str, tuple[Source, list]] = {}
    for row in rows:
        groups.setdefault(row.source.id, (row.source, []))[1].append(row)
    return list(groups.values())


def render_source_page(view: SiteView, source: Source, description: str | None = None,
                       messages: Messages | None = None) -> str:
    text = view.corpus.texts.get(source.id)
    article_html = comments_html = ""
    if text is not None:
        split = comments_offset(text, source.comments_start) or len(text)
        passages = view.passages(source, prefix="../../", messages=messages)
        article_html = render_stored_text(text, passages, 0, split)
        comments_html = render_stored_text(text, passages, split, len(text)) if split < len(text) else ""
    return _render(
        "source.md.j2",
        messages=messages,
        description=source_description(view, source, messages) if description is None else description,
        source=source,
        rows=view.rows_for_source(source),
        points=view.points_for_source(source),
        article_html=article_html,
        comments_html=comments_html,
        in_comments=view.in_comments,
        search_tags=render_search_tags(source_facets(source, source_name(source, messages), messages)),
    )


def render_search_tags(facets: Facets) -> str:
    """A record page's filters, metadata and sort key for the search index, as one hidden HTML block."""
    return html_environment().get_template("search_tags.html.j2").render(facets=facets).strip()


def render_stored_text(text: str, passages: list[Passage], start: int, end: int) -> str:
    """The verbatim text from ``start`` to ``end`` as escaped HTML paragraphs, one per line, with
    every quoted passage marked and anchored. Overlapping passages are split into segments."""
    inside = [p for p in passages if p.start < end and p.end > start]
    cuts = {start, end}
    for passage in inside:
        cuts.update((max(passage.start, start), min(passage.end, end)))
    position = start
    while (newline := text.find("\n", position, end)) >= 0:
        cuts.update((newline, newline + 1))
        position = newline + 1
    bounds = sorted(cuts)
    lines: list[str] = []
    current: list[str] = []
    for left, right in itertools.pairwise(bounds):
        chunk = text[left:right]
        if chunk == "\n":
            lines.append("".join(current))
            current = []
            continue
        anchors = Markup("").join(_ANCHOR.format(p.anchor) for p in inside if p.start == left)
        covering = [p for p in inside if p.start <= left and p.end >= right]
        if covering:
            links = Markup("").join(_CLAIM_LINK.format(p.href, safe_text(p.label)) for p in covering if p.end == right)
            title = safe_text("; ".join(p.label for p in covering))
            current.append(_MARK.format(anchors, title, safe_text(chunk), links))
        else:
            current.append(anchors + safe_text(chunk))
    lines.append("".join(current))
    return "\n".join(_PARAGRAPH.format(Markup(line)) for line in lines if line.strip())


# Fragments of a stored text's HTML: Markup.format escapes what it is given unless it is Markup
# already (contributor and source text arrives as ``safe_text``, escaped for Markdown and HTML alike).
_ANCHOR = Markup('<span class="chs-anchor" id="{}"></span>')
_CLAIM_LINK = Markup('<a class="chs-claim-link" href="{}" title="{}">↗</a>')
_MARK = Markup('{}<mark class="chs-quote" title="{}">{}</mark>{}')
_PARAGRAPH = Markup("<p>{}</p>")
