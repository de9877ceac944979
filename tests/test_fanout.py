"""The build on every core: the record pages rendered (and written) by forked children are the pages
one process renders, byte for byte; a child never starts vl-convert; the policy written by MkDocs'
hook as pages are built is the one policy a whole-site pass would write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from build_scripts import fanout, pipeline
from build_scripts.render import chartrender, csp
from build_scripts.tools.synthetic import write_synthetic_corpus
from tests.conftest import copy_project

TODAY = dt.date.today()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_record_pages_written_by_forked_children_are_one_processs_pages(tmp_path: Path, monkeypatch) -> None:
    seeds = tmp_path / "seeds"
    write_synthetic_corpus(seeds, 60, seed=3)  # 60 incidents and their sources and claimants: > 2 chunks of records
    generated = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("CHS_WORKERS", workers)
        project = copy_project(tmp_path / f"project-{workers}")
        assert pipeline.generate(seeds, pipeline.read_project(project / "mkdocs.yml"), TODAY) == []
        generated[workers] = _files(project / "content")
    assert len([name for name in generated["2"] if name.startswith(("incidents/", "sources/", "claimants/"))]) > 2 * fanout.CHUNK
    assert generated["1"].keys() == generated["2"].keys()
    assert [name for name in generated["1"] if generated["1"][name] != generated["2"][name]] == []


def test_results_come_in_order_and_a_childs_error_reaches_the_parent() -> None:
    items = list(range(5 * fanout.CHUNK))
    with fanout.map_forked(lambda n: (n, fanout.in_child()), items, processes=2) as results:
        assert list(results) == [(n, True) for n in items]
    with pytest.raises(ZeroDivisionError), fanout.map_forked(lambda n: 1 // (n - 70), items, processes=2) as results:
        list(results)
    assert not fanout.in_child()


def test_a_forked_child_refuses_to_start_vl_convert() -> None:
    """vl-convert's threads live in the parent: in a child it would wait forever; it fails instead."""
    light = chartrender.spec_json({})
    items = [{"mark": "point"}] * (2 * fanout.CHUNK)
    with pytest.raises(RuntimeError, match="forked child"), fanout.map_forked(
            lambda spec: chartrender._compile(spec, light, light), items, processes=2) as results:  # fmt: skip
        list(results)


def _page(script: str) -> str:
    return f"<html><head>{csp.MARKER}<script>{script}</script></head><body></body></html>"


def test_a_hand_written_page_with_a_new_script_extends_every_pages_policy(tmp_path: Path) -> None:
    """The hook secured MkDocs' pages with the scripts it saw; an HTML file MkDocs did not render (one
    in the docs folder) is secured after, and if its script is new every page's policy allows it."""
    seen = {csp.script_hash("a()")}
    old = csp.policy_meta(csp.render_policy(seen))
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "index.html").write_text(_page("a()").replace(csp.MARKER, old), encoding="utf-8")
    (tmp_path / "extra.html").write_text(_page("b()"), encoding="utf-8")
    (tmp_path / "plain.html").write_text("<html><head></head></html>", encoding="utf-8")
    report = {"hashes": sorted(seen), "secured": ["p/index.html"], "missing": []}
    missing = pipeline.secure_other_pages(tmp_path, report)
    assert missing == [tmp_path / "plain.html"]  # no place for the policy: reported, as MkDocs' pages are
    both = csp.policy_meta(csp.render_policy(seen | {csp.script_hash("b()")}))
    for name in ("p/index.html", "extra.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert both in text and csp.MARKER not in text and old not in text
