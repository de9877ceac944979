"""The loader's locations and the refusals that a composed tree would have given (the event builder
in inputs/located.py composes none)."""

from __future__ import annotations

from pathlib import Path

from build_scripts.inputs.load import load_yaml_file
from build_scripts.problems import Location

TEXT = """\
- id: a
  claims:
    - id: c1
      via: [{name: X}, {name: Z}]
    - id: c2
- id: b
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml_file(path, "f.yaml")


def test_locations_of_values_keys_and_nearest_ancestors(tmp_path: Path) -> None:
    loaded, problems = _load(tmp_path, TEXT)
    assert problems == []
    assert loaded.data[0]["claims"][0]["via"][1] == {"name": "Z"}
    at = lambda *where: (loaded.locate(where).line, loaded.locate(where).column)  # noqa: E731
    assert at() == (1, 1)
    assert at(0) == (1, 3) and at(1, "id") == (6, 7)
    assert at(0, "claims") == (3, 5) and at(0, "claims", 1, "id") == (5, 11)
    assert at(0, "claims", 0, "via", 1, "name") == (4, 31)
    assert loaded.locate((0, "claims", 0, "via"), key=True) == Location("f.yaml", 4, 7)
    assert at(0, "claims", 0, "killed") == (3, 7)  # not written: the claim's own location
    assert at(0, "claims", 7) == at(0, "claims") and at(5) == at()  # out of range: the list's
    assert loaded.locate((0, "nope"), key=True) == loaded.locate((0,))


def test_a_second_document_is_refused_at_its_start(tmp_path: Path) -> None:
    loaded, problems = _load(tmp_path, "- a: 1\n---\n- b: 2\n")
    assert loaded.data is None
    assert [p.format() for p in problems] == [
        "f.yaml:2:1: YAML syntax error: but found another document (expected a single document in the stream at "
        "line 1) — check the indentation, colons and quoting here and on the lines above: an unclosed quote or "
        "bracket shows up further down"
    ]


def test_anchors_anywhere_are_counted_and_a_syntax_error_wins(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "- {[&k 1]: &v 2}\n- b: 1\n  b: *v\n")
    assert [p.format() for p in problems] == [
        "f.yaml:1:5: anchors and aliases (&name / *name) are not allowed (and 2 more in this file) — write each value out in full"
    ]
    _, problems = _load(tmp_path, "- &a 1\n- [2\n")
    assert len(problems) == 1 and "YAML syntax error" in problems[0].message
