"""Published ids never disappear, and the list of them is kept by the tooling: ``check`` reports an id
gone without a redirect where it is listed, naming the entry to add; ``published --update`` only adds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from build_scripts.checks.validate import check_corpus
from build_scripts.inputs.published import HEADER, load_published_ids
from build_scripts.tools.published import update_published_ids
from tests.conftest import SEEDS, TINY_INCIDENTS, write_corpus

TODAY = dt.date(2026, 1, 1)
LEDGER = HEADER + "incident 2020-01-04-market-strike\nsource tiny-gazette\n"


def tiny_with_ledger(tmp_path: Path, ledger: str = LEDGER, **files: str) -> Path:
    seeds = write_corpus(tmp_path / "seeds", **files)
    (seeds / "published_ids.txt").write_text(ledger, encoding="utf-8")
    return seeds


def messages(seeds: Path) -> list[str]:
    _, problems = check_corpus(seeds, TODAY)
    return [p.format() for p in problems]


def test_the_real_ledger_lists_the_seeds_and_every_listed_id_is_still_reachable() -> None:
    corpus, problems = check_corpus(SEEDS, dt.date.today())  # the real corpus: dated as it is checked
    assert problems == [] and corpus is not None
    listed, unreadable = load_published_ids(SEEDS / "published_ids.txt")
    assert unreadable == [] and ("incident", "2017-03-17-mosul-al-jadida") in {(p.kind, p.id) for p in listed}
    reachable = {("incident", i.id) for i in corpus.incidents} | {("source", s.id) for s in corpus.sources}
    reachable |= {(r.kind.value, r.old_id) for r in corpus.redirects}
    assert {(p.kind, p.id) for p in listed} <= reachable


def test_an_added_record_needs_no_ledger_edit(tmp_path: Path) -> None:
    second = TINY_INCIDENTS.replace("2020-01-04-market-strike", "2020-01-06-bridge-strike")
    assert messages(tiny_with_ledger(tmp_path, incidents=TINY_INCIDENTS + second)) == []


def test_a_removed_incident_is_located_in_the_ledger_with_the_redirect_to_add(tmp_path: Path) -> None:
    renamed = TINY_INCIDENTS.replace("2020-01-04-market-strike", "2020-01-04-old-market-strike")
    seeds = tiny_with_ledger(tmp_path, incidents=renamed)
    found = messages(seeds)
    assert len(found) == 1
    assert found[0].startswith(f"{seeds}/published_ids.txt:5:10: incident '2020-01-04-market-strike' was published")
    entry = "- {kind: incident, old_id: 2020-01-04-market-strike, new_id: 2020-01-04-old-market-strike}"
    assert entry in found[0] and "looks like its new id" in found[0]  # a rename: the new id is guessed
    (seeds / "redirects.yaml").write_text(entry + "\n", encoding="utf-8")
    assert yaml.safe_load(entry)[0]["new_id"] == "2020-01-04-old-market-strike"
    assert messages(seeds) == []


def test_a_record_that_is_broken_has_not_vanished(tmp_path: Path) -> None:
    broken = TINY_INCIDENTS.replace("grading: contested", "grading: disputed")
    found = messages(tiny_with_ledger(tmp_path, incidents=broken))
    assert len(found) == 1 and "'grading'" in found[0]


def test_an_unreadable_ledger_line_is_located(tmp_path: Path) -> None:
    found = messages(tiny_with_ledger(tmp_path, LEDGER + "incidnet 2020-01-01-x\n"))
    assert found == [f"{tmp_path}/seeds/published_ids.txt:7:1: cannot read 'incidnet 2020-01-01-x' as 'incident ID' or "
                     "'source ID' — restore this file from main: it is kept by `python -m build_scripts published --update`"]  # fmt: skip


def test_update_adds_current_ids_keeps_old_ones_and_is_idempotent(tmp_path: Path) -> None:
    seeds = tiny_with_ledger(tmp_path, HEADER + "incident 2019-12-01-gone-but-redirected\n")
    (seeds / "redirects.yaml").write_text(
        "- {kind: incident, old_id: 2019-12-01-gone-but-redirected, new_id: 2020-01-04-market-strike}\n", encoding="utf-8")
    added, problems = update_published_ids(seeds, TODAY, write_file=True)
    assert problems == [] and added == ["incident 2020-01-04-market-strike", "source tiny-gazette"]
    text = (seeds / "published_ids.txt").read_text(encoding="utf-8")
    assert text == HEADER + "incident 2019-12-01-gone-but-redirected\nincident 2020-01-04-market-strike\nsource tiny-gazette\n"
    assert update_published_ids(seeds, TODAY, write_file=True) == ([], [])
    assert (seeds / "published_ids.txt").read_text(encoding="utf-8") == text


def test_update_refuses_a_corpus_that_does_not_check(tmp_path: Path) -> None:
    seeds = tiny_with_ledger(tmp_path, incidents=TINY_INCIDENTS.replace("grading: contested", "grading: disputed"))
    added, problems = update_published_ids(seeds, TODAY, write_file=True)
    assert added == [] and problems
    assert (seeds / "published_ids.txt").read_text(encoding="utf-8") == LEDGER
