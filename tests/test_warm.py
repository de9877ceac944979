"""The warm rebuild's mechanisms (the times are `bench`'s, never asserted here): a rebuild whose chart
specs are all cached imports no Altair, unchanged generated files keep their mtime, compiled templates
are reused between runs without changing the output, and `make serve` watches no generated folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from build_scripts import mkdocs_hooks
from build_scripts.layout import GENERATED_DIRS, GENERATED_FILES
from build_scripts.render import jinjacache
from tests.conftest import copy_project, write_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"

# `generate` in a fresh interpreter; prints which chart modules it imported and how many files changed
_GENERATE = """
import datetime as dt, sys
from pathlib import Path
from build_scripts import pipeline, write
project = pipeline.read_project(Path(sys.argv[1]) / "mkdocs.yml")
changed = []
real = write.write_file_atomic
write.write_file_atomic = lambda path, data: (changed.append(path), real(path, data))
problems = pipeline.generate(Path(sys.argv[2]), project, dt.date.today())
assert problems == [], [p.format() for p in problems]
print("altair" in sys.modules, len([p for p in changed if p.is_relative_to(project.docs_dir)]))
"""


def _generate(project: Path, seeds: Path) -> tuple[bool, int]:
    result = subprocess.run([sys.executable, "-c", _GENERATE, str(project), str(seeds)], cwd=project,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    altair, changed = result.stdout.split()
    return altair == "True", int(changed)


@pytest.fixture(scope="module")
def warm_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, tuple[bool, int]]:
    """A copy of the project that generated the frozen test corpus once (cold: chart and spec caches empty)."""
    project = copy_project(tmp_path_factory.mktemp("warm") / "project")
    return project, CORPUS, _generate(project, CORPUS)


def test_a_rebuild_with_every_spec_cached_imports_no_altair(warm_project) -> None:
    project, seeds, (cold_altair, cold_changed) = warm_project
    assert cold_altair and cold_changed > 0  # the cold run built its charts with Altair
    warm_altair, warm_changed = _generate(project, seeds)
    assert not warm_altair
    assert warm_changed == 0  # nothing differs, so nothing is rewritten


def test_unchanged_generated_files_keep_their_mtime(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    seeds = write_corpus(tmp_path / "seeds")
    _generate(project, seeds)
    docs = project / "content"
    before = {path: path.stat().st_mtime_ns for path in docs.rglob("*") if path.is_file()}
    incidents = seeds / "incidents.yaml"
    text = incidents.read_text(encoding="utf-8")
    incidents.write_text(text.replace("  title: ", "  title: Edited ", 1), encoding="utf-8")
    _altair, changed = _generate(project, seeds)
    after = {path: path.stat().st_mtime_ns for path in docs.rglob("*") if path.is_file()}
    moved = {path for path in before if after.get(path) != before[path]}
    assert 0 < changed == len(moved), (changed, len(moved))
    assert any(path.parent.parent == docs / "incidents" for path in moved)  # the edited incident's page
    assert docs / "charts" / "vega-runtime.js" not in moved and len(moved) < len(before)


def _environment(folder: Path, templates: Path, autoescape: bool = False) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), trim_blocks=True, autoescape=autoescape)
    return jinjacache.cached(env, "test", folder)


def test_compiled_templates_are_reused_and_follow_their_source(tmp_path: Path) -> None:
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.j2").write_text("{% if x %}\n{{ x }}!\n{% endif %}\n", encoding="utf-8")
    fresh = _environment(cache, templates).get_template("page.j2").render(x="<b>")
    assert len(list(cache.iterdir())) == 1
    reused = _environment(cache, templates)
    reused.compile = lambda *args, **kwargs: pytest.fail("compiled again although the cache has it")  # type: ignore[method-assign]
    assert reused.get_template("page.j2").render(x="<b>") == fresh == "<b>!\n"
    escaping = _environment(cache, templates, autoescape=True)  # other settings: another entry
    assert escaping.get_template("page.j2").render(x="<b>") == "&lt;b&gt;!\n"
    assert len(list(cache.iterdir())) == 2
    (templates / "page.j2").write_text("{{ x }}?\n", encoding="utf-8")  # an edited template is compiled again
    assert _environment(cache, templates).get_template("page.j2").render(x="y") == "y?"


def test_a_broken_cache_entry_is_compiled_again(tmp_path: Path) -> None:
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.j2").write_text("{{ x }}\n", encoding="utf-8")
    _environment(cache, templates).get_template("page.j2")
    for entry in cache.iterdir():
        entry.write_bytes(b"not a cache entry")
    assert _environment(cache, templates).get_template("page.j2").render(x=1) == "1"


class _Server:
    def __init__(self, watched: list[str]):
        self.watched = list(watched)

    def watch(self, path: str) -> None:
        self.watched.append(path)

    def unwatch(self, path: str) -> None:
        self.watched.remove(path)


def test_serve_watches_the_inputs_and_hand_written_pages_not_the_generated_files(tmp_path: Path) -> None:
    """The generator writes the generated folders during each serve build: watching them started a
    second build after every edit."""
    project = copy_project(tmp_path / "project")
    write_corpus(project / "seeds")
    docs = project / "content"
    for name in (*GENERATED_DIRS, *GENERATED_FILES):
        (docs / name).mkdir(exist_ok=True) if "." not in name else (docs / name).write_text("", encoding="utf-8")
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), docs_dir=str(docs))
    server = _Server([str(docs)])  # what MkDocs watches before the hook runs
    mkdocs_hooks._state["docs_dir"] = None
    assert mkdocs_hooks.on_serve(server, config, None) is server
    watched = {Path(path) for path in server.watched}
    assert docs not in watched
    assert {project / "seeds", project / "build_scripts", docs / "index.md"} <= watched
    assert not {docs / name for name in (*GENERATED_DIRS, *GENERATED_FILES)} & watched
    assert {path.name for path in watched if path.parent == docs} == {
        p.name for p in docs.iterdir() if p.name not in (*GENERATED_DIRS, *GENERATED_FILES)}


@pytest.mark.parametrize("corpus", ["frozen", "tiny", "synthetic"])
def test_the_spread_spec_from_its_template_is_altairs_to_the_byte(corpus: str, tmp_path: Path) -> None:
    """The spread chart's spec is assembled from a cached data-free template (no Altair on a rebuild
    after a title edit): it must be what Altair makes from the same data, inline data name included."""
    import datetime as dt

    from build_scripts import pipeline
    from build_scripts.render import charts
    from build_scripts.render.chartrender import spec_json
    from build_scripts.tools.synthetic import write_synthetic_corpus
    from build_scripts.views.site import SiteView
    from build_scripts.views.tables import build_tables

    seeds = {"frozen": lambda: CORPUS, "tiny": lambda: write_corpus(tmp_path / "seeds"),
             "synthetic": lambda: write_synthetic_corpus(tmp_path / "seeds", 60, seed=5) and tmp_path / "seeds"}[corpus]()
    found, problems = pipeline.check(seeds, dt.date.today())
    assert found is not None, problems
    marks = charts.spread_marks(build_tables(SiteView(found)).incidents)
    assert len(marks) > 0
    cache: dict[str, dict] = {}
    cached = lambda kind, inputs, build: cache.setdefault(kind + inputs, build())  # noqa: E731
    expected = spec_json(charts.clean_spec(charts.spread_chart(marks).to_dict()))
    assert spec_json(charts.clean_spec(charts.spread_chart_spec(marks, cached))) == expected
    assert spec_json(charts.clean_spec(charts.spread_chart_spec(marks, cached))) == expected  # from the template
    assert list(cache) == ["spread-template"]
