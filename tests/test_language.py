"""Every language in its own direction (views/language.py, templating's lang/dir filters) and the
interface's phrases from one messages file (render/messages.py): a pseudo-locale switches them, a
missing key is an error naming the key and the file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from build_scripts.checks.validate import check_corpus
from build_scripts.render.chartrender import FONT_DIRS
from build_scripts.render.messages import MESSAGES_DIR, MessageError, default_messages, load_messages
from build_scripts.render.pages import render_site_pages
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


# Snippets worded by the model's own definitions (gradings, change kinds, the headline's exclusion
# rules, the figure vocabulary, date bases), which are still English in Python: not yet translatable.
MODEL_WORDED = {"_snippets/grading.md", "_snippets/history-kinds.md", "_snippets/headline-rule.md",
                "_snippets/figure-vocabulary.md", "_snippets/claim-dates.md"}  # fmt: skip


def pseudo(text: str) -> str:
    """A pseudo-locale phrase: the English one in ⟦ ⟧, its {placeholders} kept."""
    return f"⟦{text}⟧"


def pseudo_tree(node):
    if isinstance(node, dict):
        return {key: pseudo_tree(value) for key, value in node.items()}
    return pseudo(node)


def corpus_pages(messages=None) -> dict[str, str]:
    corpus, problems = check_corpus(CORPUS, dt.date.today())
    assert problems == []
    return render_site_pages(SiteView(corpus), messages=messages)


@pytest.fixture(scope="module")
def pseudo_messages(tmp_path_factory) -> Path:
    tree = yaml.safe_load((MESSAGES_DIR / "en.yaml").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("messages") / "en-XA.yaml"
    path.write_text(yaml.safe_dump(pseudo_tree(tree), allow_unicode=True), encoding="utf-8")
    return path


def test_a_messages_file_switches_the_pages_phrases(pseudo_messages: Path) -> None:
    english, switched = corpus_pages(), corpus_pages(load_messages(pseudo_messages))
    incident = "incidents/2017-03-17-mosul-al-jadida.md"
    assert "## Bottom line { #bottom-line }" in english[incident]
    assert "## ⟦Bottom line⟧ { #bottom-line }" in switched[incident]
    assert "⟦**Graded contested:** " in switched[incident]
    assert "| ⟦Claimant | Type | Claims made | Incidents | Series points | Claims passed on⟧ |" in switched["claimants/index.md"]
    assert "· ⟦military⟧ · " in switched[incident]  # a claimant type's words
    assert re.search(r"^⟦⟦\d+ incidents⟧, ⟦\d+ claims⟧\. Newest", switched["incidents/index.md"], re.M)  # counted nouns
    # every phrase of the English pages that comes from the file is gone from the switched pages
    curated = " ".join(path.read_text(encoding="utf-8") for path in CORPUS.rglob("*") if path.is_file())
    phrases = [t for t in default_messages().texts.values()
               if isinstance(t, str) and "{" not in t and len(t) > 12 and t not in curated]  # fmt: skip
    for path, page in switched.items():
        if path in MODEL_WORDED:
            continue
        outside = page
        while (stripped := re.sub("⟦[^⟦⟧]*⟧", "", outside)) != outside:  # innermost first: messages nest
            outside = stripped
        left = [p for p in phrases if p in english[path] and p in outside]
        assert left == [], (path, left)


def test_the_pseudo_locale_marks_english_text_as_english(pseudo_messages: Path) -> None:
    page = corpus_pages(load_messages(pseudo_messages))["incidents/2017-03-17-mosul-al-jadida.md"]
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


def test_every_key_the_templates_use_is_in_en_yaml_and_every_key_is_used() -> None:
    used = set()
    for template in TEMPLATES.glob("*.j2"):
        used.update(re.findall(r'msg\("([^"]+)"', template.read_text(encoding="utf-8")))
    keys = set(default_messages().texts)
    prefixes = {key for key in used if key.endswith((".", "_"))}  # msg("precision." ~ value)
    assert sorted(used - prefixes - keys) == []
    covered = {k for k in keys if k in used or any(k.startswith(p) for p in prefixes)
               or k.split(".")[0] in ("plural", "claimant_types", "unknown") or k.startswith("headline.aside.")}  # fmt: skip
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
