"""Every language in its own direction (views/language.py, templating's lang/dir filters) and the
interface's phrases from one messages file (render/messages.py): a pseudo-locale switches them, a
missing key is an error naming the key and the file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import html.parser
import json
import re
from pathlib import Path

import pytest
import yaml

from build_scripts.checks.validate import check_corpus
from build_scripts.render.chartrender import FONT_DIRS
from build_scripts.render.messages import MESSAGES_DIR, MessageError, default_messages, load_messages, search_words
from build_scripts.render.pages import SITE_NAME, render_site_pages
from build_scripts.render.templating import TEMPLATES
from build_scripts.views.language import language_attributes, needs_isolation, text_direction
from build_scripts.views.reader import TYPE_WORDS
from build_scripts.views.site import SiteView
from tests.conftest import CORPUS, ROOT

RTL_CORPUS = ROOT / "tests" / "fixtures" / "rtl"
ARABIC_QUOTE = "قالت وزارة الصحة إن 12 شخصاً على الأقل قتلوا في الغارة على السوق القديم"
ARABIC_TITLE = "تقرير تجريبي عن الغارة على السوق"
IN_ARABIC = '<span lang="ar" dir="rtl">{}</span>'


@pytest.mark.parametrize(
    ("tag", "direction"),
    [("ar", "rtl"), ("ar-EG", "rtl"), ("AR", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("ps", "rtl"),
     ("sd", "rtl"), ("ug", "rtl"), ("yi", "rtl"), ("dv", "rtl"), ("ckb", "rtl"), ("ku", "ltr"), ("ku-Arab", "rtl"),
     ("ku-Arab-IQ", "rtl"), ("ug-Latn", "ltr"), ("sd-Deva", "ltr"), ("az-Arab", "rtl"), ("pa-Arab", "rtl"),
     ("en", "ltr"), ("en-GB", "ltr"), ("fr", "ltr"), ("und", None), ("", None), (None, None)],
)  # fmt: skip
def test_direction_comes_from_the_script_subtag_else_the_language(tag, direction) -> None:
    assert text_direction(tag) == direction


def test_text_is_marked_only_where_it_differs_from_the_page() -> None:
    assert language_attributes("en", "en") == {}
    assert language_attributes("ar", "en") == {"lang": "ar", "dir": "rtl"}
    assert language_attributes("fr", "en") == {"lang": "fr"}
    assert language_attributes("en", "ar") == {"lang": "en", "dir": "ltr"}
    assert language_attributes("fa", "ar") == {"lang": "fa"}


def test_a_name_is_isolated_only_when_it_holds_letters_of_the_other_direction() -> None:
    assert needs_isolation("وزارة الصحة", "ltr")
    assert needs_isolation("UN office (مكتب)", "ltr")
    assert not needs_isolation("U.N. human rights office (OHCHR)", "ltr")
    assert not needs_isolation("1,234 — “?”", "ltr")
    assert needs_isolation("U.N.", "rtl")


@pytest.fixture(scope="module")
def rtl_pages() -> dict[str, str]:
    corpus, problems = check_corpus(RTL_CORPUS, dt.date.today())
    assert problems == [], [p.format() for p in problems]
    return render_site_pages(SiteView(corpus))


def test_an_arabic_quote_is_marked_on_incident_claimant_and_source_pages(rtl_pages: dict[str, str]) -> None:
    marked = IN_ARABIC.format(ARABIC_QUOTE)
    incident = rtl_pages["incidents/2020-01-04-market-strike.md"]
    assert f"[“{marked}”](../sources/arabic-test-report.md#" in incident
    claimant = rtl_pages["claimants/وزارة-الصحة.md"]
    assert re.search(rf"^\| .*\| \[“{re.escape(marked)}”\]\(\.\./sources/arabic-test-report\.md#", claimant, re.M)  # a table row
    source = rtl_pages["sources/arabic-test-report.md"]
    assert re.search(rf"^\| .*\| \[“{re.escape(marked)}”\]\(#q-", source, re.M)  # the claims table
    english = rtl_pages["sources/tiny-gazette.md"]
    assert "lang=" not in english and "dir=" not in english  # the page's own language is not marked


def test_an_arabic_stored_text_and_title_are_marked(rtl_pages: dict[str, str]) -> None:
    source = rtl_pages["sources/arabic-test-report.md"]
    assert f"# {IN_ARABIC.format(ARABIC_TITLE)}\n" in source
    assert f"| **Title** | {IN_ARABIC.format(ARABIC_TITLE)} |" in source
    assert '<div class="chs-document" lang="ar" dir="rtl">\n<p>' in source
    assert f"[{IN_ARABIC.format(ARABIC_TITLE)}](../sources/arabic-test-report.md)" in rtl_pages["sources/index.md"]
    assert f"**In [{IN_ARABIC.format(ARABIC_TITLE)}](../sources/arabic-test-report.md)**" in (
        rtl_pages["incidents/2020-01-04-market-strike.md"])


def test_names_of_unknown_direction_are_isolated(rtl_pages: dict[str, str]) -> None:
    incident = rtl_pages["incidents/2020-01-04-market-strike.md"]
    assert "**<bdi>السوق القديم</bdi>**, Testland" in incident  # the place, inside the facts sentence
    assert "[<bdi>وزارة الصحة</bdi>](#claim-ministry-arabic)" in incident
    assert "| [<bdi>وزارة الصحة</bdi>](وزارة-الصحة.md) |" in rtl_pages["claimants/index.md"]
    assert "[Health ministry](#claim-ministry)" in incident  # a left-to-right name stays as it was


def test_marking_keeps_untrusted_text_escaped() -> None:
    from build_scripts.render.templating import in_language, isolated, quote_in

    assert quote_in('<script>alert(1)</script>', "ar", "en") == (
        "“<span lang=\"ar\" dir=\"rtl\">&#60;script&#62;alert&#40;1&#41;&#60;&#47;script&#62;</span>”")
    assert isolated("<b>مرحبا</b>", "ltr") == "<bdi>&#60;b&#62;مرحبا&#60;&#47;b&#62;</bdi>"
    assert in_language("x", 'ar" onload="x', "en").startswith('<span lang="ar&#34; onload=&#34;x"')


# The interface's phrases ------------------------------------------------------------------------


# The figure vocabulary's table is worded by the parser's own vocabulary (model/figures.py: the English
# words a figure may be written in, and what each parses as), still English in Python.
MODEL_WORDED = {"_snippets/figure-vocabulary.md"}
OPEN, CLOSE = "⟦", "⟧"


def pseudo(text: str) -> str:
    """A pseudo-locale phrase: the English one in ⟦ ⟧ (each cell of a 'A | B' heading row on its own),
    its {placeholders} kept."""
    return " | ".join(f"{OPEN}{cell}{CLOSE}" for cell in text.split(" | "))


def pseudo_tree(node):
    if isinstance(node, dict):
        return {key: pseudo_tree(value) for key, value in node.items()}
    return pseudo(node)


def unmarked(text: str) -> str:
    """``text`` without its pseudo-locale phrases (innermost first: messages nest)."""
    while (stripped := re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)) != text:
        text = stripped
    return text


def corpus_pages(messages=None) -> dict[str, str]:
    corpus, problems = check_corpus(CORPUS, dt.date.today())
    assert problems == []
    return render_site_pages(SiteView(corpus), messages=messages)


def write_pseudo(folder: Path, name: str = "en-XA") -> Path:
    tree = yaml.safe_load((MESSAGES_DIR / "en.yaml").read_text(encoding="utf-8"))
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(pseudo_tree(tree), allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pseudo_messages(tmp_path_factory) -> Path:
    return write_pseudo(tmp_path_factory.mktemp("messages"))


@pytest.fixture(scope="module")
def switched_pages(pseudo_messages: Path) -> dict[str, str]:
    return corpus_pages(load_messages(pseudo_messages))


def test_a_messages_file_switches_the_pages_phrases(switched_pages: dict[str, str]) -> None:
    english, switched = corpus_pages(), switched_pages
    incident = "incidents/2017-03-17-mosul-al-jadida.md"
    assert "## Bottom line { #bottom-line data-pagefind-ignore=\"\" }" in english[incident]
    assert "## ⟦Bottom line⟧ { #bottom-line data-pagefind-ignore=\"\" }" in switched[incident]
    assert "⟦**Graded contested:** " in switched[incident]
    assert "| ⟦Claimant⟧ | ⟦Type⟧ | ⟦Claims made⟧ | ⟦Incidents⟧ | ⟦Series points⟧ | ⟦Claims passed on⟧ |" in switched["claimants/index.md"]
    assert "· ⟦military⟧ · " in switched[incident]  # a claimant type's words
    assert re.search(r"^⟦⟦\d+ incidents⟧, ⟦\d+ claims⟧\. Newest", switched["incidents/index.md"], re.M)  # counted nouns
    assert re.search(r'^description: "⟦', switched[incident], re.M)  # the page's description
    # every phrase of the English pages that comes from the file is gone from the switched pages
    curated = " ".join(path.read_text(encoding="utf-8") for path in CORPUS.rglob("*") if path.is_file())
    phrases = [t for t in default_messages().texts.values()
               if isinstance(t, str) and "{" not in t and len(t) > 12 and t not in curated]  # fmt: skip
    for path, page in switched.items():
        if path in MODEL_WORDED:
            continue
        readable = page.replace("\\u27e6", OPEN).replace("\\u27e7", CLOSE)  # the filter box's words are JSON
        left = [p for p in phrases if p in english[path] and p in unmarked(readable)]
        assert left == [], (path, left)


# The pages' visible text, as MkDocs will show it -------------------------------------------------


class _Text(html.parser.HTMLParser):
    """Visible text nodes, and attributes a reader meets (alt, title, aria-label, placeholder), of a
    page's HTML; the verbatim stored text of a source (.chs-document) and curated Markdown rendered
    (.chs-prose: summaries and notes) are the contributors' text, not ours."""

    CURATED = frozenset({"chs-document", "chs-prose"})

    SKIP = frozenset({"script", "style", "code", "pre"})
    READ = frozenset({"alt", "title", "aria-label", "placeholder"})
    VOID = frozenset({"br", "img", "input", "hr", "meta", "link", "wbr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: inside skipped text?
        self.folded = False  # the last element opened was a folded quote's <details>
        self.nodes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        skipped = (bool(self.stack and self.stack[-1]) or tag in self.SKIP or bool(classes & self.CURATED)
                   or (tag == "summary" and self.folded))  # a long quote's opening, cut short
        self.folded = tag == "details" and "chs-fold" in classes
        self.nodes.extend(value for name, value in attrs.items() if name in self.READ and value and not skipped)
        if tag not in self.VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]) and data.strip():
            self.nodes.append(data)


