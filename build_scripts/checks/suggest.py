"""Help with the fix: the nearest known name for a misspelt one, the closest passage for a quote that
is not in its source. Computed only for problems already found, so a valid corpus pays nothing."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from build_scripts.model.quotes import _normalise, _straighten

PASSAGE_CONTEXT_WORDS = 3  # words of the source shown either side of the closest passage
MAX_PASSAGE_CHARS = 300
MAX_DIFFERENCES = 3
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MIN_WORD_MATCH = 0.5  # below this share of the quote's words the source has nothing close


def did_you_mean(word: str, known: Iterable[str], cutoff: float = 0.75) -> str:
    """"did you mean 'killed'? " ("" if nothing is close): difflib's nearest match. A misspelling
    is close; a different word is not offered (at 0.6 'disputed' got 'discounted', another grading)."""
    near = difflib.get_close_matches(word, list(known), n=1, cutoff=cutoff)
    return f"did you mean '{near[0]}'? " if near else ""


def closest_passage(text: str, quote: str) -> str:
    """Where the source comes closest to ``quote`` and how it differs, as hint text ("" if nowhere).

    Works on words of the normalised texts (whitespace and quotation marks as ``find_quote`` treats
    them): the window of the source, as long as the quote, that shares most words with it, then a
    word diff of the two."""
    source_words = _normalise(text).text.split(" ")
    quote_words = _straighten(" ".join(quote.split())).split(" ")
    if not quote_words or not source_words:
        return ""
    start, shared = _best_window(source_words, quote_words)
    if shared < MIN_WORD_MATCH * len(quote_words):
        return "no passage of the source shares most of its words: is it the right source?"
    window = source_words[start : start + len(quote_words) + PASSAGE_CONTEXT_WORDS]
    matcher = difflib.SequenceMatcher(None, [_key(w) for w in quote_words], [_key(w) for w in window], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    first, last = blocks[0].b, blocks[-1].b + blocks[-1].size
    passage = " ".join(window[first:last])
    changes = _differences(quote_words, window[first:last])
    shown = passage if len(passage) <= MAX_PASSAGE_CHARS else passage[: MAX_PASSAGE_CHARS - 1] + "…"
    hint = f'the closest passage is "{shown}"' + (f" ({'; '.join(changes)})" if changes else "")
    return _CONTROLS.sub("\ufffd", hint)  # one line, whatever the stored text or the quote holds


def _best_window(source: list[str], quote: list[str]) -> tuple[int, int]:
    """(start, shared words) of the window of ``len(quote)`` source words sharing most words with
    the quote: a sliding count, linear in the source."""
    wanted: dict[str, int] = {}
    for word in quote:
        wanted[_key(word)] = wanted.get(_key(word), 0) + 1
    size = len(quote)
    keys = [_key(word) for word in source]
    have: dict[str, int] = {}
    shared = best = best_start = 0
    for i, key in enumerate(keys):
        have[key] = have.get(key, 0) + 1
        if have[key] <= wanted.get(key, 0):
            shared += 1
        if i >= size:
            old = keys[i - size]
            if have[old] <= wanted.get(old, 0):
                shared -= 1
            have[old] -= 1
        if shared > best:
            best, best_start = shared, max(0, i - size + 1)
    return best_start, best


def _key(word: str) -> str:
    return re.sub(r"\W+", "", word.lower()) or word


def _differences(quote: list[str], passage: list[str]) -> list[str]:
    """What the quote has where the source has something else, word by word (at most a few)."""
    changes = []
    matcher = difflib.SequenceMatcher(None, [_key(w) for w in quote], [_key(w) for w in passage], autojunk=False)
    for op, q1, q2, p1, p2 in matcher.get_opcodes():
        ours, theirs = " ".join(quote[q1:q2]), " ".join(passage[p1:p2])
        if op == "replace":
            changes.append(f"the quote has '{ours}' where the source has '{theirs}'")
        elif op == "delete":
            changes.append(f"the source does not have '{ours}'")
        elif op == "insert":
            changes.append(f"the source also has '{theirs}'")
        else:  # the same words but for punctuation or case
            changes += [f"the quote has '{a}' where the source has '{b}'"
                        for a, b in zip(quote[q1:q2], passage[p1:p2], strict=True) if a not in b]  # fmt: skip
    if len(changes) > MAX_DIFFERENCES:
        changes = changes[:MAX_DIFFERENCES] + [f"{len(changes) - MAX_DIFFERENCES} more difference(s)"]
    return changes
