"""Model -> Markdown pages through Jinja2 templates (pure: no I/O, clock or environment)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import escape

from build_scripts.figures import vocabulary_rows
from build_scripts.model import GRADING_DEFINITIONS, Incident, Source
from build_scripts.quotes import comments_offset
from build_scripts.textsafe import escape_text, render_markdown, replace_controls
from build_scripts.views import Passage, SiteView

TEMPLATES = Path(__file__).parent / "templates"
GENERATED_DIRS = ("incidents", "sources", "claimants", "data", "_snippets")
LATEST_COUNT = 5


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown output: contributor text goes through the `t` filter explicitly
    )
    env.filters["t"] = escape_text
    env.filters["markdown"] = render_markdown
    env.filters["date"] = format_date
    env.filters["or_unknown"] = lambda value: escape_text(value) if value not in (None, "") else "*unknown*"
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def format_date(value, precision: str = "day") -> str:
    """ISO date at its precision: 2017-03-17, 'week of 2017-03-13', 2017-03, 2017; None -> unknown."""
    if value is None:
        return "unknown"
    iso = value.isoformat()
    return {"day": iso, "week": f"week of {iso}", "month": iso[:7], "year": iso[:4]}[precision]


def render_site_pages(view: SiteView, site_url: str = "") -> dict[str, str]:
    """Every generated page and snippet, keyed by its path under the docs folder."""
    pages: dict[str, str] = {
        "incidents/index.md": render("incidents_index.md.j2", view=view),
        "sources/index.md": render("sources_index.md.j2", view=view),
        "claimants/index.md": render("claimants_index.md.j2", view=view),
        "data/index.md": render("data.md.j2", view=view),
        "_snippets/key-numbers.md": render("key_numbers.md.j2", view=view),
        "_snippets/latest-incidents.md": render(
            "latest_incidents.md.j2", incidents=view.incidents_by_date[:LATEST_COUNT], view=view
        ),
        "_snippets/figure-vocabulary.md": render("vocabulary.md.j2", rows=vocabulary_rows()),
        "_snippets/grading.md": render("grading.md.j2", definitions=GRADING_DEFINITIONS),
    }
    for incident in view.corpus.incidents:
        pages[f"incidents/{incident.id}.md"] = render_incident_page(view, incident, site_url)
    for source in view.corpus.sources:
        pages[f"sources/{source.id}.md"] = render_source_page(view, source)
    for slug, rows in view.claimants.items():
        pages[f"claimants/{slug}.md"] = render("claimant.md.j2", view=view, slug=slug, rows=rows)
    return pages


def render_incident_page(view: SiteView, incident: Incident, site_url: str = "") -> str:
    rows = view.rows_for_incident(incident)
    return render(
        "incident.md.j2",
        incident=incident,
        rows=rows,
        responsibility=[r for r in rows if r.claim.responsibility],
        related=[view.incidents[i] for i in incident.related],
        spread=view.killed_spread(incident),
        definition=GRADING_DEFINITIONS[incident.grading.value],
        in_comments=view.in_comments,
        site_url=site_url,
    )


def render_source_page(view: SiteView, source: Source) -> str:
    text = view.corpus.texts.get(source.id)
    article_html = comments_html = ""
    if text is not None:
        split = comments_offset(text, source.comments_start) or len(text)
        passages = view.passages(source, prefix="../../")
        article_html = render_stored_text(text, passages, 0, split)
        comments_html = render_stored_text(text, passages, split, len(text)) if split < len(text) else ""
    return render(
        "source.md.j2",
        source=source,
        rows=view.rows_for_source(source),
        points=view.points_for_source(source),
        article_html=article_html,
        comments_html=comments_html,
        in_comments=view.in_comments,
    )


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
    for left, right in zip(bounds, bounds[1:]):
        chunk = text[left:right]
        if chunk == "\n":
            lines.append("".join(current))
            current = []
            continue
        anchors = "".join(
            f'<span class="chs-anchor" id="{p.anchor}"></span>' for p in inside if p.start == left
        )
        covering = [p for p in inside if p.start <= left and p.end >= right]
        if covering:
            title = escape(replace_controls("; ".join(p.label for p in covering)))
            links = "".join(
                f'<a class="chs-claim-link" href="{escape(p.href)}" title="{escape(replace_controls(p.label))}">↗</a>'
                for p in covering
                if p.end == right
            )
            current.append(f'{anchors}<mark class="chs-quote" title="{title}">{escape(replace_controls(chunk))}</mark>{links}')
        else:
            current.append(anchors + str(escape(replace_controls(chunk))))
    lines.append("".join(current))
    paragraphs = [f"<p>{line}</p>" for line in lines if line.strip()]
    return "\n".join(paragraphs)