def visible_text(page: str) -> list[str]:
    """A generated page's Markdown as MkDocs renders it (front matter apart), in text nodes."""
    import markdown

    body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
    parser = _Text()
    parser.feed(markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html"]))
    return parser.nodes


def curated_strings() -> list[str]:
    """Every string of the frozen corpus's YAML (the contributors' text: ids, names, titles, quotes,
    enum values), longest first; and every grading, the codes a contributor writes, shown as written."""
    from build_scripts.model.records import Grading

    found: set[str] = {SITE_NAME, *(grade.value for grade in Grading)}

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "breakdown" and isinstance(value, dict):
                    found.update(str(part) for part in value)  # a breakdown's keys are the contributor's words
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif node is not None and not isinstance(node, bool):
            found.add(str(node).strip())

    for path in sorted(CORPUS.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted((s for s in found if s), key=len, reverse=True)


def untranslated(nodes: list[str], curated: list[str]) -> list[str]:
    """The words of ``nodes`` (a page's text, in order) that come neither from a messages phrase (within
    the pseudo-locale's marks, which may span nodes: a phrase holding a link) nor from the corpus."""
    rest = unmarked(" \n".join(nodes))
    for text in curated:
        if text in rest:  # as a whole word: "en" (a language) is no part of "incidents"
            rest = re.sub(rf"(?<!\w){re.escape(text)}(?!\w)", " ", rest)
    return [line.strip() for line in rest.splitlines() if re.search(r"[^\W\d_]{2,}", line)]


def test_no_english_fixed_phrase_is_left_in_the_switched_pages(switched_pages: dict[str, str]) -> None:
    """Every text node a reader sees on a generated page, and every page description, comes from the
    messages file (it carries the pseudo-locale's marks) or from the corpus YAML."""
    curated = curated_strings()
    checked = 0
    for path, page in sorted(switched_pages.items()):
        if path in MODEL_WORDED:
            continue
        nodes = visible_text(page)
        description = re.search(r'^description: (".*")$', page, re.M)
        if description:
            nodes.append(yaml.safe_load(description.group(1)))
        for words in re.findall(r"data-chs-filter-words='([^']*)'", page):  # the filter box's script words
            nodes.extend(_strings(json.loads(html.unescape(words))))
        left = untranslated(nodes, curated)
        assert not left, f"{path}: " + " | ".join(left)
        checked += len(nodes)
    assert checked > 1000  # the check read the pages' text


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [text for key, value in node.items() if key != "language" for text in _strings(value)]
    return [node] if isinstance(node, str) else []


def test_the_check_finds_an_english_phrase_the_messages_file_does_not_hold() -> None:
    curated = curated_strings()
    assert untranslated(["⟦Claims⟧: Mosul", "2017-03-17 · ⟦week of⟧ 2017"], curated) == []
    assert untranslated(["Filter the incidents", "⟦Claims⟧ by Mosul residents"], curated) == [
        "Filter the incidents", "by   residents"]


def test_the_charts_words_switch(pseudo_messages: Path) -> None:
    """A chart's title, caption, accessible description, table caption and column headings."""
    from build_scripts.render import chartblocks
    from build_scripts.views.maps import MapPoint, MapView
    from build_scripts.views.tables import build_tables

    messages = load_messages(pseudo_messages)
    corpus, _ = check_corpus(CORPUS, dt.date.today())
    tables = build_tables(SiteView(corpus))
    point = MapPoint("i", "T", "2020-01-01", "P", "C", 30.0, 40.0, "town")
    figures = [chartblocks.spread_figure(tables, messages=messages), chartblocks.moves_figure(tables, messages=messages),
               chartblocks.map_figure(MapView((point,), 3), "../", messages), chartblocks.locator_figure(point, messages),
               *(chartblocks.series_figure(tables, s.id, messages=messages) for s in corpus.series)]  # fmt: skip
    for _, rows in tables.claims.groupby("incident_id", sort=False):
        figures.append(chartblocks.claims_figure(rows, chartblocks._source_titles(tables, messages), messages))
        figures.append(chartblocks.timeline_figure(rows, messages)[0])
    figures = [figure for figure in figures if figure is not None]
    assert {figure.id for figure in figures} >= {"chart-spread", "chart-claims", "chart-map", "chart-locator"}
    for figure in figures:
        words = [figure.caption, figure.description, figure.table_caption, *figure.columns]
        words += [] if figure.id.startswith("chart-series-") else [figure.title]  # a series' title is curated
        left = untranslated(words, curated_strings())
        assert not left, f"{figure.id}: " + " | ".join(left)
    # the block around a chart (its table's rows are the chart's data: charts.py's words, still English)
    block = chartblocks.render_chart_block(dataclasses.replace(figures[0], rows=[]), "{}", "x.svg", (1, 1), messages)
    left = untranslated(visible_text(block), curated_strings())
    assert not left, " | ".join(left)


def test_the_search_script_holds_no_phrase_and_its_words_switch(pseudo_messages: Path) -> None:
    script = (ROOT / "content" / "assets" / "javascripts" / "search.js").read_text(encoding="utf-8")
    code = re.sub(r"//[^\n]*", "", script)  # comments are for maintainers
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', code)
    phrases = [text for text in literals if re.search(r"(?:^| )[A-Za-z]{2,} [A-Za-z]{2,}(?: |$)", text) and text != "use strict"]
    assert phrases == []
    words = search_words(load_messages(pseudo_messages))
    assert untranslated(_strings(words), []) == []
    partial = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    assert "config.extra.chs_search_words" in partial and "More results" not in partial


def test_the_pseudo_locale_marks_english_text_as_english(switched_pages: dict[str, str]) -> None:
    page = switched_pages["incidents/2017-03-17-mosul-al-jadida.md"]
    assert '[“<span lang="en">including 140 killed' in page


def test_a_missing_message_is_an_error_naming_the_key_and_the_file(tmp_path: Path) -> None:
    tree = yaml.safe_load((MESSAGES_DIR / "en.yaml").read_text(encoding="utf-8"))
    del tree["incident"]["bottom_line"]
    path = tmp_path / "en.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    with pytest.raises(MessageError, match=rf"^{re.escape(str(path))}: no message 'incident\.bottom_line'"):
        corpus_pages(load_messages(path))


def test_a_message_naming_an_unknown_placeholder_is_an_error(tmp_path: Path) -> None:
    tree = yaml.safe_load((MESSAGES_DIR / "en.yaml").read_text(encoding="utf-8"))
    tree["incident"]["graded"] = "Graded {grading}"
    path = tmp_path / "en.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    with pytest.raises(MessageError, match=r"message 'incident\.graded' cannot be filled"):
        corpus_pages(load_messages(path))


def test_every_key_the_code_uses_is_in_en_yaml_and_every_key_is_used() -> None:
    """Keys named in the templates (msg("...")) and in Python (get("..."), say("..."), forms, unfilled);
    a key built from a value (msg("precision." ~ value), f"map.shows.{precision}") counts by its prefix."""
    sources = [*TEMPLATES.glob("*.j2"), *(ROOT / "build_scripts").rglob("*.py")]
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    used = {key for key in re.findall(r'(?:msg|get|say|forms|unfilled)\(\s*f?"([a-z_][\w.-]*)', text)
            if "." in key or key in default_messages().texts}  # not a dict's get("name")
    used |= set(re.findall(r'msg\(\s*"([a-z_][\w.-]*)"\s*if', text))
    used |= set(re.findall(r'else\s+"([a-z_]+\.[\w.-]+)"', text))
    keys = set(default_messages().texts)
    prefixes = {key for key in used if key.endswith((".", "_")) or (key not in keys and any(k.startswith(key) for k in keys))}
    assert sorted(used - prefixes - keys) == []
    dynamic = ("plural.", "claimant_types.", "filters.", "chart.", "splits.", "descriptions.redirect_")  # f"{group}.idle", …
    covered = {k for k in keys if k in used or k.startswith(tuple(prefixes)) or k.startswith(dynamic)}
    assert sorted(keys - covered) == []


def test_the_charts_claimant_type_words_are_the_messages_words() -> None:
    assert {k.split(".", 1)[1]: v for k, v in default_messages().texts.items() if k.startswith("claimant_types.")} == TYPE_WORDS


def test_the_static_charts_font_is_vendored_with_its_licence() -> None:
    (folder,) = FONT_DIRS
    assert (folder / "DejaVuSans.ttf").stat().st_size > 500_000  # the full font: Latin and Arabic
    assert (folder / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream" in (folder / "LICENSE.txt").read_text(encoding="utf-8")


def test_the_charts_aside_words_are_the_messages_words() -> None:
    from build_scripts.views.headline import ASIDE_WORDS

    texts = default_messages().texts
    assert {key: texts[f"headline.aside.{key}"] for key in ASIDE_WORDS} == ASIDE_WORDS


def test_an_rtl_interface_language_sets_the_pages_direction_and_the_scripts_words(tmp_path: Path, monkeypatch) -> None:
    """theme.language: ar, with its messages file: Material marks the built page lang="ar" and its
    body dir="rtl" (Material sets the direction on <body>, from the language's own "direction"), and
    the search dialog's script words are the ar file's."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from build_scripts.render import messages as messages_module

    folder = tmp_path / "messages"
    folder.mkdir()
    (folder / "en.yaml").write_text((MESSAGES_DIR / "en.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    write_pseudo(folder, "ar")
    monkeypatch.setattr(messages_module, "MESSAGES_DIR", folder)
    messages_module.load_messages.cache_clear()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Test\n", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump({
        "site_name": "Test", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"), "plugins": [],
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides"), "font": False, "language": "ar"},
        "hooks": [str(ROOT / "build_scripts" / "mkdocs_hooks.py")],
    }), encoding="utf-8")  # fmt: skip
    try:
        build(load_config(str(config_file)))
    finally:
        messages_module.load_messages.cache_clear()
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="ar"', page)
    assert re.search(r'<body dir="rtl"', page)
    words = json.loads(html.unescape(re.search(r"data-chs-search-words='([^']*)'", page).group(1)))
    assert words["idle"] == "⟦Type to start searching⟧" and words["language"] == "ar"
    assert ">⟦More results⟧</button>" in page
    assert 'type="application/atom+xml" title="⟦Test: changes⟧"' in page  # the feeds' link titles
