"""The interface's fixed phrases, one YAML file per language (``messages/en.yaml``): a translation is a file.

mkdocs.yml's ``theme.language`` names the file (``messages/<language>.yaml``). Keys are dotted paths
into the file's nested mappings (``incident.claims_intro``); a message is Markdown (it is the
maintainers' text, like a template's) with ``{name}`` placeholders filled by the template. A key the
templates use that the file lacks, or a placeholder a message names that the template does not give,
is an error naming the key and the file. Reading the file is the pipeline's job; rendering only looks
messages up.

Every phrase a reader meets comes from here: the generated pages (templates, page descriptions, dates,
chart figures' captions and tables), the feeds, and the scripts' words, which reach the browser from
the page (a filter box's ``data-chs-filter-words``; the search dialog's ``data-chs-search-words``, put
into ``config.extra`` by mkdocs_hooks.on_config), so assets/javascripts/search.js holds no phrase. A
translation is checked against en.yaml when it is loaded: every missing key and every placeholder en.yaml's
phrase does not give, each naming the key and the file, all at once.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from build_scripts.views.language import text_direction

MESSAGES_DIR = Path(__file__).parent / "messages"
DEFAULT_LANGUAGE = "en"


class MessageError(LookupError):
    """A message the templates need is missing from the messages file, or cannot be filled."""


@dataclass(frozen=True, eq=False)
class Messages:
    path: Path
    language: str  # BCP 47: the pages' lang, and the language other text is marked against
    texts: dict[str, object]  # dotted key -> str, or {"one": str, "other": str} for counted nouns

    @property
    def direction(self) -> str:
        return text_direction(self.language) or "ltr"

    def get(self, key: str, /, **values: object) -> str:
        text = self._lookup(key)
        if not isinstance(text, str):
            raise MessageError(f"{self.path}: message '{key}' must be text, not {type(text).__name__}")
        return self._fill(key, text, values)

    def counted(self, count: int, noun: str) -> str:
        """'1 claim', '5 claims': ``plural.<noun>`` in the file, its ``one`` or ``other`` form."""
        key = "plural." + noun.replace(" ", "_")
        return self._fill(key, self.forms(key)["one" if count == 1 else "other"], {"count": f"{count:,}"})

    def forms(self, key: str) -> dict[str, str]:
        """A counted message's forms, {"one": ..., "other": ...}, unfilled (a script fills in {count})."""
        forms = self._lookup(key)
        if not isinstance(forms, dict) or "one" not in forms or "other" not in forms:
            raise MessageError(f"{self.path}: message '{key}' needs the forms 'one' and 'other'")
        return {form: self._unfilled(key, forms[form], ("count",)) for form in ("one", "other")}

    def unfilled(self, key: str, *names: str) -> str:
        """A message left unfilled for a script to fill, checked to name only the placeholders ``names``."""
        text = self._lookup(key)
        if not isinstance(text, str):
            raise MessageError(f"{self.path}: message '{key}' must be text, not {type(text).__name__}")
        return self._unfilled(key, text, names)

    def _unfilled(self, key: str, text: str, names: tuple[str, ...]) -> str:
        self._fill(key, text, {name: "" for name in names})  # the same error as a template's fill
        return text

    def _lookup(self, key: str) -> object:
        try:
            return self.texts[key]
        except KeyError:
            raise MessageError(f"{self.path}: no message '{key}' — add it (en.yaml has every key)") from None

    def _fill(self, key: str, text: str, values: dict[str, object]) -> str:
        try:
            return text.format(**values) if values or "{" in text else text
        except (KeyError, IndexError, ValueError) as error:
            raise MessageError(f"{self.path}: message '{key}' cannot be filled ({error!r}): "
                               f"it may only name {sorted(values)}") from None  # fmt: skip


def search_words(messages: Messages) -> dict[str, object]:
    """The search dialog's words for assets/javascripts/search.js (plain text; {count} filled there),
    on every page through overrides/partials/search.html (mkdocs_hooks.on_config puts them there)."""
    return {
        "idle": messages.get("search.idle"),
        "unavailable": messages.get("search.unavailable"),
        "none": messages.get("search.none"),
        "matches": messages.forms("search.matches"),
        "more": messages.get("search.more"),
        "language": messages.language,
    }


def flatten(tree: dict, prefix: str = "") -> dict[str, object]:
    """Nested mappings -> dotted keys; a mapping with exactly the keys one/other is a counted noun."""
    flat: dict[str, object] = {}
    for key, value in tree.items():
        if not isinstance(key, str):  # YAML reads a bare yes, no, on, off or number as no text
            raise MessageError(f"key {prefix}{key!r} is not text: put it in quotation marks")
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and not set(value) <= {"one", "other"}:
            flat.update(flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


@lru_cache(maxsize=8)
def load_messages(path: Path) -> Messages:
    """The messages file at ``path`` (its language is the file's name: ``en.yaml`` -> en), checked
    against en.yaml: every key there, each phrase naming only the placeholders en.yaml's does."""
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(tree, dict):
        raise MessageError(f"{path}: a messages file is a mapping of keys to phrases")
    try:
        texts = flatten(tree)
    except MessageError as error:
        raise MessageError(f"{path}: {error}") from None
    messages = Messages(path=path, language=path.stem, texts=texts)
    reference = MESSAGES_DIR / f"{DEFAULT_LANGUAGE}.yaml"
    if path.resolve() != reference.resolve():
        errors = check_translation(messages, load_messages(reference))
        if errors:
            raise MessageError("\n".join(errors))
    return messages


def placeholders(message: object) -> set[str]:
    """The {names} a phrase (or each form of a counted one) fills in."""
    forms = message.values() if isinstance(message, dict) else [message]
    return {name for text in forms if isinstance(text, str)
            for _, name, _, _ in string.Formatter().parse(text) if name}  # fmt: skip


def check_translation(messages: Messages, reference: Messages) -> list[str]:
    """Every problem of a translation, all at once: a key of the reference (en.yaml) it lacks, a
    phrase that should be counted forms (or text) and is not, a placeholder the reference's does not give."""
    errors = []
    for key, model in reference.texts.items():
        if key not in messages.texts:
            errors.append(f"{messages.path}: no message '{key}' — add it (en.yaml has every key)")
            continue
        text = messages.texts[key]
        if isinstance(model, dict) != isinstance(text, dict):
            shape = "the forms 'one' and 'other'" if isinstance(model, dict) else "text"
            errors.append(f"{messages.path}: message '{key}' must be {shape}, as in en.yaml")
        elif unknown := placeholders(text) - placeholders(model):
            errors.append(f"{messages.path}: message '{key}' cannot be filled: it names {sorted(unknown)}, "
                          f"and it may only name {sorted(placeholders(model))}")  # fmt: skip
    return errors


def messages_for(language: str) -> Messages:
    """The shipped messages of ``language`` (mkdocs.yml's theme.language)."""
    path = MESSAGES_DIR / f"{language}.yaml"
    if not path.is_file():
        raise MessageError(f"{path}: no messages file for theme.language '{language}' — copy en.yaml to "
                           f"{path.name} and translate it")  # fmt: skip
    return load_messages(path)


def default_messages() -> Messages:
    return messages_for(DEFAULT_LANGUAGE)
