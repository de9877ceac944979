"""Which way a language's text runs, and when text of unknown direction needs isolating (pure).

A source's ``language`` is a BCP 47 tag. Its direction comes from its script subtag when it has one
(``ku-Arab`` runs right to left, ``ug-Latn`` left to right), otherwise from its language subtag's usual
script (``ar``, ``fa``, ``he`` ... right to left). Pages mark text in another language than the
interface's with ``lang`` and, when its direction differs, ``dir``; text the site knows no language
of (names, places, curators' titles) is isolated only when it holds letters of the other direction,
so that a right-to-left name cannot reorder the left-to-right sentence around it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Scripts written right to left (ISO 15924), and languages whose usual script is one of them.
RTL_SCRIPTS = frozenset({
    "adlm", "arab", "aran", "armi", "avst", "chrs", "cprt", "elym", "hatr", "hebr", "hung", "khar", "lydi",
    "mand", "mani", "mend", "merc", "mero", "narb", "nbat", "nkoo", "orkh", "ougr", "palm", "phli", "phlp",
    "phnx", "prti", "rohg", "samr", "sarb", "sogd", "sogo", "syrc", "thaa", "yezi",
})  # fmt: skip
RTL_LANGUAGES = frozenset({
    "ar", "arc", "arz", "apc", "acm", "ary", "aeb", "ajp", "afb", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk",
    "he", "iw", "ji", "khw", "ks", "lrc", "mzn", "nqo", "pnb", "prs", "ps", "sd", "skr", "syr", "ug", "ur", "yi",
})  # fmt: skip
_STRONG = {"ltr": frozenset({"L"}), "rtl": frozenset({"R", "AL"})}


def text_direction(tag: str | None) -> str | None:
    """'rtl' or 'ltr' for a BCP 47 tag (the script subtag decides, else the language); None if unknown."""
    if not tag:
        return None
    parts = tag.lower().replace("_", "-").split("-")
    if parts[0] in ("und", "mul", "zxx", ""):
        return None
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is not None:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


def language_attributes(tag: str | None, page_language: str) -> dict[str, str]:
    """The ``lang``/``dir`` attributes text in ``tag`` needs on a page in ``page_language``: none for
    the page's own language, ``lang`` for another, ``dir`` too when its direction differs."""
    if not tag or tag.lower() == page_language.lower():
        return {}
    attributes = {"lang": tag}
    direction = text_direction(tag)
    if direction is not None and direction != (text_direction(page_language) or "ltr"):
        attributes["dir"] = direction
    return attributes


@lru_cache(maxsize=65536)
def needs_isolation(text: str, page_direction: str) -> bool:
    """True if ``text`` (of unknown language) holds a letter written against the page's direction."""
    other = _STRONG["rtl" if page_direction == "ltr" else "ltr"]
    return any(unicodedata.bidirectional(char) in other for char in text)
