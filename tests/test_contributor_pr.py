"""A contributor's pull request, played end to end on a scratch copy of the whole project: a data-only
change passes every check and every corpus-dependent test with no other file edited; removing a
published incident gives exactly one located problem that names the redirect to add."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_scripts.layout import GENERATED_DIRS
from tests.conftest import ROOT, copy_whole_project

pytestmark = pytest.mark.slow

# Every test module that reads the real corpus (seeds/ or the site built from it), run again in the
# scratch copy after the pull request's change; browser tests are left out (-m "not browser"), and so
# are the tests in them that test the code on corpora of their own (they cannot see the change).
CORPUS_TESTS = ["tests/test_pages.py", "tests/test_exports.py", "tests/test_build.py",
                "tests/test_round_trip.py", "tests/test_schema.py", "tests/test_published.py",
                "tests/test_site_quality.py", "tests/test_licence.py", "tests/test_headline.py",
                "tests/test_datapackage.py", "tests/test_hxl.py", "tests/test_page_metadata.py",
                "tests/test_csp.py", "tests/test_maps.py", "tests/test_chart_templates.py"]  # fmt: skip
CODE_ONLY = [
    "tests/test_round_trip.py::test_generated_corpora_round_trip",  # hypothesis corpora
    "tests/test_build.py::test_failed_build_leaves_previous_site_untouched",  # the tiny corpus
    "tests/test_build.py::test_hostile_title_cannot_break_out_of_the_html_title",
    "tests/test_build.py::test_external_source_without_stored_text_is_marked_unchecked",
    "tests/test_site_quality.py::test_nu_html_checker_sees_errors",  # the checkers' own tests
    "tests/test_site_quality.py::test_link_checker_sees_broken_links_and_anchors",
    "tests/test_site_quality.py::test_failed_check_and_failed_mkdocs_leave_site_byte_identical",  # atomic swaps
    "tests/test_site_quality.py::test_killed_build_leaves_site_byte_identical",
]
NOT_REPLAYED = {
    "tests/test_security.py",  # reads the seeds only to learn which markup the templates make, for its attack audit
    "tests/test_serve_browser.py",  # a browser test; it breaks and fixes a copy of the seeds on purpose
    "tests/test_supply_chain.py",  # the dependencies and the build; its site test looks for dot files only
    "tests/test_perf.py",  # the benchmark's synthetic corpora; it reads the seeds only for the warm-rebuild figure
    "tests/test_reader_browser.py",  # a browser test (the replay runs -m "not browser")
}

ARTICLE = """The Example Gazette, 5 January 2020
At least 12 people were killed in the strike on the old market, the health ministry said.
Residents said "about 20" had died, and blamed the air force.
"""  # invented, like CONTRIBUTING's worked example: a scratch copy's data, never the real corpus'
SOURCE_ID = "example-gazette-2020-01-05"
INCIDENT_ID = "2020-01-04-old-market-strike"
SOURCE_VALUES = {"title": ["null"], "publisher": ["The Example Gazette"], "author": ["null"],
                 "published": ["2020-01-05"], "url": ["null"], "archive_url": ["null"], "language": ["en"],
                 "kind": ["news"], "comments_start": ["null"], "notes": ["Invented for a test."]}  # fmt: skip
INCIDENT_VALUES = {
    "title": ["Strike on the old market"], "date": ["2020-01-04"], "date_precision": ["day"], "place": ["Old market"],
    "country": ["Exampleland"], "grading": ["contested"], "summary": ["The ministry and the residents disagree."],
    "id": ["health-ministry", "residents"], "claimant": ["Health ministry", "Residents of the old market"],
    "claimant_type": ["government", "witness"], "killed": ['"at least 12"', '"about 20"'],
    "quote": ['"At least 12 people were killed in the strike on the old market, the health ministry said."',
              "'Residents said \"about 20\" had died, and blamed the air force.'"],
}  # fmt: skip


def run(project: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "true", "NO_MKDOCS_2_WARNING": "1"}  # CI: goldens are compared, never rewritten
    return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)  # fmt: skip


def fill_placeholders(path: Path, values: dict[str, list[str]]) -> None:
    """Replace each `key: "TODO: ..."` line with the next value given for ``key``, in file order."""
    left = {key: list(items) for key, items in values.items()}

    def replace(match: re.Match) -> str:
        return f"{match.group(1)}{match.group(2)}: {left[match.group(2)].pop(0)}"

    text = re.sub(r'^( +(?:- )?)(\w+): "TODO: .*"$', replace, path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert all(not items for items in left.values()), left
    path.write_text(text, encoding="utf-8")


def fingerprint(root: Path) -> dict[str, str]:
    """Every file a pull request could change (not build output, caches or generated pages)."""
    output = {"site", ".cache", "__pycache__", ".pytest_cache"}
    generated = tuple(f"content/{name}/" for name in GENERATED_DIRS)
    return {
        name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not output & set(path.relative_to(root).parts)
        and not (name := path.relative_to(root).as_posix()).startswith(generated)
    }


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_whole_project(tmp_path_factory.mktemp("pull-request") / "project")


def test_a_data_only_pull_request_passes_every_check_and_test_with_no_other_file_edited(scratch: Path, tmp_path: Path) -> None:
    before = fingerprint(scratch)
    article = tmp_path / "gazette.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    added = run(scratch, "-m", "build_scripts", "new", "source", str(article), "--id", SOURCE_ID)
    assert added.returncode == 0, added.stderr
    added = run(scratch, "-m", "build_scripts", "new", "incident", "--id", INCIDENT_ID, "--source", SOURCE_ID)
    assert added.returncode == 0, added.stderr
    placeholders = run(scratch, "-m", "build_scripts", "check")
    assert placeholders.returncode == 1 and "is still a placeholder" in placeholders.stderr
    fill_placeholders(scratch / "seeds" / "sources.yaml", SOURCE_VALUES)
    fill_placeholders(scratch / "seeds" / "incidents.yaml", INCIDENT_VALUES)

    changed = {name for name, digest in fingerprint(scratch).items() if before.get(name) != digest}
    stored = f"seeds/documents/003_{hashlib.sha256(ARTICLE.encode()).hexdigest()[:16]}.txt"
    assert changed == {"seeds/sources.yaml", "seeds/incidents.yaml", stored}

    checked = run(scratch, "-m", "build_scripts", "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.startswith("ok: 4 sources, 7 incidents")
    linted = run(scratch, "-m", "yamllint", "--strict", "seeds")
    assert linted.returncode == 0, linted.stdout
    built = run(scratch, "-m", "build_scripts", "build")
    assert built.returncode == 0, built.stderr
    last = built.stderr.splitlines()[-1]  # what `make site` ends with: what, where, how long, how to look
    assert re.fullmatch(r"built \d+ pages from seeds/ into site/ in \d+\.\d s: look at it with .*make serve.*", last), last
    assert (scratch / "site" / "incidents" / INCIDENT_ID / "index.html").is_file()
    downloads = yaml.safe_load((scratch / "site" / "data" / "incidents.json").read_text(encoding="utf-8"))
    assert INCIDENT_ID in {incident["id"] for incident in downloads}

    deselect = [arg for node in CODE_ONLY for arg in ("--deselect", node)]
    tests = run(scratch, "-m", "pytest", "-q", "-x", "-m", "not browser", "-p", "no:cacheprovider", *deselect, *CORPUS_TESTS)
    assert tests.returncode == 0, tests.stdout[-6000:]
    assert " passed" in tests.stdout and "failed" not in tests.stdout and "error" not in tests.stdout.lower()


def test_every_module_that_reads_the_real_corpus_is_replayed() -> None:
    reads = {f"tests/{path.name}" for path in (ROOT / "tests").glob("test_*.py")
             if re.search(r"\bSEEDS\b|\bseeds_site\b", path.read_text(encoding="utf-8"))}  # fmt: skip
    assert reads == set(CORPUS_TESTS) | NOT_REPLAYED
    for node in CODE_ONLY:  # each deselected test still exists, so the list cannot hide a rename
        module, name = node.split("::")
        assert re.search(rf"^def {name}\(", (ROOT / module).read_text(encoding="utf-8"), flags=re.MULTILINE), node


def test_removing_a_published_incident_gives_one_located_problem_naming_the_redirect(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "seeds", project / "seeds")
    incidents = project / "seeds" / "incidents.yaml"
    records = yaml.safe_load(incidents.read_text(encoding="utf-8"))
    named = {other for record in records for other in record.get("related") or []}
    gone = next(r["id"] for r in records if r["id"] not in named and not r.get("related"))
    blocks = re.split(r"(?m)^(?=- id: )", incidents.read_text(encoding="utf-8"))
    incidents.write_text("".join(b for b in blocks if not b.startswith(f"- id: {gone}\n")), encoding="utf-8")
    campaigns = project / "seeds" / "campaigns.yaml"  # a campaign taking it in lets it go too (one problem left)
    if campaigns.exists():
        text = campaigns.read_text(encoding="utf-8")
        campaigns.write_text(re.sub(rf"(\[|, ){re.escape(gone)}(?=[,\]])", r"\1", text).replace("[, ", "["), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "build_scripts", "check"], cwd=project, env=env,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "1 problem(s) found.", result.stderr
    listed = (project / "seeds" / "published_ids.txt").read_text(encoding="utf-8").splitlines()
    line = listed.index(f"incident {gone}") + 1
    assert lines[0].startswith(f"seeds/published_ids.txt:{line}:10: incident '{gone}' was published")
    entry = re.search(r"(- \{kind: incident, old_id: [^}]+\})", lines[0]).group(1)
    assert entry == f"- {{kind: incident, old_id: {gone}, new_id: NEW-ID}}" and "seeds/redirects.yaml" in lines[0]

    # following the hint (with the record it was merged into) makes the check pass again
    redirects = project / "seeds" / "redirects.yaml"
    into = records[0]["id"] if records[0]["id"] != gone else records[1]["id"]
    text = redirects.read_text(encoding="utf-8").replace("\n[]\n", "\n" + entry.replace("NEW-ID", into) + "\n")
    redirects.write_text(text, encoding="utf-8")
    again = subprocess.run([sys.executable, "-m", "build_scripts", "check"], cwd=project, env=env,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert again.returncode == 0, again.stderr
