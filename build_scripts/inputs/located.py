"""YAML text -> plain data and where each value and key was written, from the C parser's events.

No node tree is composed: PyYAML's tree holds a node and two marks per value until the whole file
is read (about 1 GB at 10,000 incidents). Here each event becomes its value at once, and its
location two numbers in an array (``Where``), so that what stays in memory is the data and a few
bytes per value. The rules are those of a composed tree walked once (``load``'s docstring): the
same implicit tags (the loader's own resolver), the same marks, the same problems.
"""

from __future__ import annotations

import re
import sys
from array import array
from dataclasses import dataclass, field
from typing import Any

import yaml

from build_scripts.problems import Location, Problem

_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
KNOWN_TAGS = frozenset({
    _NULL_TAG, _STR_TAG, _BOOL_TAG, _INT_TAG, "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp", _MAP_TAG,
    _SEQ_TAG,
})  # fmt: skip
BOOL_WORDS = frozenset({"yes", "no", "on", "off", "y", "n", "true", "false"})
AMBIGUOUS_INT = re.compile(r"^[-+]?(0[0-9_]+|0[xob].*|.*_.*|.*:.*)$")


class Where:
    """Where the items of one mapping or sequence were written, 1-based: for a mapping, per key in
    order (key line, key column, value line, value column); for a sequence, per item (line,
    column). ``inner`` holds, aligned with the items, the ``Where`` of those that are collections."""

    __slots__ = ("inner", "keys", "marks")

    def __init__(self, keys: list[str] | None):
        self.keys = keys
        self.marks = array("I")
        self.inner: list[Where | None] | None = None

    def index(self, part: object) -> int | None:
        """The position of ``part`` (a key, or a list index) among the items, or None."""
        if self.keys is not None:
            return self.keys.index(part) if isinstance(part, str) and part in self.keys else None
        if isinstance(part, int) and 0 <= part < len(self.marks) // 2:
            return part
        return None

    def add(self, line: int, column: int, where: Where | None) -> None:
        """Record the next item's value (for a mapping, its key's line and column are already in
        ``marks``) and, for a collection, its ``Where``."""
        marks = self.marks
        if where is not None and self.inner is None:
            self.inner = [None] * (len(marks) // 4 if self.keys is not None else len(marks) // 2)
        marks.append(line)
        marks.append(column)
        if self.inner is not None:
            self.inner.append(where)


@dataclass
class Located:
    """One document's data, with ``root`` (line, column) of its top-level value and ``where`` of
    its items; or why there is none (``anchors``: marks of every anchor and alias; ``error``: a
    second document)."""

    data: Any = None
    root: tuple[int, int] | None = None
    where: Where | None = None
    problems: list[Problem] = field(default_factory=list)
    anchors: list[yaml.Mark] = field(default_factory=list)
    error: yaml.MarkedYAMLError | None = None


def locate(display: str, root: tuple[int, int] | None, where: Where | None, path, key: bool) -> Location:
    """The location of ``path`` in data located by ``root`` and ``where`` (its key's with ``key``),
    or of its nearest written ancestor."""
    if root is None:
        return Location(display, 1, 1)
    line, column = root
    last = len(path) - 1
    for depth, part in enumerate(path):
        i = where.index(part) if where is not None else None
        if i is None:
            break
        if where.keys is not None:
            key_line, key_column, line, column = where.marks[4 * i : 4 * i + 4]
            if key and depth == last:
                return Location(display, key_line, key_column)
        else:
            line, column = where.marks[2 * i], where.marks[2 * i + 1]
        where = where.inner[i] if where.inner is not None else None
    return Location(display, line, column)


class _Aliased(Exception):
    """An anchor or alias: nothing is built, every other one is counted."""


def parse_located(text: str, display: str) -> Located:
    """Build ``text``'s single document; raises ``yaml.MarkedYAMLError`` on a syntax error anywhere
    in the stream (which wins over any other problem, as a parse of the whole stream would)."""
    loader = yaml.CSafeLoader(text)
    try:
        return _Builder(loader, display).stream()
    finally:
        loader.dispose()


class _Builder:
    """Turns the parser's events into values, one node at a time, depth first."""

    def __init__(self, loader: yaml.CSafeLoader, display: str):
        self.next_event = loader.get_event
        self.resolve = loader.resolve
        self.display = display
        self.result = Located()

    def stream(self) -> Located:
        result = self.result
        self.next_event()  # stream start
        if isinstance(self.next_event(), yaml.StreamEndEvent):
            return result
        root = self.next_event()
        try:
            result.data, result.where = self.node(root)
            result.root = (root.start_mark.line + 1, root.start_mark.column + 1)
            self.next_event()  # document end
            event = self.next_event()
            if not isinstance(event, yaml.StreamEndEvent):
                result.error = yaml.composer.ComposerError("expected a single document in the stream", root.start_mark,
                                                           "but found another document", event.start_mark)  # fmt: skip
                self.drain()
        except _Aliased:
            self.drain()
        if result.anchors or result.error:
            return Located(anchors=result.anchors, error=result.error)
        return result

    def drain(self) -> None:
        """Read the rest of the stream, counting anchors and aliases (a syntax error still raises)."""
        while not isinstance(event := self.next_event(), yaml.StreamEndEvent):
            if isinstance(event, yaml.NodeEvent) and (event.anchor is not None or isinstance(event, yaml.AliasEvent)):
                self.result.anchors.append(event.start_mark)

    def node(self, event: yaml.Event) -> tuple[Any, Where | None]:
        """The value of the node that ``event`` starts (its events read to its end), and its ``Where``."""
        if event.anchor is not None or isinstance(event, yaml.AliasEvent):
            self.result.anchors.append(event.start_mark)
            raise _Aliased
        kind = type(event)
        tag = event.tag
        if kind is yaml.ScalarEvent:
            if tag is None or tag == "!":
                tag = self.resolve(yaml.ScalarNode, event.value, event.implicit) if event.implicit[0] else _STR_TAG
            self.check_tag(tag, event)
            return self.scalar(event, tag), None
        if tag is None or tag == "!":
            tag = _SEQ_TAG if kind is yaml.SequenceStartEvent else _MAP_TAG
        self.check_tag(tag, event)
        if kind is yaml.SequenceStartEvent:
            return self.sequence()
        return self.mapping()

    def check_tag(self, tag: str, event: yaml.Event) -> None:
        if tag not in KNOWN_TAGS:  # reported; the value is still read, to report nothing twice
            self.problem(event, f"YAML tag {tag!r} is not allowed", "remove the tag (the text after it is the value)")

    def sequence(self) -> tuple[list, Where]:
        items: list[Any] = []
        where = Where(None)
        while not isinstance(event := self.next_event(), yaml.SequenceEndEvent):
            value, inner = self.node(event)
            items.append(value)
            where.add(event.start_mark.line + 1, event.start_mark.column + 1, inner)
        return items, where

    def mapping(self) -> tuple[dict, Where]:
        result: dict[str, Any] = {}
        keys: list[str] = []
        where = Where(keys)
        marks = where.marks
        while not isinstance(key_event := self.next_event(), yaml.MappingEndEvent):
            if key_event.anchor is not None or isinstance(key_event, yaml.AliasEvent):
                self.node(key_event)  # refused
            if not isinstance(key_event, yaml.ScalarEvent):
                self.problem(key_event, "a key must be a plain word", "use a field name as the key")
                self.skip(key_event)
                self.skip(self.next_event())
                continue
            key = sys.intern(key_event.value)
            if key == "<<":
                self.problem(key_event, "merge keys (<<) are not allowed", "write the fields out in full")
                self.skip(self.next_event())
                continue
            if key in result:
                self.problem(key_event, f"duplicate key '{key}' (first at line {marks[4 * keys.index(key)]})",
                             "keep one of them; YAML would silently drop the first")  # fmt: skip
                self.skip(self.next_event())
                continue
            keys.append(key)
            marks.append(key_event.start_mark.line + 1)
            marks.append(key_event.start_mark.column + 1)
            event = self.next_event()
            result[key], inner = self.node(event)
            where.add(event.start_mark.line + 1, event.start_mark.column + 1, inner)
        return result, where

    def skip(self, event: yaml.Event) -> None:
        """Read past the node that ``event`` starts without building it (anchors still refused)."""
        depth = 0
        while True:
            if isinstance(event, yaml.NodeEvent) and (event.anchor is not None or isinstance(event, yaml.AliasEvent)):
                self.node(event)  # refused
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if depth == 0:
                return
            event = self.next_event()

    def scalar(self, event: yaml.ScalarEvent, tag: str) -> str | None:
        text = event.value
        if tag == _NULL_TAG:
            return None
        if not event.style:  # plain, unquoted ('' from the C parser)
            if tag == _BOOL_TAG or text.lower() in BOOL_WORDS:
                self.problem(event, f"unquoted {text!r} is read by YAML as a true/false value", f'put it in quotes: "{text}"')
            elif tag == _INT_TAG and AMBIGUOUS_INT.match(text):
                self.problem(event, f"unquoted {text!r} is read by YAML 1.1 as a different number",
                             f'put it in quotes ("{text}") or write the number plainly')  # fmt: skip
        return sys.intern(text) if len(text) <= 64 else text  # ids, names and kinds repeat: one copy each

    def problem(self, event: yaml.Event, message: str, hint: str) -> None:
        mark = event.start_mark
        self.result.problems.append(Problem(Location(self.display, mark.line + 1, mark.column + 1), message, hint))
