"""`make serve` tells the contributor where they are: with a broken file the preview shows the located
problems (never a request that hangs), and the site comes back as soon as the file is fixed."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from serve_browser import CHROMIUM, CHROMIUM_ARGS

from tests.conftest import SEEDS, copy_project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BROKEN_FROM, BROKEN_TO = "  grading: contested\n", "  grading: disputed\n"
FEW_SECONDS = 10_000  # ms: a page request must answer within this, never hang


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(base: str, server: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, f"mkdocs serve exited:\n{log.read_text(encoding='utf-8')[-4000:]}"
        try:
            with urllib.request.urlopen(base, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"mkdocs serve did not answer in {timeout} s:\n{log.read_text(encoding='utf-8')[-4000:]}")


@pytest.fixture
def serving(tmp_path: Path):
    """``mkdocs serve`` (as ``make serve`` runs it) of a scratch project whose incidents.yaml is broken."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(SEEDS, project / "seeds")
    incidents = project / "seeds" / "incidents.yaml"
    good = incidents.read_text(encoding="utf-8")
    assert BROKEN_FROM in good
    incidents.write_text(good.replace(BROKEN_FROM, BROKEN_TO, 1), encoding="utf-8")
    line = good[: good.index(BROKEN_FROM)].count("\n") + 1
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(base, server, log)
        yield base, incidents, good, line, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_a_broken_file_shows_its_problems_in_the_browser_and_the_fix_brings_the_site_back(serving) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, incidents, good, line, log = serving
    where = f"seeds/incidents.yaml:{line}:"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(FEW_SECONDS)
            started = time.monotonic()
            page.goto(base, timeout=FEW_SECONDS)
            problems = page.locator("ol.chs-problems li")
            expect(problems.first).to_contain_text(where)
            expect(problems.first).to_contain_text("'grading' 'disputed' is not allowed")
            expect(problems.first).to_contain_text("How to fix it: use one of")
            assert time.monotonic() - started < FEW_SECONDS / 1000

            # an address the stand-in build does not have: the same list, on the 404 page
            other = browser.new_page()
            other.goto(base + "incidents/2017-03-17-mosul-al-jadida/", timeout=FEW_SECONDS)
            expect(other.locator("ol.chs-problems li").first).to_contain_text(where)

            incidents.write_text(good, encoding="utf-8")  # the fix: live reload brings the site back
            expect(page.locator(".md-header")).to_be_visible(timeout=180_000)
            assert page.locator("ol.chs-problems").count() == 0
            # in a tab of its own: the first tab may still be live-reloading (its navigation would
            # interrupt this one)
            fixed = browser.new_page()
            fixed.goto(base + "incidents/2017-03-17-mosul-al-jadida/", timeout=FEW_SECONDS)
            title = next(i["title"] for i in yaml.safe_load(good) if i["id"] == "2017-03-17-mosul-al-jadida")
            expect(fixed.locator("article h1")).to_contain_text(title)  # the corpus's own title, not a pinned one

            incidents.write_text(good.replace(BROKEN_FROM, BROKEN_TO, 1), encoding="utf-8")  # broken again
            expect(page.locator("ol.chs-problems li").first).to_contain_text(where, timeout=60_000)
        finally:
            browser.close()
    output = log.read_text(encoding="utf-8")
    assert re.search(rf"{re.escape(where)}\d+: 'grading' 'disputed' is not allowed", output), output[-3000:]
    assert "Traceback" not in output and "appear stuck" not in output, output[-3000:]
