"""The built site: valid HTML (Nu HTML Checker), no broken internal link or anchor (linkchecker),
no serious or critical axe-core violation in light and dark mode, atomic and reproducible builds."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from built_site import build_project
from conftest import ROOT, write_corpus
from serve_browser import served_site

pytestmark = pytest.mark.slow

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
THEME_FINDINGS = {
    line for line in (ROOT / "tests" / "fixtures" / "theme_findings.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
}  # fmt: skip


def vnu_errors(site: Path) -> list[str]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(site)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    return [line.replace(f'"file:{site}/', '"') for line in lines]


def test_nu_html_checker_finds_no_error_of_ours(seeds_site: Path) -> None:
    errors = vnu_errors(seeds_site)
    ours = [line for line in errors if line.split(": error: ", 1)[1] not in THEME_FINDINGS]
    print(f"\nvnu: {len(errors)} errors, {len(errors) - len(ours)} of them theme-level (listed), {len(ours)} ours")
    assert ours == [], "\n".join(ours[:30])


def test_nu_html_checker_sees_errors(tmp_path: Path, seeds_site: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text((seeds_site / "about" / "index.html").read_text(encoding="utf-8").replace("<h1", "<h1 foo=1", 1))
    assert any("Attribute “foo” not allowed" in line for line in vnu_errors(tmp_path))


LINKCHECKER_CONFIG = "[checking]\nthreads=4\nmaxrequestspersecond=1000\n[AnchorCheck]\n[filtering]\ncheckextern=0\n"


def check_links(site: Path, start: str = "", depth: int = -1) -> list[str]:
    """linkchecker over the site served on 127.0.0.1 (no external URL is fetched): errors and anchor warnings."""
    with served_site(site, browser=False) as (_, base):
        # linkchecker drops root privileges to 'nobody': its configuration must be world-readable
        config = Path(tempfile.mkstemp(prefix="linkcheckerrc-")[1])
        config.write_text(LINKCHECKER_CONFIG + f"internlinks=^{re.escape(base)}\n", encoding="utf-8")
        config.chmod(0o644)
        result = subprocess.run(
            [str(Path(sys.executable).parent / "linkchecker"), "--config", str(config), "-o", "csv", "--no-status",
             "--recursion-level", str(depth), base + start],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    config.unlink()
    bad = []
    for line in result.stdout.splitlines():
        fields = line.split(";")
        # urlname;parentname;baseref;result;warningstring;infostring;valid;url;...
        if len(fields) > 7 and (fields[6] == "False" or "Anchor" in fields[4]):
            bad.append(f"{fields[1]} -> {fields[0]}: {fields[3]} {fields[4]}".strip())
    return bad


def test_no_broken_internal_link_or_anchor(seeds_site: Path) -> None:
    assert check_links(seeds_site) == []


def test_link_checker_sees_broken_links_and_anchors(seeds_site: Path, tmp_path: Path) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(seeds_site, site)
    about = site / "about" / "index.html"
    about.write_text(about.read_text(encoding="utf-8").replace(
        "</article>", '<a href="../incidents/#no-such-anchor">a</a><a href="../no-such-page/">b</a></article>', 1))  # fmt: skip
    found = check_links(site, "about/", depth=2)  # the tampered page and the pages it links to
    assert any("no-such-page" in line for line in found), found
    assert any("no-such-anchor" in line for line in found), found


AXE_PAGES = ["", "incidents/2017-03-17-mosul-al-jadida/", "sources/s001-daesh-seizes-on-civilian-casualty-spike/",
             "claimants/un-human-rights-office/", "campaigns/mosul-offensive/", "data/", "methodology/"]  # fmt: skip


@pytest.mark.browser
def test_axe_finds_no_serious_violation_light_and_dark(seeds_site: Path) -> None:
    for path in AXE_PAGES:
        assert (seeds_site / path / "index.html").is_file(), path
    script = AXE.read_text(encoding="utf-8")
    found = []
    with served_site(seeds_site) as (browser, base):
        for scheme in ("light", "dark"):
            page = browser.new_page(color_scheme=scheme, bypass_csp=True)  # axe is injected inline; the policy would refuse it
            for path in AXE_PAGES:
                page.goto(base + path, wait_until="load")
                page.add_script_tag(content=script)
                results = page.evaluate("async () => (await axe.run(document)).violations")
                found += [
                    f"{scheme} {path or '/'}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                    for v in results if v["impact"] in ("serious", "critical")
                ]  # fmt: skip
            page.close()
    assert found == [], "\n".join(found)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }  # fmt: skip


def cli_build(project: Path, site: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "build_scripts", "build", "--seeds", "seeds", "--site-dir", str(site)],
        cwd=project, env={**os.environ, "PYTHONPATH": str(project)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_project(tmp_path_factory.mktemp("atomic"))


def test_failed_check_and_failed_mkdocs_leave_site_byte_identical(built: tuple[Path, Path]) -> None:
    project, site = built
    before = snapshot(site)
    bad = write_corpus(project / "bad-seeds", incidents="- id: x\n  title: [\n")
    result = subprocess.run([sys.executable, "-m", "build_scripts", "build", "--seeds", str(bad), "--site-dir", str(site)],
                            cwd=project, capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 1 and "incidents.yaml:" in result.stderr
    assert snapshot(site) == before
    broken = project / "content" / "broken.md"
    broken.write_text('# Broken\n\n--8<-- "no-such-snippet.md"\n', encoding="utf-8")  # MkDocs fails on it
    try:
        result = cli_build(project, site)
        _, err = result.communicate()
        assert result.returncode == 1, err
    finally:
        broken.unlink()
    assert snapshot(site) == before


def test_killed_build_leaves_site_byte_identical(built: tuple[Path, Path]) -> None:
    project, site = built
    before = snapshot(site)
    process = cli_build(project, site)
    try:
        while process.poll() is None and not any(site.parent.glob(f".{site.name}.new-*/*")):
            time.sleep(0.05)  # wait until MkDocs is writing the new site, then kill the whole build
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode != 0, "the build finished before it could be interrupted"
    assert snapshot(site) == before
    result = cli_build(project, site)  # the next build cleans up and succeeds
    assert result.wait() == 0
    assert not list(site.parent.glob(f".{site.name}.new-*"))


def test_two_builds_are_byte_identical(built: tuple[Path, Path], tmp_path: Path) -> None:
    project, site = built
    generated = snapshot(project / "content")
    assert cli_build(project, tmp_path / "again").wait() == 0
    assert snapshot(project / "content") == generated
    first, second = snapshot(site), snapshot(tmp_path / "again")
    # MkDocs' own build date: sitemap lastmod (and its gzip); everything else must match, but for
    # Pagefind's filter and metadata indexes, whose values it writes in a hash map's order (Pagefind
    # issue 638: fragments and word indexes are stable since 1.3, "filter/metadata indexes" are not):
    # the same names in another order, so the same bytes in another order, and the same page index.
    differing = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    # (each bundle: the main one in pagefind/, the parts' in pagefind/<part>/)
    pagefind = re.compile(r"pagefind/(?:\w+/)*(filter/en_\w+\.pf_filter|pagefind\.en_\w+\.pf_meta|pagefind-entry\.json)")
    assert {name for name in differing if not pagefind.fullmatch(name)} <= {"sitemap.xml", "sitemap.xml.gz"}, differing
    # (the metadata index names the filter files by their hashes, so it differs with them)
    bundles = sorted(str(entry.parent.relative_to(site)) for entry in site.glob("pagefind/**/pagefind-entry.json"))
    assert len(bundles) > 1, bundles  # the main bundle and the parts'
    for bundle in bundles:
        contents = [sorted(b"".join(gzip.decompress(p.read_bytes()) for p in (folder / bundle).glob("filter/*.pf_filter")))
                    for folder in (site, tmp_path / "again")]  # fmt: skip
        assert contents[0] == contents[1] and contents[0], bundle
        assert len(list((site / bundle).glob("filter/*"))) == len(list((tmp_path / "again" / bundle).glob("filter/*")))
